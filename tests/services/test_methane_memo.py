"""AR6 methane by origin chosen per inventory, biogenic CO2 of incineration in the memo total, and
an inventory whose totals mix GWP sets, through the services and the exports (issue 13)."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from citypact.services.errors import InvalidInput
from citypact.services.inventory import exports as inventory_exports
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from citypact.services.inventory import waste as inventory_waste
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.factories import new_inventory

GAS = "gpc_ref,fuel,amount,unit\nI.1.1,Natural Gas,1000,MWh\n"
# 1000 MWh of natural gas in homes (Vol. 2 Table 2.5): 201.96 t CO2, 0.018 t CH4, 0.00036 t N2O.
GAS_AR5 = 201.96 + 0.018 * 28 + 0.00036 * 265
GAS_AR6_SPLIT = 201.96 + 0.018 * 29.8 + 0.00036 * 273  # fossil methane

# A CityCatalyst export: I.1.1 adds up (kg CO2e per gas, AR5); III.1.1 does not (its total is
# 100 t CO2e, the split only 10 t), so it is kept as 100 t CO2e under AR5.
CITYCATALYST = (
    '"GPC Reference Number","Subsector name","Notation Key","Total Emissions","Total Emission Units",'
    '"Activity type","Activity Value","Activity Units","CO2 Emissions","CH4 Emissions","N2O Emissions",'
    '"Data source name"\n'
    '"I.1.1","Residential buildings",,"1028","t CO2e",,,,"1000000","28000","0","utility"\n'
    '"III.1.1","Solid waste disposal",,"100","t CO2e",,,,"0","10000","0","landfill operator"\n'
)


def _import(world: World, inventory_id: int, path: Path) -> None:
    with world.db.write() as session:
        inventory_imports.import_file(session, world.actor("heidelberg_editor"), inventory_id, path)


def test_the_methane_choice_is_stored_applied_and_its_change_audited(world: World, tmp_path: Path) -> None:
    editor = world.actor("heidelberg_editor")
    inventory_id = new_inventory(world, gwp="ar6-split")  # any case
    path = tmp_path / "gas.csv"
    path.write_text(GAS)
    _import(world, inventory_id, path)
    with world.db.read() as session:
        detail = inventories.get_inventory(session, editor, inventory_id)
    assert detail.summary.gwp == "AR6-split"
    assert detail.summary.totals is not None
    assert detail.summary.totals["basic"] == pytest.approx(GAS_AR6_SPLIT)
    with world.db.write() as session:
        back = inventories.recalculate(session, editor, inventory_id, gwp="AR5")
        with pytest.raises(InvalidInput) as caught:
            inventories.recalculate(session, editor, inventory_id, gwp="AR7")
        assert caught.value.field == "gwp"
    assert back.basic == pytest.approx(GAS_AR5)
    inventories.recompute(world.db, editor, inventory_id, gwp="AR6-split")
    with world.db.read() as session:
        trail = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "inventory", AuditEntry.action == "recalculate")
            .order_by(AuditEntry.id)
        ).all()
        detail = inventories.get_inventory(session, editor, inventory_id)
    assert [(a.before or {}).get("gwp") for a in trail] == ["AR6-split", "AR5"]
    assert [(a.after or {}).get("gwp") for a in trail] == ["AR5", "AR6-split"]
    assert [r.gwp for r in detail.results[:3]] == ["AR6-split", "AR5", "AR6-split"]
    assert detail.results[0].totals["basic"] == pytest.approx(GAS_AR6_SPLIT)


def test_incineration_biogenic_co2_reaches_the_memo_total(world: World) -> None:
    editor = world.actor("heidelberg_editor")
    inventory_id = new_inventory(world)
    with world.db.write() as session:
        # 100 t paper + 100 t plastics, continuous stoker (see tests/domain/test_waste_defaults.py):
        # fossil CO2 276.518 t, biogenic CO2 150.282 t, CH4 0.00004 t, N2O 0.01 t.
        inventory_waste.add_waste_estimate(
            session,
            editor,
            inventory_id,
            method="incineration",
            gpc_ref="III.3.1",
            parameters={"waste_t": {"paper": 100.0, "plastics": 100.0}},
            source="incinerator records 2022",
        )
        result = inventories.recalculate(session, editor, inventory_id)
    assert result.biogenic_co2 == pytest.approx(150.282)
    assert result.basic == pytest.approx(276.518 + 0.00004 * 28 + 0.01 * 265)
    with world.db.read() as session:
        detail = inventories.get_inventory(session, editor, inventory_id)
    assert detail.rows["biogenic_co2_t"].to_list() == pytest.approx([150.282])
    assert detail.summary.totals is not None
    assert detail.summary.totals["biogenic_co2"] == pytest.approx(150.282)
    gpc = inventory_exports.gpc_table(detail)
    assert gpc.filter(pl.col("gpc_ref") == "III.3.1")["biogenic_co2_t"].item() == pytest.approx(150.282)


def test_a_line_that_cannot_be_reweighed_marks_the_totals_and_exports_mixed(
    world: World, tmp_path: Path
) -> None:
    editor = world.actor("heidelberg_editor")
    inventory_id = new_inventory(world)
    path = tmp_path / "citycatalyst.csv"
    path.write_text(CITYCATALYST)
    _import(world, inventory_id, path)
    with world.db.write() as session:
        # Under AR6: I.1.1 = 1000 t CO2 + 1 t CH4 x 27.9 = 1027.9; III.1.1 stays 100 t (AR5).
        result = inventories.recalculate(session, editor, inventory_id, gwp="AR6")
    assert result.by_ref["I.1.1"] == pytest.approx(1027.9)
    assert result.by_ref["III.1.1"] == pytest.approx(100.0)
    assert result.other_gwp == {"AR5": pytest.approx(100.0)}
    with world.db.read() as session:
        detail = inventories.get_inventory(session, editor, inventory_id)
        listed = inventories.list_inventories(session, editor, world.city["Heidelberg"])
    assert detail.summary.other_gwp == {"AR5": pytest.approx(100.0)}
    assert listed[0].other_gwp == {"AR5": pytest.approx(100.0)}
    assert detail.results[0].other_gwp == {"AR5": pytest.approx(100.0)}
    # every export says so: JSON, rows CSV, GPC table, CRF workbook
    assert inventory_exports.as_json(detail)["inventory"]["other_gwp"] == {"AR5": pytest.approx(100.0)}
    assert "other_gwp" in inventory_exports.rows_csv(detail).splitlines()[0]
    gpc = inventory_exports.gpc_table(detail)
    assert gpc.filter(gpc["gpc_ref"] == "III.1.1")["other_gwp"].item() == "AR5"
    assert gpc.filter(gpc["gpc_ref"] == "I.1.1")["other_gwp"].item() == ""
    book = load_workbook(io.BytesIO(inventory_exports.crf_xlsx(detail)))
    caption = str(book.worksheets[0]["A1"].value)
    assert "mixed GWP sets: 100.0 t CO2e under AR5" in caption
    # The calculation's warnings name the row; back under AR5 nothing is mixed.
    with world.db.read() as session:
        activities = inventories.activity_frame(session, inventory_id)
    computed = inventories.calculate(activities, country="DE", year=2022, gwp="AR6")
    assert any(w.startswith("mixed GWP sets: rows") and "AR5" in w for w in computed.warnings())
    with world.db.write() as session:
        again = inventories.recalculate(session, editor, inventory_id, gwp="AR5")
    assert again.other_gwp is None
