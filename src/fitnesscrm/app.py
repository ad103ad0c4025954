"""Application factory: binds settings, database, extensions and blueprints. No I/O at import."""

from __future__ import annotations

import inspect
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import structlog
from apiflask import APIFlask
from apiflask.exceptions import HTTPError
from flask import Flask, Request, Response, g, request, send_file
from flask.sessions import SessionInterface, SessionMixin
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError
from werkzeug.exceptions import NotFound as WerkzeugNotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import PathConverter, UnicodeConverter, UUIDConverter

from . import __version__, domains, web
from .accounts import passwords
from .core import crypto, idempotency, money, ratelimit
from .core.db import Database, database_unavailable, make_engine
from .core.email import ConsoleMailer, Mailer, SMTPMailer
from .core.errors import DomainError, problem
from .core.schemas import PROBLEM_SCHEMA
from .core.storage import build_storage
from .core.validation_messages import field_path, friendly_message
from .extensions import limiter
from .observability import errors as error_tracking
from .observability import http as http_observability
from .observability import instrument as observability
from .observability.logging import configure_logging
from .settings import Settings

log = structlog.get_logger("fitnesscrm.http")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The only API bodies that are not JSON: file uploads (multipart/form-data). CSRF still applies to them.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": ["'self'", "'unsafe-inline'"],  # component libraries set inline styles; scripts never inline
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def create_app(settings: Settings | None = None, *, mailer: Mailer | None = None) -> APIFlask:
    settings = settings or Settings()
    settings.check_safe()
    configure_logging(settings.log_level, settings.log_json)

    app = _App(
        "fitnesscrm",
        title="FitnessCRM API",
        version=__version__,
        spec_path="/api/v1/openapi.json",
        docs_path=None,
        static_folder=None,  # type: ignore[arg-type]  # no Flask static route: see _register_frontend
    )
    app.config.update(
        SECRET_KEY=settings.secret_key.get_secret_value(),
        SECRET_KEY_FALLBACKS=list(settings.verifying_secrets[1:]),
        DEBUG=settings.debug,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        OPENAPI_VERSION="3.1.0",
        SPEC_FORMAT="json",
        SYNC_LOCAL_SPEC=False,
        VALIDATION_ERROR_STATUS_CODE=422,
        VALIDATION_ERROR_SCHEMA=PROBLEM_SCHEMA,
        HTTP_ERROR_SCHEMA=PROBLEM_SCHEMA,
        JSON_SORT_KEYS=False,
        INFO={
            "description": "FitnessCRM REST API. Browser sessions use a cookie plus the X-CSRF-Token "
            "header; integrations use `Authorization: Bearer <personal API token>`.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        SECURITY_SCHEMES={
            "sessionCookie": {"type": "apiKey", "in": "cookie", "name": settings.session_cookie_name},
            "bearerToken": {"type": "http", "scheme": "bearer"},
        },
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        # The default per-caller limit is counted by accounts.admission (one Redis round trip with the auth cache);
        # Flask-Limiter only runs the limits its decorators put on single routes (sign-in, reset, error tunnel).
        RATELIMIT_ENABLED=True,
        RATELIMIT_KEY_PREFIX="fcrm",
        RATELIMIT_ON_BREACH_CALLBACK=http_observability.count_rate_limited,
        # Redis down must not take the API down: limits fall back to per-process memory (logged) and recover
        # by themselves when Redis returns. Short socket timeouts so an unreachable Redis cannot stall requests.
        RATELIMIT_SWALLOW_ERRORS=True,
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        # One callable (Flask-Limiter reads this setting as a single limit; a list of them fails to parse).
        RATELIMIT_IN_MEMORY_FALLBACK=lambda: _fallback_rate_limit(settings),
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 1, "socket_timeout": 1},
    )
    app.session_interface = _NoCookieSession()  # sign-in sessions live in the database; Flask's is never used
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=settings.trusted_proxies,
            x_proto=settings.trusted_proxies,
            x_host=settings.trusted_proxies,
        )

    crypto.configure(
        crypto.KeyRing.from_setting(
            settings.encryption_keys.get_secret_value(), fallback_secret=settings.secret_key.get_secret_value()
        )
    )
    passwords.configure_gate(
        slots=settings.password_hash_slots,
        queue=settings.password_hash_queue,
        wait_seconds=settings.password_hash_wait_seconds,
    )
    app.extensions["fitnesscrm"] = _runtime(settings, mailer)

    _register_header_conventions(app)  # before the limiter: after-request hooks run last-registered first
    limiter.init_app(app)
    # Flask-Limiter runs only the limits its decorators put on single routes (they are checked by the decorator).
    # Its before_request hook would add nothing but, while Redis is down, its fallback limit to every route, on
    # top of the default per-caller limit that accounts.admission counts.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    _register_security_headers(app)

    # Request id, trace id, timing, the access log and metrics wrap every other hook (rate limiting included).
    observability.init_app(app, app.extensions["fitnesscrm"], version=__version__)
    _register_request_hooks(app)
    for domain in domains.installed():
        for ref in domain.blueprints:
            blueprint = domain.load(ref)
            app.register_blueprint(blueprint)
            if ref in domain.unlimited_blueprints:
                ratelimit.EXEMPT_BLUEPRINTS.add(blueprint.name)

    web.caller_blind(app.view_functions["openapi.spec"])  # APIFlask's own route: the spec is public
    _register_error_handlers(app)
    _register_spec_processor(app)
    _register_frontend(app, settings.frontend_dist)
    return app


