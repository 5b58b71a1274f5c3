"""Activity data of GPC inventories: the table's columns, their canonical form, and the kinds of row.

One row is one activity (an amount of a fuel or carrier used in a GPC subsector), or a notation key
saying why there is none, or emissions reported as such by another tool.

A table of millions of rows has few *kinds* of row: distinct combinations of its text columns
(reference number, fuel, unit, notation key, sources, ...), the inventory's country and year, and
whether the row has an amount, a user factor or reported figures. Everything but arithmetic on the
row's own numbers depends on its kind alone, so the cleaning, the lookups, most row rules and the
choice of factor are done once per kind and reach the rows by an integer (encode_kinds).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Final

import polars as pl

from citypact.domain.factor_library import (
    BIOMASS_FUELS,
    FUEL_ALIASES,
    GRID_REFS,
    IPCC_CATEGORY_OF_SUBSECTOR,
)
from citypact.domain.gpc import GPC_REFS
from citypact.domain.units import UnitError, activity_unit, dimension_of, factor_to, factor_unit_to_kg

# Notation keys of the GPC (Table 4.x): each needs an explanation.
NOTATION_KEYS: Final[dict[str, str]] = {
    "NO": "not occurring",
    "IE": "included elsewhere",
    "NE": "not estimated",
    "C": "confidential",
}
DATA_QUALITY: Final[dict[str, str]] = {
    "H": "H",
    "HIGH": "H",
    "M": "M",
    "MEDIUM": "M",
    "L": "L",
    "LOW": "L",
}
MAX_PROBLEMS: Final = 200
# Larger amounts are typing or unit mistakes (a megacity burns about 1e9 MWh a year), and their
# emissions would overflow to infinity, which no page or export can show.
MAX_AMOUNT: Final = 1e15
MAX_FACTOR: Final = 1e9

ACTIVITY_SCHEMA: Final = pl.Schema(
    {
        "row": pl.Int64,
        "gpc_ref": pl.String,
        "fuel": pl.String,
        "amount": pl.Float64,
        "unit": pl.String,
        "notation_key": pl.String,
        "explanation": pl.String,
        "source": pl.String,
        "year": pl.Int32,
        "data_quality": pl.String,
        "ef_co2": pl.Float64,
        "ef_ch4": pl.Float64,
        "ef_n2o": pl.Float64,
        "ef_unit": pl.String,
        "ef_source": pl.String,
        "ef_data_quality": pl.String,
        "ef_basis": pl.String,
        "reported_co2_t": pl.Float64,
        "reported_ch4_t": pl.Float64,
        "reported_n2o_t": pl.Float64,
        "reported_co2e_t": pl.Float64,
        # Biogenic CO2 a waste method computed (incineration): a memo item, in no total.
        "reported_biogenic_co2_t": pl.Float64,
        # The GWP set reported_co2e_t was computed with, where it came without its gas split.
        "reported_gwp": pl.String,
    }
)
REQUIRED_COLUMNS: Final = ("gpc_ref", "fuel", "amount", "unit")
# Physically impossible amounts for one activity row of a city, in the engine's base units: far
# above the largest city's yearly use (Tokyo's final energy is about 0.8 EJ; 10 EJ is more than all
# but a handful of countries use).
MAX_PER_ROW: Final[dict[str, float]] = {
    "ENERGY": 1e7,  # TJ: 10 EJ
    "MASS": 1e9,  # t
    "VOLUME": 1e10,  # m3
    "DISTANCE": 1e12,  # km
    "PASSENGER_DISTANCE": 1e12,  # passenger-km
}
USER_FACTOR_COLUMNS: Final = ("ef_co2", "ef_ch4", "ef_n2o")
# Which scope-2 figure a user factor on grid-supplied energy is (GPC 1.1 section 6.6): `location`
# (the default: it enters the totals, e.g. a US eGRID subregion or a Japanese utility's factor) or
# `market` (a supplier's or contract's factor: the market-based memo; the national grid factor then
# stays the location-based figure in the totals).
EF_BASES: Final = ("location", "market")
REPORTED_COLUMNS: Final = (
    "reported_co2_t",
    "reported_ch4_t",
    "reported_n2o_t",
    "reported_co2e_t",
    "reported_biogenic_co2_t",
)
# Filled by other tools and the waste methods, never by the template.
REPORTED_FIELDS: Final = (*REPORTED_COLUMNS, "reported_gwp")


@dataclass(frozen=True)
class ActivityProblem:
    """What is wrong with one row of activity data, and how to fix it."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


