"""Migration 0023 adds the bid tables and takes them away again on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

TABLES = {
    "procurement_bid",
    "procurement_bid_opening",
    "procurement_evaluation",
    "procurement_award",
    "procurement_ladder_miss",
    "procurement_contract",
    "procurement_call_off",
    "procurement_plan_link",
}


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names()) & TABLES
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _tables(database_url) == TABLES
    command.downgrade(alembic_config(database_url), "0022")
    assert _tables(database_url) == set()
    upgrade(database_url)
    assert _tables(database_url) == TABLES
