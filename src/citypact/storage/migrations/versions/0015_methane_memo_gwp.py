"""AR6 methane split, biogenic CO2 of waste methods in the memo, and CO2e kept under another GWP set.

* inventory.gwp and inventory_result.gwp widen to hold "AR6-split" (AR6 with fossil and non-fossil
  methane apart).
* activity_record.reported_biogenic_co2_t: biogenic CO2 of a waste method (incineration), a memo item.
* activity_record.reported_gwp: the GWP set a CO2e figure reported without its gas split was
  computed with (CityCatalyst: AR5); it cannot be reweighed under another set.
* inventory_result.other_gwp: t CO2e of the totals that stay under another GWP set, by set.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inventory") as batch:
        batch.alter_column("gwp", type_=sa.String(10), existing_type=sa.String(4), existing_nullable=False)
    with op.batch_alter_table("inventory_result") as batch:
        batch.alter_column("gwp", type_=sa.String(10), existing_type=sa.String(4), existing_nullable=False)
        batch.add_column(sa.Column("other_gwp", sa.JSON()))
    with op.batch_alter_table("activity_record") as batch:
        batch.add_column(sa.Column("reported_biogenic_co2_t", sa.Float()))
        batch.add_column(sa.Column("reported_gwp", sa.String(10)))


def downgrade() -> None:
    with op.batch_alter_table("activity_record") as batch:
        batch.drop_column("reported_gwp")
        batch.drop_column("reported_biogenic_co2_t")
    with op.batch_alter_table("inventory_result") as batch:
        batch.drop_column("other_gwp")
        batch.alter_column("gwp", type_=sa.String(4), existing_type=sa.String(10), existing_nullable=False)
    with op.batch_alter_table("inventory") as batch:
        batch.alter_column("gwp", type_=sa.String(4), existing_type=sa.String(10), existing_nullable=False)
