"""Joint procurement services: who opens and runs a procurement, each city's own demand, the
group's totals (hand-computed), withdrawal before publication only, what each role sees, and
optimistic locking."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from citypact.domain.access import Actor
from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, StaleVersion
from citypact.services.procurement import demand, lots, participants, procurements, views
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.factories import (
    BIDS_DUE,
    confirm_membership,
    joint_procurement,
    procurement,
    procurement_demand,
    procurement_lot,
)


def test_open_makes_the_lead_city_a_participant_and_invites_the_others(world: World) -> None:
    pid = procurement(world)
    with world.db.read() as session:
        view = views.get_procurement(session, world.actor("heidelberg_editor"), pid)
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.entity == "procurement", AuditEntry.action == "open")
        )
    assert view.phase == "needs_assessment" and view.status == "active" and view.cpv == "34144910-0"
    assert [(p.city_name, p.status, p.department) for p in view.participants] == [
        ("Heidelberg", "joined", "Transport"),
        ("Kyoto", "invited", ""),
    ]
    assert view.can_run and view.next_phases == ["market_dialogue", "tender_published"]
    assert view.bids_due_at == BIDS_DUE
    assert entry is not None and entry.entity_id == str(pid)


@pytest.mark.parametrize(("who", "error"), [("kyoto_editor", PermissionDenied), ("public", NotAuthenticated)])
def test_only_the_lead_citys_editors_open_in_its_name(world: World, who: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        procurement(world, by=who)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cpv": "34144910"}, "cpv"),
        ({"currency": "XXX"}, "currency"),
        ({"title": ""}, "title"),
        ({"bids_due_at": "2020-01-01T00:00:00+00:00"}, "bids_due_at"),
        ({"bids_due_at": "2099-01-01T00:00"}, "bids_due_at"),
        ({"phase": "award"}, "phase"),
        ({"bids_due_at": "9999-12-31T23:59:00-12:00"}, "bids_due_at"),
    ],
)
def test_bad_changes_name_the_field(world: World, changes: dict[str, object], field: str) -> None:
    pid = procurement(world)
    with pytest.raises(InvalidInput) as error, world.db.write() as session:
        procurements.update_procurement(session, world.actor("heidelberg_editor"), pid, changes)
    assert error.value.field == field


def test_another_citys_editor_cannot_change_the_procurement(world: World) -> None:
    pid = procurement(world)
    kyoto = world.actor("kyoto_editor")
    with pytest.raises(PermissionDenied), world.db.write() as session:
        procurements.update_procurement(session, kyoto, pid, {"title": "Ours now"})
    with pytest.raises(PermissionDenied), world.db.write() as session:
        lots.add_lot(session, kyoto, pid, {"number": 2, "title": "Chargers", "unit": "charger"})
    with pytest.raises(PermissionDenied), world.db.write() as session:
        procurements.move_phase(session, kyoto, pid, "market_dialogue")


def test_a_stale_version_is_refused(world: World) -> None:
    pid = procurement(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        procurements.update_procurement(session, editor, pid, {"title": "Buses"}, expected_version=1)
    with pytest.raises(StaleVersion), world.db.write() as session:
        procurements.update_procurement(session, editor, pid, {"title": "Trams"}, expected_version=1)


def test_the_groups_totals_per_lot(world: World) -> None:
    jp = joint_procurement(world)
    with world.db.read() as session:
        lead = views.get_procurement(session, world.actor("heidelberg_editor"), jp.id)
        kyoto = views.get_procurement(session, world.actor("kyoto_editor"), jp.id)
    (lot,) = lead.lots
    # Heidelberg 10 + Kyoto 4 buses; ceilings 600,000,000 + 250,000,000 cents.
    assert (lot.total_quantity, lot.participants, lot.total_budget_minor) == (14.0, 2, 850_000_000)
    assert (lot.delivery_from, lot.delivery_to) == (2027, 2028)
    assert kyoto.lots == lead.lots
    # The lead buyer sees every line; a participant only its own.
    assert sorted(d.city_name for d in lead.demand) == ["Heidelberg", "Kyoto"]
    assert [(d.city_name, d.quantity) for d in kyoto.demand] == [("Kyoto", 4.0)]


def test_another_citys_editor_cannot_change_a_participants_demand(world: World) -> None:
    jp = joint_procurement(world)
    for who, city in (
        ("heidelberg_editor", "Kyoto"),
        ("kyoto_editor", "Heidelberg"),
        ("heidelberg_viewer", "Heidelberg"),
    ):
        with pytest.raises(PermissionDenied), world.db.write() as session:
            demand.set_demand(
                session,
                world.actor(who),
                jp.id,
                world.city[city],
                jp.lot_id,
                quantity=99,
                delivery_from=2027,
                delivery_to=2027,
            )
    with world.db.read() as session:
        lot = views.get_procurement(session, world.actor("heidelberg_editor"), jp.id).lots[0]
    assert lot.total_quantity == 14.0


def test_demand_needs_a_joined_city_and_good_values(world: World) -> None:
    pid = procurement(world)
    lot_id = procurement_lot(world, pid)
    with pytest.raises(InvalidInput, match="join it first"):
        procurement_demand(world, pid, lot_id, city="Kyoto", by="kyoto_editor")
    bad = [
        ({"quantity": -1}, "quantity"),
        ({"quantity": "ten"}, "quantity"),
        ({"delivery": (2028, 2027)}, "delivery_to"),
        ({"delivery": (1900, 2027)}, "delivery_from"),
        ({"budget_ceiling_minor": 10**16}, "budget_ceiling_minor"),
    ]
    for kwargs, field in bad:
        with pytest.raises(InvalidInput) as error:
            procurement_demand(world, pid, lot_id, **kwargs)  # type: ignore[arg-type]
        assert error.value.field == field


def test_a_withdrawn_city_counts_no_more(world: World) -> None:
    jp = joint_procurement(world)
    with world.db.write() as session:
        participants.withdraw(session, world.actor("kyoto_editor"), jp.id, world.city["Kyoto"])
    with world.db.read() as session:
        view = views.get_procurement(session, world.actor("heidelberg_editor"), jp.id)
    assert (view.lots[0].total_quantity, view.lots[0].participants, view.lots[0].total_budget_minor) == (
        10.0,
        1,
        600_000_000,
    )
    assert [p.status for p in view.participants] == ["joined", "withdrawn"]
    assert [d.withdrawn for d in view.demand if d.city_name == "Kyoto"] == [True]


def test_withdrawal_is_refused_after_publication_with_the_reason(world: World) -> None:
    jp = joint_procurement(world, publish=True)
    with (
        pytest.raises(InvalidInput, match="cannot withdraw after publication") as error,
        world.db.write() as session,
    ):
        participants.withdraw(session, world.actor("kyoto_editor"), jp.id, world.city["Kyoto"])
    assert error.value.field == "phase"
    with pytest.raises(InvalidInput, match="published"), world.db.write() as session:
        demand.set_demand(
            session,
            world.actor("kyoto_editor"),
            jp.id,
            world.city["Kyoto"],
            jp.lot_id,
            quantity=5,
            delivery_from=2027,
            delivery_to=2028,
        )


def test_the_lead_city_cannot_withdraw_and_others_cannot_withdraw_for_a_city(world: World) -> None:
    jp = joint_procurement(world)
    with pytest.raises(Exception, match="cancel it instead"), world.db.write() as session:
        participants.withdraw(session, world.actor("heidelberg_editor"), jp.id, world.city["Heidelberg"])
    with pytest.raises(PermissionDenied), world.db.write() as session:
        participants.withdraw(session, world.actor("heidelberg_editor"), jp.id, world.city["Kyoto"])


def test_publication_needs_demand(world: World) -> None:
    pid = procurement(world)
    procurement_lot(world, pid)
    with pytest.raises(InvalidInput, match="state its demand"), world.db.write() as session:
        procurements.move_phase(session, world.actor("heidelberg_editor"), pid, "tender_published")


def test_publication_lapses_open_invitations_and_records_the_day(world: World) -> None:
    pid = procurement(world)
    lot_id = procurement_lot(world, pid)
    procurement_demand(world, pid, lot_id)
    moment = dt.datetime(2099, 5, 2, 9, 0, tzinfo=dt.UTC)
    with world.db.write() as session:
        procurements.move_phase(
            session, world.actor("heidelberg_editor"), pid, "tender_published", now=moment
        )
    with world.db.read() as session:
        view = views.get_procurement(session, world.actor("heidelberg_editor"), pid)
    assert [p.status for p in view.participants] == ["joined", "withdrawn"]
    published = next(m for m in view.timeline if m.phase == "tender_published")
    assert published.actual_on == dt.date(2099, 5, 2)
    assert [m.phase for m in view.timeline][:3] == ["needs_assessment", "market_dialogue", "tender_published"]


def test_bids_due_only_after_the_deadline(world: World) -> None:
    jp = joint_procurement(world, publish=True)
    editor = world.actor("heidelberg_editor")
    with pytest.raises(InvalidInput, match="sealed"), world.db.write() as session:
        procurements.move_phase(session, editor, jp.id, "bids_due", now=BIDS_DUE - dt.timedelta(minutes=1))
    with world.db.write() as session:
        procurements.move_phase(session, editor, jp.id, "bids_due", now=BIDS_DUE)
    with pytest.raises(InvalidInput, match="cannot change"), world.db.write() as session:
        procurements.update_procurement(session, editor, jp.id, {"bids_due_at": "2099-12-01T00:00:00+00:00"})


def test_the_public_sees_only_a_published_procurement_and_its_published_part(world: World) -> None:
    jp = joint_procurement(world)
    with pytest.raises(NotFound), world.db.read() as session:
        views.get_procurement(session, Actor(), jp.id)
    with world.db.read() as session:
        assert views.city_procurements(session, Actor(), world.city["Kyoto"]) == []
    with world.db.write() as session:
        procurements.move_phase(
            session,
            world.actor("heidelberg_editor"),
            jp.id,
            "tender_published",
            now=BIDS_DUE - dt.timedelta(days=9),
        )
    with world.db.read() as session:
        public = views.get_procurement(session, Actor(), jp.id)
        listed = views.city_procurements(session, Actor(), world.city["Kyoto"])
    assert public.demand == [] and not public.can_run and not public.reads_all
    assert {p.department for p in public.participants} == {""}
    assert public.lots[0].total_quantity == 14.0
    assert [(s.id, s.role, s.participants) for s in listed] == [(jp.id, "participant", 2)]


def test_a_citys_procurements_for_its_staff(world: World) -> None:
    pid = procurement(world)
    with world.db.read() as session:
        kyoto = views.city_procurements(session, world.actor("kyoto_editor"), world.city["Kyoto"])
        heidelberg = views.city_procurements(
            session, world.actor("heidelberg_viewer"), world.city["Heidelberg"]
        )
    assert [(s.id, s.role) for s in kyoto] == [(pid, "participant")]
    assert [(s.id, s.role, s.lead_name) for s in heidelberg] == [(pid, "lead", "Heidelberg")]


def test_a_network_opens_a_procurement_among_confirmed_members(world: World) -> None:
    kwargs = {"by": "c40_secretariat", "lead": "Kyoto", "invited": ("Portland",), "network": "c40"}
    with pytest.raises(InvalidInput, match="not confirmed members of c40: Portland, Kyoto"):
        procurement(world, **kwargs)  # type: ignore[arg-type]
    confirm_membership(world, "Kyoto")
    confirm_membership(world, "Portland")
    pid = procurement(world, **kwargs)  # type: ignore[arg-type]
    with world.db.read() as session:
        view = views.get_procurement(session, world.actor("c40_secretariat"), pid)
    assert view.can_run and view.network_slug == "c40" and view.lead_name == "Kyoto"
    with pytest.raises(InvalidInput, match="not confirmed its membership"), world.db.write() as session:
        participants.invite(session, world.actor("c40_secretariat"), pid, world.city["Heidelberg"])
    with pytest.raises(PermissionDenied):
        procurement(world, by="heidelberg_editor", **{k: v for k, v in kwargs.items() if k != "by"})  # type: ignore[arg-type]


def test_cancelled_procurements_are_read_only(world: World) -> None:
    jp = joint_procurement(world)
    editor = world.actor("heidelberg_editor")
    with pytest.raises(InvalidInput), world.db.write() as session:
        procurements.cancel(session, editor, jp.id, "")
    with world.db.write() as session:
        procurements.cancel(session, editor, jp.id, "The budget was cut.")
    with pytest.raises(Exception, match="cancelled"), world.db.write() as session:
        lots.add_lot(session, editor, jp.id, {"number": 2, "title": "Chargers", "unit": "charger"})
    with pytest.raises(Exception, match="cancelled"):
        procurement_demand(world, jp.id, jp.lot_id, quantity=3)


def test_lots_numbers_and_removal(world: World) -> None:
    jp = joint_procurement(world)
    editor = world.actor("heidelberg_editor")
    with pytest.raises(InvalidInput, match="lot 1 exists"), world.db.write() as session:
        lots.add_lot(session, editor, jp.id, {"number": 1, "title": "Chargers", "unit": "charger"})
    with world.db.write() as session:
        lots.update_lot(session, editor, jp.id, jp.lot_id, {"title": "Buses, 12 m", "cpv": "34144910-0"}, 1)
        lots.delete_lot(session, editor, jp.id, jp.lot_id, 2)
    with world.db.read() as session:
        view = views.get_procurement(session, editor, jp.id)
    assert view.lots == [] and view.demand == []


def test_timeline_dates(world: World) -> None:
    pid = procurement(world)
    with world.db.write() as session:
        procurements.set_milestone(
            session, world.actor("heidelberg_editor"), pid, "award", planned_on="2099-09-01"
        )
    with pytest.raises(InvalidInput) as error, world.db.write() as session:
        procurements.set_milestone(
            session, world.actor("heidelberg_editor"), pid, "award", actual_on="2999-01-01"
        )
    assert error.value.field == "actual_on"
    with world.db.read() as session:
        view = views.get_procurement(session, world.actor("kyoto_editor"), pid)
    assert next(m for m in view.timeline if m.phase == "award").planned_on == dt.date(2099, 9, 1)
