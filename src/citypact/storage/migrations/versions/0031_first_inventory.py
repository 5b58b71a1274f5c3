"""Comments of a mentor city on a beginner city's first inventory, per GPC subsector.

Revision ID: 0031
Revises: 0030
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('first_inventory_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inventory_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('author_city_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('subsector', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_city_id'], ['city.id'], name=op.f('fk_first_inventory_comment_author_city_id_city'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['app_user.id'], name=op.f('fk_first_inventory_comment_author_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_first_inventory_comment_city_id_city'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inventory_id'], ['inventory.id'], name=op.f('fk_first_inventory_comment_inventory_id_inventory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_first_inventory_comment'))
    )
    with op.batch_alter_table('first_inventory_comment', schema=None) as batch_op:
        batch_op.create_index('ix_first_inventory_comment_inventory', ['inventory_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('first_inventory_comment', schema=None) as batch_op:
        batch_op.drop_index('ix_first_inventory_comment_inventory')
    op.drop_table('first_inventory_comment')