class ActivityErrors(ValueError):
    """Every problem found in a table of activity data; nothing of it may be used."""

    def __init__(self, problems: list[ActivityProblem], total: int | None = None) -> None:
        self.problems = problems
        # Only the first MAX_PROBLEMS are kept; `total` counts them all.
        self.total = max(total or 0, len(problems))
        shown = "; ".join(map(str, problems[:20]))
        more = f" (and {self.total - 20} more)" if self.total > 20 else ""
        super().__init__(f"{self.total} problem(s): {shown}{more}")


def as_activity_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Exactly the columns of ACTIVITY_SCHEMA, in order; missing ones are null."""
    missing = [pl.lit(None, dtype).alias(c) for c, dtype in ACTIVITY_SCHEMA.items() if c not in frame.columns]
    return frame.with_columns(missing).select(pl.col(c).cast(dtype) for c, dtype in ACTIVITY_SCHEMA.items())


ROW_FLAGS: Final = ("has_amount", "user_factor", "reported")


def prepare(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every column of ACTIVITY_SCHEMA (missing optional ones null) in its type, row
    numbers (from 2, the header being row 1) where it has none, and the flags ROW_FLAGS each rule
    and factor choice depends on: whether the row has an amount, a user factor, reported figures."""
    missing = [c for c in ("gpc_ref",) if c not in frame.columns]
    if missing:
        raise ActivityErrors(
            [ActivityProblem(1, c, "the column is missing; add it to the header") for c in missing]
        )
    if "row" not in frame.columns:
        frame = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))
    return (
        frame.with_columns(
            pl.lit(None, dtype).alias(name)
            for name, dtype in ACTIVITY_SCHEMA.items()
            if name not in frame.columns
        )
        .with_columns(_typed(frame, name, dtype) for name, dtype in ACTIVITY_SCHEMA.items())
        .with_columns(
            pl.col("amount").is_not_null().alias("has_amount"),
            pl.any_horizontal(pl.col(c).is_not_null() for c in USER_FACTOR_COLUMNS).alias("user_factor"),
            pl.any_horizontal(pl.col(c).is_not_null() for c in REPORTED_COLUMNS).alias("reported"),
        )
    )


