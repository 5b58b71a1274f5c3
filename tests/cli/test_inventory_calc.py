"""`citypact inventory calc`: the JSON contract, XLSX input, and bad rows with exit status 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.formats.test_citycatalyst import HEADER as CITYCATALYST_HEADER

runner = CliRunner()

ACTIVITY = """gpc_ref,fuel,amount,unit,notation_key,explanation,source,year,data_quality
I.1.1,Natural Gas,1000,MWh,,,utility bills,2022,H
I.3.1,Gas/Diesel Oil,100,t,,,fuel survey,2022,M
I.1.1,Wood/Wood Waste,100,t,,,estimate,2022,L
I.4.4,,,,NO,no power plant in the city,,,
"""


def _calc(path: Path, *extra: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["inventory", "calc", str(path), "--country", "DE", "--year", "2022", "--format", "json", *extra]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_json_contract_with_hand_checked_totals(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(ACTIVITY)
    data = _calc(path, "--gwp", "AR5")
    assert data["gwp"] == "AR5"
    gas = 201.96 + 0.018 * 28 + 0.00036 * 265  # 1000 MWh natural gas, residential
    diesel = 318.63 + 0.0129 * 28 + 0.00258 * 265  # 100 t diesel, manufacturing
    wood = 1.56 * 0.3 * 28 + 1.56 * 0.004 * 265  # 100 t wood: CH4 and N2O only
    totals = data["totals"]
    assert isinstance(totals, dict)
    assert set(totals) >= {"basic", "basic_plus", "territorial", "scope1", "scope2", "scope3"}
    assert totals["basic"] == pytest.approx(gas + diesel + wood)
    assert totals["scope1"] == pytest.approx(gas + diesel + wood)
    assert totals["scope2"] == 0.0
    assert data["by_ref"] == {
        "I.1.1": pytest.approx(gas + wood),
        "I.3.1": pytest.approx(diesel),
        "I.4.4": None,
    }
    by_gas = data["by_gas"]
    assert isinstance(by_gas, dict)
    assert by_gas["CO2"] == pytest.approx(201.96 + 318.63)
    assert by_gas["CH4"] == pytest.approx(0.018 + 0.0129 + 1.56 * 0.3)
    assert data["biogenic_co2"] == pytest.approx(1.56 * 112.0)


def test_xlsx_gives_the_same_result(tmp_path: Path) -> None:
    csv_path = tmp_path / "activity.csv"
    csv_path.write_text(ACTIVITY)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in ACTIVITY.strip().splitlines():
        sheet.append([float(v) if v.replace(".", "").isdigit() else (v or None) for v in line.split(",")])
    xlsx_path = tmp_path / "activity.xlsx"
    book.save(xlsx_path)
    assert _calc(xlsx_path)["totals"] == _calc(csv_path)["totals"]


def test_bad_row_exits_2_naming_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(ACTIVITY + "I.2.1,Natural Gas,lots,MWh,,,,,\n")
    result = runner.invoke(app, ["inventory", "calc", str(path), "--format", "json"])
    assert result.exit_code == 2
    assert "broken.csv, row 6, column 'amount'" in result.output
    assert "not a number" in result.output


def test_unknown_gwp_set_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(ACTIVITY)
    result = runner.invoke(app, ["inventory", "calc", str(path), "--gwp", "AR9"])
    assert result.exit_code == 2
    assert "AR4, AR5, AR6" in result.output


def test_every_notation_key_of_a_reference_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(
        "gpc_ref,fuel,amount,unit,notation_key,explanation\n"
        "I.4.4,Natural Gas,,,NO,no gas power plant\n"
        "I.4.4,Other Primary Solid Biomass,,,NE,no data on the biomass plant yet\n"
    )
    assert _calc(path)["notation_keys"] == {"I.4.4": ["NE", "NO"]}


def test_a_year_beyond_the_grid_data_warns_and_a_bad_country_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text("gpc_ref,fuel,amount,unit\nI.1.2,electricity,1000,MWh\n")
    result = runner.invoke(app, ["inventory", "calc", str(path), "--country", "DE", "--year", "2099"])
    assert result.exit_code == 0, result.output
    assert "warning: grid factor:" in result.stderr and "carried forward to 2099" in result.stderr
    unknown = runner.invoke(app, ["inventory", "calc", str(path), "--country", "Germany", "--year", "2022"])
    assert unknown.exit_code == 2 and "ISO 3166" in unknown.stderr
    path.write_text("gpc_ref,fuel,amount,unit\nI.1.1,Natural Gas,1000,MWh\n")
    absent = runner.invoke(app, ["inventory", "calc", str(path), "--country", "XX", "--year", "2022"])
    assert absent.exit_code == 0 and "warning: no national grid factor for XX" in absent.stderr


def test_duplicate_rows_are_warned_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(
        "gpc_ref,fuel,amount,unit\n"
        "I.1.1,Natural Gas,1000,MWh\n"
        "I.3.1,Gas/Diesel Oil,100,t\n"
        "I.1.1,Natural Gas,1000,MWh\n"
    )
    data = _calc(path)
    gas = 201.96 + 0.018 * 28 + 0.00036 * 265  # each of the two rows, as given
    by_ref = data["by_ref"]
    assert isinstance(by_ref, dict) and by_ref["I.1.1"] == pytest.approx(2 * gas)
    assert data["warnings"] == [
        "rows 2, 4 repeat I.1.1, Natural Gas, 1000 MWh: counted once each; delete the copies if they are"
        " one activity"
    ]


def test_scope_2_basis_in_the_output(tmp_path: Path) -> None:
    """Japan 2022 has no direct grid figure (Electricity Maps has no JP zone): Ember's life-cycle
    factor is used and said. A Tokyo utility's location-based factor, 0.441 kg/kWh, enters the
    totals: 2,000 MWh x 0.441 t/MWh = 882 t CO2; the national rows' CO2e is in no gas."""
    path = tmp_path / "activity.csv"
    path.write_text(
        "gpc_ref,fuel,amount,unit,ef_co2,ef_unit,ef_source,ef_basis\n"
        "I.1.2,electricity,1000,MWh,,,,\n"
        "I.2.2,electricity,2000,MWh,0.441,kg/kWh,TEPCO EP 2022 adjusted,location\n"
        "I.3.2,electricity,1000,MWh,0.3,kg/kWh,green tariff,market\n"
    )
    result = runner.invoke(
        app, ["inventory", "calc", str(path), "--country", "JP", "--year", "2022", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    japan = 519.6191  # Ember/OWID, Japan 2022, gCO2/kWh: 1,000 MWh -> 519.6191 t
    assert data["totals"]["scope2"] == pytest.approx(882.0 + 2 * japan)
    assert data["scope2_market_based_memo"] == pytest.approx(300.0)  # 1,000 MWh x 0.3 t/MWh
    assert data["by_gas"]["CO2"] == pytest.approx(882.0)
    assert data["co2e_not_split_by_gas"] == pytest.approx(2 * japan)
    warning = next(w for w in data["warnings"] if "life-cycle" in w)
    assert warning.startswith(
        "rows 2, 4: scope 2 uses a life-cycle grid factor (Ember; Our World in Data, national grid,"
        " life-cycle CO2e (no direct figure for this year), 2022)"
    )
    assert "warning: rows 2, 4: scope 2 uses a life-cycle grid factor" in result.stderr


def test_a_citycatalyst_export_computes_like_an_upload(tmp_path: Path) -> None:
    # One reader for uploads and the CLI: the export's I.1.1 line, 7780.453 t CO2e with its gas
    # split (kg CO2e: CO2 7,734,622, CH4 3,696 = 132 kg x 28, N2O 42,135), gives the same total.
    path = tmp_path / "inventory-XX-2022.csv"
    line = ["x", "I.1.1", "Sub", "", "7780.453", "t CO2e", *[""] * 7, "7734622", "3696", "42135", "", "SEEG"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([CITYCATALYST_HEADER, line])
    data = _calc(path)
    assert data["by_ref"]["I.1.1"] == pytest.approx(7780.453)  # type: ignore[index]
