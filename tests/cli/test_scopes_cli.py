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
