"""`citypact db backup` and `citypact db restore`: a round trip gives back every table as it was
(row counts and contents), on SQLite and on PostgreSQL; a restore asks before it overwrites."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.storage.backup import BackupError, restore
from citypact.storage.db import make_engine
from tests.conftest import World

runner = CliRunner()


def _contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in a fixed order."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: sorted(
                    (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))), key=repr
                )
                for name in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


def _change_everything(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE city SET name = name || ' (changed)'"))
        connection.execute(text("DELETE FROM api_token"))
        connection.execute(text("DELETE FROM audit_entry"))
    engine.dispose()


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return database_url


def test_backup_and_restore_give_back_every_table(env: str, world: World, tmp_path: Path) -> None:
    world.db.dispose()
    original = _contents(env)
    assert original["city"] and original["api_token"] and original["audit_entry"]
    file = tmp_path / "citypact.backup"

    done = runner.invoke(app, ["db", "backup", str(file)])
    assert done.exit_code == 0, done.output
    assert f"{len(original)} tables" in done.output
    _change_everything(env)
    assert _contents(env) != original

    refused = runner.invoke(app, ["db", "restore", str(file)])  # not a terminal: no question asked
    assert refused.exit_code == 1
    assert "add --force" in refused.output
    assert _contents(env) != original  # nothing restored

    done = runner.invoke(app, ["db", "restore", str(file), "--force"])
    assert done.exit_code == 0, done.output
    assert "restored" in done.output and f"{len(original)} tables" in done.output
    restored = _contents(env)
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert len(restored[table]) == len(rows), table
        assert restored[table] == rows, table


def test_backup_does_not_overwrite_a_file_without_force(env: str, world: World, tmp_path: Path) -> None:
    file = tmp_path / "kept"
    file.write_text("an older backup")
    done = runner.invoke(app, ["db", "backup", str(file)])
    assert done.exit_code == 1 and "--force" in done.output
    assert file.read_text() == "an older backup"


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_kind(
    env: str, world: World, tmp_path: Path
) -> None:
    world.db.dispose()
    before = _contents(env)
    file = tmp_path / "notes.txt"
    file.write_text("not a database")
    done = runner.invoke(app, ["db", "restore", str(file), "--force"])
    assert done.exit_code == 1
    assert "not a citypact backup" in done.output and "unchanged" in done.output
    assert runner.invoke(app, ["db", "restore", str(tmp_path / "missing"), "--force"]).exit_code == 1
    assert _contents(env) == before


def test_a_missing_postgresql_tool_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_restore here
    file = tmp_path / "dump"
    file.write_bytes(b"PGDMP and more")
    with pytest.raises(BackupError, match="pg_restore is not on PATH: install the PostgreSQL client"):
        restore("postgresql://nobody@127.0.0.1:1/none", file)
