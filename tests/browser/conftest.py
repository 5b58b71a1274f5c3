"""Real-browser tests: a uvicorn server on a free port, driven by Debian's Chromium through
Playwright. Required in CI (CITYPACT_REQUIRE_BROWSER=1); skipped elsewhere without Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from citypact.config import Settings
from tests.conftest import World, shared_app

SECRET_KEY = "browser-test-secret"  # the server's: bids a test seals in-process must use it
CHROMIUM = os.environ.get("CITYPACT_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("CITYPACT_REQUIRE_BROWSER") == "1"
# Without these flags Chromium tries to reach Google's services, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(world: World, database_url: str) -> Iterator[str]:
    """Base URL of a real HTTP server (uvicorn, as `citypact serve` runs it) on the test database.

    It runs in a thread of the test process and serves the process's application (conftest.shared_app):
    a `citypact serve` process per test spent 10-15 s of CPU starting (imports, FastAPI building its
    routes), most of the browser tests' time. tests/api/test_load.py starts the real command."""
    settings = Settings(database_url=database_url, secret_key=SECRET_KEY)
    config = uvicorn.Config(
        shared_app(settings, world.db),
        host="127.0.0.1",
        port=_free_port(),
        log_level="warning",
        access_log=False,
        proxy_headers=False,
    )
    http = uvicorn.Server(config)
    thread = threading.Thread(target=http.run, name="browser-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not http.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{config.port}"
    http.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: object, server: str) -> Iterator[object]:
    context = chromium.new_context(base_url=server, locale="en-US")  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()
