"""Consent and privacy in partnerships (issue 12, item 11): naming a city in a public proposal does
not publish it before it agrees; observers read the public parts and the log entries that name
them, and do not end a partnership; the secretariat does not read the work plan."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.services.cooperation import partnerships
from citypact.services.errors import Conflict, NotFound, PermissionDenied
from tests.conftest import World
from tests.factories import confirm_membership

TODAY = dt.date(2026, 5, 20)


def _public_proposal(world: World) -> int:
    """Heidelberg names Kyoto in a public proposal Kyoto has not answered."""
    with world.db.write() as session:
        return partnerships.propose(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"], title="Heat planning",
            kind="peer", partners=[{"city_id": world.city["Kyoto"]}], is_public=True, today=TODAY,
        ).id  # fmt: skip


def test_a_public_proposal_stays_with_the_named_cities_until_they_accept(world: World) -> None:
    pid = _public_proposal(world)
    kyoto = world.city["Kyoto"]
    confirm_membership(world, "Kyoto")  # even a confirmed network's secretariat waits
    for who in ("public", "plain_user", "c40_secretariat"):
        with world.db.read() as session, pytest.raises(NotFound):
            partnerships.get_partnership(session, world.actor(who), pid)
        with world.db.read() as session:
            assert partnerships.list_partnerships(session, world.actor(who), kyoto) == [], who
    for who in ("heidelberg_viewer", "kyoto_editor"):  # the named cities' staff, the proposer's
        with world.db.read() as session:
            assert partnerships.get_partnership(session, world.actor(who), pid).status == "proposed"
    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), pid, kyoto, today=TODAY)
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("public"), pid)
        listed = partnerships.list_partnerships(session, world.actor("public"), kyoto)
    assert view.status == "accepted" and [p.id for p in listed] == [pid]


def _with_observer(world: World) -> int:
    """Kyoto and Cologne (accepted, public), worked on; Heidelberg named as an observer, with an
    internal log entry about Heidelberg and one that is not."""
    kyoto_editor, cologne = world.actor("kyoto_editor"), world.city["Cologne"]
    with world.db.write() as session:
        pid = partnerships.propose(
            session, kyoto_editor, world.city["Kyoto"], title="Cooling", kind="peer",
            partners=[{"city_id": cologne}], is_public=True, today=TODAY,
        ).id  # fmt: skip
        partnerships.accept(session, world.actor("admin"), pid, cologne, today=TODAY)
        partnerships.add_member(session, kyoto_editor, pid, world.city["Heidelberg"], "observer")
        partnerships.add_task(session, kyoto_editor, pid, title="Share the cooling atlas")
        for title, cities in (("Talks with Heidelberg", ["Kyoto", "Heidelberg"]), ("Budget", ["Kyoto"])):
            partnerships.add_exchange(
                session, kyoto_editor, pid,
                {"kind": "other", "year": 2026, "title": title, "is_internal": True,
                 "city_ids": [world.city[c] for c in cities]},
            )  # fmt: skip
    return pid


def test_an_observer_reads_the_public_parts_and_its_own_notes_only(world: World) -> None:
    pid = _with_observer(world)
    for who in ("heidelberg_viewer", "heidelberg_editor"):
        with world.db.read() as session:
            view = partnerships.get_partnership(session, world.actor(who), pid)
        assert not view.full and not view.reads_work_plan and view.tasks == [], who
        assert [x.title for x in view.exchanges] == ["Talks with Heidelberg"], who
        assert not view.can_work
    # The public does not see Heidelberg named until it accepts.
    with world.db.read() as session:
        public = partnerships.get_partnership(session, world.actor("public"), pid)
    assert world.city["Heidelberg"] not in {m.city_id for m in public.members}
    assert public.exchanges == []
    with world.db.write() as session:
        partnerships.accept(session, world.actor("heidelberg_editor"), pid, world.city["Heidelberg"])
    with world.db.write() as session, pytest.raises(Conflict):
        partnerships.accept(session, world.actor("heidelberg_editor"), pid, world.city["Heidelberg"])
    with world.db.read() as session:
        public = partnerships.get_partnership(session, world.actor("public"), pid)
    assert world.city["Heidelberg"] in {m.city_id for m in public.members}


def test_only_signing_members_end_a_partnership(world: World) -> None:
    pid = _with_observer(world)
    observer = world.actor("heidelberg_editor")
    with world.db.read() as session:
        steps = partnerships.get_partnership(session, observer, pid).next_steps
    assert [s.action for s in steps] == ["accept", "decline"]  # being named or not, nothing else
    for attempt in (
        lambda s: partnerships.set_status(s, observer, pid, "ended"),
        lambda s: partnerships.add_task(s, observer, pid, title="Take over"),
    ):
        with world.db.write() as session, pytest.raises(PermissionDenied):
            attempt(session)
    with world.db.write() as session:
        partnerships.set_status(session, world.actor("kyoto_editor"), pid, "ended", today=TODAY)


def test_the_secretariat_does_not_read_the_work_plan(world: World) -> None:
    pid = _with_observer(world)
    confirm_membership(world, "Kyoto")
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("c40_secretariat"), pid)
    assert view.full and view.tasks == [] and not view.reads_work_plan
    assert {x.title for x in view.exchanges} == {"Talks with Heidelberg", "Budget"}
