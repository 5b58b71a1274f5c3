"""`citypact funding match CITY [--measure ID] [--on DATE]` and `citypact funding calendar CITY`."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.funding_match_fixture import funding_world

runner = CliRunner()


@pytest.fixture
def cli_world(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return world


def test_an_empty_catalogue_answers_an_empty_list(cli_world: World) -> None:
    result = runner.invoke(app, ["funding", "match", "Heidelberg", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matches"] == []
    table = runner.invoke(app, ["funding", "match", "Heidelberg"])
    assert table.exit_code == 0 and "no programmes in the catalogue" in table.output


def test_city_level_match_lists_eligible_programmes_with_reasons(cli_world: World) -> None:
    funding_world(cli_world)
    result = runner.invoke(app, ["funding", "match", "Heidelberg", "--on", "2026-03-10", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert [m["programme_name"] for m in body["matches"]] == [
        "Municipal retrofit fund",
        "Clean transport call",
    ]
    assert body["matches"][0]["fits"][0] == {
        "code": "closes_in",
        "figures": {"days": 12, "closes_on": "2026-03-22"},
    }
    table = runner.invoke(app, ["funding", "match", str(cli_world.city["Heidelberg"]), "--on", "2026-03-10"])
    assert (
        "closes in 12 days (2026-03-22)" in table.output
        and "[eligible] Municipal retrofit fund" in table.output
    )
    every = runner.invoke(app, ["funding", "match", "Heidelberg", "--on", "2026-03-10", "--all"])
    assert "[ruled out] Closed heat programme" in every.output and "no call is open" in every.output


def test_a_measure_s_match_shows_what_rules_programmes_out(cli_world: World) -> None:
    fw = funding_world(cli_world)
    args = ["funding", "match", "Heidelberg", "--measure", str(fw.measures["schools"]), "--on", "2026-03-10"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "gap in minor units: 70,000,000 EUR" in result.output
    assert "pays up to 50 % of the cost 1,000,000.00 EUR, at most 400,000.00 EUR" in result.output
    assert "needs 3 cities from 2 countries" in result.output
    missing = runner.invoke(app, ["funding", "match", "Heidelberg", "--measure", str(fw.measures["solar"])])
    assert missing.exit_code != 0 and "plan measure" in missing.output
    bad = runner.invoke(app, ["funding", "match", "Heidelberg", "--on", "10.03.2026"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_calendar_prints_icalendar(cli_world: World) -> None:
    fw = funding_world(cli_world)
    result = runner.invoke(
        app, ["funding", "calendar", "Heidelberg", "--on", "2026-03-10", "--base-url", "https://cp.example"]
    )
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    assert [str(e["uid"]) for e in events][0] == f"funding-call-{fw.calls['retrofit']}-closes@cp.example"
    empty = runner.invoke(app, ["funding", "calendar", "Kyoto", "--on", "2030-01-01"])
    assert empty.exit_code == 0 and b"BEGIN:VCALENDAR" in empty.stdout_bytes
