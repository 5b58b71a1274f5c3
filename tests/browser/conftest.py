"""Real-browser tests: a `citypact serve` process on a free port, driven by Debian's Chromium
through Playwright. Required in CI (CITYPACT_REQUIRE_BROWSER=1); skipped elsewhere without Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

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
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Base URL of a real server process on the test database."""
    port = _free_port()
    env = {
        **os.environ,
        "CITYPACT_DATABASE_URL": database_url,
        "CITYPACT_SECRET_KEY": SECRET_KEY,
        "CITYPACT_VAR_DIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "citypact.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a start takes seconds, more on a busy machine
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()  # first: reading the output of a live server would wait forever
            output = process.communicate()[0].decode()
            raise RuntimeError(f"server did not start:\n{output}")
        time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


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
