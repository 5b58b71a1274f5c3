"""The engine as it was before the kind-based rewrite (commit 740fe97), kept as the reference a
property test compares the engine with: every rule and every expression evaluated on every row.

A frozen copy: do not optimise it; it is the oracle, not the engine.
"""

from __future__ import annotations

from difflib import get_close_matches

import polars as pl

from citypact.domain.activity import (
    ACTIVITY_SCHEMA,
    DATA_QUALITY,
    EF_BASES,
    MAX_AMOUNT,
    MAX_FACTOR,
    MAX_PER_ROW,
    MAX_PROBLEMS,
    NOTATION_KEYS,
    REPORTED_COLUMNS,
    USER_FACTOR_COLUMNS,
    ActivityErrors,
    ActivityProblem,
    canonical_basis,
)
from citypact.domain.emissions import GwpSet
from citypact.domain.factor_library import (
    BIOMASS_FUELS,
    DISTRICT_HEAT,
    ELECTRICITY,
    FUEL_ALIASES,
    GASEOUS_FUELS,
    GRID_CARRIERS,
    GRID_REFS,
    IPCC_CATEGORY_OF_SUBSECTOR,
    NCV_PER_GCV_GAS,
    NCV_PER_GCV_SOLID_LIQUID,
    NON_FOSSIL_CH4_REFS,
    FactorLibrary,
)
from citypact.domain.gpc import GPC_REFS
from citypact.domain.text import refused_pattern
from citypact.domain.units import UnitError, activity_unit, dimension_of, factor_to, factor_unit_to_kg


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


KG_PER_TONNE = 1000.0
FACTOR_KIND = pl.Enum(
    ["notation_key", "reported", "user", "user_location", "grid_direct", "grid_life_cycle", "ipcc_default"]
)
TEXT_OUTPUTS = ("factor_kind", "factor_source")
GAS_COLUMNS = ("CO2_t", "CH4_t", "N2O_t")

OUTPUT_COLUMNS = (
    "inventory",
    "row",
    "gpc_ref",
    "scope",
    "fuel",
    "amount",
    "unit",
    "notation_key",
    "activity_tj",
    "CO2_t",
    "CH4_t",
    "N2O_t",
    "biogenic_co2_t",
    "co2e_t",
    "market_co2e_t",
    "factor_kind",
    "factor_source",
    "data_quality",
    "ef_data_quality",
    "other_gwp",
)


def _with_inventory(frame: pl.DataFrame, country: str | None, year: int | None) -> pl.DataFrame:
    extra = []
    if "inventory" not in frame.columns:
        extra.append(pl.lit(0, pl.Int64).alias("inventory"))
    if "country" not in frame.columns:
        extra.append(pl.lit(country.upper() if country else None, pl.String).alias("country"))
    if "inventory_year" not in frame.columns:
        extra.append(pl.lit(year, pl.Int32).alias("inventory_year"))
    return frame.with_columns(extra) if extra else frame


def _join_grid(frame: pl.DataFrame, grid: pl.DataFrame) -> pl.DataFrame:
    """National grid factor of the inventory's country, for its year or the latest year before it."""
    keys = frame.select("country", "inventory_year").unique().drop_nulls().sort("inventory_year")
    if keys.is_empty():
        return frame.with_columns(
            pl.lit(None, pl.Float64).alias("grid_kg_co2e_per_tj"),
            pl.lit(None, pl.String).alias("grid_basis"),
            pl.lit(None, pl.Categorical).alias("grid_source"),
        )
    found = keys.join_asof(
        grid.sort("year").select(
            "country",
            pl.col("year").alias("grid_year"),
            pl.col("year").alias("inventory_year"),
            pl.col("kg_co2e_per_tj").alias("grid_kg_co2e_per_tj"),
            pl.col("basis").alias("grid_basis"),
            pl.col("source").alias("grid_source"),
        ),
        on="inventory_year",
        by="country",
        strategy="backward",
        check_sortedness=False,  # sorted by year above; polars cannot check it within `by` groups
    ).with_columns(
        # A year beyond the last published one takes that year's factor, and says so: never silently.
        pl.when(pl.col("grid_year") < pl.col("inventory_year"))
        .then(
            pl.format(
                "{}, {} (the latest year published, carried forward to {})",
                "grid_source",
                "grid_year",
                "inventory_year",
            )
        )
        .otherwise(pl.format("{}, {}", "grid_source", "grid_year"))
        .cast(pl.Categorical)
        .alias("grid_source")
    )
    return attach(frame, found.drop("grid_year"), on=["country", "inventory_year"])


