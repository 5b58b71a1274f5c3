"""`citypact deals list|show`: a city's deals and one deal, the API's JSON, table and csv."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.deals_fixture import MadeDeal, draft_deal, signed_deal, stakeholders

runner = CliRunner()


@pytest.fixture
def made(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> tuple[MadeDeal, MadeDeal]:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    orgs = stakeholders(world)
    return signed_deal(world, orgs), draft_deal(world, orgs, title="Housing deal")


def test_list_by_name_and_status(made: tuple[MadeDeal, MadeDeal]) -> None:
    signed, draft = made
    result = runner.invoke(app, ["deals", "list", "Heidelberg", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(int(r["id"]), r["status"], r["parties"], r["commitments"]) for r in rows] == [
        (draft.id, "draft", "2", "0"),
        (signed.id, "signed", "2", "2"),
    ]
    result = runner.invoke(app, ["deals", "list", "Heidelberg", "--status", "signed", "--format", "json"])
    assert [d["id"] for d in json.loads(result.output)] == [signed.id]
    result = runner.invoke(app, ["deals", "list", "Heidelberg"])
    assert "Solar city deal" in result.output and "signed 2026-03-05" in result.output
    assert runner.invoke(app, ["deals", "list", "Heidelberg", "--status", "lost"]).exit_code == 2


def test_show_as_json_is_the_apis(made: tuple[MadeDeal, MadeDeal]) -> None:
    signed, _ = made
    result = runner.invoke(app, ["deals", "show", str(signed.id), "--format", "json"])
    assert result.exit_code == 0, result.output
    deal = json.loads(result.output)
    assert (deal["status"], deal["signed_on"], deal["expected_reduction_t"]) == (
        "signed",
        "2026-03-05",
        1200.0,
    )
    city, utility = deal["parties"]
    assert city["commitments"][0]["amount_minor"] == 25_000_000
    assert utility["commitments"][0]["kpi_target"] == 40.0
    table = runner.invoke(app, ["deals", "show", str(signed.id)]).output
    assert "funding 250,000.00 EUR" in table and "KPI Roofs with PV: 5.0 (2025) -> 40.0 (2030) roofs" in table
    assert runner.invoke(app, ["deals", "show", "99999"]).exit_code == 2
