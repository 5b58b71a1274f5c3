"""Migration 0022 adds the joint projects' tables and takes them away again on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

TABLES = {"joint_project", "joint_project_partner", "joint_project_cost", "joint_project_funding"}


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _tables(database_url) == TABLES
    command.downgrade(alembic_config(database_url), "0021")
    assert _tables(database_url) == set()
    upgrade(database_url)
    assert _tables(database_url) == TABLES
