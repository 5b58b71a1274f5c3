"""The write operations of the national scopes of action for the attack matrix
(test_attack_surface.OPS): each as (method, path, roles allowed, call, set-up). Only platform
administrators maintain the profiles; the test database holds the shipped ones (seeded)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from citypact.services.scopes import admin, sources
from tests.conftest import World

S = "/api/v1/scopes"
ADMIN = frozenset({"admin"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}
SOURCE = {
    "code": "fr_cgct",
    "title": "CGCT",
    "url": "https://www.legifrance.gouv.fr/",
    "publisher": "Légifrance",
}


def statement_ctx(c: TestClient, w: World) -> Ctx:
    with w.db.read() as session:
        found = admin.find_statement(session, "DE", "industry", "regulatory")
    assert found is not None
    return {"statement": found}


def no_ctx(c: TestClient, w: World) -> Ctx:
    return {}


def source_ctx(c: TestClient, w: World) -> Ctx:
    """A source an administrator added that no statement cites (a shipped one cannot be removed)."""
    with w.db.write() as session:
        code = sources.add_source(session, w.actor("admin"), SOURCE | {"code": "xx_added"}).code
    return {"source": code}


OPS: list[Spec] = [
    ("POST", S, ADMIN,
     lambda c, w, x, h: c.post(S, json={"country": "FR", "name": "France"}, headers=h), no_ctx),
    ("POST", S + "/sources", ADMIN,
     lambda c, w, x, h: c.post(f"{S}/sources", json=SOURCE, headers=h),
     no_ctx),
    ("POST", S + "/{country}/statements", ADMIN,
     lambda c, w, x, h: c.post(f"{S}/DE/statements", json={"field": "industry", "instrument": "fiscal",
                               "say": "shares", "source": "de_gg_28"}, headers=h), no_ctx),
    ("PATCH", S + "/{country}/statements/{statement_id}", ADMIN,
     lambda c, w, x, h: c.patch(f"{S}/DE/statements/{x['statement']}", json={"say": "shares"},
                                headers=h | ANY), statement_ctx),
    ("DELETE", S + "/{country}/statements/{statement_id}", ADMIN,
     lambda c, w, x, h: c.delete(f"{S}/DE/statements/{x['statement']}", headers=h | ANY), statement_ctx),
    ("PATCH", S + "/sources/{code}", ADMIN,
     lambda c, w, x, h: c.patch(f"{S}/sources/de_gg_28", json={"title": "GG"}, headers=h | ANY), no_ctx),
    ("DELETE", S + "/sources/{code}", ADMIN,
     lambda c, w, x, h: c.delete(f"{S}/sources/{x['source']}", headers=h | ANY), source_ctx),
    ("PATCH", S + "/{country}", ADMIN,
     lambda c, w, x, h: c.patch(f"{S}/DE", json={"name": "Deutschland"}, headers=h | ANY), no_ctx),
]  # fmt: skip
