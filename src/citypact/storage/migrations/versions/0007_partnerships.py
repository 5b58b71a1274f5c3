"""Partnerships and their events: members with acceptance and signature dates, shared goals, the joint
work plan, the exchange log, events of a partnership or a network and their participants.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "partnership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("declared_on", sa.Date(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("review", sa.Text(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        _fk("partnership", "proposed_by", "city.id", "SET NULL"),
        _fk("partnership", "network_id", "network.id", "SET NULL"),
        _fk("partnership", "created_by", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership")),
    )
    op.create_index(op.f("ix_partnership_status"), "partnership", ["status"])
    op.create_index(op.f("ix_partnership_network_id"), "partnership", ["network_id"])

    op.create_table(
        "partnership_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signatory", sa.String(200), nullable=False),
        sa.Column("signed_by", sa.Integer(), nullable=True),
        _fk("partnership_member", "partnership_id", "partnership.id", "CASCADE"),
        _fk("partnership_member", "city_id", "city.id", "CASCADE"),
        _fk("partnership_member", "signed_by", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_member")),
        sa.UniqueConstraint("partnership_id", "city_id", name=op.f("uq_partnership_member_partnership_id")),
    )
    op.create_index(op.f("ix_partnership_member_partnership_id"), "partnership_member", ["partnership_id"])
    op.create_index(op.f("ix_partnership_member_city_id"), "partnership_member", ["city_id"])

    op.create_table(
        "partnership_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        _fk("partnership_goal", "partnership_id", "partnership.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_goal")),
    )
    op.create_index(op.f("ix_partnership_goal_partnership_id"), "partnership_goal", ["partnership_id"])

    op.create_table(
        "partnership_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("owner_city_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        _fk("partnership_task", "partnership_id", "partnership.id", "CASCADE"),
        _fk("partnership_task", "goal_id", "partnership_goal.id", "SET NULL"),
        _fk("partnership_task", "owner_city_id", "city.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_task")),
    )
    op.create_index(op.f("ix_partnership_task_partnership_id"), "partnership_task", ["partnership_id"])

    op.create_table(
        "exchange_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("city_ids", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("source_ref", sa.String(80), nullable=True),
        sa.Column("is_internal", sa.Boolean(), nullable=False),
        _fk("exchange_entry", "partnership_id", "partnership.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_entry")),
        sa.UniqueConstraint("partnership_id", "source_ref", name=op.f("uq_exchange_entry_partnership_id")),
    )
    op.create_index(op.f("ix_exchange_entry_partnership_id"), "exchange_entry", ["partnership_id"])

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("outcomes", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN partnership_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN network_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_event_one_owner"),
        ),
        _fk("event", "partnership_id", "partnership.id", "CASCADE"),
        _fk("event", "network_id", "network.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    op.create_index(op.f("ix_event_partnership_id"), "event", ["partnership_id"])
    op.create_index(op.f("ix_event_network_id"), "event", ["network_id"])

    op.create_table(
        "event_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("people_count", sa.Integer(), nullable=True),
        sa.Column("people", sa.Text(), nullable=False),
        _fk("event_participant", "event_id", "event.id", "CASCADE"),
        _fk("event_participant", "city_id", "city.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_participant")),
        sa.UniqueConstraint("event_id", "city_id", name=op.f("uq_event_participant_event_id")),
    )
    op.create_index(op.f("ix_event_participant_event_id"), "event_participant", ["event_id"])
    op.create_index(op.f("ix_event_participant_city_id"), "event_participant", ["city_id"])


def downgrade() -> None:
    for table in (
        "event_participant",
        "event",
        "exchange_entry",
        "partnership_task",
        "partnership_goal",
        "partnership_member",
        "partnership",
    ):
        op.drop_table(table)
