"""Migration 0021 adds the CO2 price schedules and takes them away again on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade


def _columns(database_url: str) -> set[str] | None:
    """The columns of co2_price_schedule, None without the table."""
    engine = make_engine(database_url)
    try:
        found = inspect(engine)
        if not found.has_table("co2_price_schedule"):
            return None
        return {str(c["name"]) for c in found.get_columns("co2_price_schedule")}
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    columns = {
        "id", "scope", "scope_id", "key", "version", "name", "publisher", "source", "url", "currency",
        "price_year", "discounting", "valid_from", "prices", "note", "created_by", "created_at",
    }  # fmt: skip
    assert _columns(database_url) == columns
    command.downgrade(alembic_config(database_url), "0020")
    assert _columns(database_url) is None
    upgrade(database_url)
    assert _columns(database_url) == columns
