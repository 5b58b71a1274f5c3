"""Inventories say which gases their reported totals cover: "CO2" where only CO2 was reported, else "CO2e".

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("inventory", sa.Column("reported_gases", sa.String(10), nullable=True))


def downgrade() -> None:
    # SQLite drops a column only by copying the table: batch mode does that there
    with op.batch_alter_table("inventory") as batch_op:
        batch_op.drop_column("reported_gases")
