"""Browser tests: the built web app served by the real app on a local port, driven in Debian's Chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from fitnesscrm.app import create_app
from fitnesscrm.settings import PROJECT_ROOT

from ..conftest import IN_CI, _missing, make_settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DIST = PROJECT_ROOT / "frontend" / "dist"
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"


def _require(condition: bool, what: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what}: CI=true requires it", pytrace=False)
    _missing.append(what)
    pytest.skip(what)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    _require(Path(CHROMIUM).exists(), "Chromium unavailable (install Debian's chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def live_app(pg_url: str, redis_url: str, mailer: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    _require((DIST / "index.html").is_file(), "web app not built (run `make build`)")
    # The e2e app shares the test database with the API tests' app, so table cleaning applies to both.
    settings = make_settings(pg_url, redis_url, frontend_dist=DIST, storage_dir=tmp_path_factory.mktemp("storage"))
    return create_app(settings, mailer=mailer)


@pytest.fixture(scope="session")
def live_server(live_app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def app(live_app: Any) -> Any:
    """Factories and table cleaning use the live app for browser tests."""
    return live_app


# Generous for shared, loaded CI machines (a 15 s click once timed out there); a real failure still fails.
E2E_TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def _generous_timeouts(page: Any) -> None:
    page.set_default_timeout(E2E_TIMEOUT_MS)
    expect.set_options(timeout=E2E_TIMEOUT_MS)


@pytest.fixture
def shot(page: Any) -> Any:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
