"""The per-capita range seen across cities, derived once from the shipped panels (docs/accounting.md,
"Plausibility").

Both shipped tables (benchmark_panel, reported_emissions) hold reported Scope 1 of real cities with
their population; rows flagged implausible there (outside 0.1-100 t per person: reporting or unit
mistakes) are left out, so the range is that of the credible reports. The same range serves the
inventory's scope 1 and its BASIC total: no shipped table has cities' BASIC totals or sector
figures, and a city's BASIC stays within a small multiple of its scope 1, far inside the tolerance.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from citypact.domain.plausibility import METRICS, PerCapitaRange
from citypact.reference.benchmark_panel import read_panel
from citypact.reference.reported_emissions import read_reported


def per_capita_range(panel: pl.DataFrame, reported: pl.DataFrame) -> tuple[float, float, int]:
    """Lowest and highest credible per-capita scope 1 (t per person) of the two tables, and the
    number of city-years it is taken from."""
    from_panel = panel.filter(~pl.col("implausible")).select(pl.col("per_capita_t"))
    from_reported = reported.filter(
        (pl.col("implausible") == False) & (pl.col("population") > 0)  # noqa: E712 (null stays out)
    ).select((pl.col("scope1_t") / pl.col("population")).alias("per_capita_t"))
    seen = pl.concat([from_panel, from_reported])["per_capita_t"].drop_nulls()
    return float(seen.min()), float(seen.max()), seen.len()  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def per_capita_ranges() -> tuple[PerCapitaRange, ...]:
    """The range per metric of domain.plausibility (the panel as built from ../shared when it is
    there, else as shipped: the same figures, `citypact data derive` writes the one from the other)."""
    low, high, count = per_capita_range(read_panel(), read_reported())
    return tuple(PerCapitaRange(metric, low, high, count) for metric in METRICS)
