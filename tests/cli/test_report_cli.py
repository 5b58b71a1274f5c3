"""`citypact report annual|publish` and `citypact open-data export`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from frictionless import validate
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.annual_report_fixture import ReportWorld, report_world, set_inventory
from tests.conftest import World

runner = CliRunner()


@pytest.fixture
def rw(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> ReportWorld:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return report_world(world)


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_annual_json_html_pdf_and_publish(rw: ReportWorld, world: World, tmp_path: Path) -> None:
    code, out, _ = _run("report", "annual", "c40", "2025", "--format", "json")
    draft = json.loads(out)
    assert code == 0 and draft["status"] == "draft" and draft["figures"]["inventories"]["total_t"] == 3900.0
    code, out, _ = _run("report", "annual", "c40", "2025", "--format", "html", "--lang", "de")
    assert code == 0 and out.startswith("<!doctype html>") and 'lang="de"' in out
    pdf = tmp_path / "r.pdf"
    code, out, _ = _run("report", "annual", "c40", "2025", "--format", "pdf", "-o", str(pdf), "--lang", "ja")
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF") and "draft" in out
    code, out, _ = _run("report", "publish", "c40", "2025", "--expect", draft["data_hash"])
    assert code == 0 and draft["data_hash"] in out
    set_inventory(world, "Kyoto", 2025, "verified", 10.0, 100)
    code, out, _ = _run("report", "annual", "c40", "2025", "--format", "json")
    assert json.loads(out)["figures"] == draft["figures"]
    code, _, err = _run("report", "publish", "c40", "2025")
    assert code != 0 and "already published" in err


def test_refusals(rw: ReportWorld) -> None:
    code, _, err = _run("report", "annual", "c40", "2025", "--format", "pdf")
    assert code != 0 and "--output" in err
    code, _, err = _run("report", "annual", "c40", "2025", "--lang", "fr")
    assert code != 0 and "lang" in err
    code, _, err = _run("report", "annual", "nope", "2025")
    assert code != 0 and "nope" in err
    code, _, err = _run("report", "annual", "c40", "2025", "--base-year", "2030")
    assert code != 0 and "base_year" in err


def test_open_data_export(rw: ReportWorld, tmp_path: Path) -> None:
    code, out, _ = _run("open-data", "export", str(tmp_path / "od"))
    assert code == 0 and "datasets" in out
    assert validate(str(tmp_path / "od" / "datapackage.json")).valid
    assert "Hidden Town" not in (tmp_path / "od" / "cities.csv").read_text(encoding="utf-8")
