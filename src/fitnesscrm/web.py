"""Request-scoped glue between Flask and the services: runtime, database session, current actor."""

from __future__ import annotations

import functools
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import structlog
from apiflask import HTTPError
from apiflask.schema_adapters import registry
from apiflask.schema_adapters.pydantic import PydanticAdapter
from flask import Response, after_this_request, current_app, g, has_request_context, jsonify, request
from flask.json.provider import DefaultJSONProvider
from pydantic import TypeAdapter
from pydantic_core import to_json
from sqlalchemy.orm import Session

from .core import idempotency
from .core.actor import Actor
from .core.db import Database
from .core.email import Mailer
from .core.errors import DomainError, ValidationFailed
from .core.http import check_if_match, etag_for
from .core.images import PayloadTooLarge
from .settings import Settings

log = structlog.get_logger(__name__)

if TYPE_CHECKING:
    from .accounts.admission import Gate
    from .accounts.cache import CachedCaller
    from .accounts.service import LinkSettings, SessionPolicy
    from .core.storage import Storage


@dataclass
class Runtime:
    """Everything one app instance owns; stored in ``app.extensions['fitnesscrm']``."""

    settings: Settings
    database: Database
    mailer: Mailer
    session_policy: SessionPolicy
    links: LinkSettings
    gate: Gate
    redis: Any | None = None
    storage: Storage | None = None  # encrypted file storage (progress photos)


def runtime() -> Runtime:
    runtime: Runtime = current_app.extensions["fitnesscrm"]
    return runtime


def settings() -> Settings:
    return runtime().settings


def after_response(work: Callable[[], None]) -> None:
    """Run ``work`` once this request's answer has been sent, in the same thread, with the app's context (not the
    request's). For work whose duration must not show in the answer's timing (it would tell what was found)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                work()
            except Exception:  # the answer is gone: log, as an unhandled error in a request would be
                log.exception("after_response.failed")

    @after_this_request
    def _register(response: Response) -> Response:
        response.call_on_close(run)
        return response


def storage() -> Storage:
    store = runtime().storage
    if store is None:
        raise RuntimeError("file storage is not configured")
    return store


# The problem-document schema, for responses a route documents by hand (binary answers, uploads).
PROBLEM_REF = {"$ref": "#/components/schemas/HTTPError"}

# Multipart boundaries and the small text fields beside an uploaded file.
FORM_OVERHEAD = 64 * 1024


def limit_upload(max_bytes: int, what: str) -> None:
    """For a view that takes a file larger than the API's JSON limit: refuse a body beyond ``max_bytes`` before
    reading it (413), and bound bodies sent without a Content-Length too. Call it from a ``before_request``."""
    if request.content_length is not None and request.content_length > max_bytes + FORM_OVERHEAD:
        raise PayloadTooLarge(f"The {what} is larger than {max_bytes / 1_048_576:g} MB; upload a smaller one.")
    request.max_content_length = max_bytes + FORM_OVERHEAD


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db() -> Session:
    """The request's single unit of work; committed after a successful response. A safe request's reads run
    without a transaction until it writes (``Database.read_sessionmaker``)."""
    if "db_session" not in g:
        database = runtime().database
        safe = has_request_context() and request.method in SAFE_METHODS
        g.db_session = (database.read_sessionmaker if safe else database.sessionmaker)()
    session: Session = g.db_session
    return session


def request_id() -> str:
    return g.get("request_id") or str(uuid.uuid4())


def actor() -> Actor:
    return g.get("actor") or Actor.anonymous(ip=request.remote_addr, request_id=request_id())


def caller() -> CachedCaller | None:
    """The request's sign-in (session or API token), as resolved by ``accounts.api.admit_request``."""
    return g.get("caller")


def with_etag(body: Any, obj: Any, status: int = 200) -> tuple[Any, int, dict[str, str]]:
    return body, status, {"ETag": etag_for(obj.id, obj.updated_at)}


def list_response(page: Any, items: list[Any]) -> dict[str, Any]:
    return {"items": items, "next_cursor": page.next_cursor}


def unvalidated_list(page: Any, items: list[Any]) -> Response:
    """``list_response`` for a hot list whose items the service built from typed values (``unvalidated_json``)."""
    return unvalidated_json(list_response(page, items))


