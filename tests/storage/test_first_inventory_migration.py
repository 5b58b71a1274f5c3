"""Migration 0031 adds the table of mentor comments on first inventories, and takes it away again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names()) & {"first_inventory_comment"}
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _tables(database_url) == {"first_inventory_comment"}
    command.downgrade(alembic_config(database_url), "0030")
    assert _tables(database_url) == set()
    upgrade(database_url)
    assert _tables(database_url) == {"first_inventory_comment"}
