"""Activity data of GPC inventories: the table's columns, and the checks a row must pass.

One row is one activity (an amount of a fuel or carrier used in a GPC subsector), or a notation key
saying why there is none, or emissions reported as such by another tool. Checks are vectorized: a
mask per rule over the whole table; messages are only built for the rows that fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import Final

import polars as pl

from citypact.domain.factor_library import (
    BIOMASS_FUELS,
    DISTRICT_HEAT,
    ELECTRICITY,
    FUEL_ALIASES,
    GRID_CARRIERS,
    GRID_REFS,
    IPCC_CATEGORY_OF_SUBSECTOR,
    FactorLibrary,
)
from citypact.domain.gpc import GPC_REFS
from citypact.domain.text import refused_pattern
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


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every column of ACTIVITY_SCHEMA (missing optional ones null) in canonical form.

    Adds the derived columns the engine works with: fuel_key, category (both Categorical, for cheap
    joins), scope, grid_ref, user_factor.
    """
    missing = [c for c in ("gpc_ref",) if c not in frame.columns]
    if missing:
        raise ActivityErrors(
            [ActivityProblem(1, c, "the column is missing; add it to the header") for c in missing]
        )
    if "row" not in frame.columns:
        frame = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))
    frame = frame.with_columns(
        pl.lit(None, dtype).alias(name)
        for name, dtype in ACTIVITY_SCHEMA.items()
        if name not in frame.columns
    ).with_columns(pl.col(name).cast(dtype) for name, dtype in ACTIVITY_SCHEMA.items())
    # Every cleaning below is elementwise and a table of millions of rows has a few dozen distinct
    # spellings, so the string work (and the lookups of scope and category) runs once per distinct
    # value and is mapped back; row by row it was most of the time of a large table.
    refs = (
        frame.select(pl.col("gpc_ref").unique())
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
        attach(frame, refs, on=["gpc_ref"])
        .with_columns(pl.col("clean_ref").alias("gpc_ref"))
        .drop("clean_ref")
        .with_columns(
            _per_value(frame, "fuel", fuel.replace(FUEL_ALIASES).cast(pl.Categorical)).alias("fuel_key"),
            pl.col("unit", "ef_unit").str.strip_chars(),
            _per_value(frame, "notation_key", _upper("notation_key").replace("", None)),
            _per_value(frame, "data_quality", _upper("data_quality").replace(DATA_QUALITY)),
            _per_value(frame, "ef_data_quality", _upper("ef_data_quality").replace(DATA_QUALITY)),
            _per_value(frame, "ef_basis", canonical_basis(pl.col("ef_basis"))),
            pl.any_horizontal(pl.col(c).is_not_null() for c in USER_FACTOR_COLUMNS).alias("user_factor"),
            pl.any_horizontal(pl.col(c).is_not_null() for c in REPORTED_COLUMNS).alias("reported"),
        )
    )


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


def check(frame: pl.DataFrame, library: FactorLibrary) -> list[ActivityProblem]:
    """Every rule a conformed activity table breaks, up to MAX_PROBLEMS, in row order."""
    return check_counted(frame, library)[0]


