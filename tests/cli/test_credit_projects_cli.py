"""`citypact credits projects list|show` and `citypact credits officers grant|revoke|list`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.credit_projects_fixture import VERIFIED_T, MadeProject, draft_project, verified_project

runner = CliRunner()


@pytest.fixture
def made(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> tuple[MadeProject, MadeProject]:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return verified_project(world), draft_project(world, title="Energy audit")


def test_list_with_filters(made: tuple[MadeProject, MadeProject]) -> None:
    registered, draft = made
    result = runner.invoke(app, ["credits", "projects", "list", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(int(r["id"]), r["status"], r["host_country"]) for r in rows] == [
        (draft.id, "draft", "DE"),
        (registered.id, "registered", "DE"),
    ]
    result = runner.invoke(app, ["credits", "projects", "list", "--status", "registered", "--format", "json"])
    assert [p["id"] for p in json.loads(result.output)] == [registered.id]
    assert runner.invoke(app, ["credits", "projects", "list", "--methodology", "magic"]).exit_code == 2


def test_show_as_json_is_the_apis(made: tuple[MadeProject, MadeProject]) -> None:
    registered, _ = made
    result = runner.invoke(app, ["credits", "projects", "show", str(registered.id), "--format", "json"])
    assert result.exit_code == 0, result.output
    project = json.loads(result.output)
    assert [(p["role"], p["share_bp"]) for p in project["parties"]] == [("host", 6_000), ("partner", 4_000)]
    assert [r["verified_t"] for r in project["reports"]] == [VERIFIED_T]
    table = runner.invoke(app, ["credits", "projects", "show", str(registered.id)])
    assert "monitored 3,600.0 t, verified 3,550.5 t" in table.output
    assert "buffer 5 %" in table.output


def test_officers_grant_list_revoke(made: tuple[MadeProject, MadeProject]) -> None:
    granted = runner.invoke(
        app,
        ["credits", "officers", "grant", "plain_user@test.example", "--role", "verifier", "--body", "TÜV"],
    )
    assert granted.exit_code == 0, granted.output
    listed = json.loads(runner.invoke(app, ["credits", "officers", "list", "--format", "json"]).output)
    assert ("plain_user@test.example", "verifier", "TÜV") in {
        (o["email"], o["role"], o["body"]) for o in listed
    }
    no_body = runner.invoke(app, ["credits", "officers", "grant", "admin@test.example", "--role", "verifier"])
    assert no_body.exit_code == 2
    revoked = runner.invoke(
        app, ["credits", "officers", "revoke", "plain_user@test.example", "--role", "verifier"]
    )
    assert revoked.exit_code == 0, revoked.output
    assert (
        runner.invoke(
            app, ["credits", "officers", "revoke", "nobody@test.example", "--role", "registry"]
        ).exit_code
        == 2
    )
