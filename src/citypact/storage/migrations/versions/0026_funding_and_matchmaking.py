"""Funding programmes, their calls and applications to them; providers' offers of low-carbon
technology and services, their references, and the conversations cities hold with providers. A plan
measure's funding line may name the programme it comes from.

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0026'
down_revision: str | None = '0025'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_TABLES = (  # in the order they are dropped
    'provider_message',
    'funding_application_city',
    'provider_offer_reference',
    'provider_conversation',
    'funding_application',
    'provider_offer',
    'funding_call',
    'funding_programme',
)


def upgrade() -> None:
    op.create_table('funding_programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('funder_name', sa.String(length=200), nullable=False),
    sa.Column('funder_level', sa.String(length=20), nullable=False),
    sa.Column('instrument', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('countries', sa.String(length=400), nullable=False),
    sa.Column('size_bands', sa.String(length=100), nullable=False),
    sa.Column('joint_required', sa.Boolean(), nullable=False),
    sa.Column('min_cities', sa.Integer(), nullable=False),
    sa.Column('min_countries', sa.Integer(), nullable=False),
    sa.Column('fields', sa.String(length=300), nullable=False),
    sa.Column('gpc_sectors', sa.String(length=40), nullable=False),
    sa.Column('measure_types', sa.Text(), nullable=False),
    sa.Column('amount_min_minor', sa.BigInteger(), nullable=True),
    sa.Column('amount_max_minor', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('funding_rate_bp', sa.Integer(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('maintainer_network_id', sa.Integer(), nullable=True),
    sa.Column('suggested_by_city_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('amount_min_minor IS NULL OR amount_max_minor IS NULL OR amount_min_minor <= amount_max_minor', name=op.f('ck_funding_programme_amount_range')),
    sa.CheckConstraint('funding_rate_bp IS NULL OR funding_rate_bp BETWEEN 1 AND 10000', name=op.f('ck_funding_programme_rate')),
    sa.CheckConstraint('min_cities >= 1 AND min_countries >= 1', name=op.f('ck_funding_programme_applicants')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_funding_programme_created_by_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['maintainer_network_id'], ['network.id'], name=op.f('fk_funding_programme_maintainer_network_id_network'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['suggested_by_city_id'], ['city.id'], name=op.f('fk_funding_programme_suggested_by_city_id_city'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by'], ['app_user.id'], name=op.f('fk_funding_programme_updated_by_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_programme'))
    )
    with op.batch_alter_table('funding_programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_programme_maintainer_network_id'), ['maintainer_network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_programme_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_programme_suggested_by_city_id'), ['suggested_by_city_id'], unique=False)

    op.create_table('funding_call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('budget_minor', sa.BigInteger(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('opens_on IS NULL OR closes_on IS NULL OR opens_on <= closes_on', name=op.f('ck_funding_call_dates')),
    sa.ForeignKeyConstraint(['programme_id'], ['funding_programme.id'], name=op.f('fk_funding_call_programme_id_funding_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_call'))
    )
    with op.batch_alter_table('funding_call', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_call_closes_on'), ['closes_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_call_programme_id'), ['programme_id'], unique=False)

    op.create_table('provider_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('fields', sa.String(length=300), nullable=False),
    sa.Column('measure_types', sa.Text(), nullable=False),
    sa.Column('countries', sa.String(length=400), nullable=False),
    sa.Column('languages', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_provider_offer_created_by_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_provider_offer_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_offer'))
    )
    with op.batch_alter_table('provider_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_offer_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_offer_status'), ['status'], unique=False)

    op.create_table('funding_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=True),
    sa.Column('lead_city_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('amount_sought_minor', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['funding_call.id'], name=op.f('fk_funding_application_call_id_funding_call'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_funding_application_created_by_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_city_id'], ['city.id'], name=op.f('fk_funding_application_lead_city_id_city'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_funding_application_network_id_network'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['funding_programme.id'], name=op.f('fk_funding_application_programme_id_funding_programme'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_application'))
    )
    with op.batch_alter_table('funding_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_application_lead_city_id'), ['lead_city_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_application_programme_id'), ['programme_id'], unique=False)

    op.create_table('provider_conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('plan_measure_id', sa.Integer(), nullable=True),
    sa.Column('cooperation_item_id', sa.Integer(), nullable=True),
    sa.Column('started_by', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_provider_conversation_city_id_city'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cooperation_item_id'], ['cooperation_item.id'], name=op.f('fk_provider_conversation_cooperation_item_id_cooperation_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['provider_offer.id'], name=op.f('fk_provider_conversation_offer_id_provider_offer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_measure_id'], ['plan_measure.id'], name=op.f('fk_provider_conversation_plan_measure_id_plan_measure'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['started_by'], ['app_user.id'], name=op.f('fk_provider_conversation_started_by_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_conversation'))
    )
    with op.batch_alter_table('provider_conversation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_conversation_city_id'), ['city_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_conversation_offer_id'), ['offer_id'], unique=False)

    op.create_table('provider_offer_reference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('project', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('case_study_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['case_study_id'], ['case_study.id'], name=op.f('fk_provider_offer_reference_case_study_id_case_study'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_provider_offer_reference_city_id_city'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['provider_offer.id'], name=op.f('fk_provider_offer_reference_offer_id_provider_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_offer_reference'))
    )
    with op.batch_alter_table('provider_offer_reference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_offer_reference_offer_id'), ['offer_id'], unique=False)

    op.create_table('funding_application_city',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('plan_measure_id', sa.Integer(), nullable=True),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['funding_application.id'], name=op.f('fk_funding_application_city_application_id_funding_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_funding_application_city_city_id_city'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_measure_id'], ['plan_measure.id'], name=op.f('fk_funding_application_city_plan_measure_id_plan_measure'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('application_id', 'city_id', name=op.f('pk_funding_application_city'))
    )
    with op.batch_alter_table('funding_application_city', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_application_city_city_id'), ['city_id'], unique=False)

    op.create_table('provider_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("side IN ('city', 'provider')", name=op.f('ck_provider_message_side')),
    sa.ForeignKeyConstraint(['author_id'], ['app_user.id'], name=op.f('fk_provider_message_author_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['provider_conversation.id'], name=op.f('fk_provider_message_conversation_id_provider_conversation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_message'))
    )
    with op.batch_alter_table('provider_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_message_conversation_id'), ['conversation_id'], unique=False)

    with op.batch_alter_table('plan_measure_funding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_plan_measure_funding_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_plan_measure_funding_programme_id_funding_programme'), 'funding_programme', ['programme_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('plan_measure_funding', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_measure_funding_programme_id_funding_programme'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_plan_measure_funding_programme_id'))
        batch_op.drop_column('programme_id')
    for table in NEW_TABLES:
        op.drop_table(table)
