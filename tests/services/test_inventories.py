"""Inventories in the database: imports all-or-nothing, authorization, status, recalculation, history."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from citypact.formats.errors import ImportErrors
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from citypact.services.inventory import waste as inventory_waste
from citypact.storage.models import ActivityRecord, AuditEntry, Inventory
from tests.conftest import World
from tests.factories import complete, confirm_membership, new_inventory

SHARED = Path(
    os.environ.get("CITYPACT_SHARED_DATA", Path(__file__).resolve().parents[2].parent / "shared" / "data")
)

ACTIVITY = """gpc_ref,fuel,amount,unit,notation_key,explanation,source,year,data_quality
I.1.1,Natural Gas,1000,MWh,,,utility bills,2022,H
I.1.2,electricity,1000,MWh,,,grid operator,2022,H
I.4.4,,,,NO,no power plant in the city,,,
"""
GAS_T = 201.96 + 0.018 * 28 + 0.00036 * 265  # 1000 MWh natural gas in homes, AR5


def _file(tmp_path: Path, text: str = ACTIVITY, name: str = "activity.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _rows(world: World, inventory_id: int) -> int:
    with world.db.read() as session:
        count = session.scalar(
            select(func.count())
            .select_from(ActivityRecord)
            .where(ActivityRecord.inventory_id == inventory_id)
        )
    return int(count or 0)


def test_import_computes_totals_and_audits(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world)
    with world.db.write() as session:
        result = inventory_imports.import_file(
            session, world.actor("heidelberg_editor"), inventory_id, _file(tmp_path)
        )
        assert result.scope1 == pytest.approx(GAS_T)
        assert result.scope2 > 0
        assert result.basic == pytest.approx(result.scope1 + result.scope2)
    with world.db.read() as session:
        detail = inventories.get_inventory(session, world.actor("heidelberg_editor"), inventory_id)
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "inventory")).all()
    assert detail.rows.height == 3
    assert detail.summary.totals is not None
    assert detail.summary.totals["basic"] == pytest.approx(result.basic)
    assert detail.rows["co2e_t"].to_list()[2] is None  # the notation key stays missing
    assert list(actions) == ["create", "import"]


def test_a_bad_row_writes_nothing(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world)
    with world.db.write() as session:
        inventory_imports.import_file(
            session, world.actor("heidelberg_editor"), inventory_id, _file(tmp_path)
        )
    broken = _file(tmp_path, ACTIVITY + "I.2.1,Natural Gaz,5,MWh,,,,,\n", "broken.csv")
    with pytest.raises(ImportErrors) as caught, world.db.write() as session:
        inventory_imports.import_file(session, world.actor("heidelberg_editor"), inventory_id, broken)
    assert "broken.csv, row 5, column 'fuel'" in str(caught.value)
    assert "natural gas" in str(caught.value)
    assert _rows(world, inventory_id) == 3  # the earlier import is untouched


def test_one_citys_editor_cannot_touch_another_citys_inventory(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world)
    for who, error in (("kyoto_editor", PermissionDenied), ("heidelberg_viewer", PermissionDenied)):
        with pytest.raises(error), world.db.write() as session:
            inventory_imports.import_file(session, world.actor(who), inventory_id, _file(tmp_path))
    with pytest.raises(NotAuthenticated), world.db.write() as session:
        inventories.create_inventory(session, world.actor("public"), world.city["Heidelberg"], year=2021)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        inventories.create_inventory(
            session, world.actor("kyoto_editor"), world.city["Heidelberg"], year=2021
        )
    assert _rows(world, inventory_id) == 0


def test_drafts_are_private_and_submitted_inventories_public(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world)
    with pytest.raises(NotFound), world.db.read() as session:
        inventories.get_inventory(session, world.actor("public"), inventory_id)
    with world.db.read() as session:
        assert inventories.list_inventories(session, world.actor("public"), world.city["Heidelberg"]) == []
        viewer = inventories.get_inventory(session, world.actor("heidelberg_viewer"), inventory_id)
        assert not viewer.can_edit
    with world.db.write() as session:
        editor = world.actor("heidelberg_editor")
        inventory_imports.import_file(session, editor, inventory_id, _file(tmp_path))
        complete(session, editor, inventory_id)
        inventories.set_status(session, editor, inventory_id, "submitted")
    with world.db.read() as session:
        public = inventories.get_inventory(session, world.actor("public"), inventory_id)
    assert public.summary.status == "submitted"


def test_status_rules(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world, by="kyoto_editor", city="Kyoto", year=2022)
    editor = world.actor("kyoto_editor")
    with pytest.raises(Conflict), world.db.write() as session:
        inventories.set_status(session, editor, inventory_id, "submitted")  # nothing in it yet
    with world.db.write() as session:
        inventory_imports.import_file(session, editor, inventory_id, _file(tmp_path))
        complete(session, editor, inventory_id)
        inventories.set_status(session, editor, inventory_id, "submitted")
    with pytest.raises(Conflict), world.db.write() as session:  # submitted inventories are locked
        inventories.save_activity(
            session,
            editor,
            inventory_id,
            {"gpc_ref": "I.2.1", "fuel": "Natural Gas", "amount": 1, "unit": "MWh"},
        )
    with pytest.raises(PermissionDenied), world.db.write() as session:
        inventories.set_status(session, editor, inventory_id, "verified")  # not by the city itself
    with pytest.raises(InvalidInput), world.db.write() as session:
        inventories.set_status(session, editor, inventory_id, "published")
    with pytest.raises(PermissionDenied), world.db.write() as session:  # listed in C40, unconfirmed
        inventories.set_status(session, world.actor("c40_secretariat"), inventory_id, "verified")
    confirm_membership(world, "Kyoto")  # Kyoto confirmed its C40 membership: the secretariat verifies
    secretariat = world.actor("c40_secretariat")
    # The test file's few rows for Kyoto's 1.4 million people are far below any city's per-capita
    # emissions: warned about, and verification waits until each warning is acknowledged.
    with pytest.raises(Conflict, match="cannot be verified while 2 warnings"), world.db.write() as session:
        inventories.set_status(session, secretariat, inventory_id, "verified")
    with world.db.write() as session:
        for warning in inventories.get_inventory(session, secretariat, inventory_id).warnings:
            inventories.acknowledge_warning(session, secretariat, inventory_id, warning.key, "test data")
    with world.db.write() as session:
        inventories.set_status(session, secretariat, inventory_id, "verified")
    with world.db.read() as session:
        assert session.get(Inventory, inventory_id).status == "verified"  # type: ignore[union-attr]


def test_edit_one_row_and_recalculate_keeps_the_old_result(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        inventory_imports.import_file(session, editor, inventory_id, _file(tmp_path))
        record = inventories.save_activity(
            session,
            editor,
            inventory_id,
            {"gpc_ref": "II.1.1", "fuel": "Gas/Diesel Oil", "amount": 100.0, "unit": "t", "source": "survey"},
        )
        with pytest.raises(InvalidInput) as caught:
            inventories.save_activity(session, editor, inventory_id, {"unit": "bananas"}, record.id)
        assert caught.value.field == "unit"
        before = inventories.recalculate(session, editor, inventory_id)
        after = inventories.recalculate(session, editor, inventory_id, gwp="AR4")
    assert after.gwp == "AR4"
    assert after.basic != pytest.approx(before.basic)
    with world.db.read() as session:
        detail = inventories.get_inventory(session, editor, inventory_id)
    assert [r.gwp for r in detail.results[:2]] == ["AR4", "AR5"]
    assert [r.is_current for r in detail.results[:2]] == [True, False]


def test_year_over_year(world: World, tmp_path: Path) -> None:
    editor = world.actor("heidelberg_editor")
    for year, amount in ((2021, 2000), (2022, 1000)):
        inventory_id = new_inventory(world, year=year)
        text = f"gpc_ref,fuel,amount,unit\nI.1.1,Natural Gas,{amount},MWh\n"
        with world.db.write() as session:
            inventory_imports.import_file(session, editor, inventory_id, _file(tmp_path, text))
    with world.db.read() as session:
        table = inventories.year_over_year(session, editor, world.city["Heidelberg"])
    assert table["year"].to_list() == [2021, 2022]
    assert table["basic_change"].to_list()[1] == pytest.approx(-0.5)
    assert table["sector_I"].to_list()[1] == pytest.approx(GAS_T)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is absent")
def test_citycatalyst_export_imports_with_its_totals(world: World) -> None:
    path = SHARED / "citycatalyst_brazil_gpc_inventories_2022" / "raw" / "inventory-BR_ACZ-2022.csv"
    inventory_id = new_inventory(world)
    with world.db.write() as session:
        result = inventory_imports.import_file(session, world.actor("heidelberg_editor"), inventory_id, path)
    source = inventory_imports.read_citycatalyst(path)
    # AR5, the exporter's own GWP set: our BASIC+ plus the lines outside BASIC+ equals its sum.
    assert result.gwp == "AR5"
    total = sum(v for v in result.by_ref.values() if v is not None)
    assert total == pytest.approx(float(source["co2e_t"].sum()), rel=1e-4)


def test_waste_estimates_become_rows_weighted_with_the_inventory_gwp(world: World) -> None:
    inventory_id = new_inventory(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        # Methane commitment: 1000 t food waste x MCF 0.6 x DOC 0.15 x DOCf 0.5 x F 0.5 x 16/12 = 30 t CH4
        inventory_waste.add_waste_estimate(
            session,
            editor,
            inventory_id,
            method="methane_commitment",
            gpc_ref="III.1.2",
            parameters={"landfilled_t": 1000.0, "composition": {"food": 1.0}},
            source="waste statistics 2022",
        )
        # Composting: 1000 t x 4 g CH4/kg = 4 t CH4, x 0.3 g N2O/kg = 0.3 t N2O (Table 4.1, wet)
        inventory_waste.add_waste_estimate(
            session,
            editor,
            inventory_id,
            method="biological_treatment",
            gpc_ref="III.2.1",
            parameters={"treated_t": {"composting": 1000.0}},
            source="waste statistics 2022",
        )
        with pytest.raises(InvalidInput) as caught:
            inventory_waste.add_waste_estimate(
                session,
                editor,
                inventory_id,
                method="methane_commitment",
                gpc_ref="III.1.1",
                parameters={"landfilled_t": 1000.0, "composition": {"food": 1.2}},
                source="x",
            )
        assert "between 0 and 1" in caught.value.message
        with pytest.raises(InvalidInput) as caught:
            inventory_waste.add_waste_estimate(
                session,
                editor,
                inventory_id,
                method="incineration",
                gpc_ref="III.1.1",
                parameters={},
                source="x",
            )
        assert caught.value.field == "gpc_ref"
        result = inventories.recalculate(session, editor, inventory_id)
    assert result.by_ref["III.1.2"] == pytest.approx(30.0 * 28)
    assert result.by_ref["III.2.1"] == pytest.approx(4.0 * 28 + 0.3 * 265)
    assert result.scope3 == pytest.approx(30.0 * 28)  # waste treated outside the city


def test_demo_inventory_is_seeded_once(world: World) -> None:
    from citypact.services.auth import demo

    admin = world.actor("admin")
    with world.db.write() as session:
        first = demo.seed_demo_inventory(session, admin)
        again = demo.seed_demo_inventory(session, admin)
    assert first is not None and again is None
    with world.db.read() as session:
        detail = inventories.get_inventory(session, admin, first)
    # The demo's rows cover 8 of BASIC's 32 references (I.1.1-I.3.2, II.1.1, II.2.2; I.4.4 is
    # outside BASIC): the other 24 are NE, so the demo can be submitted.
    assert detail.rows.height == len(demo.DEMO_ACTIVITIES) + 1 + 24
    assert detail.missing_refs == []
    with world.db.write() as session:
        inventories.set_status(session, admin, first, "submitted")
    assert detail.summary.totals is not None and detail.summary.totals["basic"] > 0
