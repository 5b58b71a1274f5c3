"""`citypact surveys list`, `surveys results ROUND` in every format and `surveys send-mail`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.surveys_fixture import Surveys, answer, sent_round

runner = CliRunner()


@pytest.fixture
def s(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> Surveys:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    monkeypatch.delenv("CITYPACT_SMTP_HOST", raising=False)
    made = sent_round(world)
    answer(world, made, "heidelberg_editor", made.heidelberg, {"has_plan": "no", "staff": "2"})
    answer(world, made, "kyoto_editor", made.kyoto, {"has_plan": "no", "staff": "5"})
    return made


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["surveys", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_and_results(s: Surveys, tmp_path: Path) -> None:
    code, out, _ = _run("list", "--format", "json")
    assert code == 0
    assert [(r["id"], r["submitted"], r["cities"]) for r in json.loads(out)] == [(s.round_id, 2, 2)]
    code, out, _ = _run("list", "--network", "c40")
    assert code == 0 and "2/2 submitted" in out
    code, out, _ = _run("results", str(s.round_id), "--format", "json")
    staff = next(a for a in json.loads(out)["aggregates"] if a["key"] == "staff")
    assert (staff["minimum"], staff["median"], staff["maximum"]) == (2.0, 3.5, 5.0)
    code, out, _ = _run("results", str(s.round_id), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["staff"] for r in rows) == ["2", "5"]
    code, out, _ = _run("results", str(s.round_id))
    assert code == 0 and "median 3.5" in out
    code, _, err = _run("results", str(s.round_id), "--format", "xlsx")
    assert code == 2 and "--out" in err
    target = tmp_path / "r.xlsx"
    code, _, _ = _run("results", str(s.round_id), "--format", "xlsx", "--out", str(target))
    assert code == 0 and target.read_bytes()[:2] == b"PK"
    code, _, err = _run("results", "999")
    assert code == 2 and "No survey round" in err


def test_send_mail_without_a_host_keeps_the_queue(s: Surveys) -> None:
    code, out, _ = _run("send-mail")
    assert code == 0 and "stay queued" in out and "2 mails" in out