def ch4_gwp(gwp: GwpSet) -> pl.Expr:
    """The GWP of each row's methane: the set's one value, or, where the set splits methane by
    origin, the non-fossil value for biomass fuels and the waste and AFOLU sectors, the fossil one
    for every other source (columns fuel_key and gpc_ref of a conformed table)."""
    split = gwp.ch4_split
    if split is None:
        return pl.lit(gwp.of("CH4"))
    fossil, non_fossil = split
    non_fossil_source = is_biomass(pl.col("fuel_key")) | pl.col("gpc_ref").is_in(list(NON_FOSSIL_CH4_REFS))
    return pl.when(non_fossil_source).then(pl.lit(non_fossil)).otherwise(pl.lit(fossil))


def _join_factors(frame: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    units, bad_units = unit_table(frame["unit"])
    pairs = frame.filter(pl.col("user_factor")).select("ef_unit", "unit").drop_nulls().unique()
    pairs = pairs.filter(~pl.col("unit").is_in(list(bad_units)))
    user_units, _ = user_factor_table(pairs)
    # The default factors depend on (fuel_key, category) alone: they are joined to the few distinct
    # pairs of the table, and that small table to the rows once, by Categorical keys, with the
    # source Categorical too, so that the big join moves integers instead of copying text.
    combustion = pl.concat(
        [
            library.combustion.with_columns(pl.lit("TJ").alias("basis")),
            library.per_tonne.with_columns(pl.lit("t").alias("basis")),
        ],
        how="diagonal_relaxed",
    ).select(
        pl.col("fuel_key").cast(pl.Categorical),
        pl.col("category").cast(pl.Categorical),
        pl.col("CO2").alias("d_co2"),
        pl.col("CH4").alias("d_ch4"),
        pl.col("N2O").alias("d_n2o"),
        pl.col("source").cast(pl.Categorical).alias("d_source"),
        pl.col("basis"),
        pl.lit(True).alias("has_default"),
    )
    ncv = library.ncv.select(pl.col("fuel_key").cast(pl.Categorical), pl.col("tj_per_t").alias("ncv"))
    density = library.density.select(
        pl.col("fuel_key").cast(pl.Categorical), pl.col("t_per_m3").alias("density")
    )
    factors = (
        frame.select("fuel_key", "category")
        .unique()
        .join(combustion, on=["fuel_key", "category"], how="left")
        .join(ncv, on="fuel_key", how="left")
        .join(density, on="fuel_key", how="left")
        .with_columns(pl.col("has_default").fill_null(False))
    )
    # Joins of the key columns alone, their results added beside the frame (activity.attach): a
    # join of the whole frame would copy every column of millions of rows each time.
    pairs = (
        frame.select("unit", "ef_unit")
        .unique()
        .join(units.with_columns(pl.col("dimension").cast(pl.Categorical)), on="unit", how="left")
        .join(user_units, on=["ef_unit", "unit"], how="left")
    )
    joined = attach(attach(frame, pairs, on=["unit", "ef_unit"]), factors, on=["fuel_key", "category"])
    return _join_grid(joined, library.grid)


def compute_emissions(
    activities: pl.DataFrame,
    library: FactorLibrary,
    gwp: GwpSet,
    *,
    country: str | None = None,
    year: int | None = None,
) -> pl.DataFrame:
    """Emissions of every activity row (columns OUTPUT_COLUMNS), or ActivityErrors naming each bad row.

    `country` (ISO 3166 alpha-2) and `year` choose the grid factor; a table of many inventories
    carries them as columns `inventory`, `country` and `inventory_year` instead.
    """
    frame = _join_factors(_with_inventory(conform(activities), country, year), library)
    problems, total = check_counted(frame, library)
    if problems:
        raise ActivityErrors(problems, total)

    amount = pl.col("amount")
    dim = pl.col("dimension")
    # Default factors are per TJ on the net calorific basis: energy given on the gross basis (gas
    # bills in therm or MMBtu) is converted with the IPCC ratio; grid energy has no calorific basis.
    net_per_gross = (
        pl.when(~pl.col("gross") | pl.col("fuel_key").is_in(list(GRID_CARRIERS)))
        .then(1.0)
        .when(pl.col("fuel_key").is_in(list(GASEOUS_FUELS)))
        .then(NCV_PER_GCV_GAS)
        .otherwise(NCV_PER_GCV_SOLID_LIQUID)
    )
    combustion_tj = (
        pl.when(dim == "ENERGY")
        .then(amount * pl.col("to_base") * net_per_gross)
        .when(dim == "MASS")
        .then(amount * pl.col("to_base") * pl.col("ncv"))
        .when(dim == "VOLUME")
        .then(amount * pl.col("to_base") * pl.col("density") * pl.col("ncv"))
    )
    electricity = pl.col("grid_ref") & (pl.col("fuel_key") == ELECTRICITY)
    ch4_weight = ch4_gwp(gwp)
    notation = pl.col("notation_key").is_not_null()
    reported = pl.col("reported")
    # A market-based user factor (only on grid energy, checked) is the memo; the row's figure in
    # the totals is then the national grid factor. Every other user factor is the row's factor.
    market = pl.col("user_factor") & (pl.col("ef_basis") == "market").fill_null(False)
    user = pl.col("user_factor") & ~market
    grid = electricity & ~notation & ~reported & ~user

    # Combustion defaults are per TJ of fuel; waste-treatment defaults per tonne of waste.
    default_base = (
        pl.when(pl.col("basis") == "t").then(amount * pl.col("to_base")).otherwise(pl.col("activity_tj"))
    )

    def gas(user_ef: str, default_kg_per_tj: str, reported_t: str) -> pl.Expr:
        return (
            pl.when(notation)
            .then(None)
            .when(reported)
            .then(pl.col(reported_t))
            .when(user)
            .then(amount * pl.col(user_ef) * pl.col("ef_to_kg") / KG_PER_TONNE)
            # The national grid factor is CO2e, not split by gas: none of its gases is booked.
            .when(grid)
            .then(None)
            .otherwise(default_base * pl.col(default_kg_per_tj) / KG_PER_TONNE)
        )

    grid_kind = (
        pl.when(pl.col("grid_basis") == "direct")
        .then(pl.lit("grid_direct", FACTOR_KIND))
        .otherwise(pl.lit("grid_life_cycle", FACTOR_KIND))
    )
    out = frame.with_columns(combustion_tj.alias("activity_tj")).with_columns(
        gas("ef_co2", "d_co2", "reported_co2_t").alias("co2_all"),
        gas("ef_ch4", "d_ch4", "reported_ch4_t").alias("CH4_t"),
        gas("ef_n2o", "d_n2o", "reported_n2o_t").alias("N2O_t"),
        # The market-based memo is scope 2 only: the T&D losses (I.x.3) are scope 3 and stay out.
        pl.when(market & ~notation & ~reported & (pl.col("scope") == 2))
        .then(
            amount
            * pl.col("ef_to_kg")
            / KG_PER_TONNE
            * (
                pl.col("ef_co2").fill_null(0.0)
                + pl.col("ef_ch4").fill_null(0.0) * ch4_weight
                + pl.col("ef_n2o").fill_null(0.0) * gwp.of("N2O")
            )
        )
        .alias("market_co2e_t"),
        pl.when(notation)
        .then(pl.lit("notation_key", FACTOR_KIND))
        .when(reported)
        .then(pl.lit("reported", FACTOR_KIND))
        .when(user & pl.col("grid_ref") & pl.col("fuel_key").is_in(list(GRID_CARRIERS)))
        .then(pl.lit("user_location", FACTOR_KIND))
        .when(user)
        .then(pl.lit("user", FACTOR_KIND))
        .when(electricity)
        .then(grid_kind)
        .otherwise(pl.lit("ipcc_default", FACTOR_KIND))
        .alias("factor_kind"),
    )
    # Said in a market-based row: its figure is the national one, the user's factor went to the
    # memo. The text is made once per distinct pair, not per row (formatting 5 M strings costs seconds).
    pairs = out.filter(market).select("grid_source", "ef_source").unique()
    if pairs.is_empty():
        out = out.with_columns(pl.lit(None, pl.Categorical).alias("market_source"))
    else:
        out = out.join(
            pairs.with_columns(
                pl.format("{}; market-based factor in the memo: {}", "grid_source", "ef_source")
                .cast(pl.Categorical)
                .alias("market_source")
            ),
            on=["grid_source", "ef_source"],
            how="left",
            nulls_equal=True,
            maintain_order="left",
        )
    biomass = is_biomass(pl.col("fuel_key"))
    kind = pl.col("factor_kind")
    on_grid = kind.is_in(["grid_direct", "grid_life_cycle"])
    masses = out.with_columns(
        pl.when(biomass).then(pl.lit(0.0)).otherwise(pl.col("co2_all")).alias("CO2_t"),
        (
            pl.when(biomass).then(pl.col("co2_all")).otherwise(pl.lit(0.0))
            + pl.when(~notation).then(pl.col("reported_biogenic_co2_t")).fill_null(0.0)
        ).alias("biogenic_co2_t"),
        pl.when(kind.is_in(["user", "user_location"]))
        .then(pl.col("ef_source").cast(pl.Categorical))
        .when(kind == "reported")
        .then(pl.col("source").cast(pl.Categorical))
        .when(on_grid & market)
        .then(pl.col("market_source"))
        .when(on_grid)
        .then(pl.col("grid_source"))
        .when(kind == "ipcc_default")
        .then(pl.col("d_source"))
        .alias("factor_source"),
        pl.when(kind == "ipcc_default")
        .then(pl.lit("L"))
        .when(on_grid)
        .then(pl.lit("M"))
        .otherwise(pl.col("ef_data_quality"))
        .alias("ef_data_quality"),
    )
    gas_sum = (
        pl.col("CO2_t").fill_null(0.0)
        + pl.col("CH4_t").fill_null(0.0) * ch4_weight
        + pl.col("N2O_t").fill_null(0.0) * gwp.of("N2O")
    )
    any_gas = pl.any_horizontal(pl.col(c).is_not_null() for c in GAS_COLUMNS)
    as_given = reported & ~any_gas
    co2e = (
        pl.when(notation)
        .then(None)
        .when(as_given)
        .then(pl.col("reported_co2e_t"))
        .when(on_grid)
        .then(pl.col("activity_tj") * pl.col("grid_kg_co2e_per_tj") / KG_PER_TONNE)
        .when(any_gas)
        .then(gas_sum)
        .alias("co2e_t")
    )
    # A CO2e taken as given stays under the set it was computed with: name it where it differs.
    other_gwp = (
        pl.when(
            ~notation
            & as_given
            & pl.col("reported_co2e_t").is_not_null()
            & (pl.col("reported_gwp") != gwp.name)
        )
        .then(pl.col("reported_gwp"))
        .alias("other_gwp")
    )
    # factor_kind (Enum) and factor_source (Categorical) were integers while computed; the output
    # has text, as before (the cast costs ~0.1 s on 5 M rows).
    return masses.with_columns(co2e, other_gwp).select(
        pl.col(c).cast(pl.String) if c in TEXT_OUTPUTS else pl.col(c) for c in OUTPUT_COLUMNS
    )
