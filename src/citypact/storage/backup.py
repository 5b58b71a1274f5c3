"""Backup and restore of the whole database.

SQLite copies through its online backup API: a consistent copy while the server keeps serving,
and a restore that replaces the database's pages in one step. PostgreSQL goes through pg_dump
and pg_restore (custom format), found on PATH; the restore runs in a single transaction, so a
failed one leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url

from citypact.storage.db import is_sqlite, make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class TableRows:
    table: str
    rows: int


def table_rows(url: str) -> list[TableRows]:
    """Every table of the database with its number of rows, by name."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            names = sorted(inspect(connection).get_table_names())
            return [
                TableRows(name, int(connection.scalar(text(f'SELECT count(*) FROM "{name}"')) or 0))
                for name in names
            ]
    finally:
        engine.dispose()


def backup(url: str, target: Path) -> None:
    """Write a consistent copy of the database at `url` to `target` (replaced only when complete)."""
    partial = target.with_name(target.name + ".partial")
    try:
        if is_sqlite(url):
            _sqlite_copy(_sqlite_path(url), partial)
        else:
            _run_pg(
                "pg_dump",
                ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
                url,
            )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup in `source`."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file; name a file written by `citypact db backup`.")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if is_sqlite(url):
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(_wrong_kind(source, head, "SQLite"))
        _check_sqlite_backup(source)
        _sqlite_copy(source, Path(_sqlite_path(url)))
    else:
        if not head.startswith(PG_MAGIC):
            raise BackupError(_wrong_kind(source, head, "PostgreSQL"))
        _run_pg(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(source),
            ],
            url,
        )


def _wrong_kind(source: Path, head: bytes, wanted: str) -> str:
    found = (
        "a SQLite backup"
        if head.startswith(SQLITE_MAGIC)
        else "a PostgreSQL backup"
        if head.startswith(PG_MAGIC)
        else "not a citypact backup"
    )
    return (
        f"{source} is {found}, and the database (CITYPACT_DATABASE_URL) is {wanted}: "
        "restore a backup made from the same kind of database."
    )


def _sqlite_path(url: str) -> str:
    path = make_url(url).database
    if not path or path == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored; use a file.")
    return path


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is damaged ({exc}); restore another backup.") from exc
    if found is None:
        raise BackupError(
            f"{source} is a SQLite file but not a citypact database (no alembic_version table)."
        )


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as from_db, sqlite3.connect(target) as to_db:
        from_db.backup(to_db)
    from_db.close()
    to_db.close()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL for the PostgreSQL client tools; the password goes in the environment, not argv."""
    parsed: URL = make_url(url)
    env = {**os.environ}
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run_pg(tool: str, arguments: list[str], url: str) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(
            f"{tool} is not on PATH: install the PostgreSQL client tools of the server's version "
            "or newer (Debian/Ubuntu: apt install postgresql-client), then run the command again."
        )
    dsn, env = _libpq(url)
    done = subprocess.run(
        [program, *arguments, f"--dbname={dsn}"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-3:] or [f"exit status {done.returncode}"]
        raise BackupError(f"{tool} failed: " + " / ".join(message))
