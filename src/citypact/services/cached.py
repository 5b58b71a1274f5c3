"""Values computed from a whole database (the benchmark's data, the matching table), kept per
database while the figures behind them are unchanged. A few aggregates (counts, largest ids, last
changes) read on every call tell whether they still are; a change anywhere recomputes the value."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

T = TypeVar("T")


class PerDatabase(Generic[T]):
    def __init__(self, aggregates: Callable[[], list[Select[Any]]], load: Callable[[Session], T]) -> None:
        self._aggregates = aggregates
        self._load = load
        self._kept: dict[str, tuple[tuple[Any, ...], T]] = {}

    def state(self, session: Session) -> tuple[Any, ...]:
        # One statement of single-aggregate subqueries: each can then come from an index.
        columns: list[ColumnElement[Any]] = [a.scalar_subquery() for a in self._aggregates()]
        return tuple(session.execute(select(*columns)).one())

    def forget(self) -> None:
        """Drop every kept value (as a change of data would)."""
        self._kept.clear()

    def get(self, session: Session) -> T:
        key = str(session.get_bind().engine.url)
        state = self.state(session)
        kept = self._kept.get(key)
        if kept is None or kept[0] != state:
            kept = (state, self._load(session))
            self._kept[key] = kept
            _freeze_long_lived()
        return kept[1]


def _freeze_long_lived() -> None:
    """Move what lives until the next data change out of the garbage collector's sight.

    Unfrozen, every full collection under load walked the kept values and the lazily built route
    tables (~45,000 objects, 10-25 ms of CPU holding the GIL): one of the city page's stalls.
    Freezing is a constant-time move; reference counting still frees a replaced value, only
    reference cycles alive at this moment stay (a little memory once per data change).
    """
    gc.freeze()
