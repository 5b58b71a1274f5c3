"""Plausibility of a computed inventory: warnings (codes with figures) and BASIC/BASIC+ completeness.

A warning does not refuse the data (an odd figure can be right); it must be acknowledged with a
reason before the inventory is verified. Each warning has a key, a hash of its code, figures and
rows, so that a warning acknowledged once comes back as a new one when the data behind it changes.
Words are made at the edge: here a warning is a code, figures and row numbers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

import polars as pl

from citypact.domain.gpc import GPC_REFS

# How far outside the range seen across cities a per-capita figure may lie before it is warned
# about: a factor of 10 either way (a unit slip of 1,000 lands outside; a city that is merely the
# most or least emitting of the panel does not).
TOLERANCE: Final = 10.0

# Per-capita metrics and the inventory figure they compare: BASIC against the cities' reported
# totals, scope 1 against the cities' reported scope 1 (the reported panel's figure).
METRICS: Final = ("basic", "scope1")


@dataclass(frozen=True)
class PerCapitaRange:
    """The lowest and highest per-capita figure (t CO2e per inhabitant) seen across cities."""

    metric: str  # one of METRICS
    low: float
    high: float
    cities: int  # how many city-years the range is taken from

    @property
    def warn_below(self) -> float:
        return self.low / TOLERANCE

    @property
    def warn_above(self) -> float:
        return self.high * TOLERANCE


@dataclass(frozen=True)
class InventoryWarning:
    """Something the verifier must look at: a code, its figures and the rows it is about."""

    code: str  # "duplicate_rows", "per_capita_high", "per_capita_low"
    figures: Mapping[str, float | str] = field(default_factory=dict)
    rows: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        """A hash of code, figures and rows: the same warning for the same data, a new one otherwise.
        Floats are rounded to 6 significant digits so that summation order does not change it."""
        figures = {k: (float(f"{v:.6g}") if isinstance(v, float) else v) for k, v in self.figures.items()}
        text = json.dumps([self.code, figures, list(self.rows)], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def duplicate_rows(rows: pl.DataFrame) -> list[InventoryWarning]:
    """Rows that repeat another's reference, fuel, amount and unit: counted twice if both are meant
    as one (a file appended twice, a copied line). Warned, not refused: two equal deliveries happen.
    `rows` has the activity columns with `row` (row number or record id)."""
    keys = ["gpc_ref", "fuel", "amount", "unit"]
    repeated = (
        rows.filter(pl.col("amount").is_not_null())
        .group_by(keys)
        .agg(pl.col("row").sort())
        .filter(pl.col("row").list.len() > 1)
        .sort(pl.col("row").list.first())
    )
    return [
        InventoryWarning(
            "duplicate_rows",
            {"gpc_ref": ref, "fuel": fuel or "", "amount": float(amount), "unit": unit or ""},
            tuple(int(n) for n in numbers),
        )
        for ref, fuel, amount, unit, numbers in repeated.iter_rows()
    ]


def per_capita_warnings(
    figures: Mapping[str, float], population: int | None, ranges: Iterable[PerCapitaRange]
) -> list[InventoryWarning]:
    """Per-capita figures (t CO2e per inhabitant) more than TOLERANCE times outside the range seen
    across cities. `figures` holds the inventory's totals by metric; without a population, none.
    A zero total is not warned about here: an empty inventory is the completeness check's matter."""
    if not population or population <= 0:
        return []
    warnings = []
    for seen in ranges:
        total = figures.get(seen.metric)
        if total is None or total <= 0:
            continue
        value = total / population
        code = None
        if value > seen.warn_above:
            code, bound = "per_capita_high", seen.warn_above
        elif value < seen.warn_below:
            code, bound = "per_capita_low", seen.warn_below
        if code is not None:
            warnings.append(
                InventoryWarning(
                    code,
                    {
                        "metric": seen.metric,
                        "per_capita_t": value,
                        "bound_t": bound,
                        "seen_low_t": seen.low,
                        "seen_high_t": seen.high,
                        "population": float(population),
                    },
                )
            )
    return warnings


def required_refs(standard: str) -> tuple[str, ...]:
    """The reference numbers a BASIC (or BASIC+) inventory must report or explain, in GPC order."""
    plus = standard.strip().upper() == "BASIC+"
    return tuple(r.ref for r in GPC_REFS.values() if (r.in_basic_plus if plus else r.in_basic))


def missing_refs(rows: pl.DataFrame, standard: str) -> list[str]:
    """Required reference numbers with no amount, no reported figure and no notation key in `rows`
    (activity columns), in GPC order. A notation key's explanation (IE: where it is included; NE:
    why) is already required of every row by the activity checks."""
    reported = [c for c in rows.columns if c.startswith("reported_") and c.endswith("_t")]
    covered_mask = pl.col("amount").is_not_null() | pl.col("notation_key").is_not_null()
    for column in reported:
        covered_mask = covered_mask | pl.col(column).is_not_null()
    covered = set(
        rows.filter(covered_mask)["gpc_ref"].str.strip_chars().str.to_uppercase().unique().to_list()
    )
    return [ref for ref in required_refs(standard) if ref not in covered]
