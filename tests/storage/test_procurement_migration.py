"""Migration 0020 adds the joint-procurement tables and takes them away again on downgrade (run on
PostgreSQL too when CITYPACT_TEST_DATABASE_URL names one)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

TABLES = {
    "procurement",
    "procurement_participant",
    "procurement_lot",
    "procurement_demand",
    "procurement_milestone",
    "procurement_dialogue",
    "procurement_document",
}


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names()) & TABLES
    finally:
        engine.dispose()


def _columns(database_url: str, table: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return {str(c["name"]) for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _tables(database_url) == TABLES
    assert {"bids_due_at", "lead_city_id", "lead_organisation_id", "version"} <= _columns(
        database_url, "procurement"
    )
    command.downgrade(alembic_config(database_url), "0019")
    assert _tables(database_url) == set()
    upgrade(database_url, "0020")
    assert _tables(database_url) == TABLES
