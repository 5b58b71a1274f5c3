"""The catalogue, cases and plans from the shell: listing, search, plan export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services.plans import action_plans, cases
from tests.conftest import World

runner = CliRunner()


@pytest.fixture
def env(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    with world.db.write() as session:
        cases.load_library(session)


def test_catalogue_and_cases(env: None, world: World) -> None:
    listed = runner.invoke(app, ["measures", "list", "--field", "transport", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.stdout)) >= 4
    found = runner.invoke(app, ["cases", "search", "Bahnstadt"])
    assert found.exit_code == 0 and "Heidelberg" in found.stdout
    bad = runner.invoke(app, ["measures", "list", "--field", "space"])
    assert bad.exit_code == 2 and "field" in bad.output


def test_plan_import_and_export(env: None, world: World, tmp_path: Path) -> None:
    kyoto = world.city["Kyoto"]
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "title,field,instrument,start_date,end_date,expected_reduction_t,funding_source,gpc_sector,co_benefits\n"
        "Bus priority,transport,regulatory,2026-04-01,2027-12-31,900,national_grant,II,air_quality;jobs\n"
    )
    result = runner.invoke(app, ["plan", "import", str(kyoto), str(plan)])
    assert result.exit_code == 0, result.output
    exported = json.loads(runner.invoke(app, ["plan", "export", str(kyoto)]).stdout)
    assert exported["measures"][0]["title"] == "Bus priority"
    assert exported["measures"][0]["funding_source"] == "national_grant"
    assert exported["measures"][0]["co_benefits"] == "air_quality;jobs"
    assert runner.invoke(app, ["plan", "gap", str(kyoto)]).exit_code == 1  # no target yet
    with world.db.write() as session:
        action_plans.set_target(
            session, world.actor("admin"), kyoto, base_year=2020, base_emissions_t=10_000,
            target_year=2030, reduction_pct=50, source="city plan",
        )  # fmt: skip
    gap = json.loads(runner.invoke(app, ["plan", "gap", str(kyoto)]).stdout)
    # no inventories: typed base; the measure ramps over 2026-2027 to 900 t: 10,000 - 900 - 5,000
    assert (gap["base_source"], gap["year"], gap["to_find_t"]) == ("typed", 2020, 4100.0)
    bad = tmp_path / "bad.csv"
    bad.write_text("title,field,instrument\nX,transport,telepathy\n")
    failed = runner.invoke(app, ["plan", "import", str(kyoto), str(bad)])
    assert failed.exit_code == 2 and "bad.csv, row 2, column 'instrument'" in failed.output
