"""Cities named in a form field by name or id, for every page that asks for cities (partnerships,
events, joint procurement)."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from citypact.domain.text import fold
from citypact.services.errors import InvalidInput
from citypact.services.registry import cities

_SEPARATORS = re.compile(r"[,;\n]+")


def city_ids_from(session: Session, field: str, text: str) -> list[int]:
    """Cities named in a form field by id or by name (any spelling we know), comma-separated; a name
    that fits several cities is refused with their ids, so the reader can pick one."""
    found: list[int] = []
    for token in (t.strip() for t in _SEPARATORS.split(text)):
        if not token:
            continue
        if token.isdigit():
            found.append(int(token))
            continue
        page = cities.search_cities(session, q=token, limit=5)
        exact = [c for c in page.items if fold(c.name) == fold(token)]
        choices = exact if exact else page.items
        if len(choices) == 1:
            found.append(choices[0].id)
        elif not choices:
            raise InvalidInput(field, f"no city named {token!r}; check the spelling or give the city's id.")
        else:
            listed = "; ".join(f"{c.name} ({c.country}): {c.id}" for c in choices)
            raise InvalidInput(field, f"{token!r} fits several cities ({listed}); give the id instead.")
    return found


def one_city(session: Session, field: str, text: str) -> int:
    ids = city_ids_from(session, field, text)
    if len(ids) != 1:
        raise InvalidInput(field, "name one city, by its name or id.")
    return ids[0]
