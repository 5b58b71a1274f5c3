"""The CDP-ICLEI 2021 emission-reduction targets of registry cities: the compact shipped table."""

from __future__ import annotations

from typing import Final

import polars as pl

TARGETS_FILE: Final = "public_targets.csv.gz"
TARGETS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "city_key": pl.String(), "record": pl.String(), "reported_year": pl.Int32(),
    "target_type": pl.String(), "sector": pl.String(), "base_year": pl.Int32(),
    "base_emissions_t": pl.Float64(), "reduction_pct": pl.Float64(), "target_year": pl.Int32(),
    "target_emissions_t": pl.Float64(), "paris_alignment": pl.String(), "achieved_pct": pl.Float64(),
    "year_set": pl.Int32(),
}  # fmt: skip
