"""The first inventory in the database: the estimate as rows of a draft, the checklist, submission."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from citypact.domain import first_inventory as fi
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.inventory import first_inventory, inventories
from citypact.storage.models import ActivityRecord, AuditEntry, Inventory
from tests.conftest import World
from tests.factories import confirm_membership

HEIDELBERG = 159914


def _estimate(world: World, year: int = 2022, who: str = "heidelberg_editor", **kw: object) -> int:
    with world.db.write() as session:
        return first_inventory.write_first_estimate(
            session,
            world.actor(who),
            world.city["Heidelberg"],
            year=year,
            **kw,  # type: ignore[arg-type]
        )


def test_guide_before_any_inventory(world: World) -> None:
    with world.db.read() as session:
        view = first_inventory.first_inventory(
            session, world.actor("heidelberg_viewer"), world.city["Heidelberg"]
        )
    assert view.inventory is None and not view.can_edit
    assert len(view.steps) == 17
    assert view.preview is not None and view.preview.population == HEIDELBERG
    expected = first_inventory.estimate_for("DE", HEIDELBERG)
    assert view.preview.total_t == pytest.approx(expected.per_capita_t * HEIDELBERG)


def test_estimate_is_written_as_low_quality_rows_of_a_complete_draft(world: World) -> None:
    inventory_id = _estimate(world)
    estimate = first_inventory.estimate_for("DE", HEIDELBERG)
    with world.db.read() as session:
        inventory = session.get(Inventory, inventory_id)
        assert inventory is not None and (inventory.status, inventory.standard, inventory.year) == (
            "draft",
            "BASIC",
            2022,
        )
        records = list(
            session.scalars(select(ActivityRecord).where(ActivityRecord.inventory_id == inventory_id))
        )
        assert len(records) == 32
        assert {r.data_quality for r in records} == {"L"} and {r.source for r in records} == {
            fi.ESTIMATE_SOURCE
        }
        anchors = {r.gpc_ref: r for r in records if r.reported_co2e_t is not None}
        assert anchors["I.6.1"].reported_co2e_t == pytest.approx(estimate.total_t * 0.6)
        assert "median reported per-capita emissions" in (anchors["I.6.1"].explanation or "")
        detail = inventories.get_inventory(session, world.actor("heidelberg_editor"), inventory_id)
        assert detail.missing_refs == []
        assert detail.summary.totals is not None
        assert detail.summary.totals["basic"] == pytest.approx(estimate.total_t, rel=1e-9)
        view = first_inventory.first_inventory(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"]
        )
        assert {i.state for i in view.checklist} == {"estimate"} and view.local_share == 0.0
        actions = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "inventory", AuditEntry.entity_id == str(inventory_id)
            )
        ).all()
        assert "first_estimate" in actions


def test_local_data_replace_the_estimate_and_the_draft_is_submitted(world: World) -> None:
    inventory_id = _estimate(world)
    editor = world.actor("heidelberg_editor")
    with world.db.read() as session:
        view = first_inventory.first_inventory(session, editor, world.city["Heidelberg"])
    row = next(r for r in view.rows if r.gpc_ref == "I.1.1")
    assert row.estimate and row.notation_key == "IE"
    local = {
        "notation_key": None,
        "explanation": None,
        "fuel": "Natural Gas",
        "amount": 1000.0,
        "unit": "MWh",
        "source": "utility bills",
        "data_quality": "H",
    }
    inventories.record_activity(world.db, editor, inventory_id, local, row.record_id)
    with world.db.read() as session:
        view = first_inventory.first_inventory(session, editor, world.city["Heidelberg"])
    items = {i.subsector: i.state for i in view.checklist}
    assert items["I.1"] == "local" and items["I.2"] == "estimate"
    assert view.local_share == pytest.approx(1 / 17)
    with world.db.write() as session:
        inventories.set_status(session, editor, inventory_id, "submitted")
    with world.db.read() as session:
        view = first_inventory.first_inventory(session, editor, world.city["Heidelberg"])
    assert view.inventory is not None and view.inventory.status == "submitted"


def test_refusals_write_nothing(world: World) -> None:
    city = world.city["Heidelberg"]
    for who, error in (
        ("public", NotAuthenticated),
        ("kyoto_editor", PermissionDenied),
        ("heidelberg_viewer", PermissionDenied),
        ("c40_secretariat", PermissionDenied),
    ):
        with pytest.raises(error), world.db.write() as session:
            first_inventory.write_first_estimate(session, world.actor(who), city, year=2022)
    with pytest.raises(InvalidInput) as bad, world.db.write() as session:
        first_inventory.write_first_estimate(
            session, world.actor("heidelberg_editor"), city, year=2022, population=0
        )
    assert bad.value.field == "population"
    with pytest.raises(InvalidInput) as bad, world.db.write() as session:
        first_inventory.write_first_estimate(session, world.actor("heidelberg_editor"), city, year=1800)
    assert bad.value.field == "year"
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Inventory)) == 0
    _estimate(world)
    with pytest.raises(Conflict, match="already has rows"):
        _estimate(world)
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ActivityRecord)) == 32


def test_who_reads_the_path(world: World) -> None:
    city = world.city["Heidelberg"]
    with pytest.raises(PermissionDenied), world.db.read() as session:
        first_inventory.first_inventory(session, world.actor("kyoto_editor"), city)
    with pytest.raises(NotAuthenticated), world.db.read() as session:
        first_inventory.first_inventory(session, world.actor("public"), city)
    with pytest.raises(NotFound), world.db.read() as session:
        first_inventory.first_inventory(session, world.actor("heidelberg_editor"), 999_999)
    confirm_membership(world, "Kyoto")  # a C40 member: its secretariat reads Kyoto's drafts
    with world.db.read() as session:
        view = first_inventory.first_inventory(session, world.actor("c40_secretariat"), world.city["Kyoto"])
    assert not view.can_edit


def test_mentor_comments(world: World) -> None:
    from tests.beginners_fixture import mentor_world

    mentor_world(world)
    city = world.city["Heidelberg"]
    munich = world.actor("munich_editor")
    with pytest.raises(Conflict, match="no inventory"), world.db.write() as session:
        first_inventory.add_comment(session, munich, city, subsector="I.1", body="Start with the bills")
    _estimate(world)
    with world.db.write() as session:
        first = first_inventory.add_comment(
            session, munich, city, subsector="i.1", body="  Ask Stadtwerke for the bills "
        )
    with world.db.write() as session:
        first_inventory.add_comment(
            session, world.actor("heidelberg_editor"), city, subsector="I.1", body="Done, thanks"
        )
    for who in ("munich_editor", "heidelberg_viewer", "heidelberg_editor"):
        with world.db.read() as session:
            view = first_inventory.first_inventory(session, world.actor(who), city)
        assert [c.body for c in view.comments] == ["Done, thanks", "Ask Stadtwerke for the bills"], who
        assert view.mentors == ((world.city["Munich"], "Munich"),)
        assert view.inventory is not None and len(view.checklist) == 17
    assert view.comments[1].author_city_name == "Munich" and view.comments[1].subsector == "I.1"
    with world.db.read() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.entity == "first_inventory_comment", AuditEntry.entity_id == str(first))
            )
            == 1
        )
    for who, error in (
        ("kyoto_editor", PermissionDenied),
        ("public", NotAuthenticated),
        ("heidelberg_viewer", PermissionDenied),
    ):
        with pytest.raises(error), world.db.write() as session:
            first_inventory.add_comment(session, world.actor(who), city, subsector="I.1", body="x")
    for body, subsector, field in (
        ("", "I.1", "body"),
        ("x" * 2001, "I.1", "body"),
        ("ok", "IV.1", "subsector"),
    ):
        with pytest.raises(InvalidInput) as bad, world.db.write() as session:
            first_inventory.add_comment(session, munich, city, subsector=subsector, body=body)
        assert bad.value.field == field
    with pytest.raises(PermissionDenied), world.db.read() as session:
        first_inventory.first_inventory(session, world.actor("kyoto_editor"), city)
