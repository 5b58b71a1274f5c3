"""The attack surface of the pages of the national scopes of action: every form post against every
role (only platform administrators maintain the profiles: theirs succeed and leave an audit entry;
the public gets 401, others 403 or 404, and nothing is written), and every read page against every
role. A test fails when a /scopes page route is added without joining these lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from citypact.services.scopes import admin
from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.web.test_form_csrf import ROUTES

EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})


def statement(world: World) -> int:
    with world.db.read() as session:
        found = admin.find_statement(session, "DE", "industry", "regulatory")
    assert found is not None
    return found


@dataclass(frozen=True)
class PageOp:
    path: str
    url: Callable[[World, int], str]
    data: dict[str, str]


ST = "/scopes/{country}/statements/{statement_id}"
OPS = [
    PageOp("/scopes/new", lambda w, s: "/scopes/new", {"country": "FR", "name": "France"}),
    PageOp("/scopes/sources/new", lambda w, s: "/scopes/sources/new",
           {"code": "fr_cgct", "title": "Code général", "url": "https://www.legifrance.gouv.fr/",
            "publisher": "Légifrance"}),
    PageOp("/scopes/{country}/statements/new", lambda w, s: "/scopes/DE/statements/new",
           {"field": "industry", "instrument": "fiscal", "say": "shares", "source": "de_gg_28"}),
    PageOp(ST + "/edit", lambda w, s: f"/scopes/DE/statements/{s}/edit",
           {"say": "shares", "source": "de_bimschg_4", "note": "changed"}),
    PageOp(ST + "/remove", lambda w, s: f"/scopes/DE/statements/{s}/remove", {}),
]  # fmt: skip

READS: list[tuple[str, frozenset[str], Callable[[World, int], str]]] = [
    ("/scopes", EVERYONE, lambda w, s: "/scopes"),
    ("/scopes/{country}", EVERYONE, lambda w, s: "/scopes/DE"),
    ("/scopes/new", ADMIN, lambda w, s: "/scopes/new"),
    ("/scopes/sources/new", ADMIN, lambda w, s: "/scopes/sources/new"),
    ("/scopes/{country}/statements/new", ADMIN, lambda w, s: "/scopes/DE/statements/new"),
    (ST + "/edit", ADMIN, lambda w, s: f"/scopes/DE/statements/{s}/edit"),
    (ST + "/remove", ADMIN, lambda w, s: f"/scopes/DE/statements/{s}/remove"),
]  # fmt: skip


def test_every_scope_page_write_is_listed() -> None:
    assert {str(r.path) for r in ROUTES if str(r.path).startswith("/scopes")} == {op.path for op in OPS}


def test_every_scope_read_page_is_listed() -> None:
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    paths = {
        str(r.path)
        for r in iter_route_contexts(app.routes)
        if r.methods and "GET" in r.methods and str(r.path).startswith("/scopes")
    }
    assert paths == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp) -> None:
    url = op.url(world, statement(world))
    for role in (r for r in ROLES if r != "admin"):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data=op.data | {"csrf_token": token})
        expected = (401,) if role == "public" else (403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
        assert _row_counts(world) == before, f"{role}: a refused post writes nothing"
    token = _page_login(client, "admin")
    before = _row_counts(world)
    response = client.post(url, data=op.data | {"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    assert _row_counts(world)["audit_entry"] > before["audit_entry"]


@pytest.mark.parametrize(("path", "allowed", "url"), READS, ids=[r[0] for r in READS])
def test_read_page_obeys_role(client: TestClient, world: World, path: str, allowed: Any, url: Any) -> None:
    target = url(world, statement(world))
    for role in ROLES:
        _page_login(client, role)
        response = client.get(target)
        if role in allowed:
            assert response.status_code == 200, f"{role}: {response.status_code}"
        else:
            expected = (401,) if role == "public" else (403, 404)
            assert response.status_code in expected, f"{role}: {response.status_code}"
