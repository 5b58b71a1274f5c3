"""A version on every editable record, so that a stale edit is refused instead of overwriting.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Keep in step with the models that mix in storage.models.Versioned.
TABLES = (
    "city",
    "city_statistic",
    "inventory",
    "activity_record",
    "case_study",
    "climate_target",
    "plan_measure",
    "plan_milestone",
    "plan_kpi",
    "partnership",
    "partnership_goal",
    "partnership_task",
    "event",
    "cooperation_item",
    "network_match_weights",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
