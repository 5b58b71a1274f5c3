"""`citypact procurement list|show|create|demand` as the operator: JSON and tables, and refusals
with exit status 2 that write nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services.procurement import views
from tests.conftest import World
from tests.factories import OPERATOR, joint_procurement

runner = CliRunner()


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")


def test_create_list_and_show(env: None, world: World) -> None:
    made = runner.invoke(
        app,
        [
            "procurement",
            "create",
            "--title",
            "LED street lights",
            "--lead-city",
            str(world.city["Cologne"]),
            "--invite",
            str(world.city["Munich"]),
            "--cpv",
            "34993000-4",
            "--bids-due",
            "2099-03-01T12:00:00+01:00",
        ],
    )
    assert made.exit_code == 0, made.output
    pid = int(made.output.strip())
    listed = runner.invoke(app, ["procurement", "list", "--format", "json"])
    assert [(p["id"], p["title"]) for p in json.loads(listed.output)] == [(pid, "LED street lights")]
    mine = runner.invoke(app, ["procurement", "list", "--city", str(world.city["Munich"])])
    assert "LED street lights" in mine.output and "(participant)" in mine.output
    shown = runner.invoke(app, ["procurement", "show", str(pid), "--format", "json"])
    body = json.loads(shown.output)
    assert body["bids_due_at"] == "2099-03-01T11:00:00+00:00"
    assert [(x["city_name"], x["status"]) for x in body["participants"]] == [
        ("Cologne", "joined"),
        ("Munich", "invited"),
    ]


def test_demand_as_the_operator(env: None, world: World) -> None:
    jp = joint_procurement(world)
    kyoto = str(world.city["Kyoto"])
    args = [
        "procurement",
        "demand",
        str(jp.id),
        "--city",
        kyoto,
        "--lot",
        str(jp.lot_id),
        "--quantity",
        "7",
        "--from",
        "2027",
        "--to",
        "2030",
        "--budget-ceiling",
        "420000000",
    ]
    assert runner.invoke(app, args).exit_code == 0
    with world.db.read() as session:
        lot = views.get_procurement(session, OPERATOR, jp.id).lots[0]
    assert (lot.total_quantity, lot.total_budget_minor, lot.delivery_to) == (17.0, 1_020_000_000, 2030)
    shown = runner.invoke(app, ["procurement", "show", str(jp.id)])
    assert "lot 1: Electric buses, 12 m  17 bus from 2 cities, 2027-2030" in shown.output


def test_refusals_exit_2_and_write_nothing(env: None, world: World) -> None:
    bad = runner.invoke(app, ["procurement", "create", "--title", "X", "--lead-city", "1", "--cpv", "12"])
    assert bad.exit_code == 2 and "cpv" in bad.output
    none = runner.invoke(app, ["procurement", "create", "--title", "X"])
    assert none.exit_code == 2 and "lead buyer" in none.output
    assert json.loads(runner.invoke(app, ["procurement", "list", "--format", "json"]).output) == []
    jp = joint_procurement(world)
    late = runner.invoke(
        app,
        [
            "procurement",
            "demand",
            str(jp.id),
            "--city",
            str(world.city["Munich"]),
            "--lot",
            str(jp.lot_id),
            "--quantity",
            "1",
            "--from",
            "2027",
            "--to",
            "2027",
        ],
    )
    assert late.exit_code == 2 and "has not joined" in late.output
    assert runner.invoke(app, ["procurement", "show", "999999"]).exit_code == 2
