"""The cleaning of a programme's fields: laws of money, rates and country lists."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.funding import EU_MEMBER_STATES
from citypact.services.errors import InvalidInput
from citypact.services.funding import programme_input as pi


@given(st.integers(1, 10_000))
def test_a_rate_with_two_decimals_is_its_basis_points(bp: int) -> None:
    assert pi.clean_rate(f"{bp / 100:.2f}") == bp


@given(st.integers(1, 10**12))
def test_an_amount_in_cents_comes_back_exactly(cents: int) -> None:
    assert pi.clean_money("amount_min", f"{cents // 100}.{cents % 100:02d}", "EUR") == cents
    assert pi.clean_money("amount_min", str(cents), "JPY") == cents  # yen have no minor unit


@given(st.lists(st.sampled_from(["DE", "fr", " jp ", "EU", "us"]), max_size=6))
def test_countries_are_sorted_upper_codes_each_once(codes: list[str]) -> None:
    stored = pi.clean_countries(", ".join(codes)).split(";") if codes else []
    assert stored == sorted(set(stored))
    assert all(len(c) == 2 and c.isupper() for c in stored)
    if "EU" in codes:
        assert set(EU_MEMBER_STATES) <= set(stored)


@pytest.mark.parametrize(
    ("value", "field"),
    [("0", "funding_rate_percent"), ("-5", "funding_rate_percent"), ("abc", "funding_rate_percent")],
)
def test_bad_rates(value: str, field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        pi.clean_rate(value)
    assert error.value.field == field


def test_checked_on_is_not_in_the_future() -> None:
    today = dt.date(2026, 12, 5)
    assert pi.clean_checked_on("2026-12-05", today) == today
    with pytest.raises(InvalidInput):
        pi.clean_checked_on("2026-12-06", today)


def test_ids_keep_their_order_and_refuse_words() -> None:
    assert pi.as_ids("cities", "3, 1,3", 5) == [3, 1]
    with pytest.raises(InvalidInput):
        pi.as_ids("cities", "1;drop", 5)
    with pytest.raises(InvalidInput):
        pi.as_ids("cities", [1, 2, 3], 2)
