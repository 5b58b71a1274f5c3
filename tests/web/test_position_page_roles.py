"""The attack surface of the joint positions pages: every form post against every role (the allowed
ones succeed and leave an audit entry; the public gets 401, others 403 or 404, and nothing is
written), and every read page against every role. Munich's editor joins the matrix's roles. A test
fails when a page route of positions is added without joining these lists."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from citypact.services.positions import drafting, signing, views
from tests.api.test_attack_surface import ROLES, _page_login
from tests.conftest import World
from tests.positions_fixture import PositionWorld, position_world
from tests.web.page_roles import PageOp, Read, check_page_write, check_read_page, read_paths, write_paths

MY_ROLES = (*ROLES, "munich_editor")
EVERYONE = frozenset(MY_ROLES)
DRAFTER = frozenset({"admin", "heidelberg_editor"})
# Who reads Heidelberg's draft: its group's staff (Heidelberg, Kyoto, Munich), c40 (Heidelberg is a member).
GROUP = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer", "kyoto_editor", "munich_editor",
                   "c40_secretariat"})  # fmt: skip
SIGNED_IN = EVERYONE - {"public"}


NEW = {"title": "Cycle lanes", "level": "national", "institution": "Bundestag", "asks": "Paint them"}


@dataclass(frozen=True)
class Made:
    pw: PositionWorld
    evidence: int
    lone: int  # Heidelberg's draft with no other city


def made(world: World) -> Made:
    pw = position_world(world)
    with world.db.write() as session:
        editor = world.actor("heidelberg_editor")
        view = views.view(session, editor, pw.draft)
        signing.sign(session, world.actor("munich_editor"), pw.draft, world.city["Munich"])
        signing.sign(session, editor, pw.recommendation, world.city["Heidelberg"])
        lone = drafting.create_position(session, editor, {**NEW, "city_id": world.city["Heidelberg"]})
        return Made(pw, view.evidence[0].id, lone.id)


OPS: list[PageOp[Made]] = [
    PageOp("/positions/new", DRAFTER, lambda w, x: "/positions/new",
           lambda w, x: {**NEW, "city": str(w.city["Heidelberg"])}),
    PageOp("/positions/{position_id}/edit", DRAFTER, lambda w, x: f"/positions/{x.pw.draft}/edit",
           lambda w, x: {**NEW, "title": "Heat pumps 2"}),
    PageOp("/positions/{position_id}/evidence", DRAFTER, lambda w, x: f"/positions/{x.pw.draft}/evidence",
           lambda w, x: {"kind": "survey", "reference": "Q1: 80 %", "source": "c40 survey"}),
    PageOp("/positions/{position_id}/evidence/{evidence_id}/remove", DRAFTER,
           lambda w, x: f"/positions/{x.pw.draft}/evidence/{x.evidence}/remove"),
    PageOp("/positions/{position_id}/cities", DRAFTER, lambda w, x: f"/positions/{x.lone}/cities",
           lambda w, x: {"city_id": str(w.city["Kyoto"])}),
    PageOp("/positions/{position_id}/cities/{city_id}/remove", DRAFTER,
           lambda w, x: f"/positions/{x.pw.draft}/cities/{w.city['Kyoto']}/remove"),
    PageOp("/positions/{position_id}/sign", frozenset({"kyoto_editor"}),
           lambda w, x: f"/positions/{x.pw.draft}/sign", lambda w, x: {"city_id": str(w.city["Kyoto"])}),
    PageOp("/positions/{position_id}/signatures/{city_id}/withdraw", frozenset({"munich_editor"}),
           lambda w, x: f"/positions/{x.pw.draft}/signatures/{w.city['Munich']}/withdraw"),
    PageOp("/positions/{position_id}/send", DRAFTER, lambda w, x: f"/positions/{x.pw.draft}/send",
           lambda w, x: {"sent_on": "2026-04-01", "channel": "email"}),
    PageOp("/positions/{position_id}/answer", DRAFTER, lambda w, x: f"/positions/{x.pw.sent}/answer",
           lambda w, x: {"outcome": "answered", "answer_on": "2026-04-02", "answer_text": "Thanks"}),
]  # fmt: skip

READS: list[Read[Made]] = [
    ("/positions", EVERYONE, lambda w, x: "/positions"),
    ("/positions/new", SIGNED_IN, lambda w, x: "/positions/new"),
    ("/positions/{position_id}", GROUP, lambda w, x: f"/positions/{x.pw.draft}"),
    ("/positions/{position_id}/edit", DRAFTER, lambda w, x: f"/positions/{x.pw.draft}/edit"),
    ("/positions/{position_id}/evidence/{evidence_id}/remove", DRAFTER,
     lambda w, x: f"/positions/{x.pw.draft}/evidence/{x.evidence}/remove"),
    ("/positions/{position_id}/cities/{city_id}/remove", DRAFTER,
     lambda w, x: f"/positions/{x.pw.draft}/cities/{w.city['Kyoto']}/remove"),
    ("/positions/{position_id}/signatures/{city_id}/withdraw", frozenset({"munich_editor"}),
     lambda w, x: f"/positions/{x.pw.draft}/signatures/{w.city['Munich']}/withdraw"),
    ("/positions/{position_id}/document", EVERYONE, lambda w, x: f"/positions/{x.pw.sent}/document"),
    ("/positions/{position_id}/document.pdf", EVERYONE, lambda w, x: f"/positions/{x.pw.sent}/document.pdf"),
    ("/cities/{city_id}/positions", EVERYONE, lambda w, x: f"/cities/{w.city['Heidelberg']}/positions"),
    ("/networks/{slug}/positions", EVERYONE, lambda w, x: "/networks/c40/positions"),
]  # fmt: skip


def _position_page(path: str) -> bool:
    return path.startswith("/positions") or path.endswith("}/positions")


def test_every_position_page_write_is_listed() -> None:
    assert write_paths(_position_page) == {op.path for op in OPS}


def test_every_position_read_page_is_listed() -> None:
    assert read_paths(_position_page) == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp[Made]) -> None:
    check_page_write(client, world, op, made(world), MY_ROLES)


@pytest.mark.parametrize("read", READS, ids=lambda read: read[0])
def test_read_page_obeys_role(client: TestClient, world: World, read: Read[Made]) -> None:
    # a draft's existence is not revealed to the public either: 401 or 404
    check_read_page(client, world, read, made(world), MY_ROLES, public=(401, 404))


def test_a_form_keeps_what_was_typed_and_says_what_is_wrong(client: TestClient, world: World) -> None:
    x = made(world)
    token = _page_login(client, "heidelberg_editor")
    response = client.post(f"/positions/{x.pw.draft}/evidence", data={
        "csrf_token": token, "kind": "indicator", "city_id": str(world.city["Kyoto"]),
        "indicator": "basic_per_capita",
        "year": "20x2", "source": "Kyoto's inventory",
    })  # fmt: skip
    assert response.status_code == 422
    assert "Kyoto&#39;s inventory" in response.text and "evidence-year-error" in response.text
    response = client.post(f"/positions/{x.pw.draft}/send", data={"csrf_token": token,
                                                                  "sent_on": "2026-04-01",
                                                                  "channel": "email"},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303  # Munich signed
    page = client.get(f"/positions/{x.pw.draft}").text
    assert "Heat pumps in listed buildings" in page and "document.pdf" in page
