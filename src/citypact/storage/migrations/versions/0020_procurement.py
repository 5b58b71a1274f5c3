"""Joint procurement: procurements, their participating cities, lots, demand per participant and
lot, the timeline, the market dialogue and the stored documents.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _owner() -> sa.Column[int]:
    return sa.Column(
        "procurement_id", sa.Integer, sa.ForeignKey("procurement.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "procurement",
        _id(),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("cpv", sa.String(10)),
        sa.Column("lead_city_id", sa.Integer, sa.ForeignKey("city.id", ondelete="RESTRICT")),
        sa.Column("lead_organisation_id", sa.Integer, sa.ForeignKey("organisation.id", ondelete="RESTRICT")),
        sa.Column("network_id", sa.Integer, sa.ForeignKey("network.id", ondelete="SET NULL")),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("bids_due_at", sa.DateTime(timezone=True)),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _version(),
        sa.CheckConstraint(
            "(CASE WHEN lead_city_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN lead_organisation_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_lead",
        ),
        sa.CheckConstraint("status IN ('active', 'cancelled')", name="status"),
    )
    for column in ("lead_city_id", "lead_organisation_id", "network_id"):
        op.create_index(f"ix_procurement_{column}", "procurement", [column])

    op.create_table(
        "procurement_participant",
        _id(),
        _owner(),
        sa.Column("city_id", sa.Integer, sa.ForeignKey("city.id", ondelete="CASCADE"), nullable=False),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("invited_on", sa.Date, nullable=False),
        sa.Column("joined_on", sa.Date),
        sa.Column("withdrawn_on", sa.Date),
        _version(),
        sa.UniqueConstraint("procurement_id", "city_id"),
        sa.CheckConstraint("status IN ('invited', 'joined', 'withdrawn')", name="status"),
    )
    op.create_index(
        "ix_procurement_participant_procurement_id", "procurement_participant", ["procurement_id"]
    )
    op.create_index("ix_procurement_participant_city_id", "procurement_participant", ["city_id"])

    op.create_table(
        "procurement_lot",
        _id(),
        _owner(),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("cpv", sa.String(10)),
        sa.Column("description", sa.Text, nullable=False),
        _version(),
        sa.UniqueConstraint("procurement_id", "number"),
    )
    op.create_index("ix_procurement_lot_procurement_id", "procurement_lot", ["procurement_id"])

    op.create_table(
        "procurement_demand",
        _id(),
        sa.Column(
            "lot_id", sa.Integer, sa.ForeignKey("procurement_lot.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "participant_id",
            sa.Integer,
            sa.ForeignKey("procurement_participant.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("quantity", sa.Float, nullable=False),
        sa.Column("delivery_from", sa.Integer, nullable=False),
        sa.Column("delivery_to", sa.Integer, nullable=False),
        sa.Column("budget_ceiling_minor", sa.BigInteger),
        sa.Column("standalone_estimate_minor", sa.BigInteger),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("updated_by", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _version(),
        sa.UniqueConstraint("lot_id", "participant_id"),
        sa.CheckConstraint("quantity >= 0", name="quantity"),
        sa.CheckConstraint("delivery_from <= delivery_to", name="delivery_years"),
    )
    op.create_index("ix_procurement_demand_lot_id", "procurement_demand", ["lot_id"])
    op.create_index("ix_procurement_demand_participant_id", "procurement_demand", ["participant_id"])

    op.create_table(
        "procurement_milestone",
        _id(),
        _owner(),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("planned_on", sa.Date),
        sa.Column("actual_on", sa.Date),
        _version(),
        sa.UniqueConstraint("procurement_id", "phase"),
    )
    op.create_index("ix_procurement_milestone_procurement_id", "procurement_milestone", ["procurement_id"])

    op.create_table(
        "procurement_dialogue",
        _id(),
        _owner(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("procurement_dialogue.id", ondelete="CASCADE")),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("visibility", sa.String(12), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL")),
        sa.Column("author_city_id", sa.Integer, sa.ForeignKey("city.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('note', 'question', 'answer')", name="kind"),
        sa.CheckConstraint("visibility IN ('participants', 'public')", name="visibility"),
        sa.CheckConstraint("(kind = 'answer') = (question_id IS NOT NULL)", name="answer_has_question"),
    )
    op.create_index("ix_procurement_dialogue_procurement_id", "procurement_dialogue", ["procurement_id"])
    op.create_index("ix_procurement_dialogue_question_id", "procurement_dialogue", ["question_id"])

    op.create_table(
        "procurement_document",
        _id(),
        _owner(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("visibility", sa.String(12), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL")),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("visibility IN ('participants', 'public')", name="visibility"),
    )
    op.create_index("ix_procurement_document_procurement_id", "procurement_document", ["procurement_id"])


def downgrade() -> None:
    for table in (
        "procurement_document",
        "procurement_dialogue",
        "procurement_milestone",
        "procurement_demand",
        "procurement_lot",
        "procurement_participant",
        "procurement",
    ):
        op.drop_table(table)
