"""Migration 0029 adds the table of published annual reports and takes it away on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade


def _has_table(database_url: str) -> bool:
    engine = make_engine(database_url)
    try:
        return "annual_report" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _has_table(database_url)
    command.downgrade(alembic_config(database_url), "0028")
    assert not _has_table(database_url)
    upgrade(database_url)
    assert _has_table(database_url)
