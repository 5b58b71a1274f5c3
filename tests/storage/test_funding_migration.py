"""Migration 0026 adds the tables of funding and business matchmaking and the programme of a plan
measure's funding line, and takes them away again on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

TABLES = {
    "funding_programme",
    "funding_call",
    "funding_application",
    "funding_application_city",
    "provider_offer",
    "provider_offer_reference",
    "provider_conversation",
    "provider_message",
}


def _shape(database_url: str) -> tuple[set[str], bool]:
    engine = make_engine(database_url)
    try:
        inspector = inspect(engine)
        columns = {c["name"] for c in inspector.get_columns("plan_measure_funding")}
        return set(inspector.get_table_names()) & TABLES, "programme_id" in columns
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _shape(database_url) == (TABLES, True)
    command.downgrade(alembic_config(database_url), "0025")
    assert _shape(database_url) == (set(), False)
    upgrade(database_url)
    assert _shape(database_url) == (TABLES, True)
