"""GPC inventories: inventory, activity_record, inventory_result.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inventory",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("city_id", sa.Integer(), sa.ForeignKey("city.id", ondelete="CASCADE"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("standard", sa.String(10), nullable=False),
        sa.Column("gwp", sa.String(4), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("factor_library", sa.String(80), nullable=False),
        sa.Column("boundary", sa.Text(), nullable=False),
        sa.Column("population", sa.BigInteger()),
        sa.Column("reported", sa.JSON()),
        sa.Column("reported_source", sa.String(300)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("city_id", "year", name="uq_inventory_city_id"),
    )
    op.create_index("ix_inventory_city_id", "inventory", ["city_id"])
    op.create_table(
        "activity_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "inventory_id", sa.Integer(), sa.ForeignKey("inventory.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("gpc_ref", sa.String(10), nullable=False),
        sa.Column("fuel", sa.String(100)),
        sa.Column("amount", sa.Float()),
        sa.Column("unit", sa.String(30)),
        sa.Column("notation_key", sa.String(2)),
        sa.Column("explanation", sa.Text()),
        sa.Column("source", sa.String(300)),
        sa.Column("year", sa.Integer()),
        sa.Column("data_quality", sa.String(6)),
        sa.Column("ef_co2", sa.Float()),
        sa.Column("ef_ch4", sa.Float()),
        sa.Column("ef_n2o", sa.Float()),
        sa.Column("ef_unit", sa.String(30)),
        sa.Column("ef_source", sa.String(300)),
        sa.Column("ef_data_quality", sa.String(6)),
        sa.Column("reported_co2_t", sa.Float()),
        sa.Column("reported_ch4_t", sa.Float()),
        sa.Column("reported_n2o_t", sa.Float()),
        sa.Column("reported_co2e_t", sa.Float()),
    )
    op.create_index("ix_activity_record_inventory_id", "activity_record", ["inventory_id"])
    op.create_table(
        "inventory_result",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "inventory_id", sa.Integer(), sa.ForeignKey("inventory.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("computed_at", TZ, nullable=False),
        sa.Column("factor_library", sa.String(80), nullable=False),
        sa.Column("gwp", sa.String(4), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        *(
            sa.Column(name, sa.Float(), nullable=False)
            for name in ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3", "biogenic_co2")
        ),
        sa.Column("scope2_market", sa.Float()),
        sa.Column("by_ref", sa.JSON(), nullable=False),
        sa.Column("by_gas", sa.JSON(), nullable=False),
    )
    op.create_index("ix_inventory_result_inventory_id", "inventory_result", ["inventory_id"])


def downgrade() -> None:
    op.drop_table("inventory_result")
    op.drop_table("activity_record")
    op.drop_table("inventory")
