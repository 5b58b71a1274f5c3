"""Action plans: dates, money in minor units, progress from milestones, and the wedge by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.action_plans import Milestone, PlanError, check_dates, progress, to_minor_units, wedge
from citypact.domain.measures import ClassificationError

TODAY = dt.date(2026, 11, 25)


def test_wedge_by_hand() -> None:
    # 1000 t in 2020, -50 % by 2030: the target path loses 50 t a year.
    # Measures: 100 t/yr from 2022, 50 t/yr from the start (no year given).
    w = wedge(2020, 1000.0, 2030, 50.0, [(2022, 100.0), (None, 50.0)])
    assert w.years[0] == 2020 and w.years[-1] == 2030
    assert w.target[5] == pytest.approx(750.0)  # 2025
    assert w.plan[0] == pytest.approx(950.0)  # 2020: only the measure without a year
    assert w.plan[2] == pytest.approx(850.0)  # 2022
    assert w.gap(2030) == pytest.approx(850.0 - 500.0)
    assert set(w.baseline) == {1000.0}


def test_plan_never_below_zero() -> None:
    assert min(wedge(2020, 100.0, 2025, 100.0, [(2021, 500.0)]).plan) == 0.0


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
