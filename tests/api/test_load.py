"""Under load the server answers: no stall in the connection pool, 503 + Retry-After instead of an
unbounded queue, and /healthz on its own path (issue 12, item 2).

The stall: 20 concurrent `GET /api/v1/cities/{id}/partners` held a pooled connection each until
their response was sent, while both worker threads waited in the pool for one.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pkgutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from fastapi.testclient import TestClient

import citypact.api.routes
import citypact.web.routes
from citypact.app import create_app
from citypact.config import Settings
from citypact.http.deps import ReleasingRoute
from citypact.storage.db import Database, PoolSize
from tests.conftest import World


def test_every_route_gives_its_connection_back_in_the_endpoint() -> None:
    for package in (citypact.api.routes, citypact.web.routes):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            router = getattr(module, "router", None)  # a module without routes is skipped
            for route in router.routes if router is not None else []:
                assert isinstance(route, ReleasingRoute), f"{module.__name__}: {route}"


def test_a_full_pool_answers_503_with_retry_after(world: World, settings: Settings) -> None:
    db = Database(world.db.url, PoolSize(size=1, overflow=0, timeout_s=0.2))
    with TestClient(create_app(settings, db)) as client, db.engine.connect():  # the only connection
        answer = client.get(f"/api/v1/cities/{world.city['Heidelberg']}")
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "2"
        assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    db.dispose()


def test_past_the_in_flight_limit_requests_are_shed_but_healthz_answers(
    world: World, settings: Settings
) -> None:
    with TestClient(create_app(replace(settings, max_in_flight=0), world.db)) as client:
        api = client.get("/api/v1/cities?q=Heid")
        assert (api.status_code, api.headers["retry-after"]) == (503, "2")
        assert "busy" in api.json()["detail"]
        page = client.get("/cities?q=Heid&lang=de")
        assert page.status_code == 503 and "ausgelastet" in page.text
        assert client.get("/healthz").status_code == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(database_url: str, world: World) -> Iterator[str]:
    """`citypact serve` as a real process on the test database, with a small in-flight limit."""
    port = _free_port()
    env = {
        **os.environ,
        "CITYPACT_DATABASE_URL": database_url,
        "CITYPACT_SECRET_KEY": "test-secret-key",
        "CITYPACT_MAX_IN_FLIGHT": "16",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "citypact.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "the server did not start within 60 s"
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


async def _burst(base: str, path: str, count: int) -> tuple[list[httpx.Response], float]:
    limits = httpx.Limits(max_connections=count + 1)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def health_during_burst() -> float:
            await asyncio.sleep(0.2)
            started = time.perf_counter()
            assert (await client.get("/healthz")).status_code == 200
            return time.perf_counter() - started

        answers, health_s = await asyncio.gather(
            asyncio.gather(*(client.get(path) for _ in range(count))), health_during_burst()
        )
    return list(answers), health_s


def test_sixty_concurrent_partner_searches_all_finish(served: str, world: World) -> None:
    path = f"/api/v1/cities/{world.city['Heidelberg']}/partners?goal=peer"
    started = time.perf_counter()
    answers, health_s = asyncio.run(_burst(served, path, 60))
    elapsed = time.perf_counter() - started
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {200, 503}, statuses
    assert all(a.headers.get("retry-after") == "2" for a in answers if a.status_code == 503)
    # The 16 let in all finish: none waits out the pool's timeout.
    assert statuses.count(200) >= 16, statuses
    assert elapsed < 25, f"the burst took {elapsed:.1f} s"
    assert health_s < 2, f"/healthz took {health_s:.1f} s during the burst"
    # And the server recovers: the same burst again, below the limit, is answered in full.
    again, _ = asyncio.run(_burst(served, path, 12))
    assert [a.status_code for a in again] == [200] * 12
