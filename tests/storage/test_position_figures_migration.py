"""Migration 0033 adds the taken figure of a position's indicator evidence, and takes it away again
on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

COLUMNS = {"figure_value", "figure_unit", "figure_source", "figure_taken_at"}


def _columns(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("joint_position_evidence")} & COLUMNS
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _columns(database_url) == COLUMNS
    command.downgrade(alembic_config(database_url), "0032")
    assert _columns(database_url) == set()
    upgrade(database_url)
    assert _columns(database_url) == COLUMNS
