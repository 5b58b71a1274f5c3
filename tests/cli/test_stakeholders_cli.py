"""`citypact organisations list CITY`: a city's confirmed organisations in json, table and csv."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.stakeholders_fixture import confirmed, registered

runner = CliRunner()


@pytest.fixture
def organisations(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Two confirmed organisations of Heidelberg and one still pending."""
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    solar = confirmed(world, "plain_user")
    school = confirmed(world, "plain_user", name="Bunsen-Gymnasium", kind="school", size=None)
    registered(world, "plain_user", name="Not yet confirmed")
    return solar, school


def test_list_in_three_formats(organisations: tuple[int, int]) -> None:
    solar, school = organisations
    as_json = runner.invoke(app, ["organisations", "list", "Heidelberg", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    found = json.loads(as_json.output)
    assert [(o["id"], o["name"], o["kind"], o["contact_email"]) for o in found] == [
        (school, "Bunsen-Gymnasium", "school", "info@solar.example"),
        (solar, "Stadtwerke Solar eG", "utility", "info@solar.example"),
    ]
    table = runner.invoke(app, ["organisations", "list", "Heidelberg"])
    assert "Stadtwerke Solar eG" in table.output and "1-2 of 2 organisations" in table.output
    assert "Not yet confirmed" not in table.output
    as_csv = runner.invoke(
        app, ["organisations", "list", str(json.loads(as_json.output)[0]["city_id"]), "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["name"] for r in rows] == ["Bunsen-Gymnasium", "Stadtwerke Solar eG"]
    assert rows[0]["size"] == ""


def test_an_unknown_city_is_named(organisations: tuple[int, int]) -> None:
    result = runner.invoke(app, ["organisations", "list", "Atlantis"])
    assert result.exit_code == 2 and "no published city matches 'Atlantis'" in result.output
