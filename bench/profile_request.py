"""Profile one endpoint in-process: CPU per request, and where it goes.

    .venv/bin/python bench/profile_request.py /api/v1/auth/me --as client
    .venv/bin/python bench/profile_request.py "/api/v1/clients?limit=50" --as admin --profile   # pyinstrument tree
    .venv/bin/py-spy record -r 1000 -f raw -o /tmp/clients.txt -- \\
        .venv/bin/python bench/profile_request.py "/api/v1/clients?limit=50" --as admin -n 2000  # sampled stacks

The app is the production configuration (``FITNESSCRM_*`` from the environment as for gunicorn: database, Redis,
secrets), driven through its WSGI callable without a server, so the figures are the app's own work per request:
routing, admission (rate limit and sign-in), the queries as the driver sees them, serialisation and the response
hooks. ``--as`` signs in as the first active user of that role (``--email`` picks one), with the bench password
(``FITNESSCRM_BENCH_PASSWORD``, default as ``fitnesscrm bench seed`` sets it; ``--password`` otherwise).
``CPU per request`` is process time over ``-n`` requests after a warm-up; the database server's own time is not
in it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from typing import Any

from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from fitnesscrm.accounts.models import User
from fitnesscrm.app import create_app
from fitnesscrm.core.actor import Role


def _sign_in(app: Any, email: str, password: str) -> str:
    client = app.test_client()
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    if answer.status_code != 200:
        raise SystemExit(f"sign-in as {email} failed: {answer.status_code} {answer.get_json()}")
    cookie = client.get_cookie(app.extensions["fitnesscrm"].settings.session_cookie_name)
    return f"{cookie.key}={cookie.value}"


def _email_for(app: Any, role: str) -> str:
    with app.extensions["fitnesscrm"].database.session() as session:
        email = session.scalar(
            select(User.email).where(User.role == Role(role), User.is_active).order_by(User.email).limit(1)
        )
    if email is None:
        raise SystemExit(f"no active {role} in this database")
    return email


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--as", dest="role", choices=["admin", "trainer", "client"], default=None)
    parser.add_argument("--email")
    parser.add_argument(
        "--password", default=os.environ.get("FITNESSCRM_BENCH_PASSWORD", "bench-password-not-secret-42")
    )
    parser.add_argument("-n", type=int, default=500, help="requests to time (after 20 warm-up requests)")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument call tree of the run")
    args = parser.parse_args()

    app = create_app()  # its access log (part of the cost) goes to stdout; the results go to stderr
    headers = {}
    if args.role or args.email:
        headers["Cookie"] = _sign_in(app, args.email or _email_for(app, args.role), args.password)

    status: list[str] = []

    def start_response(code: str, _headers: Any, _exc: Any = None) -> None:
        status.append(code)

    def one() -> int:
        environ = EnvironBuilder(path=args.path, headers=headers).get_environ()
        return len(b"".join(app.wsgi_app(environ, start_response)))

    for _ in range(20):
        size = one()
    if not status[-1].startswith("200"):
        raise SystemExit(f"{args.path} answered {status[-1]}")
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
    started = time.process_time()
    for _ in range(args.n):
        one()
    cpu_ms = 1000 * (time.process_time() - started) / args.n
    if profiler is not None:
        profiler.stop()
        out = io.StringIO()
        out.write(profiler.output_text(unicode=True, color=False, show_all=os.environ.get("PROFILE_SHOW_ALL") == "1"))
        print(out.getvalue(), file=sys.stderr)
    print(
        json.dumps(
            {
                "path": args.path,
                "status": status[-1],
                "bytes": size,
                "requests": args.n,
                "cpu_ms_per_request": round(cpu_ms, 3),
            }
        ),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
