"""Measures catalogue, best-practice cases with their full-text index, climate targets and action plans.

Case search uses a trigram index like the city search (0002): FTS5 on SQLite, pg_trgm on PostgreSQL,
so that words in any language and script match as substrings.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SQLITE_UP = [
    "CREATE VIRTUAL TABLE case_search USING fts5("
    "search_text, content='case_study', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER case_search_insert AFTER INSERT ON case_study BEGIN "
    "INSERT INTO case_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER case_search_delete AFTER DELETE ON case_study BEGIN "
    "INSERT INTO case_search(case_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER case_search_update AFTER UPDATE OF search_text ON case_study BEGIN "
    "INSERT INTO case_search(case_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO case_search(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER case_search_update",
    "DROP TRIGGER case_search_delete",
    "DROP TRIGGER case_search_insert",
    "DROP TABLE case_search",
]
POSTGRES_UP = [
    "CREATE INDEX ix_case_study_search_text_trgm ON case_study USING gin (search_text gin_trgm_ops)"
]
POSTGRES_DOWN = ["DROP INDEX ix_case_study_search_text_trgm"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "measure_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("instrument", sa.String(length=30), nullable=False),
        sa.Column("municipal_role", sa.String(length=30), nullable=False),
        sa.Column("decision_level", sa.String(length=30), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("title_de", sa.String(length=200), nullable=False),
        sa.Column("title_ja", sa.String(length=200), nullable=False),
        sa.Column("summary_en", sa.Text(), nullable=False),
        sa.Column("reduction_low", sa.Float(), nullable=True),
        sa.Column("reduction_high", sa.Float(), nullable=True),
        sa.Column("reduction_unit", sa.String(length=80), nullable=True),
        sa.Column("reduction_basis", sa.String(length=120), nullable=True),
        sa.Column("reduction_note", sa.Text(), nullable=True),
        sa.Column("cost_low", sa.Float(), nullable=True),
        sa.Column("cost_high", sa.Float(), nullable=True),
        sa.Column("cost_unit", sa.String(length=80), nullable=True),
        sa.Column("cost_basis", sa.String(length=120), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("countries", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_type")),
        sa.UniqueConstraint("code", name=op.f("uq_measure_type_code")),
    )
    with op.batch_alter_table("measure_type", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_type_field"), ["field"], unique=False)

    op.create_table(
        "case_study",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=True),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("measure_type_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("instrument", sa.String(length=30), nullable=False),
        sa.Column("municipal_role", sa.String(length=30), nullable=True),
        sa.Column("decision_level", sa.String(length=30), nullable=True),
        sa.Column("implementation", sa.String(length=30), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_de", sa.String(length=300), nullable=True),
        sa.Column("title_ja", sa.String(length=300), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("reduction_t_per_year", sa.Float(), nullable=True),
        sa.Column("cost_note", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("source_note", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_case_study_city_id_city"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["measure_type_id"],
            ["measure_type.id"],
            name=op.f("fk_case_study_measure_type_id_measure_type"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_study")),
        sa.UniqueConstraint("key", name=op.f("uq_case_study_key")),
    )
    with op.batch_alter_table("case_study", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_study_city_id"), ["city_id"], unique=False)
        batch_op.create_index("ix_case_study_published_city", ["is_published", "city_id"], unique=False)
        batch_op.create_index("ix_case_study_measure_type_id", ["measure_type_id"], unique=False)

    op.create_table(
        "climate_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("base_emissions_t", sa.Float(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("reduction_pct", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_climate_target_city_id_city"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_climate_target")),
        sa.UniqueConstraint("city_id", name=op.f("uq_climate_target_city_id")),
    )
    op.create_table(
        "plan_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("measure_type_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("instrument", sa.String(length=30), nullable=False),
        sa.Column("municipal_role", sa.String(length=30), nullable=True),
        sa.Column("decision_level", sa.String(length=30), nullable=False),
        sa.Column("implementation", sa.String(length=30), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("owner_department", sa.String(length=200), nullable=False),
        sa.Column("responsible", sa.String(length=300), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("capex_minor", sa.BigInteger(), nullable=True),
        sa.Column("opex_minor_per_year", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("funding", sa.Text(), nullable=False),
        sa.Column("expected_reduction_t", sa.Float(), nullable=True),
        sa.Column("reduction_method", sa.Text(), nullable=False),
        sa.Column("gpc_refs", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_plan_measure_city_id_city"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["measure_type_id"],
            ["measure_type.id"],
            name=op.f("fk_plan_measure_measure_type_id_measure_type"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_measure")),
    )
    with op.batch_alter_table("plan_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_measure_city_id"), ["city_id"], unique=False)

    op.create_table(
        "plan_kpi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_measure_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("measured", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_measure_id"],
            ["plan_measure.id"],
            name=op.f("fk_plan_kpi_plan_measure_id_plan_measure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_kpi")),
    )
    with op.batch_alter_table("plan_kpi", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_kpi_plan_measure_id"), ["plan_measure_id"], unique=False)

    op.create_table(
        "plan_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_measure_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("responsible", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_measure_id"],
            ["plan_measure.id"],
            name=op.f("fk_plan_milestone_plan_measure_id_plan_measure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_milestone")),
    )
    with op.batch_alter_table("plan_milestone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_milestone_plan_measure_id"), ["plan_measure_id"], unique=False
        )

    op.create_table(
        "plan_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_measure_id", sa.Integer(), nullable=False),
        sa.Column("implementation", sa.String(length=30), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_measure_id"],
            ["plan_measure.id"],
            name=op.f("fk_plan_status_change_plan_measure_id_plan_measure"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_plan_status_change_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_status_change")),
    )
    with op.batch_alter_table("plan_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_status_change_plan_measure_id"), ["plan_measure_id"], unique=False
        )

    _run(SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN)
    with op.batch_alter_table("plan_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_status_change_plan_measure_id"))

    op.drop_table("plan_status_change")
    with op.batch_alter_table("plan_milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_milestone_plan_measure_id"))

    op.drop_table("plan_milestone")
    with op.batch_alter_table("plan_kpi", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_kpi_plan_measure_id"))

    op.drop_table("plan_kpi")
    with op.batch_alter_table("plan_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_measure_city_id"))

    op.drop_table("plan_measure")
    op.drop_table("climate_target")
    with op.batch_alter_table("case_study", schema=None) as batch_op:
        batch_op.drop_index("ix_case_study_measure_type_id")
        batch_op.drop_index("ix_case_study_published_city")
        batch_op.drop_index(batch_op.f("ix_case_study_city_id"))

    op.drop_table("case_study")
    with op.batch_alter_table("measure_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_type_field"))

    op.drop_table("measure_type")