class _App(APIFlask):
    json_provider_class = web.JSONProvider

    def ensure_sync(self, func: Any) -> Any:
        # Flask asks this of every hook and view on every request; inspect.iscoroutinefunction was ~2 % of a small
        # request. A plain function or method answers from its code flags; anything else takes Flask's check.
        code = getattr(func, "__code__", None)
        if code is not None and not code.co_flags & inspect.CO_COROUTINE:
            return func
        return super().ensure_sync(func)


class _NoCookieSession(SessionInterface):
    """Flask would parse and sign a session cookie on every request; nothing here reads ``flask.session``."""

    def open_session(self, app: Flask, request: Request) -> None:
        return None  # Flask substitutes a read-only null session

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        return None


def _register_security_headers(app: APIFlask) -> None:
    """The browser-hardening headers on every response, rendered once (Flask-Talisman re-rendered its policy for
    each response). HSTS only over HTTPS, as the standard requires (directly or behind a TLS-terminating proxy)."""
    always = {
        "Content-Security-Policy": "; ".join(
            f"{name} {value if isinstance(value, str) else ' '.join(value)}" for name, value in CSP.items()
        ),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    hsts = "max-age=31536000; includeSubDomains"

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.update(always)
        if request.is_secure or request.headers.get("X-Forwarded-Proto") == "https":
            response.headers["Strict-Transport-Security"] = hsts
        return response


RETRY_AFTER_STATUSES = {429, 503}


def _register_header_conventions(app: APIFlask) -> None:
    """HTTP header rules every response keeps (docs/api/conventions.md), applied after every other hook."""

    @app.after_request
    def finish_headers(response: Response) -> Response:
        if response.status_code not in RETRY_AFTER_STATUSES:
            # Flask-Limiter adds Retry-After to every answer of a route with its own limit; it means "wait".
            response.headers.pop("Retry-After", None)
        if response.status_code in (204, 304):
            response.headers.pop("Content-Type", None)  # no body, so no type (RFC 9110 §8.3)
        if response.status_code == 413:
            # The unread body is not drained: the connection cannot carry another request, and says so.
            response.headers["Connection"] = "close"
        return response


def _fallback_rate_limit(settings: Settings) -> str:
    """The one limit every route gets while Redis is unreachable: sign-in and the other unauthenticated
    POSTs under /auth/ keep their per-address limit, everything else the default."""
    if request.method == "POST" and request.path.startswith("/api/v1/auth/"):
        return settings.login_limit_per_ip
    return settings.default_rate_limit


def _runtime(settings: Settings, mailer: Mailer | None) -> web.Runtime:
    from .accounts import cache as auth_cache
    from .accounts import notices as sign_in_notices
    from .accounts.admission import Gate
    from .accounts.service import LinkSettings, SessionPolicy
    from .core.ratelimit import Rate

    engine = make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        statement_timeout_ms=settings.db_statement_timeout_ms,
        transaction_pooling=settings.db_transaction_pooling,
    )
    redis_client = None
    if settings.redis_url:
        import redis

        redis_client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    if mailer is None:
        mailer = (
            SMTPMailer(settings.smtp_url, settings.mail_from)
            if settings.smtp_url
            else ConsoleMailer(show_content=not settings.is_production)
        )
    database = Database(engine)
    gate = Gate(redis_client, Rate.parse(settings.default_rate_limit))
    auth_cache.install(database.sessionmaker, gate)
    sign_in_notices.install(database.sessionmaker, mailer=mailer, base_url=settings.base_url.rstrip("/"))
    return web.Runtime(
        settings=settings,
        database=database,
        mailer=mailer,
        redis=redis_client,
        gate=gate,
        storage=build_storage(settings),
        session_policy=SessionPolicy(
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_absolute_hours),
        ),
        links=LinkSettings(
            base_url=settings.base_url.rstrip("/"),
            invitation_ttl=timedelta(hours=settings.invitation_ttl_hours),
            reset_ttl=timedelta(minutes=settings.password_reset_ttl_minutes),
            password_min_length=settings.password_min_length,
        ),
    )


