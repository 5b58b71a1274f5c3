"""Joint positions and recommendations: a position (a group of cities) or a network's
recommendation, addressed to a level of government and an institution, with its group of cities,
its evidence (each item with its source) and the cities' dated signatures; sent and followed.

Revision ID: 0030
Revises: 0029
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_TABLES = (  # in the order they are dropped
    "joint_position_signature",
    "joint_position_evidence",
    "joint_position_city",
    "joint_position",
)


def upgrade() -> None:
    op.create_table(
        "joint_position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("asks", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("institution", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("answer_on", sa.Date(), nullable=True),
        sa.Column("answer_url", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status = 'draft' OR sent_on IS NOT NULL", name=op.f("ck_joint_position_sent_dated")
        ),
        sa.CheckConstraint(
            "city_id IS NOT NULL OR network_id IS NOT NULL", name=op.f("ck_joint_position_drafter")
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_joint_position_city_id_city"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["app_user.id"],
            name=op.f("fk_joint_position_created_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_joint_position_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_position")),
    )
    with op.batch_alter_table("joint_position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_joint_position_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_joint_position_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_joint_position_sent_on"), ["sent_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_joint_position_status"), ["status"], unique=False)

    op.create_table(
        "joint_position_city",
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_joint_position_city_city_id_city"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["joint_position.id"],
            name=op.f("fk_joint_position_city_position_id_joint_position"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("position_id", "city_id", name=op.f("pk_joint_position_city")),
    )
    with op.batch_alter_table("joint_position_city", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_joint_position_city_city_id"), ["city_id"], unique=False)

    op.create_table(
        "joint_position_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("indicator", sa.String(length=40), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("benchmark_round_id", sa.Integer(), nullable=True),
        sa.Column("case_study_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["app_user.id"],
            name=op.f("fk_joint_position_evidence_added_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["benchmark_round_id"],
            ["benchmark_round.id"],
            name=op.f("fk_joint_position_evidence_benchmark_round_id_benchmark_round"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_study_id"],
            ["case_study.id"],
            name=op.f("fk_joint_position_evidence_case_study_id_case_study"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_joint_position_evidence_city_id_city"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["joint_position.id"],
            name=op.f("fk_joint_position_evidence_position_id_joint_position"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_position_evidence")),
    )
    with op.batch_alter_table("joint_position_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_joint_position_evidence_position_id"), ["position_id"], unique=False
        )

    op.create_table(
        "joint_position_signature",
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("signed_by", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_joint_position_signature_city_id_city"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["joint_position.id"],
            name=op.f("fk_joint_position_signature_position_id_joint_position"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"],
            ["app_user.id"],
            name=op.f("fk_joint_position_signature_signed_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("position_id", "city_id", name=op.f("pk_joint_position_signature")),
    )


def downgrade() -> None:
    for table in NEW_TABLES:
        op.drop_table(table)
