"""Migration 0025 adds the credit registry's tables, keeps its ledger append-only, and takes them
away again on downgrade."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

TABLES = {
    "credit_project",
    "credit_project_party",
    "credit_project_document",
    "credit_officer",
    "credit_monitoring_report",
    "credit_account",
    "credit_block",
    "credit_transaction",
    "credit_retirement",
    "credit_net_display",
}
ROW = (
    "INSERT INTO credit_transaction (seq, kind, recorded_at, body, prev_hash, hash) "
    "VALUES (1, 'issue', CURRENT_TIMESTAMP, '{}', :prev, :hash)"
)


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names()) & TABLES
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _tables(database_url) == TABLES
    command.downgrade(alembic_config(database_url), "0024")
    assert _tables(database_url) == set()
    upgrade(database_url)
    assert _tables(database_url) == TABLES


@pytest.mark.parametrize(
    "change", ["UPDATE credit_transaction SET body = '{\"x\": 1}'", "DELETE FROM credit_transaction"]
)
def test_the_ledger_refuses_changes_to_written_rows(database_url: str, change: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(ROW), {"prev": "0" * 64, "hash": "a" * 64})
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(change))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT body FROM credit_transaction")).scalar_one() == "{}"
    finally:
        engine.dispose()
