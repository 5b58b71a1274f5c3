"""Bulk upserts for SQLite and PostgreSQL: the reference loads are idempotent through these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from citypact.storage.models import Base

BATCH = 5_000


def upsert(
    session: Session,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    key: Iterable[str],
    *,
    update: Iterable[str] | None = None,
    where: ColumnElement[bool] | None = None,
) -> None:
    """Insert `rows`, updating the `update` columns of rows whose `key` exists (none: keep them).

    `where` limits which existing rows may be updated (e.g. rows no person has edited).
    """
    if not rows:
        return
    table = cast(Table, model.__table__)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    key = list(key)
    update = list(update) if update is not None else [c for c in rows[0] if c not in key]
    for start in range(0, len(rows), BATCH):
        statement = insert(table)
        if update:
            statement = statement.on_conflict_do_update(
                index_elements=key,
                set_={c: statement.excluded[c] for c in update},
                where=where,
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=key)
        session.execute(statement, list(rows[start : start + BATCH]))


def refresh_planner_statistics(session: Session) -> None:
    """ANALYZE after a bulk load: without statistics SQLite scans whole tables where a narrow
    (partial) index would answer, e.g. counting the published cities."""
    session.execute(text("ANALYZE"))
