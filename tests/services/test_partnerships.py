"""Partnerships and their events: the lifecycle, who may do what, the public view, the audit trail,
the twinning history and the past partners the matching reads."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from citypact.domain.partnerships import Step
from citypact.services.cooperation import events, partnerships
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.storage.models import AuditEntry
from citypact.storage.partnerships import Partnership
from tests.conftest import World
from tests.factories import TODAY, confirm_membership, declared, proposed


def audit_count(world: World) -> int:
    with world.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_proposal_acceptance_and_signatures_declare_the_partnership(world: World) -> None:
    before = audit_count(world)
    heidelberg, kyoto = world.city["Heidelberg"], world.city["Kyoto"]
    pid = proposed(world)
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
    assert view.status == "proposed"
    assert [(m.name, m.accepted_on) for m in view.members] == [("Heidelberg", TODAY), ("Kyoto", None)]
    assert view.next_steps[0] == Step("accept", kyoto)

    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), pid, kyoto, today=TODAY)
    with world.db.write() as session:
        partnerships.sign(
            session, world.actor("heidelberg_editor"), pid, heidelberg, signed_on="2026-05-18", today=TODAY
        )
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
    assert (view.status, view.accepted_on, view.declared_on) == ("accepted", TODAY, None)
    assert Step("sign", kyoto) in view.next_steps and Step("sign", heidelberg) not in view.next_steps

    with world.db.write() as session:
        partnerships.sign(session, world.actor("kyoto_editor"), pid, kyoto, signatory="Mayor", today=TODAY)
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "partnership").order_by(AuditEntry.id)
        ).all()
    assert view.status == "declared"
    assert view.declared_on == TODAY  # the date of the last signature
    assert [m.signed_on for m in view.members] == [dt.date(2026, 5, 18), TODAY]
    assert Step("status", status="active") in view.next_steps
    assert actions == ["propose", "accept", "sign", "sign"]
    assert audit_count(world) == before + 4


def test_refused_steps_write_nothing(world: World) -> None:
    pid = proposed(world)
    heidelberg, kyoto = world.city["Heidelberg"], world.city["Kyoto"]
    editor = world.actor("heidelberg_editor")
    before = audit_count(world)
    refusals = [
        (InvalidInput, "status", lambda s: partnerships.set_status(s, editor, pid, "declared")),
        (InvalidInput, "status", lambda s: partnerships.set_status(s, editor, pid, "accepted")),
        (InvalidInput, "status", lambda s: partnerships.set_status(s, editor, pid, "active")),
        (InvalidInput, "status", lambda s: partnerships.set_status(s, editor, pid, "finished")),
        (Conflict, "accepted on", lambda s: partnerships.accept(s, editor, pid, heidelberg)),
        (Conflict, "once every city accepted", lambda s: partnerships.sign(s, editor, pid, heidelberg)),
    ]
    for error, words, step in refusals:
        with world.db.write() as session, pytest.raises(error, match=words):
            step(session)
    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), pid, kyoto, today=TODAY)
    before = audit_count(world)
    with world.db.write() as session, pytest.raises(InvalidInput, match="signed_on"):
        partnerships.sign(session, editor, pid, heidelberg, signed_on="2026-06-01", today=TODAY)
    with world.db.write() as session, pytest.raises(InvalidInput, match="signed_on"):
        partnerships.sign(session, editor, pid, heidelberg, signed_on="18.05.2026", today=TODAY)
    assert audit_count(world) == before

    with world.db.write() as session:  # withdrawn: ended, and it stays so
        partnerships.set_status(session, editor, pid, "ended", note="withdrawn", today=TODAY)
    with world.db.write() as session, pytest.raises(InvalidInput, match="none: it has ended"):
        partnerships.set_status(session, editor, pid, "active")
    with world.db.write() as session, pytest.raises(Conflict, match="ended"):
        partnerships.add_goal(session, editor, pid, text="Too late")


def test_a_proposal_declined_ends_it(world: World) -> None:
    pid = proposed(world)
    with world.db.write() as session:
        partnerships.set_status(
            session, world.actor("kyoto_editor"), pid, "ended", note="declined", today=TODAY
        )
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
    assert (view.status, view.ended_on, view.accepted_on, view.next_steps) == ("ended", TODAY, None, [])


def test_an_editor_of_another_city_never_changes_it(world: World) -> None:
    # Kyoto and Cologne, public: Heidelberg's editor reads it but changes nothing.
    pid = proposed(world, by="kyoto_editor", city="Kyoto", partners=("Cologne",), is_public=True)
    outsider = world.actor("heidelberg_editor")
    cologne = world.city["Cologne"]
    with world.db.write() as session:  # accepted: public from now on
        partnerships.accept(session, world.actor("admin"), pid, cologne, today=TODAY)
    before = audit_count(world)
    attempts = [
        lambda s: partnerships.accept(s, outsider, pid, cologne),
        lambda s: partnerships.set_status(s, outsider, pid, "ended"),
        lambda s: partnerships.update_partnership(s, outsider, pid, {"is_public": False}),
        lambda s: partnerships.add_member(s, outsider, pid, world.city["Heidelberg"], "partner"),
        lambda s: partnerships.add_goal(s, outsider, pid, text="Ours now"),
        lambda s: partnerships.add_task(s, outsider, pid, title="Take over"),
        lambda s: partnerships.add_exchange(s, outsider, pid, {"kind": "visit", "year": 2025, "title": "x"}),
        lambda s: partnerships.import_twinning_history(s, outsider, pid),
        lambda s: events.create_event(
            s, outsider, {"kind": "kickoff", "title": "x", "starts_on": "2026-06-01"}, partnership_id=pid
        ),
    ]
    for attempt in attempts:
        with world.db.write() as session, pytest.raises(PermissionDenied):
            attempt(session)
    # Kyoto's editor acts for Kyoto only, not for Cologne.
    with world.db.write() as session, pytest.raises(PermissionDenied, match="own city"):
        partnerships.accept(session, world.actor("kyoto_editor"), pid, cologne)
    # The public is asked to log in; a city viewer cannot act either.
    with world.db.write() as session, pytest.raises(NotAuthenticated):
        partnerships.add_goal(session, world.actor("public"), pid, text="x")
    with world.db.write() as session, pytest.raises(PermissionDenied):
        partnerships.propose(
            session, world.actor("heidelberg_viewer"), world.city["Heidelberg"], title="x", kind="peer",
            partners=[{"city_id": cologne}],
        )  # fmt: skip
    with world.db.write() as session, pytest.raises(PermissionDenied):  # proposes for its own city only
        partnerships.propose(
            session, outsider, world.city["Munich"], title="x", kind="peer", partners=[{"city_id": cologne}]
        )
    assert audit_count(world) == before


def test_a_partnership_that_is_not_public_is_not_found_by_others(world: World) -> None:
    pid = proposed(world, by="kyoto_editor", city="Kyoto", partners=("Cologne",))
    for who in ("public", "plain_user", "heidelberg_editor", "heidelberg_viewer"):
        with world.db.read() as session, pytest.raises(NotFound):
            partnerships.get_partnership(session, world.actor(who), pid)
    with world.db.write() as session, pytest.raises(NotFound):
        partnerships.add_goal(session, world.actor("heidelberg_editor"), pid, text="x")
    with world.db.read() as session:
        assert partnerships.list_partnerships(session, world.actor("public"), world.city["Kyoto"]) == []
        listed = partnerships.list_partnerships(session, world.actor("kyoto_editor"), world.city["Cologne"])
    assert [(p.id, p.role) for p in listed] == [(pid, "partner")]


def _worked_on(world: World, pid: int) -> dict[str, int]:
    """Goals, a task, a public and an internal log entry, a public and an internal event."""
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        goal = partnerships.add_goal(
            session, editor, pid, text="A heat plan each by 2027", target_date="2027-12-31"
        )
        partnerships.add_task(
            session, editor, pid, title="Share the heat atlas", owner_city_id=world.city["Heidelberg"],
            due_on="2026-09-30", goal_id=goal.id,
        )  # fmt: skip
        partnerships.add_exchange(
            session, editor, pid,
            {"kind": "visit", "happened_on": "2026-04-10", "title": "Study visit to Kyoto",
             "summary": "Met the utility."},
        )  # fmt: skip
        partnerships.add_exchange(
            session, editor, pid,
            {"kind": "other", "year": 2026, "title": "Budget talks", "summary": "Who pays the travel.",
             "is_internal": True},
        )  # fmt: skip
        kickoff = events.create_event(
            session, editor,
            {"kind": "kickoff", "title": "Kick-off workshop", "starts_on": "2026-06-10",
             "ends_on": "2026-06-11", "place": "Heidelberg", "agenda": "1. Heat atlases",
             "outcomes": "Two pilots chosen"},
            partnership_id=pid,
        )  # fmt: skip
        events.add_participant(
            session, editor, kickoff.id, world.city["Heidelberg"], role="host", people="A. Weber"
        )
        events.add_participant(
            session, editor, kickoff.id, world.city["Sapporo"], role="observer", people_count=2
        )
        internal = events.create_event(
            session, editor, {"kind": "sprint", "title": "Internal sprint", "starts_on": "2026-07-01",
                              "is_public": False}, partnership_id=pid,
        )  # fmt: skip
    return {"goal": goal.id, "kickoff": kickoff.id, "internal": internal.id}


def test_the_public_sees_only_the_public_parts(world: World) -> None:
    pid = declared(world, is_public=True)
    ids = _worked_on(world, pid)
    with world.db.read() as session:
        public = partnerships.get_partnership(session, world.actor("public"), pid)
        member = partnerships.get_partnership(session, world.actor("heidelberg_viewer"), pid)
        kickoff = events.get_event(session, world.actor("public"), ids["kickoff"])
        with pytest.raises(NotFound):
            events.get_event(session, world.actor("public"), ids["internal"])
        full_kickoff = events.get_event(session, world.actor("kyoto_editor"), ids["kickoff"])
    assert not public.full and member.full
    assert [m.name for m in public.members] == ["Heidelberg", "Kyoto"]
    assert public.members[0].signed_on == dt.date(2026, 5, 18)
    assert [g.text for g in public.goals] == ["A heat plan each by 2027"]
    assert public.tasks == [] and [t.title for t in member.tasks] == ["Share the heat atlas"]
    assert [e.title for e in public.exchanges] == ["Study visit to Kyoto"]
    assert [e.title for e in member.exchanges] == ["Budget talks", "Study visit to Kyoto"]  # year only first
    assert [e.title for e in public.events] == ["Kick-off workshop"]
    assert len(member.events) == 2
    assert not public.can_work and public.next_steps == []
    # Participants by city for everyone; the people's names for the members only.
    assert [(p.name, p.role, p.people) for p in kickoff.participants] == [
        ("Heidelberg", "host", ""),
        ("Sapporo", "observer", ""),
    ]
    assert full_kickoff.participants[0].people == "A. Weber"
    assert kickoff.outcomes == "Two pilots chosen"


def test_the_secretariat_reads_all_but_the_work_plan_and_reviews(world: World) -> None:
    pid = declared(world)  # not public; Kyoto is a C40 member
    _worked_on(world, pid)
    secretariat = world.actor("c40_secretariat")
    with world.db.read() as session, pytest.raises(NotFound):  # Kyoto's membership is only listed
        partnerships.get_partnership(session, secretariat, pid)
    confirm_membership(world, "Kyoto")
    with world.db.read() as session:
        view = partnerships.get_partnership(session, secretariat, pid)
    # Issue 12, item 11: the work plan is the members' own, not the secretariat's.
    assert view.full and view.tasks == [] and not view.reads_work_plan and not view.can_work
    assert view.next_steps == []  # declared -> active is the members' step
    with world.db.write() as session, pytest.raises(PermissionDenied):
        partnerships.add_goal(session, secretariat, pid, text="x")
    with world.db.write() as session, pytest.raises(PermissionDenied):
        partnerships.set_status(session, secretariat, pid, "active")
    with world.db.write() as session:
        partnerships.set_status(session, world.actor("heidelberg_editor"), pid, "active", today=TODAY)
    with world.db.write() as session, pytest.raises(PermissionDenied, match="secretariat"):
        partnerships.set_status(session, world.actor("heidelberg_editor"), pid, "reviewed", note="fine")
    with world.db.write() as session, pytest.raises(InvalidInput, match="note"):
        partnerships.set_status(session, secretariat, pid, "reviewed", note=" ")
    with world.db.write() as session:
        partnerships.set_status(
            session, secretariat, pid, "reviewed", note="Both plans adopted.", today=TODAY
        )
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (view.status, view.reviewed_on, view.review) == ("reviewed", TODAY, "Both plans adopted.")
    assert (entry.action, entry.user_id, entry.after["status"]) == (
        "status",
        world.users["c40_secretariat"],
        "reviewed",
    )


def test_work_plan_and_log_refuse_bad_input_by_field(world: World) -> None:
    pid = proposed(world)
    editor = world.actor("heidelberg_editor")
    before = audit_count(world)
    bad = [
        ("text", lambda s: partnerships.add_goal(s, editor, pid, text=" ")),
        ("target_date", lambda s: partnerships.add_goal(s, editor, pid, text="x", target_date="next year")),
        ("owner_city_id", lambda s: partnerships.add_task(
            s, editor, pid, title="x", owner_city_id=world.city["Munich"])),
        ("kind", lambda s: partnerships.add_exchange(
            s, editor, pid, {"kind": "party", "year": 2025, "title": "x"})),
        ("happened_on", lambda s: partnerships.add_exchange(s, editor, pid, {"kind": "visit", "title": "x"})),
        ("year", lambda s: partnerships.add_exchange(
            s, editor, pid, {"kind": "visit", "happened_on": "2025-03-01", "year": 2024, "title": "x"})),
        ("city_ids", lambda s: partnerships.add_exchange(
            s, editor, pid, {"kind": "visit", "year": 2025, "title": "x", "city_ids": [10**8]})),
        ("ends_on", lambda s: events.create_event(
            s, editor, {"kind": "final", "title": "x", "starts_on": "2026-06-02", "ends_on": "2026-06-01"},
            partnership_id=pid)),
        ("kind", lambda s: events.create_event(
            s, editor, {"kind": "party", "title": "x", "starts_on": "2026-06-02"}, partnership_id=pid)),
        ("kind", lambda s: partnerships.propose(
            s, editor, world.city["Heidelberg"], title="x", kind="friendship", partners=[{"city_id": 1}])),
        ("partners", lambda s: partnerships.propose(
            s, editor, world.city["Heidelberg"], title="x", kind="peer", partners=[])),
        ("partners", lambda s: partnerships.propose(
            s, editor, world.city["Heidelberg"], title="x", kind="peer",
            partners=[{"city_id": world.city["Heidelberg"]}])),
        ("partners", lambda s: partnerships.propose(
            s, editor, world.city["Heidelberg"], title="x", kind="peer",
            partners=[{"city_id": world.city["Kyoto"], "role": "observer"}])),
        ("network", lambda s: partnerships.propose(
            s, editor, world.city["Heidelberg"], title="x", kind="peer",
            partners=[{"city_id": world.city["Kyoto"]}], network="nowhere")),
    ]  # fmt: skip
    for field, step in bad:
        with world.db.write() as session, pytest.raises(InvalidInput) as refused:
            step(session)
        assert refused.value.field == field, refused.value
    assert audit_count(world) == before
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Partnership)) == 1


def test_tasks_done_goals_status_and_observers(world: World) -> None:
    pid = declared(world)
    editor = world.actor("kyoto_editor")
    with world.db.write() as session:
        goal = partnerships.add_goal(session, editor, pid, text="Shared heat atlas")
        task = partnerships.add_task(
            session, editor, pid, title="Atlas data", owner_city_id=world.city["Kyoto"]
        )
        partnerships.complete_task(session, editor, pid, task.id, today=TODAY)
        partnerships.set_goal_status(session, editor, pid, goal.id, "achieved")
        partnerships.add_member(session, editor, pid, world.city["Sapporo"], "observer")
    with world.db.write() as session, pytest.raises(InvalidInput, match="observers"):
        partnerships.add_member(session, editor, pid, world.city["Munich"], "partner")
    with world.db.write() as session, pytest.raises(InvalidInput, match="done_on"):
        partnerships.complete_task(session, editor, pid, task.id, "2030-01-01", today=TODAY)
    with world.db.read() as session:
        view = partnerships.get_partnership(session, editor, pid)
    assert view.tasks[0].done_on == TODAY and view.goals[0].status == "achieved"
    assert [(m.name, m.role) for m in view.members][-1] == ("Sapporo", "observer")
    assert view.status == "declared"  # an observer neither accepts nor signs


def test_twinning_history_is_imported_once(world: World) -> None:
    # Heidelberg and Kumamoto are twin towns in the fixture (source: the Wikipedia lists).
    pid = proposed(world, partners=("Kumamoto",), kind="twinning")
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        assert partnerships.import_twinning_history(session, editor, pid) == 1
    with world.db.write() as session:
        assert partnerships.import_twinning_history(session, editor, pid) == 0
    with world.db.read() as session:
        view = partnerships.get_partnership(session, editor, pid)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_twinning")).all()
    (entry,) = view.exchanges
    assert (entry.kind, entry.source, entry.title) == (
        "twinning",
        "twin_wikipedia",
        "Twin towns: Heidelberg and Kumamoto",
    )
    assert {c.name for c in entry.cities} == {"Heidelberg", "Kumamoto"}
    assert len(entries) == 1
    # Heidelberg and Kyoto are no twin towns: nothing to import.
    other = proposed(world)
    with world.db.write() as session:
        assert partnerships.import_twinning_history(session, editor, other) == 0


def test_past_partners_are_agreed_partnerships_and_twin_towns(world: World) -> None:
    c = world.city
    with world.db.read() as session:
        assert partnerships.past_partners(session, public_only=True) == {
            c["Heidelberg"]: {c["Kumamoto"]}, c["Kumamoto"]: {c["Heidelberg"]},
            c["Sapporo"]: {c["Portland"]}, c["Portland"]: {c["Sapporo"]},
            c["Cologne"]: {c["Kyoto"]}, c["Kyoto"]: {c["Cologne"]},
        }  # fmt: skip
    pid = declared(world)
    proposed(world, partners=("Munich",))  # only proposed: not yet
    declined = proposed(world, partners=("Cologne",))
    with world.db.write() as session:
        partnerships.set_status(session, world.actor("heidelberg_editor"), declined, "ended", today=TODAY)
        partnerships.add_member(session, world.actor("kyoto_editor"), pid, c["Sapporo"], "observer")
        partnerships.set_status(session, world.actor("kyoto_editor"), pid, "active", today=TODAY)
        partnerships.set_status(session, world.actor("kyoto_editor"), pid, "ended", today=TODAY)  # had agreed
    with world.db.read() as session:
        found = partnerships.past_partners(session, public_only=False)
    assert found[c["Heidelberg"]] == {c["Kumamoto"], c["Kyoto"]}
    assert found[c["Kyoto"]] == {c["Cologne"], c["Heidelberg"]}
    assert c["Munich"] not in found and found[c["Sapporo"]] == {c["Portland"]}


def test_network_events_are_the_secretariats(world: World) -> None:
    secretariat = world.actor("c40_secretariat")
    with world.db.write() as session:
        sprint = events.create_event(
            session, secretariat, {"kind": "sprint", "title": "Cooling sprint", "starts_on": "2026-08-03",
                                   "online": True, "is_public": False}, network="c40",
        )  # fmt: skip
        events.add_participant(session, secretariat, sprint.id, world.city["Heidelberg"], role="observer")
        sprint_id = sprint.id
    with world.db.write() as session:
        events.update_event(
            session, secretariat, sprint_id, {"outcomes": "Shade maps", "recommendations": "Plant trees"}
        )
    with world.db.write() as session, pytest.raises(PermissionDenied):
        events.create_event(
            session, world.actor("kyoto_editor"),
            {"kind": "webinar", "title": "x", "starts_on": "2026-08-03"}, network="c40",
        )  # fmt: skip
    with world.db.read() as session:
        member = events.get_event(session, world.actor("kyoto_editor"), sprint_id)  # Kyoto is a member
        observer = events.get_event(session, world.actor("heidelberg_viewer"), sprint_id)  # took part
        with pytest.raises(NotFound):
            events.get_event(session, world.actor("public"), sprint_id)
        listed = events.list_network_events(session, world.actor("public"), "c40")
    assert member.full and not member.can_edit and member.recommendations == "Plant trees"
    assert observer.full and [p.name for p in observer.participants] == ["Heidelberg"]
    assert listed == []
