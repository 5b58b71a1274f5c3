"""One --format for every command that prints data: json, table and csv print the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.cli.output import to_csv, to_json
from citypact.services.plans import cases
from tests.conftest import World
from tests.services.test_tours import add_tour_cases

runner = CliRunner()


@dataclass(frozen=True)
class _Signature:
    city: str
    signed_on: dt.date | None


def test_json_writes_dataclasses_and_dates_in_iso_8601() -> None:
    written = to_json([_Signature("Kyoto", dt.date(2026, 5, 18)), _Signature("京都", None)])
    assert json.loads(written) == [
        {"city": "Kyoto", "signed_on": "2026-05-18"},
        {"city": "京都", "signed_on": None},
    ]
    assert "京都" in written  # as written, not escaped


def test_csv_has_a_header_and_an_empty_cell_for_none() -> None:
    assert to_csv([{"id": 1, "leg_km": None}, {"id": 2, "leg_km": 12.5}]) == "id,leg_km\n1,\n2,12.5\n"
    assert to_csv([]) == ""


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def env(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    with world.db.write() as session:
        cases.load_library(session)


def _formats(args: list[str]) -> tuple[str, str, str]:
    printed = []
    for output in ("json", "table", "csv"):
        result = runner.invoke(app, [*args, "--format", output])
        assert result.exit_code == 0, result.output
        printed.append(result.stdout)
    return printed[0], printed[1], printed[2]


def test_the_catalogue_in_three_formats(env: None) -> None:
    as_json, table, as_csv = _formats(["measures", "list", "--field", "transport"])
    codes = [m["code"] for m in json.loads(as_json)]
    assert len(codes) >= 4
    assert [line.split()[0] for line in table.splitlines()] == codes
    rows = _csv(as_csv)
    assert [r["code"] for r in rows] == codes
    assert {r["field"] for r in rows} == {"transport"}


def test_found_cases_in_three_formats(env: None) -> None:
    as_json, table, as_csv = _formats(["cases", "search", "Bahnstadt"])
    ids = [c["id"] for c in json.loads(as_json)["items"]]
    assert ids
    assert table.splitlines()[0] == f"{len(ids)} case(s)"
    assert [int(line.split()[0]) for line in table.splitlines()[1:]] == ids
    assert [int(r["id"]) for r in _csv(as_csv)] == ids
    assert "Heidelberg" in table and {r["city"] for r in _csv(as_csv)} == {"Heidelberg"}


def test_a_round_trip_in_three_formats(env: None, world: World) -> None:
    add_tour_cases(world)
    cities = [str(world.city[name]) for name in ("Heidelberg", "Munich", "Cologne")]
    as_json, table, as_csv = _formats(["tour", *cities, "--round-trip"])
    stops = json.loads(as_json)["stops"]
    rows = _csv(as_csv)
    # One row a stop, then the way back to the start, as in the table.
    assert [r["city"] for r in rows] == [s["name"] for s in stops] + [stops[0]["name"]]
    assert rows[-1]["stop"] == "" and "back to Heidelberg" in table
    assert float(rows[-1]["total_km"]) == pytest.approx(json.loads(as_json)["total_km"], abs=0.05)
