"""Benchmark rounds: a network's benchmark of its member cities, kept as it was computed; indexes on
the last change of inventories and cities, which the benchmark's cache checks on every request.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "benchmark_round",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("network_id", sa.Integer, sa.ForeignKey("network.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("benchmarked", sa.Integer, nullable=False),
        sa.Column("model", sa.JSON, nullable=False),
        sa.Column("results", sa.JSON, nullable=False),
    )
    op.create_index("ix_benchmark_round_network_id", "benchmark_round", ["network_id"])
    op.create_index("ix_inventory_updated_at", "inventory", ["updated_at"])
    op.create_index("ix_city_updated_at", "city", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_city_updated_at", "city")
    op.drop_index("ix_inventory_updated_at", "inventory")
    op.drop_index("ix_benchmark_round_network_id", "benchmark_round")
    op.drop_table("benchmark_round")
