"""`citypact positions list` and `citypact positions show ID`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.positions_fixture import PositionWorld, position_world

runner = CliRunner()


@pytest.fixture
def pw(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> PositionWorld:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return position_world(world)


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["positions", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_in_three_formats_and_filtered(pw: PositionWorld) -> None:
    code, out, _ = _run("list", "--format", "json")
    assert code == 0
    assert {r["id"] for r in json.loads(out)} == {pw.draft, pw.sent, pw.recommendation}
    code, out, _ = _run("list", "--status", "sent", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in rows] == ["Grid fees for municipal solar"]
    assert (rows[0]["sent_on"], rows[0]["signatures"]) == ("2026-03-02", "1")
    code, out, _ = _run("list", "--network", "c40")
    assert code == 0 and "Benchmark lessons 2026" in out and "Grid fees" not in out
    code, _, err = _run("list", "--status", "lost")
    assert code != 0 and "status" in err


def test_show_a_position(pw: PositionWorld) -> None:
    code, out, _ = _run("show", str(pw.sent))
    assert code == 0
    assert "Grid fees for municipal solar [position, sent]" in out
    assert "ask: Waive grid fees for municipal solar" in out and "signed 20" in out
    code, out, _ = _run("show", str(pw.draft), "--format", "json")
    assert json.loads(out)["evidence"][0]["indicator"] == "basic_per_capita"
    code, _, err = _run("show", "999999")
    assert code != 0 and "999999" in err
