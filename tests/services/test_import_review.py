"""The guided import: the template round trip, rows of another year refused by row, what "Replace
all rows" would delete (rows typed by hand told from imported ones), and the refused rows file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from citypact.domain.activity import as_activity_table
from citypact.formats.activity_template import LISTS_SHEET
from citypact.formats.errors import ImportErrors, ImportProblem
from citypact.services.errors import Conflict
from citypact.services.inventory import import_review, inventories
from citypact.services.inventory import imports as inventory_imports
from tests.conftest import World
from tests.factories import activity, new_inventory

GAS = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}
# The template's example row: 1,250.5 MWh of natural gas in homes = 4.5018 TJ; AR5, IPCC 2006
# residential factors 56,100 kg CO2, 5 kg CH4 (x 28) and 0.1 kg N2O (x 265) per TJ.
EXAMPLE_T = 4.5018 * 56.1 + 4.5018 * 0.005 * 28 + 4.5018 * 0.0001 * 265  # 253.3005297 t


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_imports_cleanly(
    world: World, tmp_path: Path, kind: import_review.TemplateFormat
) -> None:
    inventory_id = new_inventory(world, year=2022)
    path = tmp_path / f"template.{kind}"
    path.write_bytes(import_review.activity_template(kind, 2022))
    with world.db.write() as session:
        result = inventory_imports.import_file(session, world.actor("heidelberg_editor"), inventory_id, path)
    assert result.basic == pytest.approx(EXAMPLE_T, rel=1e-9)
    assert result.basic == pytest.approx(253.3005297, rel=1e-9)
    with world.db.read() as session:
        rows = inventories.activity_frame(session, inventory_id)
    assert rows.select("gpc_ref", "fuel", "amount", "unit", "year", "data_quality").rows() == [
        ("I.1.1", "Natural Gas", 1250.5, "MWh", 2022, "M")
    ]


def test_the_template_without_a_year_fits_any_inventory(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world, year=2019)
    path = tmp_path / "template.csv"
    path.write_bytes(import_review.activity_template("csv"))
    assert path.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[7] == ""  # the year column
    with world.db.write() as session:
        inventory_imports.import_file(session, world.actor("heidelberg_editor"), inventory_id, path)


def test_the_workbook_lists_units_fuels_and_references() -> None:
    book = load_workbook(io.BytesIO(import_review.activity_template("xlsx", 2022)), read_only=True)
    assert book.sheetnames == ["Activities", LISTS_SHEET]
    cells = {str(v) for row in book[LISTS_SHEET].iter_rows(values_only=True) for v in row if v is not None}
    assert {"MWh", "kWh", "GJ", "therm", "t", "m3", "km"} <= cells
    assert {"natural gas", "Natural gas", "gas/diesel oil", "electricity", "Grid electricity"} <= cells
    assert any("diesel" in c and "heating oil" in c for c in cells)  # other spellings that find it
    assert {"I.1.1", "I.1.2", "II.1.1", "III.1.1"} <= cells
    header = next(book["Activities"].iter_rows(values_only=True))
    assert header[:4] == ("gpc_ref", "fuel", "amount", "unit")


def test_rows_of_another_year_are_refused_with_their_rows(world: World, tmp_path: Path) -> None:
    inventory_id = new_inventory(world, year=2022, rows=[GAS])
    path = tmp_path / "mixed.csv"
    path.write_text(
        "gpc_ref,fuel,amount,unit,year\n"
        "I.1.1,Natural Gas,10,MWh,2022\n"
        "I.1.1,Natural Gas,20,MWh,2021\n"
        "I.1.1,Natural Gas,30,MWh,\n"
        "I.1.1,Natural Gas,40,MWh,2023\n"
    )
    with pytest.raises(ImportErrors) as raised, world.db.write() as session:
        inventory_imports.import_file(
            session, world.actor("heidelberg_editor"), inventory_id, path, replace=False
        )
    problems = raised.value.problems
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("mixed.csv", 3, "year"),
        ("mixed.csv", 5, "year"),
    ]
    assert problems[0].message.startswith("the row is of 2021, this inventory of 2022; import the row")
    assert "or correct its year to 2022" in problems[1].message
    with world.db.read() as session:
        assert inventories.activity_frame(session, inventory_id).height == 1  # nothing written


def test_typed_by_hand_is_told_from_imported(world: World) -> None:
    editor = world.actor("heidelberg_editor")
    inventory_id = new_inventory(world, rows=[GAS, GAS])  # two by hand

    def counts() -> import_review.ReplaceCounts:
        with world.db.read() as session:
            return import_review.replace_counts(session, editor, inventory_id)

    def add_imported(n: int, *, replace: bool = False) -> None:
        table = as_activity_table(pl.DataFrame([{"row": i + 2, **GAS} for i in range(n)]))
        with world.db.write() as session:
            inventories.import_activities(
                session, editor, inventory_id, table, file_name="f.csv", replace=replace
            )

    assert counts() == import_review.ReplaceCounts(2, 2)
    add_imported(3)
    assert counts() == import_review.ReplaceCounts(5, 2)
    with world.db.read() as session:
        rows = inventories.activity_frame(session, inventory_id)
    last = int(rows["row"].max())  # the newest row, imported
    with world.db.write() as session:  # an imported row changed by hand counts as typed by hand
        inventories.save_activity(session, editor, inventory_id, {"amount": 5.0}, last, expected_version=1)
    assert counts() == import_review.ReplaceCounts(5, 3)
    with world.db.write() as session:  # deleted by hand: SQLite may give its id to the next import
        inventories.delete_activity(session, editor, inventory_id, last)
    add_imported(1)
    assert counts() == import_review.ReplaceCounts(5, 2)
    add_imported(2, replace=True)  # every older row goes, also those typed by hand
    assert counts() == import_review.ReplaceCounts(2, 0)
    activity(world, inventory_id, GAS)
    assert counts() == import_review.ReplaceCounts(3, 1)


def test_replace_writes_nothing_when_the_count_changed_meanwhile(world: World, tmp_path: Path) -> None:
    editor = world.actor("heidelberg_editor")
    inventory_id = new_inventory(world, rows=[GAS])
    path = tmp_path / "one.csv"
    path.write_text("gpc_ref,fuel,amount,unit\nI.1.1,Natural Gas,10,MWh\n")
    with world.db.read() as session:
        prepared = inventories.prepare_import(
            session,
            editor,
            inventory_id,
            inventory_imports.read_inventory_file(path),
            file_name="one.csv",
            replace=True,
            expected_rows=1,
        )
    activity(world, inventory_id, GAS)  # someone adds a row before the write
    with pytest.raises(Conflict, match="holds 2 rows now, not the 1 you agreed"), world.db.write() as session:
        inventories.store_import(session, editor, prepared)
    with world.db.read() as session:
        assert inventories.activity_frame(session, inventory_id).height == 2


def test_refused_rows_keep_the_file_cells_and_add_the_reasons() -> None:
    raw = pl.DataFrame(
        {"row": [2, 3, 4], "gpc_ref": ["I.1.1", "I.1.1", "I.9"], "amount": ["1", "x", "2"]},
        schema={"row": pl.Int64, "gpc_ref": pl.String, "amount": pl.String},
    )
    problems = [
        ImportProblem("f.csv", 4, "gpc_ref", "unknown reference"),
        ImportProblem("f.csv", 3, "amount", "not a number"),
        ImportProblem("f.csv", 3, "unit", "missing"),
        ImportProblem("f.csv", None, None, "a whole-file note"),
    ]
    text, count = import_review.refused_csv(raw, problems)
    assert count == 2 and text is not None
    assert list(csv.reader(io.StringIO(text))) == [
        ["gpc_ref", "amount", "reason"],
        ["I.1.1", "x", "row 3, column 'amount': not a number; row 3, column 'unit': missing"],
        ["I.9", "2", "row 4, column 'gpc_ref': unknown reference"],
    ]
    assert import_review.refused_csv(raw, problems[3:]) == (None, 0)


def test_import_reviewed_refuses_an_unconfirmed_replace_before_reading(world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS, GAS])
    editor = world.actor("heidelberg_editor")
    outcome = import_review.import_reviewed(
        world.db, editor, inventory_id, b"not even a table", "x.csv", replace=True, confirmed_rows=None
    )
    assert not outcome.written and outcome.rows_before == 2 and outcome.refused_csv is None
    assert "deletes the 2 rows of the inventory (2 of them typed by hand)" in outcome.problems[0].message
