"""Values computed from a whole database (the benchmark's data, the matching table), kept per
database while the figures behind them are unchanged. A few aggregates (counts, largest ids, last
changes) read on every call tell whether they still are; a change anywhere recomputes the value."""

from __future__ import annotations

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
        return kept[1]
