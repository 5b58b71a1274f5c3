"""Exported figures: binary noise out, the digits a figure has kept."""

from __future__ import annotations

import math

import polars as pl

from citypact.domain.figures import SIGNIFICANT_DIGITS, clean, clean_frame, clean_value


def test_noise_goes_and_typed_digits_stay() -> None:
    assert repr(0.1 + 0.2) == "0.30000000000000004"
    assert clean(0.1 + 0.2) == 0.3
    assert repr(clean(0.1 + 0.2)) == "0.3"
    assert clean(147_437.123456) == 147_437.123456  # 12 significant digits: all kept
    assert clean(123.456) == 123.456  # 6 significant digits kept
    assert clean(0.00036 * 265) == 0.0954  # 0.09540000000000001 before
    assert clean(2 / 3) == 0.666666666667  # SIGNIFICANT_DIGITS == 12
    assert SIGNIFICANT_DIGITS == 12
    assert clean(0.0) == 0.0 and clean(-0.1 - 0.2) == -0.3
    assert math.isnan(clean(math.nan)) and clean(math.inf) == math.inf


def test_nested_values_and_frames() -> None:
    assert clean_value({"a": [0.1 + 0.2, 1, "x", None], "b": (0.7 + 0.1,)}) == {
        "a": [0.3, 1, "x", None],
        "b": [0.8],
    }
    frame = pl.DataFrame({"t": [0.1 + 0.2, 1234.56, None], "n": [1, 2, 3], "s": ["a", "b", "c"]})
    assert clean_frame(frame).write_csv() == "t,n,s\n0.3,1,a\n1234.56,2,b\n,3,c\n"
    assert clean_frame(pl.DataFrame({"n": [1]})).equals(pl.DataFrame({"n": [1]}))
