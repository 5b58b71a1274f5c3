"""`citypact scopes show COUNTRY` and `citypact scopes list`: the API's JSON or a table."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World

runner = CliRunner()


@pytest.fixture(autouse=True)
def database(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return world


def test_show_json_is_the_apis() -> None:
    result = runner.invoke(app, ["scopes", "show", "DE", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["country"] == "DE" and len(data["cells"]) == 48
    cell = next(c for c in data["cells"] if (c["field"], c["instrument"]) == ("urban_planning", "regulatory"))
    assert (cell["say"], cell["source"]) == ("decides", "de_baugb_2")
    assert any(s["url"].startswith("https://www.gesetze-im-internet.de/") for s in data["sources"])


def test_show_table_and_an_unknown_country() -> None:
    table = runner.invoke(app, ["scopes", "show", "jp"])
    assert table.exit_code == 0 and "Japan (JP)" in table.stdout and "jp_city_planning_act" in table.stdout
    missing = runner.invoke(app, ["scopes", "show", "XX"])
    assert missing.exit_code == 2 and "XX" in missing.stderr


def test_list_counts_the_says() -> None:
    result = runner.invoke(app, ["scopes", "list"])
    assert result.exit_code == 0
    # Hand count from national_scopes.json: DE decides own operations and soft in all 12 fields (24),
    # governance's regulatory and fiscal (2), urban planning's and land use's regulation (2): 28.
    assert "DE Germany: decides 28, shares 19, no_say 1, unknown 0" in result.stdout
    assert "US United States: decides 0, shares 48, no_say 0, unknown 0" in result.stdout


def test_set_changes_a_cell_and_remove_asks_first(database: World) -> None:
    result = runner.invoke(
        app, ["scopes", "set", "DE", "industry", "regulatory", "--say", "shares", "--source", "de_bimschg_4"]
    )
    assert result.exit_code == 0, result.output
    assert "DE industry x regulatory: shares (de_bimschg_4)" in result.stdout and "version 2" in result.stdout
    shown = json.loads(runner.invoke(app, ["scopes", "show", "DE", "--format", "json"]).stdout)
    cell = next(c for c in shown["cells"] if (c["field"], c["instrument"]) == ("industry", "regulatory"))
    assert cell["say"] == "shares"
    added = runner.invoke(
        app, ["scopes", "set", "DE", "industry", "fiscal", "--say", "decides", "--source", "de_gg_28"]
    )
    assert added.exit_code == 0 and "version 1" in added.stdout
    bad = runner.invoke(
        app, ["scopes", "set", "DE", "industry", "fiscal", "--say", "maybe", "--source", "de_gg_28"]
    )
    assert bad.exit_code == 2 and "say:" in bad.stderr
    declined = runner.invoke(app, ["scopes", "remove", "DE", "industry", "fiscal"], input="n\n")
    assert declined.exit_code == 1
    removed = runner.invoke(app, ["scopes", "remove", "DE", "industry", "fiscal", "--yes"])
    assert removed.exit_code == 0 and "removed statement" in removed.stdout
    missing = runner.invoke(app, ["scopes", "remove", "DE", "industry", "fiscal", "--yes"])
    assert missing.exit_code == 2 and "no statement" in missing.stderr


def test_add_a_country_and_a_source(database: World) -> None:
    made = runner.invoke(app, ["scopes", "add-country", "fr", "--name", "France"])
    assert made.exit_code == 0 and "FR" in made.stdout
    source = runner.invoke(
        app, ["scopes", "add-source", "fr_cgct", "--title", "CGCT", "--url", "https://www.legifrance.gouv.fr/",
              "--publisher", "Légifrance"],
    )  # fmt: skip
    assert source.exit_code == 0
    runner.invoke(app, ["scopes", "set", "FR", "*", "*", "--say", "shares", "--source", "fr_cgct"])
    listed = runner.invoke(app, ["scopes", "list"])
    assert "FR France: decides 0, shares 48, no_say 0, unknown 0" in listed.stdout
    again = runner.invoke(app, ["scopes", "add-country", "FR", "--name", "France"])
    assert again.exit_code == 2 and "country:" in again.stderr
