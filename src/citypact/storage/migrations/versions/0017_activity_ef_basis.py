"""Which scope-2 figure a user factor on grid energy is: location (default) or market.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows stored before had no basis. They meant a user factor on grid electricity as the
    # market-based figure (the engine's rule until now): keep that meaning, so a recalculation
    # does not silently move their totals.
    with op.batch_alter_table("activity_record") as batch:
        batch.add_column(sa.Column("ef_basis", sa.String(8)))
    op.execute(
        "UPDATE activity_record SET ef_basis = 'market' "
        "WHERE fuel IS NOT NULL AND lower(trim(fuel)) IN ('electricity', 'grid electricity') "
        "AND (ef_co2 IS NOT NULL OR ef_ch4 IS NOT NULL OR ef_n2o IS NOT NULL) "
        "AND (gpc_ref LIKE '%.2' OR gpc_ref LIKE '%.3')"
    )


def downgrade() -> None:
    with op.batch_alter_table("activity_record") as batch:
        batch.drop_column("ef_basis")
