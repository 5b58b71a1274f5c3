"""Reported Scope-1 emissions of registry cities over the years: the time series of the benchmark.

Sources (../shared/data, see each NOTES.md): Nangini et al. 2019 (one Scope-1 figure per city, with its
year) and the CDP/ICLEI city-wide files 2016-2019 (each reporting year, with its inventory year). Both
are read by the benchmark panel's readers, so Scope 1 means the same as there: Nangini's figure; CDP's
TOTAL Scope 1, else the 2018+ direct-emission components. ``gas_basis`` is the panel's too.

Registry cities: a Nangini row is the registry city the registry build matched it to or added for it
(``nangini_step``); a CDP record is the city its account was matched to (``cdp_step``: country and
name, nearest within the distance limit). Both are read from the build's match outcomes, so the
table follows the registry exactly; ``citypact data derive`` ships it as reported_emissions.csv.gz
for machines without ../shared.

Every input row has one fate, counted in :class:`ReportedReport`, tested in this order:
``no_emissions`` (figure missing or <= 0), ``no_year`` (no inventory year), ``unmatched`` (no registry
city), ``duplicate`` (one row per city and year: the latest CDP reporting year, then Nangini; within a
reporting year the lowest account number). ``implausible``: per capita outside 0.1-100 t, flagged and
kept; null where the population is unknown.

Run ``python -m citypact.reference.reported_emissions [SHARED_DIR]`` to print the report.
"""

from __future__ import annotations

import gzip
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from citypact.reference import catalog
from citypact.reference.benchmark_panel import PLAUSIBLE_T_PER_CAPITA, cdp_emissions, nangini_emissions
from citypact.reference.paths import BUNDLE_DIR
from citypact.reference.sources import CDP_YEARS

REPORTED_FILE: Final = "reported_emissions.csv.gz"
REPORTED_SCHEMA: Final[dict[str, pl.DataType]] = {
    "city_key": pl.String(), "year": pl.Int32(), "scope1_t": pl.Float64(), "gas_basis": pl.String(),
    "population": pl.Int64(), "source": pl.String(), "implausible": pl.Boolean(),
}  # fmt: skip
REASONS: Final = ("no_emissions", "no_year", "unmatched", "duplicate")
NANGINI_SOURCE: Final = "nangini"  # the report's name for Nangini rows; CDP rows are "cdp<reporting year>"


@dataclass(frozen=True)
class ReportedReport:
    input_rows: dict[str, int]  # per source ("nangini", "cdp2016" .. "cdp2019")
    matched: dict[str, int]  # input rows whose record has a registry city, per source
    kept: dict[str, int]  # per source
    dropped: dict[str, int]  # per reason (REASONS)
    dropped_by_source: dict[str, dict[str, int]]  # source -> reason -> rows
    implausible: int
    cities: int
    year_span: tuple[int, int]

    @property
    def balanced(self) -> bool:
        return sum(self.input_rows.values()) == sum(self.kept.values()) + sum(self.dropped.values())


def _keys(outcomes: pl.DataFrame, source: str, ref: str) -> pl.DataFrame:
    """(ref, city_key) of the records of `source` the registry build matched or added."""
    found = outcomes.filter((pl.col("source") == source) & pl.col("key").is_not_null())
    return found.select(pl.col("row").alias(ref), city_key="key").unique(ref, keep="first")


def _stacked(shared: Path, outcomes: pl.DataFrame) -> pl.DataFrame:
    """Every input row of both sources with its registry city (null when unmatched)."""
    nangini = (
        nangini_emissions(shared)
        .join(_keys(outcomes, catalog.NANGINI, "row"), on="row", how="left")
        .select(
            source=pl.lit(NANGINI_SOURCE),
            reporting_year=pl.lit(None, pl.Int32),
            account=pl.lit(None, pl.Int64),
            **_common(pl.format("Nangini et al. 2019 ({})", "scope1_source"), order=1),
        )
    )
    cdp = (
        pl.concat([cdp_emissions(shared, year) for year in CDP_YEARS])
        .with_columns(account=pl.col("account").str.strip_chars().cast(pl.Int64, strict=False))
        .join(_keys(outcomes, catalog.CDP, "account"), on="account", how="left")
        .select(
            "source",
            "reporting_year",
            "account",
            **_common(
                pl.format("CDP city-wide emissions {}, account {}", "reporting_year", "account"), order=0
            ),
        )
    )
    return pl.concat([nangini, cdp])