def _register_request_hooks(app: APIFlask) -> None:
    @app.before_request
    def start_request() -> None:
        if (
            request.path.startswith("/api/")
            and request.method in UNSAFE_METHODS
            and request.content_length
            and not request.is_json
            and not {request.mimetype, "*"} & web.declared(request.endpoint, "accepts_body", frozenset())
        ):
            # JSON only: a cross-site HTML form cannot send application/json without a CORS preflight.
            raise DomainError("Send the request body as application/json.") from None

    @app.after_request
    def finish_request(response: Response) -> Response:
        session = g.pop("db_session", None)
        if session is not None:
            try:
                if response.status_code < 400:
                    claim = g.pop("idempotency_claim", None)
                    if claim is not None:  # remember the response so a retry with the key replays it
                        idempotency.finish(
                            session, claim, status_code=response.status_code, body=response.get_json(silent=True)
                        )
                    session.commit()
                else:
                    session.rollback()
            except IntegrityError:
                session.rollback()
                log.warning("db.integrity_conflict")
                response = _problem_response(409, "Conflict", "The change conflicts with stored data.")
            except DBAPIError as error:
                if not database_unavailable(error):  # the database went away between the work and its commit
                    raise
                response = _database_unavailable(error)
            finally:
                session.close()
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.after_request
    def answer_conditional_reads(response: Response) -> Response:
        # Runs before finish_request (after_request hooks run in reverse), so its no-store default does not apply.
        view = app.view_functions.get(request.endpoint or "")
        if request.method in {"GET", "HEAD"} and response.status_code == 200 and getattr(view, "revalidated", False):
            response.headers["Cache-Control"] = "private, no-cache"
            if "ETag" not in response.headers:  # a versioned resource keeps its own (it is also its If-Match)
                response.add_etag()  # a hash of the body: equal bodies, equal tags, on every instance
            tag = response.get_etag()[0] or ""
            if request.if_none_match.contains_weak(tag):  # (If-Match has no say on a read)
                response.status_code = 304
                response.set_data(b"")
        return response

    @app.teardown_request
    def close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()