def _typed(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    """Column `name` in its type; a text column that comes as categorical codes (the readers give
    them so) stays so: its kinds are then found from the integer codes (encode_kinds)."""
    if dtype == pl.String and name in frame.columns and _is_categorical(frame.schema[name]):
        return pl.col(name)
    return pl.col(name).cast(dtype)


def _is_categorical(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.Categorical | pl.Enum)


def conform(kinds: pl.DataFrame) -> pl.DataFrame:
    """The text columns of `kinds` (prepared rows, or their distinct kinds) in canonical form, and
    the derived columns the engine works with: fuel_key, category (both Categorical, for cheap
    joins), scope, grid_ref, ref_code."""
    # Every cleaning below is elementwise and a table has few distinct spellings, so the string
    # work (and the lookups of scope and category) runs once per distinct value and is mapped back.
    refs = (
        kinds.select(pl.col("gpc_ref").unique())
        .with_columns(_upper("gpc_ref").alias("clean_ref"))
        .select(
            "gpc_ref",
            pl.col("clean_ref")
            .replace_strict({r: e.scope for r, e in GPC_REFS.items()}, default=None, return_dtype=pl.Int8)
            .alias("scope"),
            pl.col("clean_ref")
            .str.extract(r"^([IV]+\.\d+)")
            .replace_strict(IPCC_CATEGORY_OF_SUBSECTOR, default=None)
            .cast(pl.Categorical)
            .alias("category"),
            pl.col("clean_ref").is_in(list(GRID_REFS)).alias("grid_ref"),
            "clean_ref",
            # One integer per reference number (spellings of one share it), for the rules that
            # compare rows of one reference without hashing its text again.
            pl.col("clean_ref").rank("dense").cast(pl.Int64).alias("ref_code"),
        )
    )
    fuel = pl.col("fuel").str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    return (
        attach(kinds, refs, on=["gpc_ref"])
        .with_columns(pl.col("clean_ref").alias("gpc_ref"))
        .drop("clean_ref")
        .with_columns(
            _per_value(kinds, "fuel", fuel.replace(FUEL_ALIASES).cast(pl.Categorical)).alias("fuel_key"),
            pl.col("unit", "ef_unit").str.strip_chars(),
            _per_value(kinds, "notation_key", _upper("notation_key").replace("", None)),
            _per_value(kinds, "data_quality", _upper("data_quality").replace(DATA_QUALITY)),
            _per_value(kinds, "ef_data_quality", _upper("ef_data_quality").replace(DATA_QUALITY)),
            _per_value(kinds, "ef_basis", canonical_basis(pl.col("ef_basis"))),
        )
    )


TEXT_COLUMNS: Final = tuple(name for name, dtype in ACTIVITY_SCHEMA.items() if dtype == pl.String)
KIND_COLUMNS: Final = (*TEXT_COLUMNS, "country", "inventory_year", *ROW_FLAGS)


def encode_kinds(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The distinct kinds of `rows` (prepared, with country and inventory_year): one row per
    distinct combination of KIND_COLUMNS, and each row's kind as an index into it (UInt32).

    One hash of the whole key per row finds the kinds (a hash per column, or a group-by on the
    strings, costs two to four times as much); then every row is compared with its kind, column by
    column, so that two combinations of one hash can never pass as one kind. Should they ever meet,
    the kinds are found again by a join on the columns themselves (exact, and slower).
    """
    keys = rows.select(KIND_COLUMNS)
    # A column null in every row is the same in every row: it neither makes nor splits a kind.
    # Categorical text is hashed and compared by its integer codes: one code is one spelling.
    given = keys.select(
        pl.col(c).to_physical() if _is_categorical(keys.schema[c]) else pl.col(c)
        for c in KIND_COLUMNS
        if keys.get_column(c).null_count() < keys.height
    )
    hashes = _row_hashes(given).alias("hash")
    first = hashes.arg_unique()
    index = hashes.gather(first).to_frame().with_row_index("kind")
    kind = hashes.to_frame().join(index, on="hash", how="left", maintain_order="left").get_column("kind")
    if _each_row_is_its_kind(given, given[first], kind):
        return _as_text(keys[first]), kind
    codes = keys.with_columns(
        pl.col(c).to_physical() for c in KIND_COLUMNS if _is_categorical(keys.schema[c])
    )
    distinct = codes.unique(maintain_order=True).with_row_index("kind")
    found = codes.join(distinct, on=list(KIND_COLUMNS), how="left", nulls_equal=True, maintain_order="left")
    return _as_text(keys[found.get_column("kind").arg_unique()]), found.get_column("kind")


def _as_text(kinds: pl.DataFrame) -> pl.DataFrame:
    """The few distinct kinds with their text as text, for the cleaning and lookups of conform."""
    return kinds.with_columns(
        pl.col(c).cast(pl.String) for c in kinds.columns if _is_categorical(kinds.schema[c])
    )


def _row_hashes(keys: pl.DataFrame) -> pl.Series:
    # Keyed by a seed drawn per call, so no file can be built to make two combinations meet by hash.
    return keys.hash_rows(seed=secrets.randbits(64))


def _each_row_is_its_kind(keys: pl.DataFrame, kinds: pl.DataFrame, kind: pl.Series) -> bool:
    """Whether every row has its kind's values in every column of `keys` (null equal to null)."""
    if not keys.width or keys.is_empty():
        return True
    same = keys.with_columns(kind.alias("__kind")).select(
        pl.all_horizontal(
            pl.col(c).eq_missing(pl.lit(kinds.get_column(c)).gather(pl.col("__kind"))) for c in keys.columns
        ).all()
    )
    return bool(same.item())


def attach(frame: pl.DataFrame, table: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """`frame` with the other columns of `table` (unique on `on`) of each row's keys, null where
    none: a left join of the key columns alone, so the frame's other columns are not copied."""
    found = frame.select(on).join(table, on=on, how="left", nulls_equal=True, maintain_order="left")
    return frame.hstack(found.drop(on))


def canonical_basis(ef_basis: pl.Expr) -> pl.Expr:
    """ef_basis as its canonical word: "Market " is market, empty is none (the reader stores it so,
    the engine reads it so)."""
    return ef_basis.str.strip_chars().str.to_lowercase().replace("", None)


def _upper(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.to_uppercase()


def _per_value(frame: pl.DataFrame, column: str, clean: pl.Expr) -> pl.Expr:
    """`clean` (an elementwise expression of `column`) of every row, computed once per distinct value."""
    values = frame.get_column(column).unique().drop_nulls()
    cleaned = values.to_frame().select(clean).to_series()
    return pl.col(column).replace_strict(values, cleaned, default=None, return_dtype=cleaned.dtype)


def unit_table(units: pl.Series) -> tuple[pl.DataFrame, dict[str, str]]:
    """Per distinct unit spelling: its dimension, how many base units (TJ, t, m3, km) one is, and
    whether an energy amount in it is on the gross calorific basis.

    Returns the table and, for spellings that are not accepted units, the message to show.
    """
    rows: list[tuple[str, str, float, bool]] = []
    bad: dict[str, str] = {}
    for unit in units.drop_nulls().unique().to_list():
        try:
            dimension = dimension_of(unit)
            rows.append((unit, dimension.name, factor_to(unit, dimension.value), activity_unit(unit).gross))
        except UnitError as error:
            bad[unit] = str(error)
    table = pl.DataFrame(
        rows,
        schema={"unit": pl.String, "dimension": pl.String, "to_base": pl.Float64, "gross": pl.Boolean},
        orient="row",
    ).with_columns(pl.col("dimension").replace_strict(MAX_PER_ROW, default=None).alias("max_base"))
    return table, bad


def user_factor_table(pairs: pl.DataFrame) -> tuple[pl.DataFrame, dict[tuple[str, str], str]]:
    """Per distinct (ef_unit, unit): kg of gas per activity unit for a factor of 1 ef_unit."""
    rows: list[tuple[str, str, float]] = []
    bad: dict[tuple[str, str], str] = {}
    for ef_unit, unit in pairs.iter_rows():
        try:
            rows.append((ef_unit, unit, factor_unit_to_kg(ef_unit, unit)))
        except UnitError:
            bad[(ef_unit, unit)] = (
                f"the factor unit {ef_unit!r} does not fit an activity in {unit!r}; "
                f"give it per {unit} (e.g. kg/{unit})"
            )
    table = pl.DataFrame(
        rows, schema={"ef_unit": pl.String, "unit": pl.String, "ef_to_kg": pl.Float64}, orient="row"
    )
    return table, bad


def unit_problem(unit: str) -> str:
    try:
        activity_unit(unit)
    except UnitError as error:
        return str(error)
    return f"{unit!r} does not measure energy, mass, volume or distance"


def suggest_fuel(fuel: str, known: list[str]) -> str:
    close = get_close_matches(fuel.lower(), known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}? Or give a user factor"
    return "name the fuel as in the IPCC 2006 guidelines (e.g. Natural Gas) or give a user factor"


def is_biomass(fuel_key: pl.Expr) -> pl.Expr:
    return fuel_key.is_in(list(BIOMASS_FUELS))
