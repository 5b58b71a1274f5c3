"""`citypact procurement evaluate`: the JSON contract with hand-computed figures, and refusals (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.formats.bid_file import COLUMNS

runner = CliRunner()
HEADER = ",".join(COLUMNS)
# No energy: the tonnes are the declared embodied ones, so every figure is hand-computed.
BUSES = f"""{HEADER}
buses,Diesel AG,1000,1,2,,,,,100,,,10,
buses,E GmbH,1500,1,2,,,,,50,,,2,5
"""


def _run(path: Path, *options: str) -> dict[str, object]:
    result = runner.invoke(
        app,
        [
            "procurement",
            "evaluate",
            str(path),
            "--country",
            "DE",
            "--year",
            "2026",
            "--format",
            "json",
            *options,
        ],
    )
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _bids(tmp_path: Path, text: str = BUSES) -> Path:
    path = tmp_path / "bids.csv"
    path.write_text(text)
    return path


def test_lcc_co2_json_contract(tmp_path: Path) -> None:
    """At 0 % and 100 €/t: Diesel LCC 1000 + 2 x 100 = 1200, CO2 10 t x 100 = 1000, evaluated 2200;
    E GmbH 1500 + 2 x 50 = 1600, 2 t x 100 = 200, evaluated 1800. The costs cross at
    (1600 - 1200) / (10 - 2) = 50 €/t."""
    data = _run(_bids(tmp_path), "--method", "lcc-co2", "--co2-price", "100", "--discount-rate", "0")
    assert data["method"] == "lcc-co2"
    assert data["co2_price"] == {
        "schedule": "constant",
        "version": "1",
        "name": "100 EUR/t",
        "discounting": "like_costs",
    }
    (lot,) = data["lots"]  # type: ignore[misc]
    assert lot["lot"] == "buses"
    figures = [
        {k: bid[k] for k in ("supplier", "evaluated_cost", "lcc", "co2e_t", "co2_cost")}
        for bid in lot["ranking"]
    ]
    assert figures == [
        {"supplier": "E GmbH", "evaluated_cost": 1800.0, "lcc": 1600.0, "co2e_t": 2.0, "co2_cost": 200.0},
        {
            "supplier": "Diesel AG",
            "evaluated_cost": 2200.0,
            "lcc": 1200.0,
            "co2e_t": 10.0,
            "co2_cost": 1000.0,
        },
    ]
    assert lot["switching_prices"] == [
        {
            "co2_price": 50.0,
            "bids": ["E GmbH", "Diesel AG"],
            "first_two_below": ["Diesel AG", "E GmbH"],
            "first_two_above": ["E GmbH", "Diesel AG"],
        }
    ]
    assert lot["ranking"][0]["tonnes"][0]["factor_kind"] == "declared"


def test_diesel_energy_through_the_factor_library(tmp_path: Path) -> None:
    """100 GJ road diesel a year = 7.52427 t CO2e (IPCC defaults, AR5; tests/domain/test_procurement_tonnes).
    At 10 %, two years: LCC 1000 + 50/1.1 + 50/1.21 = 1086.776860; CO2 like costs at 300:
    7.52427 x 300 x (1/1.1 + 1/1.21) = 3917.594; undiscounted 7.52427 x 300 x 2 = 4514.562."""
    text = f"{HEADER},gpc_ref\nbuses,Diesel AG,1000,1,2,Gas/Diesel Oil,100,GJ,50,,,,,,II.1.1\n"
    path = _bids(tmp_path, text)
    common = ("--method", "lcc-co2", "--co2-price", "300", "--discount-rate", "0.1")
    (bid,) = _run(path, *common)["lots"][0]["ranking"]  # type: ignore[index]
    annuity = 1 / 1.1 + 1 / 1.21
    assert bid["lcc"] == pytest.approx(1000 + 50 * annuity)
    assert bid["co2e_t"] == pytest.approx(7.52427 * 2)
    assert bid["co2_cost"] == pytest.approx(7.52427 * 300 * annuity)
    assert bid["tonnes"][0]["carrier"] == "Gas/Diesel Oil"
    assert bid["tonnes"][0]["co2_t_per_year"] == pytest.approx(7.41)
    flat = _run(path, *common, "--co2-discounting", "undiscounted")["lots"][0]["ranking"][0]  # type: ignore[index]
    assert flat["co2_cost"] == pytest.approx(7.52427 * 300 * 2)


def test_price_ladder_and_meat(tmp_path: Path) -> None:
    """Ladder: E GmbH at level 5, 1500 x 0.90 = 1350, behind Diesel's 1000. Meat, cost 50 and CO2
    50 points: Diesel 50 + 50 x 2/10 = 60; E GmbH 50 x 1000/1500 + 50 = 83.33."""
    path = _bids(tmp_path)
    laddered = _run(path, "--method", "ladder")
    assert laddered["ladder_discounts"] == {"1": 0.01, "2": 0.02, "3": 0.04, "4": 0.07, "5": 0.10}
    ladder = laddered["lots"][0]["ranking"]  # type: ignore[index]
    assert [(b["supplier"], b["evaluated_cost"]) for b in ladder] == [
        ("Diesel AG", 1000.0),
        ("E GmbH", 1350.0),
    ]
    scored = _run(path, "--method", "meat", "--weight", "cost=50", "--weight", "co2=50")
    assert (scored["weights"], scored["meat_cost"]) == ({"cost": 50.0, "co2": 50.0}, "price")
    meat = scored["lots"][0]["ranking"]  # type: ignore[index]
    assert [(b["supplier"], b["score"]) for b in meat] == [
        ("E GmbH", pytest.approx(50 * 1000 / 1500 + 50)),
        ("Diesel AG", pytest.approx(60.0)),
    ]


def test_a_shipped_schedule_by_key(tmp_path: Path) -> None:
    data = _run(_bids(tmp_path), "--method", "lcc-co2", "--schedule", "de-behg")
    assert data["co2_price"]["schedule"] == "de-behg"  # type: ignore[index]


def test_table_output(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "procurement",
            "evaluate",
            str(_bids(tmp_path)),
            "--method",
            "lcc",
            "--country",
            "DE",
            "--year",
            "2026",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "lot buses" in result.stdout and "Diesel AG" in result.stdout


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--method", "lcc-co2"), "needs a CO2 price"),
        (("--method", "meat", "--weight", "cost=60", "--weight", "co2=30"), "sum to 90"),
        (("--method", "lcc-co2", "--schedule", "nowhere"), "no shipped schedule 'nowhere'"),
        (("--method", "lcc-co2", "--schedule", "de-behg", "--co2-price", "3"), "not both"),
        (("--method", "ladder", "--ladder", "1=1,2=2"), "ladder level(s) [5]"),
        (("--method", "lcc", "--gwp", "AR9"), "unknown GWP set 'AR9'"),
        (("--method", "lcc", "--discount-rate", "-1"), "must be above -1"),
        (("--method", "lcc", "--co2-discounting", "undiscounted", "--schedule", "de-behg"), "own rule"),
    ],
)
def test_refusals_exit_2(tmp_path: Path, options: tuple[str, ...], said: str) -> None:
    result = runner.invoke(
        app, ["procurement", "evaluate", str(_bids(tmp_path)), "--country", "DE", "--year", "2026", *options]
    )
    assert result.exit_code == 2
    assert said in result.output


def test_a_bad_file_exits_2_naming_file_row_and_column(tmp_path: Path) -> None:
    path = _bids(
        tmp_path, f"{HEADER}\nbuses,A,1000,1,12,Gas/Diesl Oil,5,GJ,,,,,,\nbuses,B,ten,1,12,,,,,,,,,\n"
    )
    result = runner.invoke(
        app, ["procurement", "evaluate", str(path), "--method", "price", "--country", "DE", "--year", "2026"]
    )
    assert result.exit_code == 2
    assert "bids.csv, row 3, column 'price'" in result.output
    path.write_text(f"{HEADER}\nbuses,A,1000,1,12,Gas/Diesl Oil,5,GJ,,,,,,\n")
    result = runner.invoke(
        app, ["procurement", "evaluate", str(path), "--method", "price", "--country", "DE", "--year", "2026"]
    )
    assert result.exit_code == 2
    assert "bids.csv, row 2, column 'energy_carrier'" in result.output


def test_an_xlsx_file_with_two_lots(tmp_path: Path) -> None:
    """Lot "lights": 300 < 400 by price; lot "buses": Diesel AG 1000 < E GmbH 1500. Lots in the
    order they first appear."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["lights", "Lux", 400, 10, 20])
    sheet.append(["buses", "E GmbH", 1500, 1, 12])
    sheet.append(["lights", "Lumen", 300, 10, 20])
    sheet.append(["buses", "Diesel AG", 1000, 1, 12])
    path = tmp_path / "bids.xlsx"
    book.save(path)
    lots = _run(path, "--method", "price")["lots"]
    assert [(lot["lot"], [b["supplier"] for b in lot["ranking"]]) for lot in lots] == [  # type: ignore[union-attr]
        ("lights", ["Lumen", "Lux"]),
        ("buses", ["Diesel AG", "E GmbH"]),
    ]
    assert all(lot["switching_prices"] == [] for lot in lots)  # type: ignore[union-attr,index]
