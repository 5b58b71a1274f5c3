"""Activity rows and plan measures changed in place (issue 16): the edit pages read them through
the services, which show them only to the city's editors; a change is version-checked and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from citypact.services.errors import NotFound, PermissionDenied, StaleVersion
from citypact.services.inventory import inventories
from citypact.services.plans import action_plans
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.factories import new_inventory

GAS = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh", "source": "bills"}


def test_an_activity_row_is_read_and_changed_by_its_citys_editor(world: World) -> None:
    editor = world.actor("heidelberg_editor")
    inventory_id = new_inventory(world)
    record = inventories.record_activity(world.db, editor, inventory_id, GAS)
    with world.db.read() as session:
        row = inventories.get_activity(session, editor, inventory_id, record.id)
    assert row["amount"] == 1000.0 and row["fuel"] == "Natural Gas" and row["version"] == 1
    inventories.record_activity(
        world.db, editor, inventory_id, {**GAS, "amount": 2000.0}, record.id, expected_version=1
    )
    with world.db.read() as session:
        detail = inventories.get_inventory(session, editor, inventory_id)
        changes = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "activity_record", AuditEntry.entity_id == str(record.id)
            )
        ).all()
    # 2000 MWh of natural gas in homes (AR5): twice the 202.5594 t of 1000 MWh.
    assert detail.results[0].totals["basic"] == pytest.approx(405.1188, rel=1e-6)
    assert sorted(changes) == ["create", "update"]
    with pytest.raises(StaleVersion):  # the form read version 1; the row is at 2 now
        inventories.record_activity(
            world.db, editor, inventory_id, {**GAS, "amount": 3000.0}, record.id, expected_version=1
        )


def test_another_citys_editor_neither_reads_nor_changes_a_row(world: World) -> None:
    inventory_id = new_inventory(world)
    record = inventories.record_activity(world.db, world.actor("heidelberg_editor"), inventory_id, GAS)
    kyoto = world.actor("kyoto_editor")
    with pytest.raises(PermissionDenied), world.db.read() as session:
        inventories.get_activity(session, kyoto, inventory_id, record.id)
    with pytest.raises(PermissionDenied):
        inventories.record_activity(world.db, kyoto, inventory_id, {**GAS, "amount": 1.0}, record.id)
    with pytest.raises(PermissionDenied), world.db.read() as session:
        inventories.get_activity(session, world.actor("heidelberg_viewer"), inventory_id, record.id)
    other = new_inventory(world, city="Kyoto", by="kyoto_editor")
    with pytest.raises(NotFound), world.db.read() as session:  # Heidelberg's row under Kyoto's inventory
        inventories.get_activity(session, kyoto, other, record.id)


MEASURE = {
    "title": "Bus lanes",
    "field": "transport",
    "instrument": "regulatory",
    "expected_reduction_t": 500,
}


def test_a_plan_measure_is_read_and_changed_by_its_citys_editor(world: World) -> None:
    editor, city = world.actor("heidelberg_editor"), world.city["Heidelberg"]
    with world.db.write() as session:
        plan_id = action_plans.save_plan_measure(session, editor, city, MEASURE).id
    with world.db.write() as session:
        action_plans.save_plan_measure(
            session,
            editor,
            city,
            {"expected_reduction_t": 750, "owner_department": ""},
            plan_id,
            expected_version=1,
        )
    with world.db.read() as session:
        measure = action_plans.get_plan_measure(session, editor, city, plan_id)
        changes = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "plan_measure", AuditEntry.entity_id == str(plan_id)
            )
        ).all()
    assert measure.title == "Bus lanes" and measure.expected_reduction_t == 750 and measure.version == 2
    assert sorted(changes) == ["create", "update"]
    kyoto = world.actor("kyoto_editor")
    with pytest.raises(PermissionDenied), world.db.read() as session:
        action_plans.get_plan_measure(session, kyoto, city, plan_id)
    with pytest.raises(PermissionDenied), world.db.read() as session:
        action_plans.get_plan_measure(session, world.actor("heidelberg_viewer"), city, plan_id)
    with pytest.raises(NotFound), world.db.read() as session:  # Heidelberg's measure under Kyoto's id
        action_plans.get_plan_measure(session, kyoto, world.city["Kyoto"], plan_id)
