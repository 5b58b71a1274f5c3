"""The per-capita range behind the plausibility warnings (reference.plausibility)."""

from __future__ import annotations

import polars as pl
import pytest

from citypact.reference.plausibility import per_capita_range, per_capita_ranges


def test_range_leaves_out_flagged_rows_and_unknown_populations() -> None:
    panel = pl.DataFrame(
        {"per_capita_t": [0.5, 12.0, 0.001], "implausible": [False, False, True]}  # 0.001: flagged
    )
    reported = pl.DataFrame(
        {
            "scope1_t": [300.0, 4_000.0, 1e9, 5.0],
            "population": [1_000, 100, 10, None],
            "implausible": [False, False, True, None],
        }
    )
    # Kept: 0.5 and 12 from the panel; 300 / 1,000 = 0.3 and 4,000 / 100 = 40 reported. Range 0.3-40.
    assert per_capita_range(panel, reported) == (pytest.approx(0.3), pytest.approx(40.0), 4)


def test_the_shipped_range_is_the_documented_one() -> None:
    # docs/accounting.md, "Plausibility": 1,280 city-years from 0.149 to 92.88 t per person; warned
    # below 0.0149 and above 928.8.
    basic, scope1 = per_capita_ranges()
    assert (basic.metric, scope1.metric) == ("basic", "scope1")
    assert basic.low == pytest.approx(0.14888, abs=1e-5) and basic.high == pytest.approx(92.883, abs=1e-3)
    assert basic.cities == 1_280
    assert basic.warn_below == pytest.approx(0.014888, abs=1e-6) and basic.warn_above == pytest.approx(
        928.83, abs=0.01
    )
