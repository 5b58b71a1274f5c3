"""The KPI progress rule of deal commitments, with hand-computed cases and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.action_plans import MeasureEffect, wedge
from citypact.domain.deal_progress import (
    STATUSES,
    KpiLine,
    Milestone,
    Progress,
    Report,
    commitment_progress,
    deal_summary,
    fractional_year,
    kpi_line,
    stakeholder_layer,
)

D = dt.date
# kWh a year of a housing company's stock: 1000 in 2020, 600 by 2030 (falls 40 a year)
FALLING = KpiLine(1000.0, 2020.0, 600.0, 2030.0)


def status(line: KpiLine | None, reports: list[Report], today: D, **kw: object) -> Progress:
    milestones = kw.pop("milestones", [])
    start = kw.pop("start", D(2020, 1, 1))
    return commitment_progress(line, reports, milestones, reporting_from=start, today=today)  # type: ignore[arg-type]


def test_fractional_year() -> None:
    assert fractional_year(D(2026, 1, 1)) == 2026.0
    assert fractional_year(D(2024, 7, 2)) == 2024.5  # day 184 of 366: 183/366
    assert fractional_year(D(2025, 12, 31)) == pytest.approx(2025 + 364 / 365)


def test_line_falls_straight_and_holds_at_its_ends() -> None:
    assert FALLING.expected(2025.0) == 800.0  # halfway: 1000 - 400/2
    assert FALLING.expected(2019.0) == 1000.0
    assert FALLING.expected(2031.0) == 600.0
    assert FALLING.share_done(800.0) == 0.5  # (800-1000)/(600-1000)
    assert FALLING.share_done(500.0) == 1.25


def test_falling_kpi_on_track_late_and_achieved() -> None:
    today = D(2025, 6, 1)
    assert status(FALLING, [Report(D(2025, 1, 1), 790.0)], today).status == "on_track"
    assert status(FALLING, [Report(D(2025, 1, 1), 800.0)], today).status == "on_track"  # on the line
    late = status(FALLING, [Report(D(2025, 1, 1), 810.0)], today)
    assert (late.status, late.expected) == ("late", 800.0)
    assert late.share == pytest.approx(0.475)  # (810-1000)/(600-1000)
    assert status(FALLING, [Report(D(2025, 1, 1), 600.0)], today).status == "achieved"


def test_rising_kpi_starts_at_the_deal_start_without_a_baseline_year() -> None:
    # 0 kWp at the deal's start (1 Jan 2024), 500 kWp by 2028: 250 expected on 1 Jan 2026
    line = kpi_line(0.0, None, 500.0, 2028, D(2024, 1, 1))
    assert line == KpiLine(0.0, 2024.0, 500.0, 2028.0)
    today = D(2026, 3, 1)
    assert status(line, [Report(D(2026, 1, 1), 250.0)], today).status == "on_track"
    assert status(line, [Report(D(2026, 1, 1), 249.0)], today).status == "late"
    assert status(line, [Report(D(2026, 1, 1), 501.0)], today).share == pytest.approx(1.002)


def test_no_line_without_baseline_target_year_or_start() -> None:
    assert kpi_line(None, 2020, 5.0, 2030, None) is None
    assert kpi_line(1.0, 2020, None, 2030, None) is None
    assert kpi_line(1.0, None, 5.0, 2030, None) is None  # no year to start from
    assert kpi_line(1.0, 2030, 5.0, 2030, None) is None  # starts no earlier than it ends


def test_no_report_until_a_year_after_the_start_then_overdue() -> None:
    start = D(2026, 1, 1)
    assert status(FALLING, [], D(2026, 6, 1), start=start).status == "no_report"
    assert status(FALLING, [], D(2027, 1, 1), start=start).status == "no_report"  # exactly a year
    assert status(FALLING, [], D(2027, 1, 2), start=start).status == "overdue_report"
    assert status(FALLING, [], D(2040, 1, 1), start=None).status == "no_report"  # nothing due


def test_a_report_older_than_a_year_is_overdue_even_when_on_track() -> None:
    reports = [Report(D(2025, 1, 1), 700.0)]
    assert status(FALLING, reports, D(2025, 12, 31)).status == "on_track"
    assert status(FALLING, reports, D(2026, 3, 1)).status == "overdue_report"


def test_an_overdue_milestone_makes_it_late_unless_achieved() -> None:
    reports = [Report(D(2025, 1, 1), 700.0)]
    open_stone = [Milestone(D(2025, 3, 1))]
    got = status(FALLING, reports, D(2025, 6, 1), milestones=open_stone)
    assert (got.status, got.overdue_milestones) == ("late", 1)
    done = [Milestone(D(2025, 3, 1), D(2025, 2, 1))]
    assert status(FALLING, reports, D(2025, 6, 1), milestones=done).status == "on_track"
    reached = [Report(D(2025, 1, 1), 590.0)]
    assert status(FALLING, reached, D(2025, 6, 1), milestones=open_stone).status == "achieved"


def test_a_correction_on_the_same_date_wins_and_future_reports_wait() -> None:
    reports = [Report(D(2025, 1, 1), 900.0), Report(D(2025, 1, 1), 780.0), Report(D(2026, 1, 1), 500.0)]
    got = status(FALLING, reports, D(2025, 6, 1))
    assert got.latest == Report(D(2025, 1, 1), 780.0)
    assert got.status == "on_track"


def test_without_a_kpi_milestones_decide() -> None:
    today = D(2026, 1, 1)
    assert status(None, [], today).status == "no_kpi"
    assert status(None, [], today, milestones=[Milestone(D(2026, 6, 1))]).status == "on_track"
    assert status(None, [], today, milestones=[Milestone(D(2025, 6, 1))]).status == "late"
    stones = [Milestone(D(2025, 6, 1), D(2025, 5, 1))]
    assert status(None, [], today, milestones=stones).status == "achieved"


def test_share_is_clamped_for_display_only() -> None:
    beyond = Progress("achieved", None, None, 1.25, 0)
    behind = Progress("late", None, None, -0.2, 0)
    assert (beyond.share, beyond.shown_share) == (1.25, 1.0)
    assert behind.shown_share == 0.0
    assert Progress("no_report", None, None, None, 0).shown_share is None


def test_deal_summary_counts_every_status_and_sums_stated_reductions() -> None:
    on = Progress("on_track", None, None, None, 0)
    late = Progress("late", None, None, None, 0)
    got = deal_summary([(on, 120.0), (on, None), (late, 35.5)])
    assert got.counts == {**dict.fromkeys(STATUSES, 0), "on_track": 2, "late": 1}
    assert (got.expected_t, got.with_reduction, got.unit) == (155.5, 2, "t CO2e/a")


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
years = st.integers(min_value=2000, max_value=2040)


@given(values, values, years, st.integers(1, 30), st.floats(0, 1), values)
def test_a_falling_kpi_is_judged_as_the_rising_one_mirrored(
    baseline: float, target: float, start: int, span: int, at: float, value: float
) -> None:
    if target == baseline:
        target = baseline + 1.0
    up = KpiLine(min(baseline, target), start, max(baseline, target), start + span)
    down = KpiLine(-up.baseline, start, -up.target, start + span)
    year = start + at * span
    assert down.expected(year) == pytest.approx(-up.expected(year), abs=1e-6)
    assert up.at_or_beyond(value, up.expected(year)) == down.at_or_beyond(-value, down.expected(year))


@given(values, values, years, st.integers(1, 30), st.floats(0, 1), st.floats(0, 1))
def test_the_line_moves_one_way_and_its_share_runs_from_zero_to_one(
    baseline: float, target: float, start: int, span: int, a: float, b: float
) -> None:
    if abs(target - baseline) < 1e-3:
        target = baseline + 1.0
    line = KpiLine(baseline, start, target, start + span)
    early, late = sorted((start + a * span, start + b * span))
    share_early = line.share_done(line.expected(early))
    share_late = line.share_done(line.expected(late))
    assert share_early is not None and share_late is not None
    assert -1e-9 <= share_early <= share_late + 1e-9 <= 1 + 2e-9
    # on the line is on track at any date between the ends
    assert line.at_or_beyond(line.expected(late), line.expected(late))


def test_stakeholder_layer_ramps_in_beside_the_measures() -> None:
    # 1000 t in 2020, no inventory since, one city measure of 200 t in full from 2025
    w = wedge(2020, 1000.0, 2030, 50.0, [MeasureEffect(200.0, D(2025, 1, 1))])
    # a housing company's 100 t ramps in from the deal's start (2026) to its due date (2029):
    # 25, 50, 75, 100 t; a cooperative's 40 t without an end counts in full from 2027
    layer = stakeholder_layer(
        w, [MeasureEffect(100.0, D(2026, 1, 1), D(2029, 6, 30)), MeasureEffect(40.0, D(2027, 3, 1))], 1
    )
    cut = dict(zip(w.years, layer.cut, strict=True))
    assert [cut[y] for y in (2020, 2025, 2026, 2027, 2028, 2029, 2030)] == [0, 0, 25, 90, 115, 140, 140]
    with_ = dict(zip(w.years, layer.plan_with, strict=True))
    assert (with_[2025], with_[2026], with_[2030]) == (800.0, 775.0, 660.0)  # 1000 - 200 - 140
    assert (layer.commitments, layer.in_measures, layer.expected_t) == (2, 1, 140.0)


def test_stakeholder_layer_counts_nothing_the_latest_inventory_holds() -> None:
    # an inventory of 2027 holds 2/4 of a commitment ramping 2026-2029: only the rest is to come
    w = wedge(2020, 1000.0, 2030, 50.0, [], known=[(2027, 900.0)])
    layer = stakeholder_layer(w, [MeasureEffect(100.0, D(2026, 1, 1), D(2029, 1, 1))])
    cut = dict(zip(w.years, layer.cut, strict=True))
    assert (cut[2027], cut[2028], cut[2029], cut[2030]) == (0, 25, 50, 50)
    assert layer.plan_with[-1] == 850.0
