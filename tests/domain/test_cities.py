"""Size bands and density."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.cities import SizeBand, density, size_band, size_bands


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (None, None),
        (0, SizeBand.SMALL),
        (49_999, SizeBand.SMALL),
        (50_000, SizeBand.MEDIUM),
        (159_914, SizeBand.MEDIUM),
        (200_000, SizeBand.LARGE),
        (738_907, SizeBand.METROPOLITAN),
        (1_500_000, SizeBand.LARGE_METROPOLITAN),
    ],
)
def test_size_band(population: int | None, band: SizeBand | None) -> None:
    assert size_band(population) == band


@given(st.lists(st.one_of(st.none(), st.integers(0, 40_000_000)), max_size=50))
def test_column_bands_equal_one_by_one(populations: list[int | None]) -> None:
    column = np.array([np.nan if p is None else p for p in populations], dtype=float)
    expected = [None if p is None else size_band(p).value for p in populations]  # type: ignore[union-attr]
    assert list(size_bands(column)) == expected


def test_density() -> None:
    assert density(159_914, 108.83) == pytest.approx(1469.4, abs=0.1)
    assert density(None, 10) is None and density(10, None) is None and density(10, 0) is None
