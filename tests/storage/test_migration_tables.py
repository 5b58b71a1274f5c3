"""Migrations that add tables and nothing else: each adds its tables, takes them away on downgrade
to its predecessor, and adds them again on upgrade."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from citypact.storage.db import make_engine
from citypact.storage.migrate import alembic_config, upgrade

# revision: (its predecessor, the tables it adds)
ADDED_TABLES = {
    "0022": (
        "0021",
        {"joint_project", "joint_project_partner", "joint_project_cost", "joint_project_funding"},
    ),
    "0023": (
        "0022",
        {
            "procurement_bid",
            "procurement_bid_opening",
            "procurement_evaluation",
            "procurement_award",
            "procurement_ladder_miss",
            "procurement_contract",
            "procurement_call_off",
            "procurement_plan_link",
        },
    ),
    "0027": ("0026", {"survey_round", "survey_response", "survey_mail"}),
    "0028": ("0027", {"network_news"}),
    "0029": ("0028", {"annual_report"}),
    "0030": (
        "0029",
        {"joint_position", "joint_position_city", "joint_position_signature", "joint_position_evidence"},
    ),
    "0031": ("0030", {"first_inventory_comment"}),
    "0032": ("0031", {"scope_source", "scope_profile", "scope_statement"}),
}


def _present(database_url: str, tables: set[str]) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names()) & tables
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", sorted(ADDED_TABLES))
def test_upgrade_and_downgrade(database_url: str, revision: str) -> None:
    predecessor, tables = ADDED_TABLES[revision]
    assert _present(database_url, tables) == tables
    command.downgrade(alembic_config(database_url), predecessor)
    assert _present(database_url, tables) == set()
    upgrade(database_url)
    assert _present(database_url, tables) == tables
