"""Migration 0030 adds the tables of joint positions and takes them away again on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

TABLES = {"joint_position", "joint_position_city", "joint_position_signature", "joint_position_evidence"}


def _tables(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names()) & TABLES
    finally:
        engine.dispose()


def test_upgrade_and_downgrade(database_url: str) -> None:
    assert _tables(database_url) == TABLES
    command.downgrade(alembic_config(database_url), "0029")
    assert _tables(database_url) == set()
    upgrade(database_url)
    assert _tables(database_url) == TABLES
