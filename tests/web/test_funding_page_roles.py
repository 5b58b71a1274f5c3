"""The attack surface of the funding catalogue's and applications' pages: every form post against
every role (the allowed ones succeed with a redirect and leave an audit entry; the public gets 401,
others 403 or 404, and nothing is written), and every read page against every role. A test fails
when such a page route is added without joining these lists."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citypact.services.funding import applications, programme_calls, programme_writes
from tests.api.test_attack_surface import HEIDELBERG_STAFF, ROLES
from tests.conftest import World
from tests.funding_programmes_fixture import JOINT, PROGRAMME, TODAY, catalogue_world
from tests.web.page_roles import (
    PageOp,
    Read,
    check_allowed_post,
    check_read_page,
    check_refused_post,
    read_paths,
    write_paths,
)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"public"}
C40_STAFF = frozenset({"admin", "c40_secretariat"})
HEIDELBERG_READERS = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer"})
Ctx = dict[str, int]


def _ctx(w: World) -> Ctx:
    made = catalogue_world(w)
    with w.db.write() as session:
        s = programme_writes.suggest_programme(
            session,
            w.actor("heidelberg_editor"),
            w.city["Heidelberg"],
            {**JOINT, "name": "Idea"},
            today=TODAY,
        )
        a = applications.create_application(
            session,
            w.actor("heidelberg_editor"),
            {"programme_id": made.joint, "lead_city_id": w.city["Heidelberg"], "title": "Exchange",
             "partner_city_ids": [w.city["Munich"]]},
        )  # fmt: skip
    return {"programme": made.programme, "call": made.open_call, "joint": made.joint, "suggestion": s.id,
            "application": a.id, "munich": w.city["Munich"], "kyoto": w.city["Kyoto"],
            "heidelberg": w.city["Heidelberg"]}  # fmt: skip


FP = "/funding/programmes"
FA = "/funding/applications"
FORM = {k: str(v).lower() if isinstance(v, bool) else ", ".join(v) if isinstance(v, list) else str(v)
        for k, v in PROGRAMME.items()}  # fmt: skip
OPS: list[PageOp[Ctx]] = [
    PageOp(FP + "/new", C40_STAFF, lambda w, x: f"{FP}/new", lambda w, x: {**FORM, "name": "New fund"}),
    PageOp("/funding/suggestions/new", HEIDELBERG_STAFF, lambda w, x: "/funding/suggestions/new",
           lambda w, x: {**FORM, "name": "Idea 2", "city_id": str(x["heidelberg"])}),
    PageOp(FP + "/{programme_id}/edit", C40_STAFF, lambda w, x: f"{FP}/{x['programme']}/edit",
           lambda w, x: {**FORM, "summary": "New words."}),
    PageOp(FP + "/{programme_id}/calls", C40_STAFF, lambda w, x: f"{FP}/{x['programme']}/calls",
           lambda w, x: {"title": "Round 2027", "closes_on": "2027-06-30"}),
    PageOp(FP + "/{programme_id}/calls/{call_id}/edit", C40_STAFF,
           lambda w, x: f"{FP}/{x['programme']}/calls/{x['call']}/edit",
           lambda w, x: {"title": "Round 2026", "opens_on": "2026-03-01", "closes_on": "2026-07-31"}),
    PageOp(FP + "/{programme_id}/calls/{call_id}/remove", C40_STAFF,
           lambda w, x: f"{FP}/{x['programme']}/calls/{x['call']}/remove"),
    PageOp(FP + "/{programme_id}/checked", C40_STAFF, lambda w, x: f"{FP}/{x['programme']}/checked"),
    PageOp(FP + "/{programme_id}/end", C40_STAFF, lambda w, x: f"{FP}/{x['programme']}/end",
           lambda w, x: {"reason": "Over."}),
    PageOp(FP + "/{programme_id}/accept", C40_STAFF, lambda w, x: f"{FP}/{x['suggestion']}/accept"),
    PageOp(FP + "/{programme_id}/decline", C40_STAFF, lambda w, x: f"{FP}/{x['suggestion']}/decline",
           lambda w, x: {"reason": "Not for cities."}),
    PageOp(FA + "/new", HEIDELBERG_STAFF, lambda w, x: f"{FA}/new",
           lambda w, x: {"programme_id": str(x["joint"]), "lead_city_id": str(x["heidelberg"]),
                      "title": "Heat"}),
    PageOp(FA + "/{application_id}/status", HEIDELBERG_STAFF, lambda w, x: f"{FA}/{x['application']}/status",
           lambda w, x: {"status": "withdrawn"}),
    PageOp(FA + "/{application_id}/cities", HEIDELBERG_STAFF, lambda w, x: f"{FA}/{x['application']}/cities",
           lambda w, x: {"city_id": str(x["kyoto"])}),
    PageOp(FA + "/{application_id}/cities/{city_id}/remove", HEIDELBERG_STAFF,
           lambda w, x: f"{FA}/{x['application']}/cities/{x['munich']}/remove"),
]  # fmt: skip

APPLICATION_READERS = HEIDELBERG_READERS
READS: list[Read[Ctx]] = [
    (FP, EVERYONE, lambda w, x: FP),
    (FP + "/new", C40_STAFF, lambda w, x: f"{FP}/new"),
    (FP + "/{programme_id}", EVERYONE, lambda w, x: f"{FP}/{x['programme']}"),
    (FP + "/{programme_id}/edit", C40_STAFF, lambda w, x: f"{FP}/{x['programme']}/edit"),
    (FP + "/{programme_id}/calls/{call_id}/edit", C40_STAFF,
     lambda w, x: f"{FP}/{x['programme']}/calls/{x['call']}/edit"),
    (FP + "/{programme_id}/calls/{call_id}/remove", C40_STAFF,
     lambda w, x: f"{FP}/{x['programme']}/calls/{x['call']}/remove"),
    ("/funding/suggestions", SIGNED_IN, lambda w, x: "/funding/suggestions"),
    ("/funding/suggestions/new", HEIDELBERG_STAFF | {"kyoto_editor"},
     lambda w, x: "/funding/suggestions/new"),
    (FA, SIGNED_IN, lambda w, x: FA),
    (FA + "/new", SIGNED_IN,
     lambda w, x: f"{FA}/new?programme={x['joint']}&cities={x['heidelberg']},{x['kyoto']}"),
    (FA + "/{application_id}", APPLICATION_READERS, lambda w, x: f"{FA}/{x['application']}"),
    (FA + "/{application_id}/cities/{city_id}/remove", APPLICATION_READERS,
     lambda w, x: f"{FA}/{x['application']}/cities/{x['munich']}/remove"),
]  # fmt: skip


def _mine(path: str) -> bool:
    return path.startswith(("/funding/programmes", "/funding/suggestions", "/funding/applications"))


def test_every_funding_page_write_is_listed() -> None:
    assert write_paths(_mine) == {op.path for op in OPS}


def test_every_funding_read_page_is_listed() -> None:
    assert read_paths(_mine) == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp[Ctx]) -> None:
    x = _ctx(world)
    url = op.url(world, x)
    for role in (r for r in ROLES if r not in op.allowed):
        check_refused_post(client, world, role, url, op.data(world, x))
    for role in sorted(op.allowed):  # every allowed role, each on records of its own
        fresh = _ctx_again(world, x)
        check_allowed_post(client, world, role, op.url(world, fresh), op.data(world, fresh))


def _ctx_again(world: World, x: Ctx) -> Ctx:
    """Each allowed role acts on records of its own (a second suggestion, call, application)."""
    with world.db.write() as session:
        s = programme_writes.suggest_programme(
            session,
            world.actor("heidelberg_editor"),
            world.city["Heidelberg"],
            {**JOINT, "name": "Idea"},
            today=TODAY,
        )
        p = programme_writes.create_programme(
            session, world.actor("c40_secretariat"), {**PROGRAMME, "name": f"Fresh {s.id}"}, today=TODAY
        )
        call = programme_calls.add_call(session, world.actor("admin"), p.id, {"title": "Extra"})
        a = applications.create_application(
            session, world.actor("heidelberg_editor"),
            {"programme_id": x["joint"], "lead_city_id": world.city["Heidelberg"], "title": "Another",
             "partner_city_ids": [world.city["Munich"]]},
        )  # fmt: skip
    return {**x, "suggestion": s.id, "call": call.id, "application": a.id, "programme": p.id}


@pytest.mark.parametrize("read", READS, ids=lambda read: read[0])
def test_read_page_obeys_role(client: TestClient, world: World, read: Read[Ctx]) -> None:
    check_read_page(client, world, read, _ctx(world))
