"""Acknowledgements of an inventory's plausibility warnings: verification waits for every one.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inventory_warning_ack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inventory_id", sa.Integer(), nullable=False),
        sa.Column("warning_key", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inventory_id"],
            ["inventory.id"],
            name=op.f("fk_inventory_warning_ack_inventory_id_inventory"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_inventory_warning_ack_user_id_app_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_warning_ack")),
        sa.UniqueConstraint("inventory_id", "warning_key", name=op.f("uq_inventory_warning_ack_inventory_id")),
    )
    op.create_index(op.f("ix_inventory_warning_ack_inventory_id"), "inventory_warning_ack", ["inventory_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_inventory_warning_ack_inventory_id"), "inventory_warning_ack")
    op.drop_table("inventory_warning_ack")
