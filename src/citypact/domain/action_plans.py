"""Action plans: the checks a plan measure must pass, its progress from milestones, and the wedge.

The wedge compares three paths of a city's emissions over the years: the baseline (the base-year
inventory, held flat), the target path (straight from the base year to the target), and the plan
(the city's inventories up to the latest one, then the latest total minus the reductions the
measures add after it, each ramping in from its start to its end). The gap to the target is
computed here once (`PathGap`) so that every page shows the same figure.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from citypact.domain.measures import IMPLEMENTATION, check_axis
from citypact.domain.trends import TargetProgress, target_progress

PROGRESS: Final = ("not_started", "on_time", "late", "done", "cancelled")
DONE_STAGES: Final = ("implemented", "evaluated")
ZERO_DECIMAL_CURRENCIES: Final = frozenset({"JPY", "KRW", "CLP", "ISK", "VND"})  # ISO 4217: no minor unit
# Where a measure's money comes from; the free-text funding note says more (which programme, how much).
FUNDING_SOURCES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "own_budget": "Own budget",
        "national_grant": "National grant",
        "eu_grant": "EU grant",
        "loan": "Loan",
        "private": "Private",
        "other": "Other",
    }
)


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
class MeasureEffect:
    """A measure's expected reduction (t CO2e per year once complete) and the dates it ramps in."""

    reduction_t: float
    start: dt.date | None = None
    end: dt.date | None = None


def ramp_share(start_year: int, end_year: int, year: int) -> float:
    """The share of a measure's reduction delivered in `year` when it ramps in linearly over the
    whole years from `start_year` to `end_year` (2024-2027: 1/4 in 2024, ..., all from 2027)."""
    if year < start_year:
        return 0.0
    return min(1.0, (year - start_year + 1) / (end_year - start_year + 1))


def delivered(measure: MeasureEffect, year: int, latest_year: int) -> float:
    """t CO2e a measure cuts in `year`. Dates count in whole years. Without a start the measure is
    still to come: it starts the year after `latest_year` (the latest inventory, or the base year);
    without an end it counts in full from its start year."""
    first = measure.start.year if measure.start else latest_year + 1
    last = max(first, measure.end.year) if measure.end else first
    return measure.reduction_t * ramp_share(first, last, year)


@dataclass(frozen=True)
class Wedge:
    years: tuple[int, ...]
    baseline: tuple[float, ...]
    target: tuple[float, ...]
    plan: tuple[float, ...]
    latest_year: int = 0  # the last year the plan line follows an inventory (else the base year)

    def gap(self, year: int) -> float:
        """How far the plan stays above the target path in `year` (t CO2e; negative: below)."""
        i = self.years.index(year)
        return self.plan[i] - self.target[i]


def wedge(
    base_year: int,
    base_emissions_t: float,
    target_year: int,
    reduction_pct: float,
    measures: Sequence[MeasureEffect],
    known: Sequence[tuple[int, float]] = (),
) -> Wedge:
    """Baseline, target path and plan from the base year to the target year.

    `known` are the city's inventory totals (year, t CO2e) after the base year: the plan follows
    them (straight between two of them) up to the latest, which holds the reductions delivered so
    far; after it the plan is that total minus what the measures add from then on
    (`delivered`). Plan emissions never go below zero.
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
    points = [(base_year, base_emissions_t)] + sorted(
        {y: t for y, t in known if base_year < y <= target_year}.items()
    )
    latest_year, latest_t = points[-1]
    plan = []
    for y in years:
        if y <= latest_year:
            value = _between(points, y)
        else:
            value = latest_t - sum(still_to_come(m, y, latest_year) for m in measures)
        plan.append(max(0.0, value))
    return Wedge(years, tuple(base_emissions_t for _ in years), target, tuple(plan), latest_year)


def still_to_come(measure: MeasureEffect, year: int, latest_year: int) -> float:
    """t CO2e a measure cuts in `year` beyond what it delivered by `latest_year` (which the latest
    inventory already holds): its part of the wedge."""
    return delivered(measure, year, latest_year) - delivered(measure, latest_year, latest_year)


def by_sector(
    measures: Sequence[tuple[str | None, MeasureEffect]], year: int, latest_year: int
) -> dict[str | None, float]:
    """The wedge in `year` split by the GPC sector each measure reduces (None: not given); the
    parts add up to the wedge's cut from the latest point (before the floor at zero)."""
    parts: dict[str | None, float] = {}
    for sector, measure in measures:
        parts[sector] = parts.get(sector, 0.0) + still_to_come(measure, year, latest_year)
    return parts


def _between(points: Sequence[tuple[int, float]], year: int) -> float:
    """The value in `year` on the straight lines between sorted (year, value) points."""
    for (y0, t0), (y1, t1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return t0 + (t1 - t0) * (year - y0) / (y1 - y0)
    return points[0][1]


@dataclass(frozen=True)
class PathGap:
    """Where the city stands against the straight path to its target, and what the plan leaves.

    One figure for every page: the plan, the city page and the benchmark read it from here.
    """

    progress: TargetProgress  # the latest point (inventory, else the base year) against the path
    target_year: int
    goal_t: float
    expected_t: float  # the plan's emissions in the target year
    to_find_t: float  # expected minus goal: what the measures leave to find (negative: more than enough)


def path_gap(w: Wedge) -> PathGap:
    """The gap of a wedge: now (its latest year) against the path, and in the target year."""
    i = w.years.index(w.latest_year)
    actual, on_path, base = w.plan[i], w.target[i], w.baseline[0]
    if base > 0 and actual > 0:
        now = target_progress(w.years[0], base, w.years[-1], w.target[-1], w.latest_year, actual)
    else:  # nothing emitted: no ratio to the path to speak of
        now = TargetProgress(w.latest_year, actual, on_path, 0.0, math.nan)
    return PathGap(now, w.years[-1], w.target[-1], w.plan[-1], w.gap(w.years[-1]))