def _problem_response(
    status: int,
    title: str,
    detail: str | None,
    *,
    type_slug: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> Response:
    body = problem(
        status, title, detail, type_slug=type_slug, request_id=g.get("request_id"), errors=errors, extensions=extensions
    )
    response = web.current_app_json(body, status)
    response.headers.update(headers or {})
    return response


def _database_unavailable(error: DBAPIError) -> Response:
    log.error("db.unavailable", error=type(error).__name__)
    return _problem_response(
        503,
        "Service unavailable",
        "The database is unavailable; try again shortly.",
        type_slug="unavailable",
        headers={"Retry-After": "5"},
    )


def _validation_errors(error: HTTPError) -> list[dict[str, str]]:
    detail: Any = error.detail
    cause = error.__cause__
    if isinstance(cause, PydanticValidationError) and isinstance(detail, dict) and len(detail) == 1:
        # Pydantic's error types give people plain sentences instead of its developer texts.
        location = next(iter(detail))
        prefix = "" if location == "json" else f"{location}."
        return [
            {"field": prefix + (field_path(e["loc"]) or "_schema"), "message": friendly_message(e)}
            for e in cause.errors()
        ]
    errors = []
    for location, fields in (detail or {}).items():
        if not isinstance(fields, dict):
            continue
        for field, messages in fields.items():
            text = "; ".join(messages) if isinstance(messages, list) else str(messages)
            errors.append({"field": field if location == "json" else f"{location}.{field}", "message": text})
    return errors


def _register_error_handlers(app: APIFlask) -> None:
    @app.error_processor
    def http_error(error: HTTPError) -> Response:
        if error.status_code == 422:
            errors = _validation_errors(error)
            return _problem_response(
                422,
                "Validation failed",
                "Some fields are missing or invalid.",
                type_slug="validation-failed",
                errors=errors,
                headers=dict(error.headers or {}),  # type: ignore[arg-type]
            )
        title = error.message or "Error"
        detail = {
            413: "The request body is too large.",
            404: "Nothing lives at this address.",
            405: "This method is not allowed here.",
            429: "Too many requests; slow down and retry.",
            400: "The request could not be understood (malformed JSON?).",
        }.get(error.status_code, title)
        if error.status_code == 400 and isinstance(error.detail, str) and error.detail:
            detail = error.detail  # says what was wrong (web.JSONProvider: nested too deep)
        return _problem_response(error.status_code, title, detail, headers=dict(error.headers or {}))  # type: ignore[arg-type]

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Response:
        return _problem_response(
            error.status,
            error.title,
            error.detail,
            type_slug=error.type_slug,
            errors=error.errors,
            headers=error.headers,
            extensions=error.extensions,
        )

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError) -> Response:
        return _database_unavailable(error) if database_unavailable(error) else unexpected(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("http.unhandled")
        error_tracking.report(error)  # Flask sends no got_request_exception for what this handler answers
        return _problem_response(500, "Internal server error", "Something went wrong on our side; it was logged.")


def _register_spec_processor(app: APIFlask) -> None:
    @app.spec_processor
    def finish_spec(spec: Any) -> Any:
        spec["security"] = [{"sessionCookie": []}, {"bearerToken": []}]
        public = {id(operation) for operation in _marked_operations(app, spec, "public")}
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}
        limit = app.extensions["fitnesscrm"].settings.max_request_bytes
        body_limit = f"The body is larger than {limit:,} bytes (FITNESSCRM_MAX_REQUEST_BYTES)."
        bad_json = f"Bad Request: the body is not JSON, or nests more than {web.MAX_JSON_DEPTH} levels deep."
        for path_item in spec.get("paths", {}).values():
            for operation in path_item.values():
                if id(operation) in public:
                    operation["security"] = []  # web.public: no sign-in needed
                else:  # everything else answers an anonymous caller 401 (accounts.api.admit_request)
                    operation["responses"].setdefault("401", {"description": "Unauthorized", "content": problem})
                if "requestBody" in operation:  # a missing or malformed JSON body is refused with 400
                    operation["responses"].setdefault("400", {"description": bad_json, "content": problem})
                    operation["responses"].setdefault("413", {"description": body_limit, "content": problem})
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(code)[0] in "45" and "application/json" in content:
                        response["content"] = {"application/problem+json": content["application/json"]}
        _declare_path_types(app, spec)
        _declare_version_headers(spec)
        _declare_idempotency_keys(app, spec)
        _declare_revalidation(app, spec)
        spec.setdefault("components", {}).setdefault("schemas", {})["Currency"] = {
            "type": "string",
            "description": "The ISO 4217 codes money may be in. Amounts are in minor units: "
            "`x-minor-unit-exponents` gives the decimals of each (EUR 2, JPY 0, KWD 3).",
            "enum": sorted(money.CURRENCIES),
            "x-minor-unit-exponents": dict(sorted(money.CURRENCIES.items())),
        }
        spec["servers"] = [{"url": "/"}]
        return spec


