"""The figure of an indicator given as a position's evidence, taken when the position is sent:
value, unit, source and when it was taken (services/positions/figures.py).

Revision ID: 0033
Revises: 0032
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("joint_position_evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("figure_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("figure_unit", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("figure_source", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("figure_taken_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("joint_position_evidence", schema=None) as batch_op:
        batch_op.drop_column("figure_taken_at")
        batch_op.drop_column("figure_source")
        batch_op.drop_column("figure_unit")
        batch_op.drop_column("figure_value")