def check_counted(frame: pl.DataFrame, library: FactorLibrary) -> tuple[list[ActivityProblem], int]:
    """The first MAX_PROBLEMS problems of `check`, in row order, and how many there are in all.

    `frame` is the output of `conform` joined with the unit table (column `dimension`), the
    factors (column `has_default`, `ncv`, `density`) and the grid (column `grid_kg_co2e_per_tj`).
    """
    has_amount = pl.col("amount").is_not_null()
    key = pl.col("notation_key")
    # A reference number is either reported (amounts) or explained by a notation key, not both:
    # the (inventory, reference) pairs of each kind, as integers, instead of a window per row.
    pair = pl.col("ref_code")
    if "inventory" in frame.columns:
        width = frame.select(pl.col("ref_code").max()).item() or 0
        pair = pl.col("inventory") * (int(width) + 1) + pair
    key_pairs = frame.filter(key.is_not_null() & ~has_amount).select(pair.unique()).to_series()
    amount_pairs = (
        frame.filter(has_amount & key.is_null() & pair.is_in(key_pairs.implode()))
        .select(pair.unique())
        .to_series()
    )
    amount_in_ref = pair.is_in(amount_pairs.implode())
    key_in_ref = pair.is_in(key_pairs.implode())
    combustion_fuel = pl.col("fuel_key").is_not_null() & ~pl.col("fuel_key").is_in(list(GRID_CARRIERS))
    computed = has_amount & key.is_null() & ~pl.col("reported") & pl.col("scope").is_not_null()
    needs_default = computed & ~pl.col("user_factor")
    basis = pl.col("ef_basis")
    market = pl.col("user_factor") & (basis == "market")
    grid_energy = pl.col("grid_ref") & pl.col("fuel_key").is_in(list(GRID_CARRIERS))
    dim = pl.col("dimension")
    per_tj = pl.col("has_default") & (pl.col("basis") == "TJ")

    rules: list[tuple[str, pl.Expr, str]] = [
        ("gpc_ref", pl.col("scope").is_null(), "unknown GPC reference number; use one such as I.1.1 … VI.1"),
        (
            "notation_key",
            key.is_not_null() & ~key.is_in(list(NOTATION_KEYS)),
            "unknown notation key; use NO, IE, NE or C",
        ),
        (
            "explanation",
            key.is_not_null() & pl.col("explanation").str.strip_chars().replace("", None).is_null(),
            "a notation key needs an explanation; say why the source is not reported",
        ),
        ("amount", key.is_not_null() & has_amount, "give either an amount or a notation key, not both"),
        (
            "notation_key",
            key.is_not_null() & ~has_amount & amount_in_ref,
            "{ref} has an amount in another row, and a notation key says it has none: remove one of them",
        ),
        (
            "amount",
            has_amount & key.is_null() & key_in_ref,
            "{ref} has a notation key in another row, which says it has no amount: remove one of them",
        ),
        (
            "amount",
            key.is_null() & ~has_amount & ~pl.col("reported"),
            "no amount; give the amount (0 for a true zero) or a notation key (NO, IE, NE, C)",
        ),
        ("amount", pl.col("amount") < 0, "the amount is negative; activity amounts are 0 or more"),
        (
            "amount",
            pl.col("amount").is_infinite() | pl.col("amount").is_nan(),
            "the amount is not a finite number",
        ),
        (
            "amount",
            pl.col("amount").is_finite() & (pl.col("amount") > MAX_AMOUNT),
            f"the amount is larger than {MAX_AMOUNT:.0e}; check the number and its unit",
        ),
        *(
            (
                column,
                ~pl.col(column).is_finite() | (pl.col(column).abs() > MAX_FACTOR),
                f"the emission factor is not a number up to {MAX_FACTOR:.0e}; check it and its unit",
            )
            for column in USER_FACTOR_COLUMNS
        ),
        *(
            (
                column,
                ~pl.col(column).is_finite() | (pl.col(column).abs() > MAX_AMOUNT),
                f"the reported tonnes are not a number up to {MAX_AMOUNT:.0e}; check the figure",
            )
            for column in REPORTED_COLUMNS
        ),
        *(
            (
                column,
                _refused_values(frame, column),
                "remove the invisible control or direction characters (control characters,"
                " direction overrides and non-characters are not allowed)",
            )
            for column, dtype in ACTIVITY_SCHEMA.items()
            if dtype == pl.String
        ),
        (
            "amount",
            pl.col("amount") * pl.col("to_base") > pl.col("max_base"),
            "the amount is beyond what any city could use or emit (check the number and the unit)",
        ),
        (
            "data_quality",
            pl.col("data_quality").is_not_null() & ~pl.col("data_quality").is_in(list(DATA_QUALITY)),
            "unknown data quality; use H, M or L (high, medium, low)",
        ),
        (
            "ef_data_quality",
            pl.col("ef_data_quality").is_not_null() & ~pl.col("ef_data_quality").is_in(list(DATA_QUALITY)),
            "unknown data quality; use H, M or L (high, medium, low)",
        ),
        (
            "unit",
            computed & pl.col("unit").is_null(),
            "no unit; give the unit of the amount, e.g. MWh, GJ, t, L",
        ),
        ("unit", computed & pl.col("unit").is_not_null() & dim.is_null(), "{unit}"),
        (
            "ef_unit",
            pl.col("user_factor") & pl.col("ef_unit").is_null(),
            "a user factor needs its unit, e.g. kg/MWh or kg/t",
        ),
        (
            "ef_source",
            pl.col("user_factor") & pl.col("ef_source").str.strip_chars().replace("", None).is_null(),
            "a user factor needs its source (publisher, document, year)",
        ),
        (
            "ef_co2",
            pl.any_horizontal(pl.col(c) < 0 for c in USER_FACTOR_COLUMNS),
            "an emission factor is negative",
        ),
        (
            "fuel",
            computed & pl.col("grid_ref") & ~pl.col("fuel_key").is_in(list(GRID_CARRIERS)),
            f"this reference number is for grid-supplied energy; use {ELECTRICITY} or {DISTRICT_HEAT}",
        ),
        (
            "fuel",
            computed & ~pl.col("grid_ref") & pl.col("fuel_key").is_in(list(GRID_CARRIERS)),
            "grid-supplied energy belongs to a scope 2 reference number (e.g. I.1.2, II.1.2)",
        ),
        (
            "fuel",
            needs_default & pl.col("category").is_null() & ~pl.col("grid_ref"),
            "no default factor for this sector; give a user factor (ef_co2 ... ef_n2o, ef_unit, ef_source)",
        ),
        (
            "fuel",
            needs_default & pl.col("category").is_not_null() & combustion_fuel & ~pl.col("has_default"),
            "no IPCC default factor for {fuel} in this sector; {suggestion}",
        ),
        (
            "fuel",
            needs_default & pl.col("category").is_not_null() & pl.col("fuel_key").is_null(),
            "no fuel; name the fuel as in the IPCC 2006 guidelines, e.g. Natural Gas",
        ),
        (
            "fuel",
            needs_default & (pl.col("fuel_key") == DISTRICT_HEAT),
            "district heat has no national default factor; give the supplier's factor as a user factor",
        ),
        (
            "fuel",
            needs_default & (pl.col("fuel_key") == ELECTRICITY) & pl.col("grid_kg_co2e_per_tj").is_null(),
            "no national grid factor for this country and year; give a user factor",
        ),
        (
            "unit",
            needs_default & per_tj & (dim == "MASS") & pl.col("ncv").is_null(),
            "no default calorific value for this fuel; give the amount in energy units (TJ, GJ, MWh)",
        ),
        (
            "unit",
            needs_default & per_tj & (dim == "VOLUME") & pl.col("density").is_null(),
            "no default density for this fuel; give the amount in energy or mass units",
        ),
        (
            "unit",
            needs_default & (pl.col("basis") == "t") & (dim != "MASS"),
            "this default factor is per tonne of waste treated; give the amount in t or kg",
        ),
        (
            "unit",
            computed & pl.col("fuel_key").is_in(list(GRID_CARRIERS)) & (dim != "ENERGY"),
            "grid-supplied energy is measured in energy units, e.g. kWh or MWh",
        ),
        (
            "unit",
            needs_default & dim.is_in(["DISTANCE", "PASSENGER_DISTANCE"]),
            "distances need a user factor per distance (e.g. ef_co2 in kg/km); defaults are per unit of fuel",
        ),
        (
            "ef_unit",
            pl.col("user_factor")
            & computed
            & pl.col("ef_to_kg").is_null()
            & pl.col("ef_unit").is_not_null()
            & dim.is_not_null(),
            "the factor unit does not fit the activity unit; give it per activity unit",
        ),
    ]
    # The basis rules cost a pass over every row each; most tables have no ef_basis at all.
    if frame.select(basis.is_not_null().any()).item():
        rules += [
            (
                "ef_basis",
                basis.is_not_null() & ~basis.is_in(list(EF_BASES)),
                "unknown basis; write location or market (empty means location)",
            ),
            (
                "ef_basis",
                basis.is_not_null() & ~pl.col("user_factor"),
                "ef_basis says which scope-2 figure a user factor is; give the factor (ef_co2, ef_ch4,"
                " ef_n2o, ef_unit, ef_source) or leave ef_basis empty",
            ),
            (
                "ef_basis",
                basis.is_not_null() & pl.col("user_factor") & ~grid_energy,
                "ef_basis applies to grid-supplied electricity and district heat only; leave it empty"
                " here (a user factor on this row is the row's factor)",
            ),
            (
                "ef_basis",
                market & computed & (pl.col("fuel_key") == DISTRICT_HEAT),
                "district heat has no national location-based factor for the totals; give the"
                " supplier's factor as location-based (ef_basis empty or location)",
            ),
            (
                "ef_basis",
                market
                & computed
                & (pl.col("fuel_key") == ELECTRICITY)
                & pl.col("grid_kg_co2e_per_tj").is_null(),
                "no national grid factor for this country and year, so the totals would lack a"
                " location-based figure; give a location-based factor (ef_basis empty or location)",
            ),
        ]
    problems: list[ActivityProblem] = []
    masks = frame.select(
        "row",
        "fuel",
        "unit",
        "gpc_ref",
        *(expr.fill_null(False).alias(f"r{i}") for i, (_, expr, _) in enumerate(rules)),
    )
    fuels = sorted(library.known_fuels())
    total = int(masks.select(pl.sum_horizontal(pl.col(r"^r\d+$").cast(pl.Int64)).sum()).item())
    for i, (column, _, message) in enumerate(rules):
        hits = masks.filter(pl.col(f"r{i}")).select("row", "fuel", "unit", "gpc_ref").head(MAX_PROBLEMS)
        for row, fuel, unit, ref in hits.iter_rows():
            text = message.replace("{ref}", str(ref))
            if message == "{unit}":
                text = _unit_problem(unit)
            elif "{fuel}" in message:
                text = message.format(fuel=repr(fuel), suggestion=_suggest_fuel(fuel, fuels))
            problems.append(ActivityProblem(int(row), column, text))
    problems.sort(key=lambda p: p.row)
    return problems[:MAX_PROBLEMS], total


def _refused_values(frame: pl.DataFrame, column: str) -> pl.Expr:
    """Rows whose `column` holds a refused character: the text is checked once per distinct value
    (a regular expression over millions of rows costs far more than finding their few values)."""
    values = frame.get_column(column).unique().drop_nulls()
    bad = values.filter(values.str.contains(refused_pattern(multiline=column == "explanation")))
    return pl.col(column).is_in(bad.implode()) if bad.len() else pl.lit(False)


def _unit_problem(unit: str) -> str:
    try:
        activity_unit(unit)
    except UnitError as error:
        return str(error)
    return f"{unit!r} does not measure energy, mass, volume or distance"


def _suggest_fuel(fuel: str, known: list[str]) -> str:
    close = get_close_matches(fuel.lower(), known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}? Or give a user factor"
    return "name the fuel as in the IPCC 2006 guidelines (e.g. Natural Gas) or give a user factor"


def is_biomass(fuel_key: pl.Expr) -> pl.Expr:
    return fuel_key.is_in(list(BIOMASS_FUELS))