def openapi_path(rule: str) -> str:
    """A URL rule as the spec writes it: ``/clients/<uuid:client_id>`` → ``/clients/{client_id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _declare_path_types(app: APIFlask, spec: Any) -> None:
    """Path parameters typed as the URL rule's converter checks them: ``<uuid:…>`` is a UUID, as ids in bodies are
    (APIFlask documents every converter but int as a bare string)."""
    for rule in app.url_map.iter_rules():
        path = openapi_path(rule.rule)
        for operation in spec.get("paths", {}).get(path, {}).values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                converter = rule._converters.get(parameter["name"]) if parameter["in"] == "path" else None
                if isinstance(converter, UUIDConverter):
                    parameter["schema"] = {"type": "string", "format": "uuid"}
                elif isinstance(converter, UnicodeConverter) and converter.regex != "[^/]+":
                    parameter["schema"] = {"type": "string", "pattern": f"^{converter.regex}$"}


def _declare_version_headers(spec: Any) -> None:
    """Resources edited under optimistic concurrency (their edits answer 428) return an ETag and take If-Match."""
    etag = {
        "description": "Version of the resource; send it back as If-Match to edit it.",
        "schema": {"type": "string"},
    }
    for path_item in spec.get("paths", {}).values():
        operations = [op for op in path_item.values() if isinstance(op, dict) and "responses" in op]
        if not any("428" in op["responses"] for op in operations):
            continue
        for op in operations:
            for code, response in op["responses"].items():
                if str(code).startswith("2") and "content" in response:
                    response.setdefault("headers", {})["ETag"] = etag
            if "428" in op["responses"]:
                op.setdefault("parameters", []).append(
                    {
                        "name": "If-Match",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "The ETag you last read; missing → 428, stale → 409.",
                    }
                )


def _marked_operations(app: APIFlask, spec: Any, marker: str) -> list[dict[str, Any]]:
    """The spec's operations whose view carries ``marker`` (set by ``web.idempotent``, ``web.revalidated``)."""
    found = []
    for rule in app.url_map.iter_rules():
        if not getattr(app.view_functions.get(rule.endpoint), marker, False):
            continue
        path = openapi_path(rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            operation = spec.get("paths", {}).get(path, {}).get(method.lower())
            if operation is not None:
                found.append(operation)
    return found


def _declare_idempotency_keys(app: APIFlask, spec: Any) -> None:
    parameter = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "maxLength": 200},
        "description": "Retrying with the same key replays the first response instead of acting twice.",
    }
    for operation in _marked_operations(app, spec, "idempotent"):
        operation.setdefault("parameters", []).append(dict(parameter))


def _declare_revalidation(app: APIFlask, spec: Any) -> None:
    parameter = {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "The ETag of the body you hold: 304 with no body when it is still current.",
    }
    for operation in _marked_operations(app, spec, "revalidated"):
        operation.setdefault("parameters", []).append(dict(parameter))
        operation["responses"].setdefault("304", {"description": "Not Modified: the body you hold is current."})
        operation["responses"]["200"].setdefault("headers", {})["ETag"] = {
            "description": "A tag of this body; send it back as If-None-Match.",
            "schema": {"type": "string"},
        }


class _SpaPath(PathConverter):
    regex = r"(?!api/)[^/].*?"


def _register_frontend(app: APIFlask, dist: Path) -> None:
    """Serve the built single-page app: hashed assets cached forever, gzip when the client accepts it."""

    @app.get("/assets/<path:filename>")
    @app.doc(hide=True)
    def assets(filename: str) -> Response:
        return _send_built(dist / "assets", filename, immutable=True)

    # The fallback never matches /api/...: an unknown API address is 404 for every method, not 405.
    app.url_map.converters["spa_path"] = _SpaPath

    @app.get("/")
    @app.get("/<spa_path:path>")
    @app.doc(hide=True)
    def spa(path: str = "") -> Response:
        if path.startswith("api/"):
            raise WerkzeugNotFound()
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return _send_built(dist, path, immutable=False)
        if _looks_like_file(path):  # a missing file (/favicon.ico, /x.php): 404, never the app's page
            raise WerkzeugNotFound()
        if not (dist / "index.html").is_file():
            return Response(
                "The web app is not built yet: run `make build` (the API is at /api/v1/docs).",
                status=503,
                mimetype="text/plain",
            )
        return _send_built(dist, "index.html", immutable=False)


def _looks_like_file(path: str) -> bool:
    """Client-side routes are extension-less (/clients/<uuid>); anything with an extension is a file request."""
    return "." in path.rsplit("/", 1)[-1]


def _send_built(root: Path, filename: str, *, immutable: bool) -> Response:
    target = (root / filename).resolve()
    if root.resolve() not in target.parents or not target.is_file():
        raise WerkzeugNotFound()
    gz = target.with_name(target.name + ".gz")
    use_gz = gz.is_file() and "gzip" in request.headers.get("Accept-Encoding", "")
    response = send_file(
        gz if use_gz else target,
        conditional=True,
        mimetype=_mimetype(target.name),
        max_age=31536000 if immutable else 0,
    )
    if use_gz:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "no-cache"
    return response


def _mimetype(name: str) -> str | None:
    import mimetypes

    return mimetypes.guess_type(name)[0]
