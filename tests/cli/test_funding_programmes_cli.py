"""`citypact funding programmes list|show|load`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.funding_programmes_fixture import Catalogue, catalogue_world

runner = CliRunner()


@pytest.fixture
def made(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return catalogue_world(world)


def test_list_filters_and_formats(made: Catalogue) -> None:
    result = runner.invoke(app, ["funding", "programmes", "list", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {int(r["id"]) for r in rows} == {made.programme, made.joint}
    assert all(r["source_url"].startswith("https://") for r in rows)
    result = runner.invoke(app, ["funding", "programmes", "list", "--country", "JP", "--format", "json"])
    assert [p["id"] for p in json.loads(result.output)] == [made.joint]
    result = runner.invoke(app, ["funding", "programmes", "list", "--open"])
    assert result.exit_code == 0, result.output
    assert "Twin Cities Climate Exchange" in result.output  # its call is rolling
    assert runner.invoke(app, ["funding", "programmes", "list", "--instrument", "gift"]).exit_code == 2


def test_show_as_json_is_the_apis_and_table_states_the_calls(made: Catalogue) -> None:
    result = runner.invoke(app, ["funding", "programmes", "show", str(made.programme), "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["funding_rate_bp"] == 6_250
    assert [c["title"] for c in body["calls"]] == ["Small grants", "Round 2025", "Round 2026"]
    table = runner.invoke(app, ["funding", "programmes", "show", str(made.programme)])
    assert "pays up to 62.5 % of the costs" in table.output
    assert "call [closed] Round 2025" in table.output
    assert runner.invoke(app, ["funding", "programmes", "show", "999"]).exit_code != 0


def test_load_twice_changes_nothing(made: Catalogue) -> None:
    first = runner.invoke(app, ["funding", "programmes", "load"])
    assert first.exit_code == 0, first.output
    assert "7 added" in first.output
    again = runner.invoke(app, ["funding", "programmes", "load"])
    assert "0 added, 0 updated, 7 unchanged" in again.output
    listed = runner.invoke(app, ["funding", "programmes", "list", "--country", "DE", "--format", "json"])
    names = [p["name"] for p in json.loads(listed.output)]
    assert "Kommunalrichtlinie (National Climate Initiative)" in names
    assert "Energy Efficiency and Conservation Block Grant Program (EECBG)" not in names
