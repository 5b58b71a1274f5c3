"""The write operations of a network's news for the attack matrix (test_attack_surface.OPS): each
as (method, path, roles allowed, call, set-up). Only C40's secretariat and administrators write
C40's news."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.portal_fixture import portal_world

N = "/api/v1/networks/c40/news"
C40_STAFF = frozenset({"admin", "c40_secretariat"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}
NEW = {"title": "Autumn news", "body": "Twelve cities met.", "language": "en", "status": "published"}


def news_ctx(c: TestClient, w: World) -> Ctx:
    return {"news": portal_world(w).published_news}


OPS: list[Spec] = [
    ("POST", "/api/v1/networks/{slug}/news", C40_STAFF,
     lambda c, w, x, h: c.post(N, json=NEW, headers=h), news_ctx),
    ("PATCH", "/api/v1/networks/{slug}/news/{news_id}", C40_STAFF,
     lambda c, w, x, h: c.patch(f"{N}/{x['news']}", json={"title": "Spring news 2"}, headers=h | ANY),
     news_ctx),
    ("DELETE", "/api/v1/networks/{slug}/news/{news_id}", C40_STAFF,
     lambda c, w, x, h: c.delete(f"{N}/{x['news']}", headers=h | ANY), news_ctx),
]  # fmt: skip