def _common(label: pl.Expr, *, order: int) -> dict[str, pl.Expr]:
    population = pl.col("population").round(0)
    return {
        "city_key": pl.col("city_key"),
        "year": pl.col("year").cast(pl.Int32),
        "scope1_t": pl.col("emissions_t"),
        "gas_basis": pl.col("gas_basis"),
        "population": pl.when(population > 0).then(population.cast(pl.Int64)),
        "label": label,
        "order": pl.lit(order),
    }


def reported_emissions(shared: Path, outcomes: pl.DataFrame) -> tuple[pl.DataFrame, ReportedReport]:
    """One row per (registry city, year) with its reported Scope 1 (REPORTED_SCHEMA), and the report.

    `outcomes`: the registry build's match outcomes (``MatchReport.outcomes()``) for the same `shared`.
    """
    stacked = _stacked(shared, outcomes).with_columns(
        reason=pl.when(pl.col("scope1_t").is_null() | (pl.col("scope1_t") <= 0))
        .then(pl.lit("no_emissions"))
        .when(pl.col("year").is_null())
        .then(pl.lit("no_year"))
        .when(pl.col("city_key").is_null())
        .then(pl.lit("unmatched"))
    )
    usable = stacked.filter(pl.col("reason").is_null()).sort(
        ["city_key", "year", "order", "reporting_year", "account"],
        descending=[False, False, False, True, False],
        nulls_last=True,
    )
    first = pl.int_range(pl.len()).over("city_key", "year") == 0
    usable = usable.with_columns(reason=pl.when(first).then(None).otherwise(pl.lit("duplicate")))
    kept = usable.filter(pl.col("reason").is_null())
    low, high = PLAUSIBLE_T_PER_CAPITA
    per_capita = pl.col("scope1_t") / pl.col("population")
    table = (
        kept.with_columns(source="label", implausible=~per_capita.is_between(low, high))
        .select(list(REPORTED_SCHEMA))
        .cast(REPORTED_SCHEMA)  # type: ignore[arg-type]
        .sort("city_key", "year")
    )
    reasons = pl.concat([stacked.select("source", "reason"), usable.select("source", "reason")]).filter(
        pl.col("reason").is_not_null()
    )
    counts = dict(reasons["reason"].value_counts().iter_rows())
    by_source: dict[str, dict[str, int]] = {}
    for source, why, n in reasons.group_by("source", "reason").len().sort("source", "reason").iter_rows():
        by_source.setdefault(source, {})[why] = n

    def per_source(frame: pl.DataFrame) -> dict[str, int]:
        return dict(frame["source"].value_counts().sort("source").iter_rows())

    report = ReportedReport(
        input_rows=per_source(stacked),
        matched=per_source(stacked.filter(pl.col("city_key").is_not_null())),
        kept=per_source(kept),
        dropped={r: int(counts.get(r, 0)) for r in REASONS},
        dropped_by_source=by_source,
        implausible=int(table["implausible"].sum()),
        cities=table["city_key"].n_unique(),
        year_span=(int(table["year"].min()), int(table["year"].max())),  # type: ignore[arg-type]
    )
    return table, report


def read_reported(bundle_dir: Path = BUNDLE_DIR) -> pl.DataFrame:
    """The shipped table (REPORTED_SCHEMA), for machines without ../shared."""
    raw = gzip.decompress((bundle_dir / REPORTED_FILE).read_bytes())
    return pl.read_csv(io.BytesIO(raw), schema=REPORTED_SCHEMA, null_values=[""])


def main(argv: list[str] | None = None) -> int:
    """Build the registry and the table from SHARED_DIR and print the report."""
    from citypact.reference.registry import build_registry
    from citypact.reference.sources import shared_data_dir

    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]).resolve() if args else shared_data_dir()
    _, matches = build_registry(shared)
    table, report = reported_emissions(shared, matches.outcomes())
    print(report)
    print("balanced:", report.balanced, "| rows:", table.height,
          "| gas basis:", dict(table["gas_basis"].value_counts().sort("gas_basis").iter_rows()))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
