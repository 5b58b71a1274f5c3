"""Name search conditions that use each database's substring index (see migration 0002)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, literal_column, select, text
from sqlalchemy.orm import Session

from citypact.storage.models import City

TRIGRAM = 3  # shorter queries cannot use a trigram index and fall back to a scan


def escape_like(pattern: str) -> str:
    return pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def name_contains(session: Session, folded: str) -> Any:
    """A WHERE clause: the city's search text contains `folded` (already case- and accent-folded)."""
    like = City.search_text.like(f"%{escape_like(folded)}%", escape="\\")
    if session.get_bind().dialect.name != "sqlite" or len(folded) < TRIGRAM:
        return like  # PostgreSQL's planner takes the pg_trgm index for this LIKE by itself
    phrase = '"' + folded.replace('"', '""') + '"'  # an FTS5 string: matched as a substring
    hits: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(text("city_search"))
        .where(text("city_search MATCH :phrase").bindparams(phrase=phrase))
    )
    return City.id.in_(hits)
