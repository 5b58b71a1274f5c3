"""A city joins a network only with its consent: memberships record when the city agreed, and
pending invitations (from the secretariat) and requests (from the city) wait for the other side.

Existing memberships (loaded from published lists, or added by a secretariat without asking the
city) stay members but are not confirmed: they give the secretariat no read rights until the city
confirms them.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def upgrade() -> None:
    with op.batch_alter_table("network_member") as batch:
        batch.add_column(sa.Column("confirmed_at", TZ, nullable=True))
    op.create_table(
        "network_join",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(12), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("direction IN ('invitation', 'request')", name=op.f("ck_network_join_direction")),
        _fk("network_join", "network_id", "network.id", "CASCADE"),
        _fk("network_join", "city_id", "city.id", "CASCADE"),
        _fk("network_join", "created_by", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("network_id", "city_id", name=op.f("pk_network_join")),
    )
    op.create_index(op.f("ix_network_join_city_id"), "network_join", ["city_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_network_join_city_id"), "network_join")
    op.drop_table("network_join")
    with op.batch_alter_table("network_member") as batch:
        batch.drop_column("confirmed_at")
