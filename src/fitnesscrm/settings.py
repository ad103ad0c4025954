"""Application settings: one class, read from ``FITNESSCRM_*`` environment variables."""

from __future__ import annotations

import os
from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "development", "insecure-dev-key"}
DEV_SECRET_KEY = "insecure-dev-key"  # noqa: S105 - refused in production
ENV_PREFIX = "FITNESSCRM_"


class UnsafeConfigurationError(RuntimeError):
    """Raised when production settings would be unsafe; the message is one line per reason."""


class SecretFiles(PydanticBaseSettingsSource):
    """``FITNESSCRM_<NAME>_FILE=/run/secrets/name``: the setting is that file's content (a Docker or Kubernetes
    secret, a file only the service user reads), so no secret need sit in the environment, where any process of
    the same user, a crash report or ``docker inspect`` can read it. Any setting can come from a file; setting
    both the variable and its ``_FILE`` is refused, as an unreadable file is."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # everything is read in __call__

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self.settings_cls.model_fields:
            variable = f"{ENV_PREFIX}{name.upper()}"
            path = os.environ.get(f"{variable}_FILE")
            if path is None:
                continue
            if variable in os.environ:
                raise UnsafeConfigurationError(f"both {variable} and {variable}_FILE are set; keep one")
            try:
                values[name] = Path(path).read_text().rstrip("\r\n")
            except OSError as exc:
                raise UnsafeConfigurationError(f"{variable}_FILE: cannot read {path} ({exc.strerror})") from exc
        return values


def parse_networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """Comma-separated CIDRs (a bare address is a network of one); ValueError names the one that is not."""
    networks = []
    for part in (p.strip() for p in value.split(",")):
        if part:
            try:
                networks.append(ip_network(part, strict=False))
            except ValueError:
                raise ValueError(f"not a network or address: {part!r}") from None
    return tuple(networks)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, SecretFiles(settings_cls), dotenv_settings, file_secret_settings

    env: Literal["development", "test", "production"] = "development"
    debug: bool = False
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    # After a rotation, the keys before it, comma-separated: what they signed (photo links, known-device cookies)
    # still verifies, so a new secret key signs nobody out and breaks no link (docs/security.md).
    previous_secret_keys: SecretStr = SecretStr("")
    base_url: str = "http://127.0.0.1:8000"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'fitnesscrm.db'}"
    # Where migrations connect (`fitnesscrm db upgrade|check|revision`) when the app's own URL is a
    # transaction pooler: PostgreSQL itself, with DDL rights. Unset: the database URL.
    database_direct_url: str | None = None
    redis_url: str | None = None
    smtp_url: str | None = None
    mail_from: str = "FitnessCRM <no-reply@localhost>"
    storage_url: str = f"file://{PROJECT_ROOT / 'var' / 'files'}"
    # Files (progress photos): encrypted with the key ring, kept in a local directory or an S3-compatible bucket.
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path = PROJECT_ROOT / "var" / "storage"
    s3_endpoint_url: str | None = None
    s3_bucket: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr = SecretStr("")
    photo_max_bytes: int = Field(10 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024)
    # Per signed-in user: a check-in's front, side and back photos for ten clients in ten minutes; decoding is
    # the dearest thing a request can ask for (core.images).
    photo_upload_rate_limit: str = "30 per 10 minutes"
    # Comma-separated Fernet keys, newest first. Old keys still decrypt; the newest encrypts.
    encryption_keys: SecretStr = SecretStr("")
    business_name: str = "FitnessCRM demo studio"
    # Region for phone numbers typed without a country code (ISO 3166-1 alpha-2).
    default_phone_region: str = Field("GB", pattern=r"^[A-Z]{2}$")
    # Recurring series exist as concrete appointments this many days ahead; a periodic job extends them.
    series_horizon_days: int = Field(90, ge=7, le=730)
    # Reminders (booking.reminder_due events) are emitted this long before a booked session starts.
    reminder_lead_hours: int = Field(24, ge=1, le=168)

    # Database pool (ignored by SQLite).
    db_pool_size: int = Field(10, ge=1, le=200)
    db_max_overflow: int = Field(10, ge=0, le=200)
    db_pool_timeout: float = Field(5.0, gt=0)
    db_statement_timeout_ms: int = Field(15000, ge=0)
    # The database URL is a pooler in transaction mode (PgBouncer pool_mode=transaction): no server-side
    # prepared statements, statement timeout set per transaction (docs/deployment.md, "Connection pooling").
    db_transaction_pooling: bool = False

    # Login sessions.
    session_idle_minutes: int = Field(60, ge=1)
    session_absolute_hours: int = Field(12, ge=1)
    invitation_ttl_hours: int = Field(72, ge=1)
    password_reset_ttl_minutes: int = Field(60, ge=5)
    password_min_length: int = Field(12, ge=8, le=64)  # ASVS 2.1.1 (docs/asvs.md)
    # Password hashing per process (docs/security.md#password-hashing): hashes running at once, callers allowed
    # to wait for one, and for how long; any caller beyond them is answered 503 with Retry-After. Keep
    # slots + queue below FITNESSCRM_WEB_THREADS so a sign-in storm always leaves a thread for the reads.
    password_hash_slots: int = Field(1, ge=1, le=16)
    password_hash_queue: int = Field(2, ge=0, le=64)
    password_hash_wait_seconds: float = Field(5.0, ge=0, le=25)
    api_token_max_days: int = Field(365, ge=1)

    # Rate limits (Flask-Limiter syntax).
    login_limit_per_ip: str = "20 per minute"
    # Failed sign-ins to one account from one address: the pause grows (15 minutes, then an hour, then a day).
    login_limit_per_account: str = "5 per 15 minutes; 10 per hour; 20 per day"
    # Failed sign-ins to one account from every address together (a guesser with many addresses); a device the
    # person has signed in from before is not held back by it, so strangers cannot lock them out.
    login_limit_per_account_anywhere: str = "30 per hour"
    password_reset_limit: str = "5 per hour"  # noqa: S105 - a rate, not a secret
    default_rate_limit: str = "600 per minute"

    # Proxy hops to trust for X-Forwarded-* (nginx in front = 1).
    trusted_proxies: int = Field(0, ge=0, le=5)
    # Networks admin accounts may be used from, comma-separated CIDRs ("203.0.113.0/24, 2001:db8::/48"); empty:
    # anywhere. Checked against the client's address, so behind a proxy set FITNESSCRM_TRUSTED_PROXIES too.
    admin_networks: str = ""
    log_level: str = "INFO"
    log_json: bool = True
    # Bearer token Prometheus sends to GET /metrics; unset → /metrics answers 404 (see docs/observability.md).
    metrics_token: SecretStr = SecretStr("")
    # Each Celery worker serves its own metrics on this port (0: off). 0.0.0.0 so a scraper in another
    # container can reach it; never publish the port outside the private network.
    worker_metrics_port: int = Field(9101, ge=0, le=65535)
    worker_metrics_host: str = "0.0.0.0"  # noqa: S104 - scraped over the private network, see above
    # Source revision of the running build (fitnesscrm_build_info), set by the image build or deployment.
    revision: str = "unknown"
    # Tracing (docs/observability.md#tracing): on when an OTLP/HTTP endpoint is set. These are the standard
    # OpenTelemetry variables, read without the FITNESSCRM_ prefix; the exporter reads the other OTEL_* ones itself.
    otel_exporter_otlp_endpoint: str = Field("", validation_alias="otel_exporter_otlp_endpoint")
    otel_exporter_otlp_traces_endpoint: str = Field("", validation_alias="otel_exporter_otlp_traces_endpoint")
    otel_sdk_disabled: bool = Field(False, validation_alias="otel_sdk_disabled")
    # Error tracking (docs/observability.md#error-tracking): Sentry DSNs for the backend and for the web app.
    sentry_dsn: SecretStr = SecretStr("")
    sentry_browser_dsn: str = ""  # public by design: the web app receives it from GET /api/v1/meta
    sentry_environment: str = ""  # defaults to FITNESSCRM_ENV
    sentry_tunnel_rate_limit: str = "60 per minute"
    sentry_tunnel_max_bytes: int = Field(256 * 1024, ge=1024, le=1_048_576)
    max_request_bytes: int = Field(1_048_576, ge=1024)
    frontend_dist: Path = PROJECT_ROOT / "frontend" / "dist"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def verifying_secrets(self) -> tuple[str, ...]:
        """The secret key, then the previous ones: signatures made with any of them are accepted."""
        previous = [key.strip() for key in self.previous_secret_keys.get_secret_value().split(",") if key.strip()]
        return (self.secret_key.get_secret_value(), *previous)

    @property
    def migration_database_url(self) -> str:
        return self.database_direct_url or self.database_url

    @property
    def cookie_secure(self) -> bool:
        return self.base_url.startswith("https://")

    @field_validator("admin_networks")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        parse_networks(value)  # a typo refuses to start rather than silently letting every address in
        return value

    @cached_property
    def admin_network_list(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return parse_networks(self.admin_networks)

    @cached_property
    def session_cookie_name(self) -> str:
        # The __Host- prefix is only honoured by browsers on Secure cookies, i.e. over HTTPS.
        return "__Host-fcrm_session" if self.cookie_secure else "fcrm_session"

    def production_problems(self) -> list[str]:
        problems = []
        if self.is_sqlite:
            problems.append("FITNESSCRM_DATABASE_URL points at SQLite; production needs PostgreSQL")
        if not self.redis_url:
            problems.append("FITNESSCRM_REDIS_URL is not set; production needs Redis")
        secret = self.secret_key.get_secret_value()
        if secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < 32:
            problems.append("FITNESSCRM_SECRET_KEY is missing, a placeholder or shorter than 32 characters")
        if self.debug:
            problems.append("FITNESSCRM_DEBUG is on; debug must be off in production")
        if not self.encryption_keys.get_secret_value().strip():
            problems.append("FITNESSCRM_ENCRYPTION_KEYS is not set; health data cannot be encrypted")
        if not self.base_url.startswith("https://"):
            problems.append("FITNESSCRM_BASE_URL must be https:// in production")
        return problems

    def check_safe(self) -> None:
        if self.is_production and (problems := self.production_problems()):
            raise UnsafeConfigurationError("; ".join(problems))
