"""Issue 13, plausibility: completeness before submission, warnings acknowledged before verification."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from citypact.reference.plausibility import per_capita_ranges
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from citypact.services.inventory import inventories
from citypact.storage.models import AuditEntry, InventoryWarningAck
from tests.conftest import World
from tests.factories import complete, new_inventory

GAS = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "TJ"}
# 1,000 TJ of natural gas (IPCC 2006 Vol. 2 Table 2.2, residential): 56,100 kg CO2 + 5 kg CH4 x 28
# + 0.1 kg N2O x 265 per TJ (AR5) = 56,266.5 t CO2e.
GAS_T = 56_100 + 5 * 28 + 0.1 * 265


def test_a_one_row_basic_inventory_is_refused_naming_the_missing_references(world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS])
    editor = world.actor("heidelberg_editor")
    # BASIC: 32 references (test_plausibility), I.1.1 has an amount: 31 missing, listed in GPC order.
    with pytest.raises(Conflict) as refused, world.db.write() as session:
        inventories.set_status(session, editor, inventory_id, "submitted")
    message = str(refused.value)
    assert "The BASIC inventory cannot be submitted: 31 reference numbers" in message
    assert "key: I.1.2, I.2.1, I.2.2, I.3.1" in message and "III.4.2. Give each" in message
    assert " I.1.1," not in message and "I.4.4" not in message  # I.1.1 reported; I.4.4 not required
    assert "NE not estimated, saying why" in message
    with world.db.read() as session:
        detail = inventories.get_inventory(session, editor, inventory_id)
    assert len(detail.missing_refs) == 31 and detail.summary.status == "draft"
    with world.db.write() as session:
        complete(session, editor, inventory_id)
        inventories.set_status(session, editor, inventory_id, "submitted")


def test_basic_plus_needs_its_15_references_too(world: World) -> None:
    inventory_id = new_inventory(world, standard="BASIC+", rows=[GAS])
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:  # every BASIC reference reported or NO
        missing = inventories.get_inventory(session, editor, inventory_id).missing_refs
        assert len(missing) == 46  # 47 of BASIC+ less I.1.1
        basic_only = [r for r in missing if r not in ("I.1.3", "I.2.3", "I.3.3", "I.4.3", "I.5.3", "I.6.3",
                                                      "II.1.3", "II.2.3", "II.3.3", "II.4.3",
                                                      "IV.1", "IV.2", "V.1", "V.2", "V.3")]  # fmt: skip
        for ref in basic_only:
            inventories.save_activity(
                session, editor, inventory_id, {"gpc_ref": ref, "notation_key": "NO", "explanation": "none"}
            )
    with (
        pytest.raises(Conflict, match=r"BASIC\+ inventory .* 15 reference numbers.*: I\.1\.3, I\.2\.3"),
        world.db.write() as session,
    ):
        inventories.set_status(session, editor, inventory_id, "submitted")


def _open_keys(world: World, inventory_id: int) -> dict[str, str]:
    with world.db.read() as session:
        detail = inventories.get_inventory(session, world.actor("admin"), inventory_id)
    return {w.key: w.warning.code for w in detail.warnings if w.is_open}


def test_warnings_block_verification_until_acknowledged(world: World) -> None:
    # 56,266.5 t for 10 inhabitants: 5,626.65 t each, BASIC and scope 1 alike; the highest city seen
    # emits under 93 t each, so both lie above 10 times the range.
    inventory_id = new_inventory(world, population=10, rows=[GAS])
    editor, admin = world.actor("heidelberg_editor"), world.actor("admin")
    with world.db.write() as session:
        inventories.save_activity(session, editor, inventory_id, GAS)  # the same row again
        complete(session, editor, inventory_id)
    with world.db.read() as session:
        detail = inventories.get_inventory(session, editor, inventory_id)
    codes = [(w.warning.code, w.warning.figures.get("metric")) for w in detail.warnings]
    assert codes == [("duplicate_rows", None), ("per_capita_high", "basic"), ("per_capita_high", "scope1")]
    duplicate, high = detail.warnings[0], detail.warnings[1]
    assert len(duplicate.warning.rows) == 2  # the two record ids
    # Two rows of 1,000 TJ: 2 x 56,266.5 t for 10 people.
    assert high.warning.figures["per_capita_t"] == pytest.approx(2 * GAS_T / 10)
    assert high.warning.figures["bound_t"] == pytest.approx(per_capita_ranges()[0].high * 10)
    with world.db.write() as session:
        inventories.set_status(session, editor, inventory_id, "submitted")
    with (
        pytest.raises(Conflict, match="while 3 warnings are not acknowledged: rows") as refused,
        world.db.write() as session,
    ):
        inventories.set_status(session, admin, inventory_id, "verified")
    assert "basic is 1.13e+04 t CO2e per inhabitant, above 929" in str(refused.value)

    with world.db.write() as session:
        for key in _open_keys(world, inventory_id):
            inventories.acknowledge_warning(session, editor, inventory_id, key, "  a test city of ten  ")
    assert _open_keys(world, inventory_id) == {}
    with world.db.read() as session:
        acks = session.scalars(select(InventoryWarningAck.reason)).all()
        audited = session.scalars(select(AuditEntry.after).where(AuditEntry.action == "acknowledge")).all()
    assert acks == ["a test city of ten"] * 3
    assert {a["code"] for a in audited if a} == {"duplicate_rows", "per_capita_high"}
    with world.db.write() as session:
        inventories.set_status(session, admin, inventory_id, "verified")


def test_changed_data_make_a_new_warning(world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS])
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        inventories.save_activity(session, editor, inventory_id, GAS)
    (first,) = _open_keys(world, inventory_id)
    with world.db.write() as session:
        inventories.acknowledge_warning(session, editor, inventory_id, first, "two deliveries")
    assert _open_keys(world, inventory_id) == {}
    with world.db.write() as session:  # a third equal row: the warning now names three rows
        inventories.save_activity(session, editor, inventory_id, GAS)
    (second,) = _open_keys(world, inventory_id)
    assert second != first
    with (
        pytest.raises(InvalidInput, match="warning_key: the inventory has no such warning now"),
        world.db.write() as session,
    ):
        inventories.acknowledge_warning(session, editor, inventory_id, first, "two deliveries")


def test_who_may_acknowledge_and_what_is_refused(world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS])
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        inventories.save_activity(session, editor, inventory_id, GAS)
    (key,) = _open_keys(world, inventory_id)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        inventories.acknowledge_warning(session, world.actor("heidelberg_viewer"), inventory_id, key, "fine")
    with pytest.raises(PermissionDenied), world.db.write() as session:
        inventories.acknowledge_warning(session, world.actor("kyoto_editor"), inventory_id, key, "fine")
    with pytest.raises(NotFound), world.db.write() as session:
        inventories.acknowledge_warning(session, editor, 999_999, key, "fine")
    with (
        pytest.raises(InvalidInput, match="reason: say in 3 to 1,000 characters"),
        world.db.write() as session,
    ):
        inventories.acknowledge_warning(session, editor, inventory_id, key, "  ")
    with world.db.write() as session:
        inventories.acknowledge_warning(session, editor, inventory_id, key, "two deliveries")
    with pytest.raises(Conflict, match="acknowledged already"), world.db.write() as session:
        inventories.acknowledge_warning(session, editor, inventory_id, key, "again")
