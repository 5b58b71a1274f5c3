"""Action plans: the checks a plan measure must pass, its progress from milestones, and the wedge.

The wedge compares three paths of a city's emissions over the years: the baseline (the base-year
inventory, held flat), the target path (straight from the base year to the target), and the plan
(the baseline minus the expected reductions of the measures that have started by each year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from citypact.domain.measures import IMPLEMENTATION, check_axis

PROGRESS: Final = ("not_started", "on_time", "late", "done", "cancelled")
DONE_STAGES: Final = ("implemented", "evaluated")
ZERO_DECIMAL_CURRENCIES: Final = frozenset({"JPY", "KRW", "CLP", "ISK", "VND"})  # ISO 4217: no minor unit


class PlanError(ValueError):
    """A plan value that cannot be right, naming the field and the fix."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Milestone:
    title: str
    due: dt.date
    done: dt.date | None = None


def check_dates(start: dt.date | None, end: dt.date | None, milestones: Sequence[Milestone] = ()) -> None:
    """Start before end; milestones not before the start."""
    if start and end and end < start:
        raise PlanError(
            "end_date", f"{end.isoformat()} is before the start {start.isoformat()}; put the end after it"
        )
    for m in milestones:
        if start and m.due < start:
            raise PlanError(
                "due_date", f"milestone {m.title!r} is due before the measure starts ({start.isoformat()})"
            )


def to_minor_units(amount: float, currency: str) -> int:
    """A money amount as integer minor units of `currency` (EUR 12.34 -> 1234, JPY 500 -> 500)."""
    if amount < 0:
        raise PlanError("cost", f"{amount} is negative; costs are 0 or more")
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise PlanError("currency", f"{currency!r} is not an ISO 4217 code; use e.g. EUR, JPY, USD")
    return round(amount * _scale(currency))


def _scale(currency: str) -> int:
    return 1 if currency in ZERO_DECIMAL_CURRENCIES else 100


def from_minor_units(minor: int, currency: str) -> float:
    return minor / _scale(currency)


def progress(implementation: str, cancelled: bool, milestones: Sequence[Milestone], today: dt.date) -> str:
    """cancelled, done (implemented or evaluated), late (a milestone overdue), on_time, or not_started."""
    check_axis("implementation", implementation)
    if cancelled:
        return "cancelled"
    if implementation in DONE_STAGES:
        return "done"
    if any(m.done is None and m.due < today for m in milestones):
        return "late"
    if list(IMPLEMENTATION).index(implementation) < list(IMPLEMENTATION).index(
        "in_implementation"
    ) and not any(m.done for m in milestones):
        return "not_started"
    return "on_time"


@dataclass(frozen=True)
class Wedge:
    years: tuple[int, ...]
    baseline: tuple[float, ...]
    target: tuple[float, ...]
    plan: tuple[float, ...]

    def gap(self, year: int) -> float:
        """How far the plan stays above the target path in `year` (t CO2e; negative: below)."""
        i = self.years.index(year)
        return self.plan[i] - self.target[i]


def wedge(
    base_year: int,
    base_emissions_t: float,
    target_year: int,
    reduction_pct: float,
    measures: Sequence[tuple[int | None, float]],
) -> Wedge:
    """Baseline, target path and plan from the base year to the target year.

    `measures` are (start year, expected reduction in t CO2e per year); a measure counts from its
    start year on (from the base year when it has none). Plan emissions never go below zero.
    """
    if target_year <= base_year:
        raise PlanError("target_year", f"{target_year} is not after the base year {base_year}")
    if not 0 <= reduction_pct <= 100:
        raise PlanError("reduction_pct", f"{reduction_pct} is not a percentage from 0 to 100")
    if base_emissions_t < 0:
        raise PlanError("base_emissions_t", "emissions are 0 or more")
    years = tuple(range(base_year, target_year + 1))
    span = target_year - base_year
    goal = base_emissions_t * (1 - reduction_pct / 100)
    target = tuple(base_emissions_t + (goal - base_emissions_t) * (y - base_year) / span for y in years)
    plan = tuple(
        max(0.0, base_emissions_t - sum(t for start, t in measures if (start or base_year) <= y))
        for y in years
    )
    return Wedge(years, tuple(base_emissions_t for _ in years), target, plan)