def check_version(obj: Any) -> None:
    """Optimistic concurrency: the caller must send the ETag of the version they edited."""
    check_if_match(request.headers.get("If-Match"), etag_for(obj.id, obj.updated_at))


F = TypeVar("F", bound=Callable[..., Any])


class EncodedJSON:
    """A response body already validated against its output schema and encoded to JSON (``PydanticOutput``)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


class PydanticOutput(PydanticAdapter):
    """APIFlask's pydantic adapter, with each response validated and encoded by pydantic-core in one pass.

    APIFlask validates the view's return value (``model_validate``), dumps it to Python objects (``model_dump``) and
    then has ``json.dumps`` walk those again: about a tenth of the CPU of a 50-row list. Here the validated model is
    encoded straight to bytes (``dump_json``), with the same validation and the same JSON values (fields in the
    schema's order rather than sorted, non-ASCII text as UTF-8 rather than escaped). Registered for every pydantic
    schema below, before any blueprint declares its outputs."""

    def __init__(self, schema: Any, schema_name: str | None = None, many: bool = False) -> None:
        super().__init__(schema, schema_name=schema_name, many=many)
        self._one: TypeAdapter[Any] | None = None
        self._many: TypeAdapter[Any] | None = None

    def serialize_output(self, data: Any, many: bool = False) -> Any:
        if many and isinstance(data, list | tuple):
            if self._many is None:
                self._many = TypeAdapter(list[self.model_class])  # type: ignore[name-defined]
            adapter = self._many
        elif isinstance(data, list | tuple):  # a list for a single schema: APIFlask's item-by-item behaviour
            return super().serialize_output(data, many=many)
        else:
            if self._one is None:
                self._one = TypeAdapter(self.model_class)
            adapter = self._one
        return EncodedJSON(adapter.dump_json(adapter.validate_python(data), by_alias=True))


registry.register("pydantic", PydanticOutput)


def unvalidated_json(body: Any) -> Response:
    """A view's answer built from its service's own typed values, encoded without validating it again.

    For large answers whose every value the service produced (a calendar week's events, a year of progress):
    validating hundreds of items against the ``@output`` schema, which still documents the shape, would cost more
    than building them. pydantic-core writes dates, ids and enums exactly as that schema's dump would, and the body
    leaves the same way as ``PydanticOutput``'s (``JSONProvider``)."""
    return cast("Response", current_app.json.response(EncodedJSON(to_json(body))))


# No body the API takes nests deeper than a handful of levels (a template's blocks, their exercises, a load).
MAX_JSON_DEPTH = 32


def json_too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects nest deeper than ``limit``; without recursion, so it cannot run out of stack."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body ``PydanticOutput`` already encoded is sent as it is, and a request body
    nested deeper than MAX_JSON_DEPTH is a 400: the parser is recursive, and a few kilobytes of brackets used to
    exhaust its stack (a RecursionError, answered 500 with a traceback in the log)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            value = None
            too_deep = True
        else:
            too_deep = isinstance(value, dict | list) and json_too_deep(value)
        if too_deep:
            raise HTTPError(400, "Bad Request", detail=f"The JSON body nests more than {MAX_JSON_DEPTH} levels deep.")
        return value

    def response(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and isinstance(args[0], EncodedJSON):
            response_class = cast("type[Response]", self._app.response_class)
            return response_class(args[0].data + b"\n", mimetype=self.mimetype)
        return super().response(*args, **kwargs)


# --- what a route declares about itself ------------------------------------------------------------------
# Read by the admission hook (accounts.api), the JSON-only guard (app.start_request) and the OpenAPI processor, so
# a domain's routes carry their own rules instead of being named in lists elsewhere. Place these below the route
# decorator (``@bp.get``), like ``revalidated`` and ``idempotent``.


def public(view: F) -> F:
    """Anyone may call it: an anonymous caller reaches the view instead of being answered 401 before the body is
    read. A signed-in caller is still recognised. The OpenAPI operation gets ``security: []``."""
    view.public = True  # type: ignore[attr-defined]
    return view


def csrf_exempt(view: F) -> F:
    """A public write that never acts with the cookie's authority (it authenticates by its own body: a password,
    a one-time token), so a stale tab is not refused for a missing CSRF header."""
    view.csrf_exempt = True  # type: ignore[attr-defined]
    return public(view)


LOOPBACK = frozenset({"127.0.0.1", "::1"})


def holds_metrics_token() -> bool:
    """The request carries ``Authorization: Bearer <FITNESSCRM_METRICS_TOKEN>`` (a scraper or an operator)."""
    expected = settings().metrics_token.get_secret_value()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


def internal_caller() -> bool:
    """An operator's tool: the metrics token, or a request from this machine (a probe, the local stack's nginx
    passing on a local client). Only such callers are told how the server is set up (environment, version,
    which dependency is down and why); anyone else gets the bare answer."""
    return holds_metrics_token() or request.remote_addr in LOOPBACK


def caller_blind(view: F) -> F:
    """A public read that never looks at the caller: no session lookup, so it answers while the database (where
    sessions live) is down, and polling it does not keep an idle sign-in alive."""
    view.caller_blind = True  # type: ignore[attr-defined]
    return public(view)


def before_two_factor(view: F) -> F:
    """Open to a signed-in person whom the business requires to set up a second factor and who has not yet: what
    they need to do so (who they are, the set-up itself, signing out). Every other route answers 403
    ``two-factor-setup-required`` to them (``accounts.api.admit_request``)."""
    view.before_two_factor = True  # type: ignore[attr-defined]
    return view


def accepts_body(*mimetypes: str) -> Callable[[F], F]:
    """Bodies other than JSON this view reads itself (``multipart/form-data``, ``text/plain``); every other
    unsafe API request must send JSON, which a cross-site HTML form cannot do without a CORS preflight."""

    def mark(view: F) -> F:
        view.accepts_body = frozenset(mimetypes)  # type: ignore[attr-defined]
        return view

    return mark


def declared(endpoint: str | None, marker: str, default: Any = False) -> Any:
    """What the view behind ``endpoint`` declared with one of the decorators above."""
    return getattr(current_app.view_functions.get(endpoint or ""), marker, default)


def revalidated(view: F) -> F:
    """Mark a read the browser may keep and revalidate: the app answers it with an ETag of the body and
    ``Cache-Control: private, no-cache``, and a request whose ``If-None-Match`` matches gets 304 with no body.

    For reads that are the same for many requests and change rarely (the exercise library, services, the Book
    page's classes); not for health data, which stays ``no-store``. Place it below ``@bp.input``/``@bp.output``.
    """
    view.revalidated = True  # type: ignore[attr-defined]  # read by the app's response hook
    return view


def idempotent(view: F) -> F:
    """Honour an ``Idempotency-Key`` header: a retry with the same key and body replays the first response.

    Place it below ``@bp.input``/``@bp.output``. The response is stored by the app's commit hook, so only a
    write that committed is remembered; a failed one can simply be retried.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return view(*args, **kwargs)
        if not 1 <= len(key) <= 200 or not key.isprintable():
            raise ValidationFailed("Idempotency-Key", "Send 1-200 printable characters, e.g. a UUID.")
        who = actor().user_id
        claim = idempotency.begin(
            db(),
            owner=str(who) if who else "anonymous",
            key=key,
            request_fingerprint=idempotency.fingerprint(request.method, request.path, request.get_json(silent=True)),
        )
        if isinstance(claim, idempotency.Replay):
            response = jsonify(claim.body)
            response.status_code = claim.status_code
            response.headers["Idempotent-Replayed"] = "true"
            return response
        g.idempotency_claim = claim
        return view(*args, **kwargs)

    wrapper.idempotent = True  # type: ignore[attr-defined]  # read by the spec processor
    return wrapper  # type: ignore[return-value]


__all__ = [
    "DomainError",
    "Runtime",
    "actor",
    "caller",
    "check_version",
    "db",
    "idempotent",
    "request_id",
    "runtime",
    "settings",
    "with_etag",
]


def current_app_json(body: Any, status: int) -> Any:
    response = current_app.response_class(
        current_app.json.dumps(body), status=status, mimetype="application/problem+json"
    )
    return response
