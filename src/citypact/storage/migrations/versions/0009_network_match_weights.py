"""A network secretariat's own weights of the matching signals, per goal.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "network_match_weights",
        sa.Column("network_id", sa.Integer, sa.ForeignKey("network.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("goal", sa.String(20), primary_key=True),
        sa.Column("weights", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("network_match_weights")
