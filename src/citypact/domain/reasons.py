"""Reasons as data: why a city is a peer, a partner, a mentor or a case like mine.

The domain and the services explain their choices with codes and figures, never with sentences;
the pages, PDFs and the CLI turn a :class:`Reason` into words in the reader's language, in one place
(i18n/reasons.py). ``kind`` is a stable code (e.g. "same_country", "similar_size", "same_climate_zone",
"similar_grid"); ``mine`` is the city's own value and ``other`` the other city's value (a number,
or a code such as an ISO country code or a climate zone); ``note`` is a further code that qualifies
the reason (e.g. a climate zone or a field of action); ``sources`` are the source ids of the two
figures where the reason rests on figures of varying origin (degree days: a city's own or the national
figure). A field that does not apply stays None.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """One reason as a code with its parameters (see the module docstring)."""

    kind: str
    mine: float | str | None = None
    other: float | str | None = None
    note: str | None = None
    sources: tuple[str, str] | None = None  # source ids of the figures (mine, other), "" unknown
