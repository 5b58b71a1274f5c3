"""Migration 0024 adds the Local Green Deal tables and the organisations' registration columns, and
takes them away again on downgrade; an organisation made before it stays, confirmed."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

TABLES = {
    "organisation_person",
    "deal",
    "deal_party",
    "deal_commitment",
    "commitment_benefit",
    "commitment_milestone",
    "commitment_report",
    "deal_review",
    "idea",
    "idea_review",
    "idea_support",
    "content_report",
    "plan_measure_cost",
    "plan_measure_funding",
}


def _state(database_url: str) -> tuple[set[str], set[str]]:
    engine = make_engine(database_url)
    try:
        inspector = inspect(engine)
        columns = {c["name"] for c in inspector.get_columns("organisation")}
        return TABLES & set(inspector.get_table_names()), columns
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    tables, columns = _state(database_url)
    assert tables == TABLES and {"status", "sector", "version"} <= columns
    command.downgrade(alembic_config(database_url), "0023")
    tables, columns = _state(database_url)
    assert tables == set() and "status" not in columns
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO organisation (name, kind) VALUES ('Stadtwerke', 'company')"))
    engine.dispose()
    upgrade(database_url)
    assert _state(database_url)[0] == TABLES
    engine = make_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT kind, status, version FROM organisation WHERE name = 'Stadtwerke'")
        ).one()
    engine.dispose()
    assert tuple(row) == ("business", "confirmed", 1)
