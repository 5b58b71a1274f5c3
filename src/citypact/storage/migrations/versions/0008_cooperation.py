"""Technical cooperation: cities' offers of expertise and needs for support.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cooperation_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("city_id", sa.Integer, sa.ForeignKey("city.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("field", sa.String(30), nullable=False),
        sa.Column("support", sa.String(30), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("contact", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_cooperation_item_city_id", "cooperation_item", ["city_id"])
    op.create_index("ix_cooperation_item_field_kind", "cooperation_item", ["field", "kind"])


def downgrade() -> None:
    op.drop_index("ix_cooperation_item_field_kind", "cooperation_item")
    op.drop_index("ix_cooperation_item_city_id", "cooperation_item")
    op.drop_table("cooperation_item")
