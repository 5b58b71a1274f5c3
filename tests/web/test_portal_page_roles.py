"""The attack surface of the portal and news pages: every form post against every role (the
secretariat and administrators succeed and leave an audit entry; the public gets 401, others 403
or 404, and nothing is written), and every read page against every role. A test fails when a
news or portal page is added without joining these lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from tests.api.test_attack_surface import C40_STAFF, ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.portal_fixture import PortalWorld, portal_world
from tests.web.test_form_csrf import ROUTES

EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class PageOp:
    path: str
    allowed: frozenset[str]
    url: Callable[[World, PortalWorld], str]
    data: Callable[[World, PortalWorld], dict[str, str]] = lambda w, x: {}


NEW = {
    "title": "Autumn news",
    "body": "Twelve cities.\n\nThree deals.",
    "language": "en",
    "status": "published",
}
OPS = [
    PageOp("/networks/{slug}/news/new", C40_STAFF, lambda w, x: "/networks/c40/news/new", lambda w, x: NEW),
    PageOp("/networks/{slug}/news/{news_id}/edit", C40_STAFF,
           lambda w, x: f"/networks/c40/news/{x.published_news}/edit", lambda w, x: {**NEW, "version": "1"}),
    PageOp("/networks/{slug}/news/{news_id}/delete", C40_STAFF,
           lambda w, x: f"/networks/c40/news/{x.published_news}/delete", lambda w, x: {"version": "1"}),
]  # fmt: skip

READS: list[tuple[str, frozenset[str], Callable[[World, PortalWorld], str]]] = [
    ("/networks/{slug}/portal", EVERYONE, lambda w, x: "/networks/c40/portal"),
    ("/networks/{slug}/feed.atom", EVERYONE, lambda w, x: "/networks/c40/feed.atom"),
    ("/networks/{slug}/news", EVERYONE, lambda w, x: "/networks/c40/news"),
    ("/networks/{slug}/news/{news_id}", EVERYONE, lambda w, x: f"/networks/c40/news/{x.published_news}"),
    ("/networks/{slug}/news/new", C40_STAFF, lambda w, x: "/networks/c40/news/new"),
    ("/networks/{slug}/news/{news_id}/edit", C40_STAFF,
     lambda w, x: f"/networks/c40/news/{x.published_news}/edit"),
    ("/networks/{slug}/news/{news_id}/delete", C40_STAFF,
     lambda w, x: f"/networks/c40/news/{x.published_news}/delete"),
    ("/cities/{city_id}/progress.svg", EVERYONE, lambda w, x: f"/cities/{w.city['Kyoto']}/progress.svg"),
]  # fmt: skip


def _portal_page(path: str) -> bool:
    return path.startswith("/networks/{slug}/news") or path in (
        "/networks/{slug}/portal",
        "/networks/{slug}/feed.atom",
        "/cities/{city_id}/progress.svg",
    )


def test_every_portal_page_write_is_listed() -> None:
    assert {str(r.path) for r in ROUTES if _portal_page(str(r.path))} == {op.path for op in OPS}


def test_every_portal_read_page_is_listed() -> None:
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    paths = {
        str(r.path)
        for r in iter_route_contexts(app.routes)
        if r.methods
        and "GET" in r.methods
        and _portal_page(str(r.path))
        and not str(r.path).startswith("/api/")
    }
    assert paths == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp) -> None:
    x = portal_world(world)
    url = op.url(world, x)
    for role in (r for r in ROLES if r not in op.allowed):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data=op.data(world, x) | {"csrf_token": token})
        expected = (401,) if role == "public" else (403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
        assert _row_counts(world) == before, f"{role}: a refused post writes nothing"
    token = _page_login(client, sorted(op.allowed)[-1])
    before = _row_counts(world)
    response = client.post(url, data=op.data(world, x) | {"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    assert _row_counts(world)["audit_entry"] > before["audit_entry"]


@pytest.mark.parametrize(("path", "allowed", "url"), READS, ids=[r[0] for r in READS])
def test_read_page_obeys_role(client: TestClient, world: World, path: str, allowed: Any, url: Any) -> None:
    x = portal_world(world)
    for role in ROLES:
        _page_login(client, role)
        response = client.get(url(world, x))
        if role in allowed:
            assert response.status_code == 200, f"{role}: {response.status_code}"
        else:
            expected = (401,) if role == "public" else (403, 404)
            assert response.status_code in expected, f"{role}: {response.status_code}"
