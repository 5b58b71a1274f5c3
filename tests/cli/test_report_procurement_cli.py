"""`citypact report annual` gives the procurement section (JSON and the HTML document)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.procurement_bids_fixture import SECRET
from tests.report_fixture import procurement_report_world

runner = CliRunner()


def test_annual_report_has_the_procurement_section(
    database_url: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", SECRET)
    procurement_report_world(world)
    found = runner.invoke(app, ["report", "annual", "c40", "2026", "--format", "json"])
    assert found.exit_code == 0
    section = json.loads(found.stdout)["figures"]["procurement"]
    assert section["count"] == 2 and section["awarded_t_co2e"] == 1200.0
    page = runner.invoke(app, ["report", "annual", "c40", "2026", "--format", "html", "--lang", "ja"])
    assert page.exit_code == 0 and 'id="procurement-table"' in page.stdout and "共同調達" in page.stdout
    assert "Busbau" not in page.stdout
