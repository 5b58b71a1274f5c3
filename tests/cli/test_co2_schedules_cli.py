"""`citypact procurement schedules`: shipped and added schedules with their figures and sources."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services.procurement import co2_prices
from tests.conftest import World

runner = CliRunner()


@pytest.fixture
def env(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")


def test_shipped_and_added_schedules_in_json_table_and_csv(env: None, world: World) -> None:
    with world.db.write() as session:
        co2_prices.add_schedule(
            session,
            world.actor("heidelberg_editor"),
            f"city-{world.city['Heidelberg']}",
            {
                "key": "city-price",
                "name": "Heidelberg shadow price",
                "publisher": "Stadt Heidelberg",
                "source": "council decision",
                "currency": "EUR",
                "discounting": "like_costs",
                "valid_from": "2026-01-01",
                "prices": {"2026": 300},
            },
        )
    listed = runner.invoke(app, ["procurement", "schedules", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = {r["ref"]: r for r in json.loads(listed.stdout)}
    assert (
        rows["shipped/de-behg/2024"]["prices"] == "2021: 25; 2022: 30; 2023: 30; 2024: 45; 2025: 55; 2026: 55"
    )
    assert rows[f"city-{world.city['Heidelberg']}/city-price/1"]["prices"] == "2026: 300"
    table = runner.invoke(app, ["procurement", "schedules"])
    assert (
        "shipped/uba-mk31-1pct/3.1" in table.stdout and "2020: 195 EUR/t CO2e, prices of 2020" in table.stdout
    )
    csv = runner.invoke(app, ["procurement", "schedules", "--format", "csv", "--shipped-only"])
    assert csv.stdout.splitlines()[0].startswith("ref,owner,name,publisher,currency")
    assert len(csv.stdout.splitlines()) == 1 + 9
