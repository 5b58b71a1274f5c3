"""The shared rules of funding: a call's state on a day and a municipality's size band, at their
edges; stored lists of codes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.funding import (
    SIZE_BAND_CODES,
    SIZE_BANDS,
    call_state,
    join_codes,
    size_band,
    split_codes,
)

DAY = dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("opens", "closes", "state"),
    [
        (None, None, "rolling"),
        (dt.date(2027, 1, 1), None, "upcoming"),
        (dt.date(2026, 12, 6), dt.date(2027, 3, 1), "upcoming"),
        (dt.date(2026, 12, 5), dt.date(2027, 3, 1), "open"),  # opens today
        (None, dt.date(2026, 12, 5), "open"),  # closes today: still open all day
        (None, dt.date(2026, 12, 4), "closed"),
        (dt.date(2025, 1, 1), dt.date(2025, 9, 30), "closed"),
    ],
)
def test_call_state_on_a_day(opens: dt.date | None, closes: dt.date | None, state: str) -> None:
    assert call_state(opens, closes, DAY) == state


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (0, "under_10k"),
        (9_999, "under_10k"),
        (10_000, "10k_50k"),
        (49_999, "10k_50k"),
        (50_000, "50k_250k"),
        (160_000, "50k_250k"),
        (250_000, "250k_1m"),
        (999_999, "250k_1m"),
        (1_000_000, "1m_plus"),
        (37_000_000, "1m_plus"),
        (None, None),
        (-1, None),
    ],
)
def test_size_band_edges(population: int | None, band: str | None) -> None:
    assert size_band(population) == band


@given(st.integers(min_value=0, max_value=10**9))
def test_every_population_falls_in_exactly_one_band(population: int) -> None:
    inside = [c for c, low, high in SIZE_BANDS if population >= low and (high is None or population < high)]
    assert inside == [size_band(population)]
    assert size_band(population) in SIZE_BAND_CODES


def test_stored_lists() -> None:
    assert split_codes("") == ()
    assert split_codes("DE;JP") == ("DE", "JP")
    assert join_codes(["JP", "DE", "JP"]) == "DE;JP"
    assert split_codes(join_codes(["energy", "waste"])) == ("energy", "waste")
