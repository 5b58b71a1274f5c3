"""Action plans: dates, money in minor units, progress from milestones, and the wedge by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.action_plans import (
    MeasureEffect,
    Milestone,
    PlanError,
    by_sector,
    check_dates,
    delivered,
    path_gap,
    progress,
    to_minor_units,
    wedge,
)
from citypact.domain.measures import ClassificationError

TODAY = dt.date(2026, 11, 25)


def test_wedge_by_hand() -> None:
    # 1000 t in 2020, -50 % by 2030: the target path loses 50 t a year.
    # Measures: 100 t/yr from 2022, 50 t/yr without dates (still to come: from 2021, the year after
    # the base year, which is the latest point without inventories).
    w = wedge(2020, 1000.0, 2030, 50.0, [MeasureEffect(100.0, dt.date(2022, 3, 1)), MeasureEffect(50.0)])
    assert w.years[0] == 2020 and w.years[-1] == 2030
    assert w.target[5] == pytest.approx(750.0)  # 2025
    assert w.plan[0] == pytest.approx(1000.0)  # 2020: the base year itself
    assert w.plan[1] == pytest.approx(950.0)  # 2021: only the measure without dates
    assert w.plan[2] == pytest.approx(850.0)  # 2022
    assert w.gap(2030) == pytest.approx(850.0 - 500.0)
    assert set(w.baseline) == {1000.0}


def test_a_measure_ramps_in_from_start_to_end() -> None:
    # 1,000 t/yr from 2024-01-01 to 2027-12-31: 250 t in 2024, 500, 750, and 1,000 t from 2027.
    m = MeasureEffect(1000.0, dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    assert [delivered(m, y, 2020) for y in range(2023, 2030)] == [0, 250, 500, 750, 1000, 1000, 1000]
    w = wedge(2020, 10_000.0, 2030, 50.0, [m])
    assert w.plan[w.years.index(2025)] == pytest.approx(9500.0)
    # an end without a start ramps from the year after the latest point (2021) to the end (2024)
    assert delivered(MeasureEffect(400.0, None, dt.date(2024, 6, 30)), 2022, 2020) == pytest.approx(200.0)


def test_the_plan_follows_the_inventories_then_the_measures() -> None:
    # Base 2015: 1,200 t; inventories 2018: 1,100 t and 2022: 1,060 t; target -50 % by 2035
    # (path: 1,200 - 30 t a year, 2022: 990 t). The measure ramps 2021-2024 (100 t/yr); by 2022 it
    # delivered 50 t, which the 2022 inventory already holds: from 2023 on it adds 75-50, then 50 t.
    m = MeasureEffect(100.0, dt.date(2021, 1, 1), dt.date(2024, 12, 31))
    w = wedge(2015, 1200.0, 2035, 50.0, [m], known=[(2018, 1100.0), (2022, 1060.0), (2040, 1.0)])
    plan = dict(zip(w.years, w.plan, strict=True))
    assert plan[2016] == pytest.approx(1200.0 - 100.0 / 3)
    assert plan[2020] == pytest.approx(1100.0 - 40.0 * 2 / 4)
    assert plan[2022] == pytest.approx(1060.0)
    assert plan[2023] == pytest.approx(1035.0)
    assert plan[2035] == pytest.approx(1010.0)
    gap = path_gap(w)
    now = gap.progress
    assert (now.year, now.actual, now.on_path) == (2022, pytest.approx(1060.0), pytest.approx(990.0))
    assert now.gap_pct == pytest.approx((1060.0 / 990.0 - 1) * 100)  # 7.07 % above the path
    assert gap.goal_t == pytest.approx(600.0)
    assert gap.to_find_t == pytest.approx(410.0)


def test_plan_never_below_zero() -> None:
    assert min(wedge(2020, 100.0, 2025, 100.0, [MeasureEffect(500.0, dt.date(2021, 1, 1))]).plan) == 0.0


measures_st = st.lists(
    st.builds(
        MeasureEffect,
        st.floats(0, 1e6),
        st.none() | st.dates(dt.date(2010, 1, 1), dt.date(2040, 12, 31)),
        st.none() | st.dates(dt.date(2010, 1, 1), dt.date(2040, 12, 31)),
    ),
    max_size=6,
)


@given(measures_st, st.integers(2020, 2040))
def test_wedges_never_exceed_full_reductions_and_grow(measures: list[MeasureEffect], latest: int) -> None:
    full = sum(m.reduction_t for m in measures)
    before = 0.0
    for year in range(2010, 2046):
        now = sum(delivered(m, year, latest) for m in measures)
        assert now <= full * (1 + 1e-12)
        assert now >= before - 1e-6  # a measure never gives back what it delivered
        before = now


@given(st.floats(0, 1e7), st.floats(0, 100), st.integers(1, 40))
def test_target_path_ends_at_the_goal(base: float, pct: float, span: int) -> None:
    w = wedge(2020, base, 2020 + span, pct, [])
    assert w.target[0] == pytest.approx(base)
    assert w.target[-1] == pytest.approx(base * (1 - pct / 100), abs=1e-6)


@pytest.mark.parametrize(
    ("args", "field"),
    [((2030, 1.0, 2020, 50.0, []), "target_year"), ((2020, 1.0, 2030, 120.0, []), "reduction_pct")],
)
def test_wedge_refuses_bad_targets(args: tuple, field: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(PlanError) as caught:
        wedge(*args)
    assert caught.value.field == field


def test_progress_from_milestones() -> None:
    overdue = [Milestone("tender", dt.date(2026, 1, 1))]
    met = [
        Milestone("tender", dt.date(2026, 1, 1), dt.date(2025, 12, 20)),
        Milestone("build", dt.date(2027, 6, 1)),
    ]
    assert progress("in_implementation", False, overdue, TODAY) == "late"
    assert progress("in_implementation", False, met, TODAY) == "on_time"
    assert progress("planned", False, [], TODAY) == "not_started"
    assert progress("implemented", False, overdue, TODAY) == "done"
    assert progress("adopted", True, overdue, TODAY) == "cancelled"
    with pytest.raises(ClassificationError):
        progress("finished", False, [], TODAY)


def test_dates_out_of_order() -> None:
    with pytest.raises(PlanError) as caught:
        check_dates(dt.date(2025, 1, 1), dt.date(2024, 1, 1))
    assert caught.value.field == "end_date"
    with pytest.raises(PlanError) as caught:
        check_dates(dt.date(2025, 1, 1), None, [Milestone("early", dt.date(2024, 6, 1))])
    assert caught.value.field == "due_date"
    check_dates(dt.date(2025, 1, 1), dt.date(2025, 1, 1))


def test_money_in_minor_units() -> None:
    assert to_minor_units(12.34, "EUR") == 1234
    assert to_minor_units(500, "JPY") == 500
    assert to_minor_units(1_000_000, "USD") == 100_000_000
    with pytest.raises(PlanError, match="negative"):
        to_minor_units(-1, "EUR")
    with pytest.raises(PlanError, match="ISO 4217"):
        to_minor_units(1, "eur")


def test_the_wedge_by_sector_adds_up() -> None:
    # The latest inventory is of 2022; the wedge in 2025 by hand:
    # heat: 1,000 t ramping 2021-2024, 2/4 delivered by 2022 -> 500 t still to come by 2025;
    # buses: 300 t from 2024 -> 300 t; no sector: 200 t without dates -> from 2023, 200 t.
    measures = [
        ("I", MeasureEffect(1000.0, dt.date(2021, 1, 1), dt.date(2024, 12, 31))),
        ("II", MeasureEffect(300.0, dt.date(2024, 5, 1))),
        (None, MeasureEffect(200.0)),
    ]
    assert by_sector(measures, 2025, 2022) == {"I": 500.0, "II": 300.0, None: 200.0}
    w = wedge(2020, 10_000.0, 2025, 50.0, [m for _, m in measures], known=[(2022, 9_000.0)])
    assert w.plan[-1] == pytest.approx(9_000.0 - 1_000.0)
