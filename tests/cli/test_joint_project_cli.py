"""`citypact joint-project list|show|shares`: the same figures as the API, in json, table and csv."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services.cooperation import joint_projects
from tests.conftest import World

runner = CliRunner()


@pytest.fixture
def project(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> int:
    """Heidelberg and Kyoto share 1 : 3 by use a capex of 1,000.01 in 2026 and 10.00 a year of opex
    in 2029-2030, and 500 t CO2e a year."""
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        made = joint_projects.create_project(
            session, editor, world.city["Heidelberg"],
            {"title": "Heat network", "kind": "district_heating", "rule": "use", "start_year": 2026,
             "end_year": 2030, "currency": "EUR", "reduction_t": 500},
        )  # fmt: skip
        joint_projects.update_partner(session, editor, made.id, world.city["Heidelberg"], {"use_quantity": 1})
        joint_projects.add_partner(session, editor, made.id, world.city["Kyoto"], {"use_quantity": 3})
        joint_projects.add_cost(
            session, editor, made.id, {"kind": "capex", "year_from": 2026, "amount": "1000.01"}
        )
        joint_projects.add_cost(session, editor, made.id, {"kind": "opex", "year_from": 2029, "amount": 10})
        return made.id


def test_shares_as_csv_hand_computed(project: int) -> None:
    result = runner.invoke(app, ["joint-project", "shares", str(project), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    # 100,001 cents: 25,000.25 -> 25,000 and 75,000.75 -> 75,001; opex 1,000 cents: 250 / 750
    assert [(r["city"], r["year"], r["capex_minor"], r["opex_minor"]) for r in rows] == [
        ("Heidelberg", "2026", "25000", "0"),
        ("Heidelberg", "2029", "0", "250"),
        ("Heidelberg", "2030", "0", "250"),
        ("Kyoto", "2026", "75001", "0"),
        ("Kyoto", "2029", "0", "750"),
        ("Kyoto", "2030", "0", "750"),
    ]


def test_show_json_and_table(project: int) -> None:
    result = runner.invoke(app, ["joint-project", "show", str(project), "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert [p["reduction_t"] for p in body["partners"]] == [125.0, 375.0]
    assert body["total_minor"] == 102_001 and body["attributed_t"] == 500.0
    table = runner.invoke(app, ["joint-project", "show", str(project)])
    assert "Kyoto (JP): share 75.0000%, costs 765.01 EUR, reduction 375.000 t" in table.output


def test_list_and_a_missing_project(project: int) -> None:
    listed = runner.invoke(app, ["joint-project", "list", "--format", "json"])
    assert [p["id"] for p in json.loads(listed.output)] == [project]
    missing = runner.invoke(app, ["joint-project", "show", "999999"])
    assert missing.exit_code == 2 and "No joint project with id 999999" in missing.output
