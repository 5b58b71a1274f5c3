"""Joint infrastructure projects: the project, its partner cities with their inputs to the
cost-sharing rule and their plan measures, its cost lines and its funding sources.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _project_id() -> sa.Column[int]:
    return sa.Column(
        "project_id", sa.Integer, sa.ForeignKey("joint_project.id", ondelete="CASCADE"), nullable=False, index=True
    )


def upgrade() -> None:
    op.create_table(
        "joint_project",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column(
            "lead_city_id", sa.Integer, sa.ForeignKey("city.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("start_year", sa.Integer, nullable=False),
        sa.Column("end_year", sa.Integer, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("rule", sa.String(12), nullable=False),
        sa.Column("input_unit", sa.String(60), nullable=False),
        sa.Column("reduction_t", sa.Float),
        sa.Column("reduction_basis", sa.Text, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "joint_project_partner",
        sa.Column("id", sa.Integer, primary_key=True),
        _project_id(),
        sa.Column("city_id", sa.Integer, sa.ForeignKey("city.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("population", sa.BigInteger),
        sa.Column("population_year", sa.Integer),
        sa.Column("use_quantity", sa.Float),
        sa.Column("benefit", sa.Float),
        sa.Column("agreed_share_pct", sa.Float),
        sa.Column("confirmed_on", sa.Date),
        sa.Column("confirmed_by", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL")),
        sa.Column("plan_measure_id", sa.Integer, sa.ForeignKey("plan_measure.id", ondelete="SET NULL")),
        sa.UniqueConstraint("project_id", "city_id"),
    )
    op.create_table(
        "joint_project_cost",
        sa.Column("id", sa.Integer, primary_key=True),
        _project_id(),
        sa.Column("kind", sa.String(5), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("year_from", sa.Integer, nullable=False),
        sa.Column("year_to", sa.Integer),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "joint_project_funding",
        sa.Column("id", sa.Integer, primary_key=True),
        _project_id(),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in ("joint_project_funding", "joint_project_cost", "joint_project_partner", "joint_project"):
        op.drop_table(table)
