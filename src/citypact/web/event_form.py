"""The values of an event form, as the events service takes them: a partnership's event and a
network's own event are added with the same fields."""

from __future__ import annotations

from typing import Any


def event_values(
    kind: str, title: str, starts_on: str, ends_on: str, place: str, online: str, is_public: str
) -> dict[str, Any]:
    """The fields as typed, except that an empty date is None and a checkbox is ticked when it sent
    any value; the service checks the kind and the dates and names the field that is wrong."""
    return {
        "kind": kind,
        "title": title,
        "starts_on": starts_on.strip() or None,
        "ends_on": ends_on.strip() or None,
        "place": place,
        "online": bool(online),
        "is_public": bool(is_public),
    }
