"""The attack surface of the portal and news pages: every form post against every role (the
secretariat and administrators succeed and leave an audit entry; the public gets 401, others 403
or 404, and nothing is written), and every read page against every role. A test fails when a
news or portal page is added without joining these lists."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_attack_surface import C40_STAFF, ROLES
from tests.conftest import World
from tests.portal_fixture import PortalWorld, portal_world
from tests.web.page_roles import PageOp, Read, check_page_write, check_read_page, read_paths, write_paths

EVERYONE = frozenset(ROLES)


NEW = {
    "title": "Autumn news",
    "body": "Twelve cities.\n\nThree deals.",
    "language": "en",
    "status": "published",
}
OPS: list[PageOp[PortalWorld]] = [
    PageOp("/networks/{slug}/news/new", C40_STAFF, lambda w, x: "/networks/c40/news/new", lambda w, x: NEW),
    PageOp("/networks/{slug}/news/{news_id}/edit", C40_STAFF,
           lambda w, x: f"/networks/c40/news/{x.published_news}/edit", lambda w, x: {**NEW, "version": "1"}),
    PageOp("/networks/{slug}/news/{news_id}/delete", C40_STAFF,
           lambda w, x: f"/networks/c40/news/{x.published_news}/delete", lambda w, x: {"version": "1"}),
]  # fmt: skip

READS: list[Read[PortalWorld]] = [
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
    assert write_paths(_portal_page) == {op.path for op in OPS}


def test_every_portal_read_page_is_listed() -> None:
    assert read_paths(_portal_page) == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp[PortalWorld]) -> None:
    check_page_write(client, world, op, portal_world(world))


@pytest.mark.parametrize("read", READS, ids=lambda read: read[0])
def test_read_page_obeys_role(client: TestClient, world: World, read: Read[PortalWorld]) -> None:
    check_read_page(client, world, read, portal_world(world))
