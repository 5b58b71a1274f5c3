"""Optimistic concurrency: a write names the version of the record it was based on.

The rule (README, "Who may do what"):
- every editable record starts at version 1 and each update adds 1 (storage.models.Versioned);
- a write that names a version (`expected_version`) is refused with StaleVersion when the record is
  at another one; the check is repeated by the UPDATE itself (`WHERE version = ...`), so it also
  holds when two transactions race;
- a write over the API that names none (no If-Match) passes `IF_UNCHANGED`: allowed while the record
  is still at version 1, so a client that creates a record and then edits it once keeps working;
  later it gets VersionRequired (428);
- `None` skips the check: If-Match `*` on the API, and the command line, which edits what it reads.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from citypact.services.errors import StaleVersion, VersionRequired

IF_UNCHANGED: Final = 0  # the client named no version


def check_version(entity: str, key: object, current: int, expected: int | None) -> None:
    """Refuse a write based on another version than the stored `current` one."""
    if expected is None:
        return
    if expected == IF_UNCHANGED:
        if current > 1:
            raise VersionRequired(entity, key, current)
        return
    if expected != current:
        raise StaleVersion(entity, key, expected, current)


def flush_checked(session: Session, entity: str, key: object, expected: int | None) -> None:
    """Send the UPDATE or DELETE now: if a concurrent transaction changed the row after we read it,
    its `WHERE version = ...` matches no row, which is a stale write, not a success."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleVersion(entity, key, expected or 0, None) from None
