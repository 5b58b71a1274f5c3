"""City search indexes: name trigrams (FTS5 on SQLite, pg_trgm GIN on PostgreSQL) and
filter indexes that include is_published, so counts need not read the wide rows.

Both answer substring queries of three or more characters ("%ber%") from an index instead of a
scan of every city.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    # External-content FTS table over city.search_text, kept in step by triggers.
    "CREATE VIRTUAL TABLE city_search USING fts5("
    "search_text, content='city', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER city_search_insert AFTER INSERT ON city BEGIN "
    "INSERT INTO city_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER city_search_delete AFTER DELETE ON city BEGIN "
    "INSERT INTO city_search(city_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER city_search_update AFTER UPDATE OF search_text ON city BEGIN "
    "INSERT INTO city_search(city_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO city_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO city_search(city_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER city_search_update",
    "DROP TRIGGER city_search_delete",
    "DROP TRIGGER city_search_insert",
    "DROP TABLE city_search",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_city_search_text_trgm ON city USING gin (search_text gin_trgm_ops)",
]
POSTGRES_DOWN = ["DROP INDEX ix_city_search_text_trgm"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _run(SQLITE_UP if sqlite else POSTGRES_UP)
    op.drop_index("ix_city_country", "city")
    op.drop_index("ix_city_size_band", "city")
    op.create_index("ix_city_country_published", "city", ["country", "is_published"])
    op.create_index("ix_city_size_band_published", "city", ["size_band", "is_published"])
    published = sa.text("is_published = 1" if sqlite else "is_published")
    op.create_index(
        "ix_city_published_population",
        "city",
        ["population"],
        sqlite_where=published,
        postgresql_where=published,
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in ("ix_city_published_population", "ix_city_size_band_published", "ix_city_country_published"):
        op.drop_index(name, "city")
    op.create_index("ix_city_country", "city", ["country"])
    op.create_index("ix_city_size_band", "city", ["size_band"])
    _run(SQLITE_DOWN if sqlite else POSTGRES_DOWN)
