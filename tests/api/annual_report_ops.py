"""The write operation of the annual reports for the attack matrix (test_attack_surface.OPS):
publishing a network's report, which only its secretariat (and administrators) may."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.annual_report_fixture import report_world
from tests.conftest import World

R = "/api/v1/networks/{slug}/annual-reports"
C40_STAFF = frozenset({"admin", "c40_secretariat"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]


def report_ctx(c: TestClient, w: World) -> Ctx:
    report_world(w)
    return {}


OPS: list[Spec] = [
    ("POST", R + "/{year}/publish", C40_STAFF,
     lambda c, w, x, h: c.post("/api/v1/networks/c40/annual-reports/2025/publish", json={}, headers=h),
     report_ctx),
]  # fmt: skip
