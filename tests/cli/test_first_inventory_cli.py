"""`citypact inventory first-estimate CITY --year Y`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services.inventory.first_inventory import estimate_for
from tests.conftest import World

runner = CliRunner()


@pytest.fixture
def cli_world(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return world


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["inventory", "first-estimate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_first_estimate_by_name_then_refused_the_second_time(cli_world: World) -> None:
    code, out, err = _run("Heidelberg", "--year", "2022")
    assert code == 0, err
    expected = estimate_for("DE", 159914)
    assert f"{expected.total_t:,.1f} t CO2e" in out and "data quality low" in out
    code, _, err = _run("Heidelberg", "--year", "2022")
    assert code != 0 and "already has rows" in err


def test_json_and_csv(cli_world: World) -> None:
    code, out, err = _run(str(cli_world.city["Kyoto"]), "--year", "2021", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["inventory_status"] == "draft" and data["missing_refs"] == []
    code, out, err = _run("Munich", "--year", "2021", "--population", "1000", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["sector"] for r in rows] == ["I", "II", "III"]
    total = sum(float(r["t_co2e"]) for r in rows)
    assert total == pytest.approx(estimate_for("DE", 1000).total_t, abs=0.01)


def test_bad_input_says_the_field(cli_world: World) -> None:
    code, _, err = _run("Heidelberg", "--year", "1900")
    assert code != 0 and "year" in err
    code, _, err = _run("Heidelberg", "--year", "2022", "--population", "0")
    assert code != 0 and "population" in err
