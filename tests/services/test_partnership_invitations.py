"""Invitations to partnerships: the invited city's list, declining (partner and observer),
withdrawing a proposal, who may do each, and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from citypact.domain.partnerships import Step
from citypact.services.cooperation import partnerships
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.factories import TODAY, proposed


def _audit(world: World, action: str) -> list[AuditEntry]:
    with world.db.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_invited_city_sees_the_invitation_and_the_proposer_its_proposal(world: World) -> None:
    pid = proposed(world)  # Heidelberg invites Kyoto
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    with world.db.read() as session:
        asked = partnerships.open_invitations(session, world.actor("kyoto_editor"), kyoto)
        proposer = partnerships.open_invitations(session, world.actor("heidelberg_viewer"), heidelberg)
    assert [(i.partnership_id, i.proposer_name, i.role, i.waiting_for) for i in asked.received] == [
        (pid, "Heidelberg", "partner", [])
    ]
    assert asked.sent == [] and asked.can_answer
    assert [(i.partnership_id, i.waiting_for) for i in proposer.sent] == [(pid, ["Kyoto"])]
    assert proposer.received == [] and not proposer.can_answer  # a viewer reads, does not answer
    with world.db.read() as session:
        steps = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid).next_steps
        own = partnerships.get_partnership(session, world.actor("heidelberg_editor"), pid).next_steps
    assert steps[:2] == [Step("accept", kyoto), Step("decline", kyoto)]
    assert Step("withdraw", heidelberg) in own and not any(s.action == "decline" for s in own)


def test_only_the_citys_staff_see_its_invitations(world: World) -> None:
    proposed(world)
    kyoto = world.city["Kyoto"]
    with world.db.read() as session:
        with pytest.raises(PermissionDenied):
            partnerships.open_invitations(session, world.actor("heidelberg_editor"), kyoto)
        with pytest.raises(PermissionDenied):
            partnerships.open_invitations(session, world.actor("c40_secretariat"), kyoto)
        with pytest.raises(NotAuthenticated):
            partnerships.open_invitations(session, world.actor("public"), kyoto)
        assert len(partnerships.open_invitations(session, world.actor("admin"), kyoto).received) == 1


def test_the_invited_city_declines_with_a_reason_and_the_proposal_ends(world: World) -> None:
    pid = proposed(world)
    kyoto = world.city["Kyoto"]
    # The proposer cannot decline for the invited city, nor for its own city (which accepted).
    with world.db.write() as session, pytest.raises(PermissionDenied, match="own city"):
        partnerships.decline(session, world.actor("heidelberg_editor"), pid, kyoto)
    with world.db.write() as session, pytest.raises(Conflict, match="end the partnership instead"):
        partnerships.decline(session, world.actor("heidelberg_editor"), pid, world.city["Heidelberg"])
    with world.db.write() as session, pytest.raises(InvalidInput, match="reason"):
        partnerships.decline(session, world.actor("kyoto_editor"), pid, kyoto, reason="x" * 2001)
    assert _audit(world, "decline") == []
    with world.db.write() as session:
        partnerships.decline(session, world.actor("kyoto_editor"), pid, kyoto, reason="No staff", today=TODAY)
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
        left = partnerships.open_invitations(session, world.actor("kyoto_editor"), kyoto)
    assert (view.status, view.ended_on, view.next_steps) == ("ended", TODAY, [])
    assert view.ending == partnerships.Ending("declined", kyoto, "No staff")
    assert left.received == []
    [entry] = _audit(world, "decline")
    assert (entry.city_id, entry.after) == (
        kyoto,
        {"declined_by": kyoto, "on": TODAY.isoformat(), "reason": "No staff", "status": "ended"},
    )
    with world.db.write() as session, pytest.raises(Conflict, match="only an open invitation"):
        partnerships.decline(session, world.actor("kyoto_editor"), pid, kyoto)


def test_an_accepted_invitation_is_not_declined(world: World) -> None:
    pid = proposed(world)
    kyoto = world.city["Kyoto"]
    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), pid, kyoto, today=TODAY)
    with world.db.write() as session, pytest.raises(Conflict, match="accepted on"):
        partnerships.decline(session, world.actor("kyoto_editor"), pid, kyoto)
    with world.db.write() as session, pytest.raises(Conflict, match="only a proposal"):
        partnerships.withdraw(session, world.actor("heidelberg_editor"), pid)


def test_an_observer_that_declines_is_no_longer_named(world: World) -> None:
    pid = proposed(world, by="kyoto_editor", city="Kyoto", partners=("Cologne",))
    heidelberg = world.city["Heidelberg"]
    with world.db.write() as session:
        partnerships.add_member(session, world.actor("kyoto_editor"), pid, heidelberg, "observer")
    with world.db.read() as session:
        asked = partnerships.open_invitations(session, world.actor("heidelberg_editor"), heidelberg)
    assert [(i.partnership_id, i.role) for i in asked.received] == [(pid, "observer")]
    with world.db.write() as session:
        partnerships.decline(session, world.actor("heidelberg_editor"), pid, heidelberg, today=TODAY)
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
    assert (view.status, view.ending) == ("proposed", None)  # Kyoto and Cologne go on
    assert heidelberg not in {m.city_id for m in view.members}


def test_only_the_proposers_editors_withdraw(world: World) -> None:
    pid = proposed(world)
    before = len(_audit(world, "withdraw"))
    for who, error in (
        ("kyoto_editor", PermissionDenied),
        ("heidelberg_viewer", PermissionDenied),
        ("public", NotFound),  # a proposal is not found by the public
    ):
        with world.db.write() as session, pytest.raises(error):
            partnerships.withdraw(session, world.actor(who), pid)
    assert len(_audit(world, "withdraw")) == before
    with world.db.write() as session:
        partnerships.withdraw(
            session, world.actor("heidelberg_editor"), pid, reason="Budget cut", today=TODAY
        )
    with world.db.read() as session:
        view = partnerships.get_partnership(session, world.actor("kyoto_editor"), pid)
        asked = partnerships.open_invitations(session, world.actor("kyoto_editor"), world.city["Kyoto"])
    assert (view.status, view.ended_on) == ("ended", TODAY)
    assert view.ending == partnerships.Ending("withdrawn", world.city["Heidelberg"], "Budget cut")
    assert asked.received == []
    [entry] = _audit(world, "withdraw")
    assert entry.after == {"status": "ended", "on": TODAY.isoformat(), "reason": "Budget cut"}
