"""The citypact command: accounts from the shell, bad input with exit status 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services.auth.accounts import actor_for, user_id_by_email
from tests.conftest import World

runner = CliRunner()


@pytest.fixture
def env(database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")


def test_user_add_with_a_role(env: None, world: World) -> None:
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "officer@kyoto.example",
            "--name",
            "Officer",
            "--password",
            "0123456789ab",
            "--role",
            "city_editor",
            "--scope",
            str(world.city["Kyoto"]),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "created user" in result.output
    with world.db.read() as session:
        actor = actor_for(session, user_id_by_email(session, "officer@kyoto.example"))
    assert actor is not None and actor.can_edit_city(world.city["Kyoto"])


def test_user_add_refuses_a_bad_email_and_writes_nothing(env: None, world: World) -> None:
    result = runner.invoke(app, ["user", "add", "not-an-email", "--name", "X", "--password", "0123456789ab"])
    assert result.exit_code == 2
    assert "email" in result.output and "name@example.org" in result.output


def test_grant_to_an_unknown_city_fails_cleanly(env: None, world: World) -> None:
    result = runner.invoke(app, ["user", "grant", "plain_user@test.example", "city_editor", "999999"])
    assert result.exit_code == 2
    assert "999999" in result.output


def test_data_load_rejects_an_unknown_source(env: None) -> None:
    result = runner.invoke(app, ["data", "load", "--source", "internet"])
    assert result.exit_code == 2
