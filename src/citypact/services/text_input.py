"""Hostile characters in text users set: refused with a 422 that names the field.

Two layers of one rule (citypact.domain.text): the services' cleaning calls `check_text` on each
field it reads, with the name the user knows; and every ORM flush checks each text column it is
about to write, so that a field a service forgets is refused all the same, whether it came from the
API, a form or the CLI. `String` columns are single-line; `Text` columns (descriptions, notes,
explanations) may hold tabs and line breaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import String, Text, event, inspect
from sqlalchemy.orm import Session

from citypact.domain.text import refused_message
from citypact.services.errors import InvalidInput


def check_text(field: str, value: object, *, multiline: bool = False) -> None:
    """Raise InvalidInput(field) when `value` is text holding a refused character."""
    if isinstance(value, str):
        message = refused_message(value, multiline=multiline)
        if message is not None:
            raise InvalidInput(field, message)


def check_texts(values: Mapping[str, Any], multiline: Iterable[str] = ()) -> None:
    """`check_text` on every text value of a form or JSON body, and on texts inside its lists."""
    several_lines = set(multiline)
    for field, value in values.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            check_text(field, item, multiline=field in several_lines)


def _check_flush(session: Session, _context: Any, _instances: Any) -> None:
    for instance in [*session.new, *session.dirty]:
        state = inspect(instance)
        for column in state.mapper.column_attrs:
            if len(column.columns) != 1 or not isinstance(column.columns[0].type, String):
                continue
            if instance in session.dirty and not state.attrs[column.key].history.has_changes():
                continue  # text stored earlier is cleaned by migration 0010, not re-checked here
            check_text(
                column.key,
                getattr(instance, column.key),
                multiline=isinstance(column.columns[0].type, Text),
            )


event.listen(Session, "before_flush", _check_flush)
