"""Joint carbon-credit projects and their registry: projects, parties with shares, documents,
credit officers (registry, verifier), monitoring reports, accounts, serial-numbered blocks, the
hash-chained ledger, retirements, and each city's choice to show a figure net of its credits.

The ledger is append-only: triggers refuse UPDATE and DELETE on `credit_transaction` on both
SQLite and PostgreSQL.

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
NEW_TABLES = (  # in the order they are dropped
    "credit_net_display",
    "credit_retirement",
    "credit_transaction",
    "credit_block",
    "credit_monitoring_report",
    "credit_officer",
    "credit_project_document",
    "credit_project_party",
    "credit_account",
    "credit_project",
)
APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER credit_transaction_no_update BEFORE UPDATE ON credit_transaction "
        "BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END",
        "CREATE TRIGGER credit_transaction_no_delete BEFORE DELETE ON credit_transaction "
        "BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the credit ledger is append-only'; END $$",
        "CREATE TRIGGER credit_transaction_append_only BEFORE UPDATE OR DELETE ON credit_transaction "
        "FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only()",
    ],
}
DROP_APPEND_ONLY = {
    "sqlite": [
        "DROP TRIGGER credit_transaction_no_update",
        "DROP TRIGGER credit_transaction_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER credit_transaction_append_only ON credit_transaction",
        "DROP FUNCTION credit_ledger_append_only()",
    ],
}


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


def _partial_unique(name: str, table: str, columns: list[str], where: str) -> None:
    op.create_index(
        name, table, columns, unique=True, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
    )


def _one_of(*columns: str) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns)


def upgrade() -> None:
    op.create_table(
        "credit_project",
        _id(),
        _text("title", 300),
        _text("description"),
        _fk("host_city_id", "city.id", "RESTRICT"),
        _text("host_country", 2),
        _text("methodology", 30),
        sa.Column("ex_ante_parameters", sa.JSON, nullable=False),
        sa.Column("ex_ante_t_per_year", sa.Float),
        sa.Column("crediting_start", sa.Date, nullable=False),
        sa.Column("crediting_end", sa.Date, nullable=False),
        sa.Column("buffer_bp", sa.Integer, nullable=False),
        _text("authorisation", 16),
        _text("status", 12),
        _text("status_reason"),
        sa.Column("next_serial", sa.BigInteger, nullable=False),
        _user("created_by"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        _version(),
        sa.CheckConstraint("buffer_bp >= 0 AND buffer_bp <= 5000", name="buffer_share"),
        sa.CheckConstraint("crediting_end >= crediting_start", name="crediting_period"),
        sa.CheckConstraint("next_serial >= 1", name="next_serial"),
    )
    _index("credit_project", "host_city_id", "status")

    op.create_table(
        "credit_account",
        _id(),
        _text("kind", 12),
        _fk("city_id", "city.id", "RESTRICT", nullable=True),
        _fk("organisation_id", "organisation.id", "RESTRICT", nullable=True),
        _text("name", 200),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint(
            f"(kind = 'holding' AND {_one_of('city_id', 'organisation_id')} = 1)"
            " OR (kind <> 'holding' AND city_id IS NULL AND organisation_id IS NULL)",
            name="account_owner",
        ),
    )
    _index("credit_account", "city_id", "organisation_id")
    _partial_unique("uq_credit_account_city", "credit_account", ["city_id"], "city_id IS NOT NULL")
    _partial_unique(
        "uq_credit_account_organisation", "credit_account", ["organisation_id"], "organisation_id IS NOT NULL"
    )
    _partial_unique("uq_credit_account_registry", "credit_account", ["kind"], "kind <> 'holding'")

    op.create_table(
        "credit_project_party",
        _id(),
        _fk("project_id", "credit_project.id"),
        _fk("city_id", "city.id", "RESTRICT", nullable=True),
        _fk("organisation_id", "organisation.id", "RESTRICT", nullable=True),
        _text("role", 12),
        sa.Column("share_bp", sa.Integer, nullable=False),
        _fk("account_id", "credit_account.id", "RESTRICT", nullable=True),
        _version(),
        sa.CheckConstraint("share_bp >= 0 AND share_bp <= 10000", name="party_share"),
        sa.CheckConstraint(f"{_one_of('city_id', 'organisation_id')} = 1", name="party_is_city_or_organisation"),
        sa.UniqueConstraint("project_id", "city_id", "organisation_id"),
    )
    _index("credit_project_party", "project_id", "city_id", "organisation_id")

    op.create_table(
        "credit_project_document",
        _id(),
        _fk("project_id", "credit_project.id"),
        _text("kind", 20),
        _text("title", 300),
        _text("url", 500),
        sa.Column("public", sa.Boolean, nullable=False),
        _user("added_by"),
        sa.Column("added_at", TZ, nullable=False),
    )
    _index("credit_project_document", "project_id")

    op.create_table(
        "credit_officer",
        _id(),
        _fk("user_id", "app_user.id"),
        _text("role", 10),
        _text("body", 200),
        _user("granted_by"),
        sa.Column("granted_at", TZ, nullable=False),
        sa.UniqueConstraint("user_id", "role"),
    )
    _index("credit_officer", "user_id")

    op.create_table(
        "credit_monitoring_report",
        _id(),
        _fk("project_id", "credit_project.id"),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("parameters", sa.JSON, nullable=False),
        sa.Column("reductions_t", sa.Float, nullable=False),
        _text("status", 10),
        _text("status_reason"),
        _user("verifier_id"),
        sa.Column("verified_t", sa.Float),
        _text("verification_reference", 500),
        _text("verification_statement"),
        sa.Column("verified_at", TZ),
        _user("submitted_by"),
        sa.Column("submitted_at", TZ),
        _user("created_by"),
        sa.Column("created_at", TZ, nullable=False),
        _version(),
        sa.UniqueConstraint("project_id", "period_start"),
        sa.CheckConstraint("period_end >= period_start", name="monitoring_period"),
    )
    _index("credit_monitoring_report", "project_id", "status")

    op.create_table(
        "credit_block",
        _id(),
        _fk("project_id", "credit_project.id", "RESTRICT"),
        _fk("monitoring_report_id", "credit_monitoring_report.id", "RESTRICT"),
        sa.Column("vintage", sa.Integer, nullable=False),
        sa.Column("serial_start", sa.BigInteger, nullable=False),
        sa.Column("serial_end", sa.BigInteger, nullable=False),
        _fk("account_id", "credit_account.id", "RESTRICT"),
        _text("status", 10),
        _fk("parent_id", "credit_block.id", "RESTRICT", nullable=True),
        _text("authorisation", 16),
        _text("adjustment", 12),
        sa.Column("first_transferred_at", TZ),
        sa.Column("created_seq", sa.Integer, nullable=False),
        sa.Column("closed_seq", sa.Integer),
        _version(),
        sa.CheckConstraint("serial_start >= 1 AND serial_end >= serial_start", name="serial_range"),
        sa.CheckConstraint("status IN ('active', 'retired', 'cancelled', 'split')", name="block_status"),
    )
    _index("credit_block", "project_id", "monitoring_report_id", "account_id", "status")
    _partial_unique("uq_credit_block_start", "credit_block", ["project_id", "serial_start"], "status <> 'split'")
    _partial_unique("uq_credit_block_end", "credit_block", ["project_id", "serial_end"], "status <> 'split'")

    op.create_table(
        "credit_transaction",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        _text("kind", 10),
        sa.Column("project_id", sa.Integer),
        sa.Column("actor_id", sa.Integer),
        sa.Column("recorded_at", TZ, nullable=False),
        _text("body"),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.CheckConstraint("seq >= 1", name="seq_positive"),
        sa.CheckConstraint("kind IN ('issue', 'split', 'transfer', 'retire', 'cancel')", name="kind"),
    )
    _index("credit_transaction", "kind", "project_id")
    for statement in APPEND_ONLY.get(op.get_bind().dialect.name, []):
        op.execute(statement)

    op.create_table(
        "credit_retirement",
        _id(),
        sa.Column(
            "block_id", sa.Integer, sa.ForeignKey("credit_block.id", ondelete="RESTRICT"), nullable=False, unique=True
        ),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        _fk("city_id", "city.id", "RESTRICT", nullable=True),
        _fk("organisation_id", "organisation.id", "RESTRICT", nullable=True),
        _text("use", 12),
        _text("beneficiary", 300),
        _text("purpose"),
        sa.Column("claim_year", sa.Integer, nullable=False),
        _user("retired_by"),
        sa.Column("retired_at", TZ, nullable=False),
    )
    _index("credit_retirement", "city_id", "organisation_id")

    op.create_table(
        "credit_net_display",
        sa.Column("city_id", sa.Integer, sa.ForeignKey("city.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("enabled", sa.Boolean, nullable=False),
        _user("set_by"),
        sa.Column("set_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for statement in DROP_APPEND_ONLY.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    for table in NEW_TABLES:
        op.drop_table(table)
