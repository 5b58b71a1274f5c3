"""The attack surface of the pages of the national scopes of action: every form post against every
role (only platform administrators maintain the profiles: theirs succeed and leave an audit entry;
the public gets 401, others 403 or 404, and nothing is written), and every read page against every
role. A test fails when a /scopes page route is added without joining these lists."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citypact.services.scopes import admin, sources
from tests.api.test_attack_surface import ROLES
from tests.conftest import World
from tests.web.page_roles import PageOp, Read, check_page_write, check_read_page, read_paths, write_paths

EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})


def statement(world: World) -> int:
    with world.db.read() as session:
        found = admin.find_statement(session, "DE", "industry", "regulatory")
    assert found is not None
    return found


def removable(world: World) -> str:
    """A source an administrator added that no statement cites (a shipped one stays): its code."""
    with world.db.write() as session:
        sources.add_source(
            session, world.actor("admin"),
            {"code": "xx_added", "title": "Added", "url": "https://example.org/", "publisher": "P"},
        )  # fmt: skip
    return "xx_added"


ST = "/scopes/{country}/statements/{statement_id}"
SRC = "/scopes/sources/{code}"
# Only platform administrators maintain the profiles.
OPS: list[PageOp[int]] = [
    PageOp("/scopes/new", ADMIN, lambda w, s: "/scopes/new",
           lambda w, s: {"country": "FR", "name": "France"}),
    PageOp("/scopes/sources/new", ADMIN, lambda w, s: "/scopes/sources/new",
           lambda w, s: {"code": "fr_cgct", "title": "Code général", "url": "https://www.legifrance.gouv.fr/",
                         "publisher": "Légifrance"}),
    PageOp("/scopes/{country}/statements/new", ADMIN, lambda w, s: "/scopes/DE/statements/new",
           lambda w, s: {"field": "industry", "instrument": "fiscal", "say": "shares", "source": "de_gg_28"}),
    PageOp(ST + "/edit", ADMIN, lambda w, s: f"/scopes/DE/statements/{s}/edit",
           lambda w, s: {"say": "shares", "source": "de_bimschg_4", "note": "changed"}),
    PageOp(ST + "/remove", ADMIN, lambda w, s: f"/scopes/DE/statements/{s}/remove"),
    PageOp(SRC + "/edit", ADMIN, lambda w, s: "/scopes/sources/de_gg_28/edit",
           lambda w, s: {"title": "Grundgesetz", "url": "https://www.gesetze-im-internet.de/gg/",
                         "publisher": "BMJ"}),
    PageOp(SRC + "/remove", ADMIN, lambda w, s: f"/scopes/sources/{removable(w)}/remove"),
    PageOp("/scopes/{country}/rename", ADMIN, lambda w, s: "/scopes/DE/rename",
           lambda w, s: {"name": "Deutschland"}),
]  # fmt: skip

READS: list[Read[int]] = [
    ("/scopes", EVERYONE, lambda w, s: "/scopes"),
    ("/scopes/{country}", EVERYONE, lambda w, s: "/scopes/DE"),
    ("/scopes/new", ADMIN, lambda w, s: "/scopes/new"),
    ("/scopes/sources/new", ADMIN, lambda w, s: "/scopes/sources/new"),
    ("/scopes/{country}/statements/new", ADMIN, lambda w, s: "/scopes/DE/statements/new"),
    (ST + "/edit", ADMIN, lambda w, s: f"/scopes/DE/statements/{s}/edit"),
    (ST + "/remove", ADMIN, lambda w, s: f"/scopes/DE/statements/{s}/remove"),
    (SRC + "/edit", ADMIN, lambda w, s: "/scopes/sources/de_gg_28/edit"),
    (SRC + "/remove", ADMIN, lambda w, s: "/scopes/sources/de_gg_28/remove"),
    ("/scopes/{country}/rename", ADMIN, lambda w, s: "/scopes/DE/rename"),
]  # fmt: skip


def _scope_page(path: str) -> bool:
    return path.startswith("/scopes")


def test_every_scope_page_write_is_listed() -> None:
    assert write_paths(_scope_page) == {op.path for op in OPS}


def test_every_scope_read_page_is_listed() -> None:
    assert read_paths(_scope_page) == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp[int]) -> None:
    check_page_write(client, world, op, statement(world))


@pytest.mark.parametrize("read", READS, ids=lambda read: read[0])
def test_read_page_obeys_role(client: TestClient, world: World, read: Read[int]) -> None:
    check_read_page(client, world, read, statement(world))
