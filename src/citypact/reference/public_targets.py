"""The CDP-ICLEI 2021 emission-reduction targets of registry cities: the compact shipped table.

Source: ../shared/data/cdp_city_emissions_reduction_targets_2021 (see its NOTES.md): 1,460 rows of
989 accounts, one row per target. Kept: rows that state a target (type given and not "No target").
Each account is linked to a registry city the way the CDP emission files are: an account the
registry build already matched (from the 2016-2019 files) keeps that city, so a city's targets and
its reported emissions are the same city; any other account goes through `domain.city_match`
(names and alternate names, the name alone, the nearest city within 10 km). Figures are copied as
published (self-reported): t CO2e, percentages 0-100, years. Codes, not words:

- target_type: base_year_absolute, fixed_level, baseline_scenario, base_year_intensity;
- paris_alignment: "1.5C", "2C", "no", "unknown" ("Do not know"), "other" (free text), null;
- sector: null for "All emissions sources included in city inventory" (a city-wide target),
  else the sector as published ("Energy", or the text after "Other, please specify:").

``citypact data derive`` writes it as public_targets.csv.gz; ``citypact data load`` stores it.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from citypact.domain.city_match import candidate_names, match_cities
from citypact.domain.names import country_lookup, resolve_country
from citypact.reference import catalog
from citypact.reference.paths import BUNDLE_DIR

TARGETS_PATH: Final = (
    "cdp_city_emissions_reduction_targets_2021/cdp_city_emissions_reduction_targets_2021.csv"
)
TARGETS_FILE: Final = "public_targets.csv.gz"
TARGETS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "city_key": pl.String(), "record": pl.String(), "reported_year": pl.Int32(),
    "target_type": pl.String(), "sector": pl.String(), "base_year": pl.Int32(),
    "base_emissions_t": pl.Float64(), "reduction_pct": pl.Float64(), "target_year": pl.Int32(),
    "target_emissions_t": pl.Float64(), "paris_alignment": pl.String(), "achieved_pct": pl.Float64(),
    "year_set": pl.Int32(),
}  # fmt: skip
TARGET_TYPES: Final = {
    "Base year emissions (absolute) target": "base_year_absolute",
    "Fixed level target": "fixed_level",
    "Baseline scenario (business as usual) target": "baseline_scenario",
    "Base year intensity target": "base_year_intensity",
}
PARIS: Final = {"Yes - 1.5 °C": "1.5C", "Yes - 2 °C": "2C", "No": "no", "Do not know": "unknown"}
CITY_WIDE: Final = "All emissions sources included in city inventory"
_COLUMNS: Final = {
    "reported_year": "Year.Reported.to.CDP", "account": "Account.Number", "organization": "Organization",
    "city": "City", "country_name": "Country", "iso3": "iso", "type": "Type.of.target", "sector": "Sector",
    "base_year": "Base.year", "year_set": "Year.target.was.set",
    "base_emissions_t": "Base.year.emissions..metric.tonnes.CO2e.",
    "reduction_pct": "Percentage.reduction.target", "target_year": "Target.year",
    "target_emissions_t": "Target.year.absolute.emissions..metric.tonnes.CO2e.",
    "achieved_pct": "Percentage.of.target.achieved.so.far", "location": "City.Location",
}  # fmt: skip
_PARIS_COLUMN: Final = "Does.this.target.align.with.the.global.1.5"


@dataclass(frozen=True)
class TargetsReport:
    rows: int  # rows of the file
    no_target: int  # type missing or "No target"
    targets: int  # rows stating a target
    by_account: int  # targets whose account the registry build matched (CDP emission files)
    by_match: int  # targets whose account was matched here (names, alternate names, coordinates)
    conflicts: int  # of those, matched by name alone or by coordinates (name and point disagree)
    unmatched: int  # targets of no registry city
    cities: int  # registry cities with at least one target

    @property
    def balanced(self) -> bool:
        return self.rows == self.no_target + self.by_account + self.by_match + self.unmatched


def read_targets(shared: Path) -> pl.DataFrame:
    """The file's rows: row, account, names, country, coordinates and the target's figures typed
    ("NA" is a missing value here: no column holds a country code that could read "NA")."""
    raw = pl.read_csv(shared / TARGETS_PATH, infer_schema_length=0, null_values=["NA", ""])
    paris = next(c for c in raw.columns if c.startswith(_PARIS_COLUMN))
    frame = raw.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("row"),
        paris=pl.col(paris).str.strip_chars(),
        **{name: pl.col(column).str.strip_chars() for name, column in _COLUMNS.items()},
    )
    number = ("base_emissions_t", "reduction_pct", "target_emissions_t", "achieved_pct")
    year = ("reported_year", "base_year", "year_set", "target_year")
    point = frame["location"].str.extract_groups(r"POINT \(([-\d.]+) ([-\d.]+)\)")
    return frame.with_columns(
        *[pl.col(c).cast(pl.Float64) for c in number],
        *[pl.col(c).cast(pl.Float64).round(0).cast(pl.Int32) for c in year],
        account=pl.col("account").cast(pl.Int64),
        lon=point.struct[0].cast(pl.Float64),
        lat=point.struct[1].cast(pl.Float64),
    )


def _codes(frame: pl.DataFrame) -> pl.DataFrame:
    sector = pl.col("sector").str.replace(r"^Other, please specify:\s*", "").str.strip_chars()
    return frame.with_columns(
        target_type=pl.col("type").replace_strict(TARGET_TYPES, default=None),
        paris_alignment=pl.when(pl.col("paris").str.starts_with("Other"))
        .then(pl.lit("other"))
        .otherwise(pl.col("paris").replace_strict(PARIS, default=None)),
        sector=pl.when((pl.col("sector") == CITY_WIDE) | (sector == "")).then(None).otherwise(sector),
        record=pl.format("{}:{}", "account", "row"),
    )


def public_targets_table(
    shared: Path, cities: pl.DataFrame, countries: pl.DataFrame, outcomes: pl.DataFrame
) -> tuple[pl.DataFrame, TargetsReport]:
    """TARGETS_SCHEMA rows of the targets of registry cities, and the report.

    cities, countries: the registry's tables; outcomes: the registry build's match outcomes."""
    frame = _codes(read_targets(shared))
    stated = frame.filter(pl.col("target_type").is_not_null())
    linked = (
        outcomes.filter((pl.col("source") == catalog.CDP) & pl.col("key").is_not_null())
        .select(account=pl.col("row").cast(pl.Int64), by_account="key")
        .unique("account", keep="first")
    )
    stated = stated.join(linked, on="account", how="left")
    lookup = country_lookup(zip(countries["name"], countries["iso2"], strict=True))
    iso3 = dict(zip(countries["iso3"], countries["iso2"], strict=True))
    open_ = stated.filter(pl.col("by_account").is_null()).with_columns(
        country=pl.col("iso3").replace_strict(iso3, default=None)
    )
    open_ = open_.with_columns(
        country=pl.coalesce(
            "country",
            pl.col("country_name").map_elements(lambda c: resolve_country(c, lookup), return_dtype=pl.String),
        )
    )
    records = pl.concat(
        [
            open_.select(ref="account", country="country", name=c, lat="lat", lon="lon")
            for c in ("city", "organization")
        ]
    ).filter(pl.col("name").is_not_null())
    matched = match_cities(records.unique(maintain_order=True), candidate_names(cities))
    stated = stated.join(
        matched.select(account="ref", by_match="key", conflict="conflict"), on="account", how="left"
    ).with_columns(city_key=pl.coalesce("by_account", "by_match"))
    kept = stated.filter(pl.col("city_key").is_not_null())
    table = (
        kept.select(list(TARGETS_SCHEMA))
        .cast(TARGETS_SCHEMA)  # type: ignore[arg-type]
        .sort("city_key", "record")
    )
    by_match = stated.filter(pl.col("by_account").is_null() & pl.col("by_match").is_not_null())
    report = TargetsReport(
        rows=frame.height,
        no_target=frame.height - stated.height,
        targets=stated.height,
        by_account=stated.filter(pl.col("by_account").is_not_null()).height,
        by_match=by_match.height,
        conflicts=int(by_match["conflict"].sum()),
        unmatched=stated.height - kept.height,
        cities=table["city_key"].n_unique(),
    )
    return table, report


def read_public_targets(bundle_dir: Path = BUNDLE_DIR) -> pl.DataFrame:
    """The shipped table (TARGETS_SCHEMA), for machines without ../shared."""
    raw = gzip.decompress((bundle_dir / TARGETS_FILE).read_bytes())
    return pl.read_csv(io.BytesIO(raw), schema=TARGETS_SCHEMA, null_values=[""])
