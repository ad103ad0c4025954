"""Extension objects, created unbound and bound to an app in ``create_app``."""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter


def client_ip() -> str:
    # ProxyFix (configured from FITNESSCRM_TRUSTED_PROXIES) has already put the real address here.
    return request.remote_addr or "unknown"


limiter = Limiter(key_func=client_ip, headers_enabled=True)
