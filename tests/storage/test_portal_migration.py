"""Migration 0028 adds the network news table and takes it away again on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names()) & {"network_news"}
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _tables(database_url) == {"network_news"}
    command.downgrade(alembic_config(database_url), "0027")
    assert _tables(database_url) == set()
    upgrade(database_url)
    assert _tables(database_url) == {"network_news"}
