"""`citypact contract export`: the contract as XLSX and PDF, also for a city with nothing yet."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.contract_fixture import contract_city

runner = CliRunner()


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")


@pytest.mark.usefixtures("cli_env")
def test_a_city_with_no_plan_gets_a_workbook_listing_what_is_missing(world: World, tmp_path: Path) -> None:
    out = tmp_path / "kyoto.xlsx"
    result = runner.invoke(app, ["contract", "export", "Kyoto", "--format", "xlsx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 item(s) missing" in result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Commitments", "Action plan", "Investment plan", "Missing"]
    codes = [row[2] for row in book["Missing"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["no_target", "no_inventory", "no_measures", "no_deals"]


@pytest.mark.usefixtures("cli_env")
def test_the_workbook_holds_numbers_with_units_in_the_headers(world: World, tmp_path: Path) -> None:
    ids = contract_city(world)
    out = tmp_path / "contract.xlsx"
    result = runner.invoke(
        app,
        ["contract", "export", str(ids["city"]), "--format", "xlsx", "--output", str(out), "--lang", "de"],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["Verpflichtungen", "Aktionsplan", "Investitionsplan", "Was fehlt"]
    rows = list(book["Investitionsplan"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if "Finanzierungslücke nach gesicherter Finanzierung" in r)
    gap = rows[header + 1]
    # costs 3013.00 EUR, secured 1000.00, sought 500.00: gaps 2013.00 and 1513.00
    assert gap[:6] == ("EUR", 3013, 1000, 500, 2013, 1513)
    assert book["Investitionsplan"].cell(row=header + 2, column=2).number_format == "#,##0.00"
    plan = {r[0]: r[1] for r in book["Aktionsplan"].iter_rows(values_only=True) if r and len(r) > 1}
    assert plan["Im Zieljahr noch offen (t CO2e)"] == pytest.approx(130.0)  # 630 t expected, 500 allowed
    assert plan["Summe der Maßnahmen (t CO2e/a)"] == pytest.approx(120.0)


@pytest.mark.usefixtures("cli_env")
def test_the_pdf_in_japanese(world: World, tmp_path: Path) -> None:
    contract_city(world, "Kyoto")
    out = tmp_path / "kyoto.pdf"
    result = runner.invoke(
        app, ["contract", "export", "Kyoto", "--format", "pdf", "--output", str(out), "--lang", "ja"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.usefixtures("cli_env")
def test_a_bad_language_or_city_is_refused(world: World, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    assert (
        runner.invoke(app, ["contract", "export", "Kyoto", "--output", str(out), "--lang", "fr"]).exit_code
        == 2
    )
    assert runner.invoke(app, ["contract", "export", "Nowhereville", "--output", str(out)]).exit_code == 2
    assert runner.invoke(app, ["contract", "export", "999999", "--output", str(out)]).exit_code == 2
