"""`citypact ideas list CITY`: a city's ideas in json, table and csv, filtered by status."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.ideas_fixture import idea_in_review, organisations, proposed_idea

runner = CliRunner()


@pytest.fixture
def two_ideas(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    organisations(world)
    return proposed_idea(world), idea_in_review(
        world, title="Cargo bikes", action_field="sustainable_mobility"
    )


def test_ideas_list_as_json_and_csv(two_ideas: tuple[int, int]) -> None:
    first, second = two_ideas
    result = runner.invoke(app, ["ideas", "list", "Heidelberg", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [(i["id"], i["status"]) for i in listed] == [(second, "in_review"), (first, "open")]
    assert listed[1]["sdg_targets"] == ["7", "7.2", "11.6"]
    result = runner.invoke(app, ["ideas", "list", "Heidelberg", "--status", "open", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["id"], r["sdg_targets"], r["by_name"]) for r in rows] == [(str(first), "7;7.2;11.6", "")]


def test_ideas_list_as_a_table_and_refusals(two_ideas: tuple[int, int], world: World) -> None:
    result = runner.invoke(app, ["ideas", "list", str(world.city["Heidelberg"])])
    assert result.exit_code == 0 and "Cargo bikes" in result.output and "in_review" in result.output
    refused = runner.invoke(app, ["ideas", "list", "Heidelberg", "--status", "done"])
    assert refused.exit_code == 2 and "status" in refused.output
