"""How far a deal's commitments have come: the KPI progress rule (a choice, documented in
docs/local_green_deals.md, section "Progress").

A commitment's KPI is expected to move on a straight line from its baseline (value, at the
baseline year, else at the deal's start) to its target (value, at the target year), up or down:
a KPI may fall (kWh used) or rise (kWp installed). A year Y is the point 1 January Y; a date is a
fractional year. The latest report is judged against the line at its own date:

- "achieved": the latest value is at or beyond the target;
- "late": a milestone is past its due date and not done, or the latest value is behind the line;
- "overdue_report": no report for more than a year (from the latest report, else from the start);
- "no_report": no report yet, and the first (a year after the start) is not yet due;
- "on_track": the latest value is at or beyond the line at its date.

They are tried in this order. A commitment without a KPI line (no baseline, target or target year,
or no year to start from) is judged by its milestones alone: "late" when one is overdue,
"achieved" when all are done, "on_track" while they are due later, "no_kpi" when it has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from citypact.domain.action_plans import MeasureEffect, Wedge, still_to_come

STATUSES: Final = ("achieved", "on_track", "late", "overdue_report", "no_report", "no_kpi")
REPORT_EVERY_YEARS: Final = 1.0  # a party reports at least once a year
REDUCTION_UNIT: Final = "t CO2e/a"


def fractional_year(day: dt.date) -> float:
    """The date as a year with a fraction: 1 January 2026 is 2026.0, 2 July 2024 (day 184 of 366)
    is 2024.5."""
    days = 366 if _leap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class KpiLine:
    """The expected path of a KPI: from `baseline` at `start` to `target` at `end` (years)."""

    baseline: float
    start: float
    target: float
    end: float

    @property
    def rising(self) -> bool:
        """Whether more is better (the target is above the baseline; equal counts as rising)."""
        return self.target >= self.baseline

    def expected(self, at: float) -> float:
        """The value the line asks for at year `at`: the baseline before the start, the target
        from the end on, straight in between."""
        if at <= self.start:
            return self.baseline
        if at >= self.end:
            return self.target
        return self.baseline + (self.target - self.baseline) * (at - self.start) / (self.end - self.start)

    def at_or_beyond(self, value: float, mark: float) -> bool:
        """Whether `value` has reached `mark` in the KPI's good direction."""
        return value >= mark if self.rising else value <= mark

    def share_done(self, value: float) -> float | None:
        """The share of the way from baseline to target (0 at the baseline, 1 at the target, more
        beyond it, negative when it went the wrong way); None when the two are equal."""
        if self.target == self.baseline:
            return None
        return (value - self.baseline) / (self.target - self.baseline)


def kpi_line(
    baseline: float | None,
    baseline_year: int | None,
    target: float | None,
    target_year: int | None,
    start: dt.date | None,
) -> KpiLine | None:
    """The line of a commitment's KPI, None when it has none: it needs a baseline, a target, a
    target year and a year to start from (the baseline year, else the deal's start) before it."""
    if baseline is None or target is None or target_year is None:
        return None
    begin = float(baseline_year) if baseline_year is not None else (fractional_year(start) if start else None)
    if begin is None or begin >= target_year:
        return None
    return KpiLine(baseline, begin, target, float(target_year))


@dataclass(frozen=True)
class Report:
    as_of: dt.date
    value: float


@dataclass(frozen=True)
class Milestone:
    due: dt.date
    done: dt.date | None = None


@dataclass(frozen=True)
class Progress:
    """A commitment's standing. `expected` is the line's value at the latest report's date;
    `share` the share of the way done (unclamped), `shown_share` the same clamped to 0..1."""

    status: str
    latest: Report | None
    expected: float | None
    share: float | None
    overdue_milestones: int

    @property
    def shown_share(self) -> float | None:
        return None if self.share is None else min(1.0, max(0.0, self.share))


def latest_report(reports: Iterable[Report]) -> Report | None:
    """The report with the latest date; of two on one date the later given (a correction)."""
    latest: Report | None = None
    for r in reports:
        if latest is None or r.as_of >= latest.as_of:
            latest = r
    return latest


def commitment_progress(
    line: KpiLine | None,
    reports: Sequence[Report],
    milestones: Sequence[Milestone],
    *,
    reporting_from: dt.date | None,
    today: dt.date,
) -> Progress:
    """The status of one commitment on `today` (rules in the module's docstring). `reports` are
    in the order they were added; `reporting_from` is the deal's start (None: no report is due)."""
    overdue = sum(1 for m in milestones if m.done is None and m.due < today)
    if line is None:
        if overdue:
            status = "late"
        elif milestones and all(m.done is not None for m in milestones):
            status = "achieved"
        else:
            status = "on_track" if milestones else "no_kpi"
        return Progress(status, None, None, None, overdue)
    latest = latest_report(r for r in reports if r.as_of <= today)
    expected = line.expected(fractional_year(latest.as_of)) if latest else None
    share = line.share_done(latest.value) if latest else None
    now = fractional_year(today)
    since = latest.as_of if latest else reporting_from
    stale = since is not None and now - fractional_year(since) > REPORT_EVERY_YEARS
    if latest is not None and line.at_or_beyond(latest.value, line.target):
        status = "achieved"
    elif overdue:
        status = "late"
    elif stale:
        status = "overdue_report"
    elif latest is None or expected is None:
        status = "no_report"
    else:
        status = "on_track" if line.at_or_beyond(latest.value, expected) else "late"
    return Progress(status, latest, expected, share, overdue)


@dataclass(frozen=True)
class DealSummary:
    """A deal's commitments at a glance: how many in each status, and the t CO2e a year they are
    expected to cut (`expected_t`, in REDUCTION_UNIT) with how many commitments state it."""

    counts: dict[str, int]
    expected_t: float
    with_reduction: int
    unit: str = REDUCTION_UNIT


def deal_summary(items: Iterable[tuple[Progress, float | None]]) -> DealSummary:
    """Counts per status (every status, zero included) and the sum of the expected reductions
    of (progress, expected t CO2e a year) pairs."""
    counts = dict.fromkeys(STATUSES, 0)
    total, stated = 0.0, 0
    for progress, reduction in items:
        counts[progress.status] += 1
        if reduction is not None:
            total += reduction
            stated += 1
    return DealSummary(counts, total, stated)


@dataclass(frozen=True)
class StakeholderLayer:
    """The stakeholders' commitments on the plan's wedge, beside the city's measures: `cut` is
    what they cut in each of the wedge's years beyond the latest inventory (t CO2e), `plan_with`
    the plan line with that cut too (never below zero)."""

    cut: tuple[float, ...]
    plan_with: tuple[float, ...]
    commitments: int  # counted here
    in_measures: int  # naming a plan measure: counted there, not here
    expected_t: float  # their full reduction a year once ramped in


def stakeholder_layer(
    wedge: Wedge, commitments: Sequence[MeasureEffect], in_measures: int = 0
) -> StakeholderLayer:
    """The layer of `commitments` (each ramping in as a measure does, `action_plans.delivered`)
    on a wedge: like the measures, what the latest inventory holds is not counted again."""
    cut = tuple(
        sum(still_to_come(c, year, wedge.latest_year) for c in commitments)
        if year > wedge.latest_year
        else 0.0
        for year in wedge.years
    )
    plan_with = tuple(max(0.0, p - c) for p, c in zip(wedge.plan, cut, strict=True))
    return StakeholderLayer(
        cut, plan_with, len(commitments), in_measures, sum(c.reduction_t for c in commitments)
    )
