"""Migration 0019 adds the outlier confirmations and takes them away again on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade


def _columns(database_url: str) -> set[str] | None:
    """The columns of outlier_confirmation, None without the table."""
    engine = make_engine(database_url)
    try:
        found = inspect(engine)
        if not found.has_table("outlier_confirmation"):
            return None
        return {str(c["name"]) for c in found.get_columns("outlier_confirmation")}
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    columns = {"city_id", "year", "value", "confirmed_by", "confirmed_at"}
    assert _columns(database_url) == columns
    command.downgrade(alembic_config(database_url), "0018")
    assert _columns(database_url) is None
    upgrade(database_url)
    assert _columns(database_url) == columns
