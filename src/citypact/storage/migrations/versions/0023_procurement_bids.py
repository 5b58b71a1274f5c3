"""Sealed bids and what follows them: bid openings, evaluations (inputs frozen when published),
awards, a missed CO2 Performance Ladder level, contracts, call-offs, and the plan measures an award
feeds.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _user(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL"))


def _fk(name: str, target: str, ondelete: str = "CASCADE", nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "procurement_bid",
        _id(),
        _fk("procurement_id", "procurement.id"),
        _fk("lot_id", "procurement_lot.id"),
        _fk("organisation_id", "organisation.id", "RESTRICT", nullable=True),
        sa.Column("supplier_name", sa.String(200), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        _user("submitted_by"),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("sealed_payload", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("lot_id", "supplier_name"),
        sa.CheckConstraint("source IN ('online', 'paper')", name="source"),
    )
    for column in ("procurement_id", "lot_id", "organisation_id"):
        op.create_index(f"ix_procurement_bid_{column}", "procurement_bid", [column])
    op.create_table(
        "procurement_bid_opening",
        _id(),
        _fk("procurement_id", "procurement.id"),
        _user("opened_by"),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("procurement_id"),
    )
    op.create_table(
        "procurement_evaluation",
        _id(),
        _fk("procurement_id", "procurement.id"),
        _fk("lot_id", "procurement_lot.id"),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        _user("created_by"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _user("published_by"),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("status IN ('draft', 'published')", name="status"),
    )
    for column in ("procurement_id", "lot_id"):
        op.create_index(f"ix_procurement_evaluation_{column}", "procurement_evaluation", [column])
    op.create_table(
        "procurement_award",
        _id(),
        _fk("procurement_id", "procurement.id"),
        _fk("lot_id", "procurement_lot.id"),
        _fk("bid_id", "procurement_bid.id", "RESTRICT"),
        _fk("evaluation_id", "procurement_evaluation.id", "RESTRICT"),
        sa.Column("awarded_on", sa.Date, nullable=False),
        _user("awarded_by"),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("lot_id"),
    )
    op.create_index("ix_procurement_award_procurement_id", "procurement_award", ["procurement_id"])
    op.create_table(
        "procurement_ladder_miss",
        _id(),
        _fk("award_id", "procurement_award.id"),
        sa.Column("promised_level", sa.Integer, nullable=False),
        sa.Column("achieved_level", sa.Integer, nullable=False),
        sa.Column("recorded_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        _user("recorded_by"),
        sa.CheckConstraint("achieved_level < promised_level", name="missed"),
    )
    op.create_index("ix_procurement_ladder_miss_award_id", "procurement_ladder_miss", ["award_id"])
    op.create_table(
        "procurement_contract",
        _id(),
        _fk("award_id", "procurement_award.id"),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("start_on", sa.Date),
        sa.Column("end_on", sa.Date),
        sa.Column("value_minor", sa.BigInteger, nullable=False),
        _user("created_by"),
        sa.UniqueConstraint("award_id"),
        sa.CheckConstraint("value_minor >= 0", name="value"),
    )
    op.create_table(
        "procurement_call_off",
        _id(),
        _fk("contract_id", "procurement_contract.id"),
        _fk("participant_id", "procurement_participant.id"),
        sa.Column("quantity", sa.Float, nullable=False),
        sa.Column("ordered_on", sa.Date, nullable=False),
        _user("created_by"),
        sa.CheckConstraint("quantity > 0", name="quantity"),
    )
    for column in ("contract_id", "participant_id"):
        op.create_index(f"ix_procurement_call_off_{column}", "procurement_call_off", [column])
    op.create_table(
        "procurement_plan_link",
        _id(),
        _fk("award_id", "procurement_award.id"),
        _fk("participant_id", "procurement_participant.id"),
        _fk("plan_measure_id", "plan_measure.id", "SET NULL", nullable=True),
        sa.UniqueConstraint("award_id", "participant_id"),
    )
    op.create_index("ix_procurement_plan_link_award_id", "procurement_plan_link", ["award_id"])


def downgrade() -> None:
    for table in (
        "procurement_plan_link",
        "procurement_call_off",
        "procurement_contract",
        "procurement_ladder_miss",
        "procurement_award",
        "procurement_evaluation",
        "procurement_bid_opening",
        "procurement_bid",
    ):
        op.drop_table(table)
