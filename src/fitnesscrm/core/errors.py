"""Domain errors and their RFC 9457 problem documents.

Services raise these; the app turns them into ``application/problem+json`` responses.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.headers = headers or {}
        self.extensions = extensions or {}  # extra RFC 9457 members a client acts on, e.g. a series' clashes


class NotFound(DomainError):
    status, title, type_slug = 404, "Not found", "not-found"


class PermissionDenied(DomainError):
    status, title, type_slug = 403, "Forbidden", "forbidden"


class Unauthenticated(DomainError):
    status, title, type_slug = 401, "Authentication required", "unauthenticated"
    # RFC 9110 §15.5.2: a 401 names the scheme to use. Bearer (personal API tokens), not Basic: Basic would make
    # browsers open their own sign-in dialog over the web app's page.
    CHALLENGE = 'Bearer realm="FitnessCRM"'

    def __init__(self, detail: str | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.headers.setdefault("WWW-Authenticate", self.CHALLENGE)


class Conflict(DomainError):
    status, title, type_slug = 409, "Conflict", "conflict"


class Gone(DomainError):
    status, title, type_slug = 410, "Gone", "gone"


class PreconditionRequired(DomainError):
    status, title, type_slug = 428, "Precondition required", "precondition-required"


class ValidationFailed(DomainError):
    status, title, type_slug = 422, "Validation failed", "validation-failed"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, errors=[{"field": field, "message": message}])


PROBLEM_BASE = "https://fitnesscrm.dev/problems/"


def problem(
    status: int,
    title: str,
    detail: str | None,
    *,
    type_slug: str | None = None,
    request_id: str | None = None,
    errors: list[dict[str, str]] | None = None,
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        **(extensions or {}),
        "type": PROBLEM_BASE + (type_slug or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail or title,
        "request_id": request_id,
    }
    if errors is not None:
        body["errors"] = errors
    return body
