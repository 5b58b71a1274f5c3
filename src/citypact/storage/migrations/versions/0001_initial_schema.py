"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:33:02.228461
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("email", name=op.f("uq_app_user_email")),
    )
    op.create_table(
        "country",
        sa.Column("iso2", sa.String(length=2), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("iso2", name=op.f("pk_country")),
    )
    op.create_table(
        "degree_days",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("hdd", sa.Float(), nullable=True),
        sa.Column("cdd", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint(
            "country", "year", "source", name=op.f("pk_degree_days")
        ),
    )
    op.create_table(
        "grid_intensity",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("g_co2_per_kwh", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint(
            "country", "year", "source", name=op.f("pk_grid_intensity")
        ),
    )
    op.create_table(
        "network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network")),
        sa.UniqueConstraint("slug", name=op.f("uq_network_slug")),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("license", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_api_token_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "city",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_ascii", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("admin_area", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("population", sa.BigInteger(), nullable=True),
        sa.Column("population_year", sa.Integer(), nullable=True),
        sa.Column("population_source", sa.String(length=40), nullable=True),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("size_band", sa.String(length=20), nullable=True),
        sa.Column("geonames_id", sa.BigInteger(), nullable=True),
        sa.Column("unlocode", sa.String(length=5), nullable=True),
        sa.Column("capital", sa.String(length=20), nullable=True),
        sa.Column("alt_names", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("sources", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["country"], ["country.iso2"], name=op.f("fk_city_country_country")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city")),
        sa.UniqueConstraint("key", name=op.f("uq_city_key")),
    )
    with op.batch_alter_table("city", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_city_country"), ["country"], unique=False)
        batch_op.create_index("ix_city_population", ["population"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_city_size_band"), ["size_band"], unique=False
        )

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_audit_entry_city_id_city"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_audit_entry_network_id_network"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_audit_entry_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entry_city_id"), ["city_id"], unique=False
        )

    op.create_table(
        "city_statistic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("variable", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("data_quality", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_city_statistic_city_id_city"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_statistic")),
        sa.UniqueConstraint(
            "city_id",
            "year",
            "variable",
            "source",
            name=op.f("uq_city_statistic_city_id"),
        ),
    )
    with op.batch_alter_table("city_statistic", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_city_statistic_city_id"), ["city_id"], unique=False
        )

    op.create_table(
        "network_member",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("since_year", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_network_member_city_id_city"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_network_member_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "network_id", "city_id", name=op.f("pk_network_member")
        ),
    )
    with op.batch_alter_table("network_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_network_member_city_id"), ["city_id"], unique=False
        )

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_organisation_city_id_city")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "twin_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_a_id", sa.Integer(), nullable=False),
        sa.Column("city_b_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.CheckConstraint("city_a_id < city_b_id", name=op.f("ck_twin_link_ordered")),
        sa.ForeignKeyConstraint(
            ["city_a_id"],
            ["city.id"],
            name=op.f("fk_twin_link_city_a_id_city"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["city_b_id"],
            ["city.id"],
            name=op.f("fk_twin_link_city_b_id_city"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_twin_link")),
        sa.UniqueConstraint(
            "city_a_id", "city_b_id", name=op.f("uq_twin_link_city_a_id")
        ),
    )
    with op.batch_alter_table("twin_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_twin_link_city_a_id"), ["city_a_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_twin_link_city_b_id"), ["city_b_id"], unique=False
        )

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN city_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN network_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_membership_one_scope"),
        ),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_membership_city_id_city"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_membership_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_membership_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_membership_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint(
            "user_id",
            "role",
            "city_id",
            "network_id",
            "organisation_id",
            name=op.f("uq_membership_user_id"),
        ),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_user_id"))

    op.drop_table("membership")
    with op.batch_alter_table("twin_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_twin_link_city_b_id"))
        batch_op.drop_index(batch_op.f("ix_twin_link_city_a_id"))

    op.drop_table("twin_link")
    op.drop_table("organisation")
    with op.batch_alter_table("network_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_member_city_id"))

    op.drop_table("network_member")
    with op.batch_alter_table("city_statistic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_city_statistic_city_id"))

    op.drop_table("city_statistic")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_city_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
    with op.batch_alter_table("city", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_city_size_band"))
        batch_op.drop_index("ix_city_population")
        batch_op.drop_index(batch_op.f("ix_city_country"))

    op.drop_table("city")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_user_id"))

    op.drop_table("api_token")
    op.drop_table("source")
    op.drop_table("network")
    op.drop_table("grid_intensity")
    op.drop_table("degree_days")
    op.drop_table("country")
    op.drop_table("app_user")
