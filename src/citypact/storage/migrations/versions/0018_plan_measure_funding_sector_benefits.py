"""A plan measure's funding source (a code), the GPC sector it reduces and its co-benefits.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Measures stored before have none of the three: the source and sector stay unknown (null),
    # the co-benefits empty; the free-text funding note keeps what was written.
    with op.batch_alter_table("plan_measure") as batch:
        batch.add_column(sa.Column("funding_source", sa.String(20)))
        batch.add_column(sa.Column("gpc_sector", sa.String(3)))
        batch.add_column(sa.Column("co_benefits", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("plan_measure") as batch:
        batch.drop_column("co_benefits")
        batch.drop_column("gpc_sector")
        batch.drop_column("funding_source")
