"""`citypact positions show ID` names an indicator's figure with its unit, or says the year has none."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.position_figures_fixture import figure_world

runner = CliRunner()


def test_show_gives_the_figure_or_says_there_is_none(
    database_url: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    position = figure_world(world)
    result = runner.invoke(app, ["positions", "show", str(position)])
    assert result.exit_code == 0
    assert "scope1_per_capita, Heidelberg 2022: 5.8 t CO2e/person (now)" in result.stdout
    assert "scope1_per_capita, Heidelberg 2021: no public figure for 2021" in result.stdout
    result = runner.invoke(app, ["positions", "show", str(position), "--format", "json"])
    evidence = json.loads(result.stdout)["evidence"]
    assert [(e["value"], e["data_year"]) for e in evidence] == [
        (5.8, 2022),
        (None, None),
        (None, None),
        (7.37, 2022),
    ]
