"""National scopes of action kept in the database: sources, country profiles and their statements,
seeded by `citypact data load` and maintained by platform administrators.

Revision ID: 0032
Revises: 0031
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('scope_profile',
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['updated_by'], ['app_user.id'], name=op.f('fk_scope_profile_updated_by_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('country', name=op.f('pk_scope_profile'))
    )
    op.create_table('scope_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['updated_by'], ['app_user.id'], name=op.f('fk_scope_source_updated_by_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scope_source')),
    sa.UniqueConstraint('code', name=op.f('uq_scope_source_code'))
    )
    op.create_table('scope_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('instrument', sa.String(length=40), nullable=False),
    sa.Column('say', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['country'], ['scope_profile.country'], name=op.f('fk_scope_statement_country_scope_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['scope_source.id'], name=op.f('fk_scope_statement_source_id_scope_source'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['updated_by'], ['app_user.id'], name=op.f('fk_scope_statement_updated_by_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scope_statement')),
    sa.UniqueConstraint('country', 'field', 'instrument', name='uq_scope_statement_cell')
    )
    with op.batch_alter_table('scope_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scope_statement_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_scope_statement_source_id'), ['source_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scope_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scope_statement_source_id'))
        batch_op.drop_index(batch_op.f('ix_scope_statement_country'))

    op.drop_table('scope_statement')
    op.drop_table('scope_source')
    op.drop_table('scope_profile')
