"""Emission-reduction targets cities published elsewhere (CDP 2021 targets), beside the city's own
ClimateTarget: several per city, read-only, with type, Paris alignment, share achieved and source.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "published_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("record", sa.String(40), nullable=False),
        sa.Column("reported_year", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(30), nullable=False),
        sa.Column("sector", sa.String(200), nullable=True),
        sa.Column("base_year", sa.Integer(), nullable=True),
        sa.Column("base_emissions_t", sa.Float(), nullable=True),
        sa.Column("reduction_pct", sa.Float(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("target_emissions_t", sa.Float(), nullable=True),
        sa.Column("paris_alignment", sa.String(12), nullable=True),
        sa.Column("achieved_pct", sa.Float(), nullable=True),
        sa.Column("year_set", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_published_target_city_id_city"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_target")),
        sa.UniqueConstraint("source", "record", name=op.f("uq_published_target_source")),
    )
    op.create_index(op.f("ix_published_target_city_id"), "published_target", ["city_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_published_target_city_id"), "published_target")
    op.drop_table("published_target")
