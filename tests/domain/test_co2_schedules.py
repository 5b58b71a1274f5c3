"""The CO2 price schedule's rule for years its table does not list, and the version in force."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.domain.procurement.schedules import Discounting, Schedule, constant_schedule, version_in_force


def _schedule(prices: dict[int, float], **kwargs: object) -> Schedule:
    fields: dict[str, object] = {
        "key": "test",
        "version": "1",
        "name": "Test",
        "currency": "EUR",
        "price_year": 2020,
        "discounting": Discounting.LIKE_COSTS,
        "prices": prices,
    }
    fields.update(kwargs)
    return Schedule(**fields)  # type: ignore[arg-type]


def test_a_year_beyond_the_table_takes_the_last_listed_price() -> None:
    behg = _schedule({2021: 25, 2022: 30, 2023: 30, 2024: 45, 2025: 55})
    assert behg.price(2025) == 55
    assert behg.price(2026) == 55
    assert behg.price(2060) == 55


def test_a_year_between_anchor_years_takes_the_earlier_anchor() -> None:
    epa = _schedule({2020: 190, 2025: 210, 2030: 230})
    assert epa.price(2024) == 190
    assert epa.price(2025) == 210
    assert epa.price(2029) == 210


def test_a_year_before_the_table_takes_the_first_price() -> None:
    assert _schedule({2021: 25, 2022: 30}).price(2019) == 25


def test_prices_for_a_life_lists_each_year() -> None:
    behg = _schedule({2024: 45, 2025: 55})
    assert behg.prices_for(range(2024, 2028)) == [45, 55, 55, 55]


def test_a_schedule_without_prices_or_with_a_negative_price_is_refused() -> None:
    with pytest.raises(ValueError, match="no prices"):
        _schedule({})
    with pytest.raises(ValueError, match="negative"):
        _schedule({2020: -1})


def test_a_constant_price_is_the_same_in_every_year() -> None:
    flat = constant_schedule(300)
    assert flat.price(1990) == flat.price(2026) == flat.price(2100) == 300
    assert flat.name == "300 EUR/t"


def test_the_version_in_force_is_the_latest_started_one() -> None:
    old = _schedule(
        {2023: 237}, version="2023", valid_from=dt.date(2023, 6, 1), valid_to=dt.date(2025, 7, 31)
    )
    new = _schedule({2025: 300}, version="2025", valid_from=dt.date(2025, 8, 1))
    assert version_in_force([old, new], dt.date(2024, 1, 1)) is old
    assert version_in_force([old, new], dt.date(2025, 8, 1)) is new
    assert version_in_force([old, new], dt.date(2020, 1, 1)) is None
