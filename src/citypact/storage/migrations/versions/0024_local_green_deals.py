"""Local Green Deals: organisations registered by their own people and confirmed by the city, the
House of Change (ideas, reviews in three roles, support, content reports), deals with parties,
commitments, co-benefits, milestones, KPI reports and reviews, and plan measures' money by year
and source (the Climate City Contract's investment plan).

Organisations made before this migration are confirmed; "company" becomes "business", the type's
code from now on.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _user(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL"))


def _fk(name: str, target: str, ondelete: str = "CASCADE", nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _text(name: str, length: int | None = None) -> sa.Column[str]:
    return sa.Column(name, sa.String(length) if length else sa.Text, nullable=False)


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


ORGANISATION_COLUMNS = (
    sa.Column("sector", sa.String(120), nullable=False, server_default=""),
    sa.Column("size", sa.String(12)),
    sa.Column("contact_email", sa.String(254), nullable=False, server_default=""),
    sa.Column("website", sa.String(300), nullable=False, server_default=""),
    sa.Column("status", sa.String(12), nullable=False, server_default="confirmed"),
    sa.Column("status_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("registered_by", sa.Integer),
    sa.Column("registered_at", TZ),
    sa.Column("decided_by", sa.Integer),
    sa.Column("decided_at", TZ),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        for added in ORGANISATION_COLUMNS:
            batch.add_column(added)
        for user_column in ("registered_by", "decided_by"):
            batch.create_foreign_key(
                f"fk_organisation_{user_column}_app_user", "app_user", [user_column], ["id"], ondelete="SET NULL"
            )
    op.execute("UPDATE organisation SET kind = 'business' WHERE kind = 'company'")

    op.create_table(
        "organisation_person",
        _id(),
        _fk("organisation_id", "organisation.id"),
        _fk("user_id", "app_user.id"),
        _text("position", 200),
        _text("status", 12),
        _text("reason"),
        sa.Column("requested_at", TZ, nullable=False),
        _user("decided_by"),
        sa.Column("decided_at", TZ),
        sa.UniqueConstraint("organisation_id", "user_id"),
    )
    _index("organisation_person", "organisation_id", "user_id")

    op.create_table(
        "deal",
        _id(),
        _fk("city_id", "city.id"),
        _text("title", 300),
        _text("summary"),
        _text("action_field", 30),
        _text("sdg_targets", 400),
        _text("status", 12),
        _text("status_reason"),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("signed_on", sa.Date),
        sa.Column("public_parts", sa.JSON, nullable=False),
        _user("created_by"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        _version(),
    )
    _index("deal", "city_id", "status")
    op.create_table(
        "deal_party",
        _id(),
        _fk("deal_id", "deal.id"),
        _fk("organisation_id", "organisation.id", "RESTRICT", nullable=True),
        _text("signatory_name", 200),
        _text("signatory_title", 200),
        sa.Column("signed_on", sa.Date),
        _user("signed_by"),
        _version(),
    )
    _index("deal_party", "deal_id", "organisation_id")
    op.create_table(
        "deal_commitment",
        _id(),
        _fk("deal_id", "deal.id"),
        _fk("party_id", "deal_party.id"),
        _text("kind", 10),
        _text("title", 300),
        _text("description"),
        sa.Column("due_date", sa.Date),
        _text("kpi_name", 200),
        _text("kpi_unit", 40),
        sa.Column("kpi_baseline", sa.Float),
        sa.Column("kpi_baseline_year", sa.Integer),
        sa.Column("kpi_target", sa.Float),
        sa.Column("kpi_target_year", sa.Integer),
        sa.Column("expected_reduction_t", sa.Float),
        _text("gpc_sectors", 40),
        _fk("plan_measure_id", "plan_measure.id", "SET NULL", nullable=True),
        sa.Column("amount_minor", sa.BigInteger),
        sa.Column("currency", sa.String(3)),
        _version(),
    )
    _index("deal_commitment", "deal_id", "party_id")
    op.create_table(
        "commitment_benefit",
        _id(),
        _fk("commitment_id", "deal_commitment.id"),
        _text("kind", 20),
        _text("description"),
        sa.Column("quantity", sa.Float),
        _text("unit", 40),
    )
    op.create_table(
        "commitment_milestone",
        _id(),
        _fk("commitment_id", "deal_commitment.id"),
        _text("title", 300),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("done_on", sa.Date),
    )
    op.create_table(
        "commitment_report",
        _id(),
        _fk("commitment_id", "deal_commitment.id"),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        _text("note"),
        _user("reported_by"),
        sa.Column("created_at", TZ, nullable=False),
    )
    for table in ("commitment_benefit", "commitment_milestone", "commitment_report"):
        _index(table, "commitment_id")
    op.create_table(
        "deal_review",
        _id(),
        _fk("deal_id", "deal.id"),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("held_on", sa.Date),
        _text("findings"),
    )
    _index("deal_review", "deal_id")

    op.create_table(
        "idea",
        _id(),
        _fk("city_id", "city.id"),
        _text("title", 300),
        _text("description"),
        _text("action_field", 30),
        _text("sdg_targets", 400),
        _text("gpc_sectors", 40),
        _text("needs"),
        _text("who_could_join"),
        _text("status", 12),
        _text("status_reason"),
        _fk("deal_id", "deal.id", "SET NULL", nullable=True),
        _user("proposed_by"),
        _fk("organisation_id", "organisation.id", "SET NULL", nullable=True),
        sa.Column("show_name", sa.Boolean, nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False),
        _text("hidden_reason"),
        _user("hidden_by"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        _version(),
    )
    _index("idea", "city_id", "status")
    op.create_table(
        "idea_review",
        _id(),
        _fk("idea_id", "idea.id"),
        _text("role", 10),
        _user("reviewer_id"),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("show_name", sa.Boolean, nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False),
        _text("hidden_reason"),
        sa.Column("created_at", TZ, nullable=False),
    )
    _index("idea_review", "idea_id")
    op.create_table(
        "idea_support",
        _id(),
        _fk("idea_id", "idea.id"),
        _fk("organisation_id", "organisation.id"),
        _user("user_id"),
        _text("note"),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("idea_id", "organisation_id"),
    )
    _index("idea_support", "idea_id", "organisation_id")
    op.create_table(
        "content_report",
        _id(),
        _fk("idea_id", "idea.id"),
        _fk("review_id", "idea_review.id", nullable=True),
        _text("reason"),
        _user("reported_by"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("outcome", sa.String(10)),
        _user("resolved_by"),
        sa.Column("resolved_at", TZ),
    )
    _index("content_report", "idea_id")

    op.create_table(
        "plan_measure_cost",
        _id(),
        _fk("plan_measure_id", "plan_measure.id"),
        _text("kind", 5),
        sa.Column("year_from", sa.Integer, nullable=False),
        sa.Column("year_to", sa.Integer, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "plan_measure_funding",
        _id(),
        _fk("plan_measure_id", "plan_measure.id"),
        _text("source", 20),
        _text("label", 200),
        _text("status", 8),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
    )
    _index("plan_measure_cost", "plan_measure_id")
    _index("plan_measure_funding", "plan_measure_id")


NEW_TABLES = (
    "plan_measure_funding",
    "plan_measure_cost",
    "content_report",
    "idea_support",
    "idea_review",
    "idea",
    "deal_review",
    "commitment_report",
    "commitment_milestone",
    "commitment_benefit",
    "deal_commitment",
    "deal_party",
    "deal",
    "organisation_person",
)


def downgrade() -> None:
    for table in NEW_TABLES:
        op.drop_table(table)
    op.execute("UPDATE organisation SET kind = 'company' WHERE kind = 'business'")
    with op.batch_alter_table("organisation") as batch:
        for user_column in ("registered_by", "decided_by"):
            batch.drop_constraint(f"fk_organisation_{user_column}_app_user", type_="foreignkey")
        for added in ORGANISATION_COLUMNS:
            batch.drop_column(added.name)
