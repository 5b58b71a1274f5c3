"""Figures as exports write them: without binary floating-point noise, with the precision they have.

A sum of floats carries noise in its last bits (0.1 + 0.2 is 0.30000000000000004). Exports round
every float to SIGNIFICANT_DIGITS significant digits: that removes the noise (a few units in the
16th or 17th digit, a few more after long sums) and keeps every digit a person typed or a
measurement can have (no amount in citypact has more than 12 meaningful digits).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import polars as pl

SIGNIFICANT_DIGITS: Final = 12


def clean(value: float) -> float:
    """`value` rounded to SIGNIFICANT_DIGITS significant digits (non-finite values as they are)."""
    if not math.isfinite(value) or value == 0:
        return value
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def clean_value(value: Any) -> Any:
    """Floats cleaned anywhere in a JSON-like value (dicts, lists, tuples); other values as they are."""
    if isinstance(value, float):
        return clean(value)
    if isinstance(value, Mapping):
        return {key: clean_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_value(item) for item in value]
    return value


def clean_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every float column rounded to SIGNIFICANT_DIGITS significant digits, whole columns at once."""
    floats = [name for name, dtype in frame.schema.items() if dtype.is_float()]
    if not floats:
        return frame
    return frame.with_columns(pl.col(floats).round_sig_figs(SIGNIFICANT_DIGITS))
