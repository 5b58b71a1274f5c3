"""The write operations of the first inventory for the attack matrix (test_attack_surface.OPS):
each as (method, path, roles allowed, call, set-up). Of the matrix's roles Heidelberg's editor and
an administrator write Heidelberg's estimate and comment on it (a mentor city's editor, not one of
the matrix's roles, is tested in test_first_inventory_api.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.beginners_fixture import mentor_world
from tests.conftest import World

P = "/api/v1/cities/{city_id}/first-inventory"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]


def _url(w: World, tail: str = "") -> str:
    return f"/api/v1/cities/{w.city['Heidelberg']}/first-inventory{tail}"


def beginner_ctx(c: TestClient, w: World) -> Ctx:
    return {"partnership": mentor_world(w)}


def estimated_ctx(c: TestClient, w: World) -> Ctx:
    return {"partnership": mentor_world(w, with_estimate=True)}


OPS: list[Spec] = [
    ("POST", P, HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(_url(w), json={"year": 2022}, headers=h), beginner_ctx),
    ("POST", P + "/comments", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(_url(w, "/comments"), json={"subsector": "I.1", "body": "Bills?"}, headers=h),
     estimated_ctx),
]  # fmt: skip
