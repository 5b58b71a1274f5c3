"""The CLI context: a refusal becomes one message on stderr and exit status 2, a refused write writes
nothing, and the engine is disposed however the command ends."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from citypact.cli import context
from citypact.cli.context import FAILED, OPERATOR, REFUSED, reading, writing
from citypact.formats.errors import ImportErrors, ImportProblem
from citypact.services.auth import accounts
from citypact.services.errors import InvalidInput, NotFound
from citypact.storage.db import Database
from tests.conftest import World

runner = CliRunner()
probe = typer.Typer()
EMAIL = "refused@test.example"


@probe.command()
def refuse(what: str, write: bool = False) -> None:
    """Open the database as a command does, create an account when writing, then refuse WHAT."""
    with writing() if write else reading() as session:
        if write:
            accounts.create_user(session, OPERATOR, EMAIL, "Refused", "a long passphrase 7")
        if what == "input":
            raise InvalidInput("scope", "give the id of a city, e.g. 12.")
        if what == "missing":
            raise NotFound("city", 999999)
        if what == "file":
            raise ImportErrors([ImportProblem("plan.csv", 3, "field", "use a field code, e.g. transport.")])
        if what == "bug":
            raise RuntimeError("a bug")
    typer.echo("done")


@pytest.fixture
def disposed(database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[Database]:
    """The databases the context disposed."""
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    seen: list[Database] = []

    class Recording(Database):
        def dispose(self) -> None:
            seen.append(self)
            super().dispose()

    monkeypatch.setattr(context, "Database", Recording)
    return seen


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("input", "error: scope: give the id of a city, e.g. 12."),
        ("missing", "error: No city with id 999999."),
        ("file", "error: plan.csv, row 3, column 'field': use a field code, e.g. transport."),
    ],
)
def test_a_refusal_is_one_message_on_stderr_and_exit_status_2(
    disposed: list[Database], what: str, message: str
) -> None:
    result = runner.invoke(probe, [what])
    assert result.exit_code == REFUSED == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""
    assert len(disposed) == 1


def test_a_refused_write_writes_nothing(disposed: list[Database], world: World) -> None:
    result = runner.invoke(probe, ["input", "--write"])
    assert result.exit_code == 2, result.output
    with world.db.read() as session, pytest.raises(NotFound):
        accounts.user_id_by_email(session, EMAIL)
    assert len(disposed) == 1


def test_a_write_commits_and_the_engine_is_disposed(disposed: list[Database], world: World) -> None:
    result = runner.invoke(probe, ["none", "--write"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "done\n"
    with world.db.read() as session:
        assert accounts.user_id_by_email(session, EMAIL) > 0
    assert len(disposed) == 1


def test_an_error_that_is_not_a_refusal_is_not_hidden(disposed: list[Database]) -> None:
    result = runner.invoke(probe, ["bug"])
    assert isinstance(result.exception, RuntimeError)
    assert len(disposed) == 1


def test_a_database_never_migrated_is_named_with_the_command_that_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    result = runner.invoke(probe, ["none", "--write"])
    assert result.exit_code == FAILED == 1
    assert result.stderr.strip() == (
        "error: the database's schema is not up to date; run `citypact db upgrade` first."
    )
