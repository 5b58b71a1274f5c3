"""The GPC inventory engine: activity x emission factor, per gas, then CO2e under the inventory's GWP set.

Vectorized over whole tables, for one inventory or many at once (column `inventory`), and there is
no per-row Python. Which factor a row takes, its multipliers and its words depend on its kind of
row alone (activity.encode_kinds), so they are worked out once per kind (_kind_terms) and the rows
only multiply their own numbers by their kind's terms (_emissions), in the order the formulas are
written, so that every figure is the same to the last bit as a row-by-row evaluation.

Which factor a row gets:

* a notation key: no emissions (null, never zero);
* emissions reported by another tool or computed by a waste method (columns reported_*): taken as
  given, gas by gas, and weighted with the inventory's GWP set (the amount, if any, is kept for
  information);
* a user factor (ef_co2, ef_ch4, ef_n2o in ef_unit, with its source): amount x factor; gases left
  empty are not estimated. On grid-supplied energy (scope 2 and the T&D losses) the factor's
  `ef_basis` says which figure it is (GPC 1.1 section 6.6: location-based is required and enters
  the totals, market-based is optional): empty or `location` enters the totals (factor_kind
  `user_location`); `market` is reported beside the totals (market_co2e_t, scope 2 only) while
  the national grid factor stays the location-based figure of the row;
* otherwise the library's default: IPCC 2006 combustion factors (kg/TJ) by fuel and sector, with
  mass and volume converted to energy by IPCC net calorific values and typical densities; national
  grid carbon intensity for electricity (location-based). The grid factor is CO2e per kWh, direct
  (combustion, factor_kind `grid_direct`) where the library has it, else life-cycle
  (`grid_life_cycle`): its row has co2e_t but no figure per gas, since the sources do not split it.

CO2 from biomass fuels, and the biogenic CO2 a waste method reports (incineration), is a memo item
(biogenic_co2_t) and enters no total.

Methane is weighed with one GWP, or, under AR6-split, by origin: non-fossil for biomass fuels and
the waste and AFOLU sectors, fossil for every other source (factor_library.NON_FOSSIL_CH4_REFS).
A CO2e reported without its gas split cannot be reweighed: it keeps the GWP set it was computed
with, and `other_gwp` names that set where it is not the inventory's.
"""

from __future__ import annotations

import polars as pl

from citypact.domain.activity import (
    REPORTED_COLUMNS,
    USER_FACTOR_COLUMNS,
    ActivityErrors,
    attach,
    conform,
    encode_kinds,
    is_biomass,
    prepare,
    unit_table,
    user_factor_table,
)
from citypact.domain.activity_checks import check_counted
from citypact.domain.emissions import GwpSet
from citypact.domain.factor_library import (
    ELECTRICITY,
    GASEOUS_FUELS,
    GRID_CARRIERS,
    NCV_PER_GCV_GAS,
    NCV_PER_GCV_SOLID_LIQUID,
    NON_FOSSIL_CH4_REFS,
    FactorLibrary,
)

KG_PER_TONNE = 1000.0
FACTOR_KIND = pl.Enum(
    ["notation_key", "reported", "user", "user_location", "grid_direct", "grid_life_cycle", "ipcc_default"]
)
# Text columns of the output that conform cleans.
CLEANED_OUTPUTS = ("gpc_ref", "unit", "notation_key", "data_quality")
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

    The words a row takes from its kind are codes, not copies of text in every row: factor_kind is
    the Enum FACTOR_KIND, factor_source and ef_data_quality are Categorical (cast them to String
    for string operations). The other text columns are the rows' own.

    `country` (ISO 3166 alpha-2) and `year` choose the grid factor; a table of many inventories
    carries them as columns `inventory`, `country` and `inventory_year` instead.
    """
    rows = _with_inventory(prepare(activities), country, year)
    kinds, kind = encode_kinds(rows)
    # The spellings as given, beside the cleaned ones: where cleaning changed nothing, the output
    # keeps the rows' own column instead of a copy.
    raw = kinds.select(pl.col(c).alias(f"raw_{c}") for c in CLEANED_OUTPUTS)
    kinds = _join_factors(conform(kinds).hstack(raw), library)
    problems, total = check_counted(rows, kinds, kind, library)
    if problems:
        raise ActivityErrors(problems, total)
    return _emissions(rows, _kind_terms(kinds, gwp), kind, gwp)


def _kind_terms(kinds: pl.DataFrame, gwp: GwpSet) -> pl.DataFrame:
    """Per kind of row: which factor its rows take, the multipliers of their amounts, and the words
    (factor_kind, factor_source, ef_data_quality) they get. Only arithmetic on the rows' own numbers
    is left for the rows (_emissions)."""
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
    # activity_tj = amount x to_base x tj_1 x tj_2, multiplied in the order the formulas are written
    # (a product of the multipliers first would round differently): energy x net/gross, mass x NCV,
    # volume x density x NCV; null for other dimensions.
    tj_1 = (
        pl.when(dim == "ENERGY")
        .then(net_per_gross)
        .when(dim == "MASS")
        .then(pl.col("ncv"))
        .when(dim == "VOLUME")
        .then(pl.col("density"))
    )
    tj_2 = pl.when(dim == "VOLUME").then(pl.col("ncv")).when(dim.is_in(["ENERGY", "MASS"])).then(1.0)
    electricity = pl.col("grid_ref") & (pl.col("fuel_key") == ELECTRICITY)
    notation = pl.col("notation_key").is_not_null()
    reported = pl.col("reported")
    # A market-based user factor (only on grid energy, checked) is the memo; the row's figure in
    # the totals is then the national grid factor. Every other user factor is the row's factor.
    market = pl.col("user_factor") & (pl.col("ef_basis") == "market").fill_null(False)
    user = pl.col("user_factor") & ~market
    grid = (electricity & ~notation & ~reported & ~user).fill_null(False)
    computed_by_user = ~notation & ~reported & user
    by_default = ~notation & ~reported & ~user & ~grid
    # Combustion defaults are per TJ of fuel; waste-treatment defaults per tonne of waste.
    per_tonne = (pl.col("basis") == "t").fill_null(False)
    grid_kind = (
        pl.when(pl.col("grid_basis") == "direct")
        .then(pl.lit("grid_direct", FACTOR_KIND))
        .otherwise(pl.lit("grid_life_cycle", FACTOR_KIND))
    )
    factor_kind = (
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
    )
    terms = kinds.with_columns(
        factor_kind.alias("factor_kind"),
        tj_1.alias("tj_1"),
        tj_2.alias("tj_2"),
        pl.when(per_tonne).then(1.0).otherwise(tj_1).alias("base_1"),
        pl.when(per_tonne).then(1.0).otherwise(tj_2).alias("base_2"),
        (~notation & reported).alias("as_reported"),
        pl.when(computed_by_user).then(pl.col("ef_to_kg")).alias("user_to_kg"),
        *(pl.when(by_default).then(pl.col(f"d_{g}")).alias(f"default_{g}") for g in ("co2", "ch4", "n2o")),
        # The market-based memo is scope 2 only: the T&D losses (I.x.3) are scope 3 and stay out.
        (market & ~notation & ~reported & (pl.col("scope") == 2)).fill_null(False).alias("market_memo"),
        market.alias("market"),
        notation.alias("notation"),
        is_biomass(pl.col("fuel_key")).fill_null(False).alias("biomass"),
        ch4_gwp(gwp).cast(pl.Float64).alias("ch4_weight"),
        # A CO2e taken as given stays under the set it was computed with: named where it differs.
        pl.when(~notation & (pl.col("reported_gwp") != gwp.name))
        .then(pl.col("reported_gwp"))
        .alias("gwp_named"),
        # Said in a market-based row: its figure is the national one, the user's factor went to the memo.
        pl.when(market)
        .then(pl.format("{}; market-based factor in the memo: {}", "grid_source", "ef_source"))
        .alias("market_source"),
    )
    kind = pl.col("factor_kind")
    on_grid = kind.is_in(["grid_direct", "grid_life_cycle"])
    return terms.with_columns(
        on_grid.alias("on_grid"),
        pl.when(kind.is_in(["user", "user_location"]))
        .then(pl.col("ef_source"))
        .when(kind == "reported")
        .then(pl.col("source"))
        .when(on_grid & pl.col("market"))
        .then(pl.col("market_source"))
        .when(on_grid)
        .then(pl.col("grid_source").cast(pl.String))
        .when(kind == "ipcc_default")
        .then(pl.col("d_source").cast(pl.String))
        .cast(pl.Categorical)
        .alias("factor_source"),
        pl.when(kind == "ipcc_default")
        .then(pl.lit("L"))
        .when(on_grid)
        .then(pl.lit("M"))
        .otherwise(pl.col("ef_data_quality"))
        .cast(pl.Categorical)
        .alias("ef_data_quality"),
    )


def _emissions(rows: pl.DataFrame, terms: pl.DataFrame, kind: pl.Series, gwp: GwpSet) -> pl.DataFrame:
    """The rows' figures: their numbers times the terms of their kind (gathered by `kind`)."""

    def of_kind(name: str) -> pl.Series:
        return terms.get_column(name).gather(kind)

    def text(name: str, raw: str) -> pl.Series:
        # The row's own column where cleaning changed none of its values (the usual case): no copy.
        same = terms.select(pl.col(name).eq_missing(pl.col(raw)).all()).item()
        return rows.get_column(name) if same else of_kind(name)

    def term(name: str) -> pl.Expr:
        """A kind's term as a column of the rows: a literal where every kind has the same value
        (no gather, and polars folds it away), else gathered by the rows' kind inside the
        expression that uses it, so that it lives only while that expression runs (gathered into
        the frame beforehand, the terms of 5 M rows held ~350 MB more at the peak)."""
        column = terms.get_column(name)
        if column.n_unique() == 1:
            return pl.lit(column[0], column.dtype)
        return pl.lit(column).gather(pl.col("kind"))

    def is_null(name: str) -> bool:
        return terms.get_column(name).null_count() == terms.height

    amount = pl.col("amount")
    base = amount * term("to_base")
    activity_tj = base * term("tj_1") * term("tj_2")
    same_base = terms.select(
        (pl.col("base_1").eq_missing(pl.col("tj_1")) & pl.col("base_2").eq_missing(pl.col("tj_2"))).all()
    ).item()
    # Per-tonne defaults (waste) take the amount in tonnes; every other default the energy in TJ.
    default_base = pl.col("activity_tj") if same_base else base * term("base_1") * term("base_2")

    def given(column: str) -> bool:
        return rows.get_column(column).null_count() < rows.height

    def gas(name: str) -> pl.Expr:
        # At most one branch is non-null in a row, chosen by its kind: the reported tonnes, the
        # user's factor, or the default factor. Branches no kind takes, and those of a column no
        # row gives (most tables have no ef_ch4, no reported_n2o_t), are left out: each costs
        # several passes over the rows.
        branches: list[pl.Expr] = []
        if terms.get_column("as_reported").any() and given(f"reported_{name}_t"):
            branches.append(pl.when(term("as_reported")).then(pl.col(f"reported_{name}_t")))
        if not is_null("user_to_kg") and given(f"ef_{name}"):
            branches.append(amount * pl.col(f"ef_{name}") * term("user_to_kg") / KG_PER_TONNE)
        if not is_null(f"default_{name}"):
            branches.append(default_base * term(f"default_{name}") / KG_PER_TONNE)
        return pl.coalesce(branches) if branches else pl.lit(None, pl.Float64)

    expressions = {
        "co2_all": gas("co2"),
        "CH4_t": gas("ch4"),
        "N2O_t": gas("n2o"),
    }
    biomass_e, notation_e, reported_e = term("biomass"), term("notation"), term("reported")
    on_grid_e, grid_e, ch4_e = term("on_grid"), term("grid_kg_co2e_per_tj"), term("ch4_weight")
    frame = (
        rows.select("amount", *USER_FACTOR_COLUMNS, *REPORTED_COLUMNS)
        .with_columns(kind.alias("kind"))
        .with_columns(activity_tj.alias("activity_tj"))
        .with_columns(value.alias(name) for name, value in expressions.items())
    )
    biomass, notation, ch4_weight = biomass_e, notation_e, ch4_e
    masses = frame.with_columns(
        pl.when(biomass).then(pl.lit(0.0)).otherwise(pl.col("co2_all")).alias("CO2_t"),
        (
            pl.when(biomass).then(pl.col("co2_all")).otherwise(pl.lit(0.0))
            + pl.when(~notation).then(pl.col("reported_biogenic_co2_t")).fill_null(0.0)
        ).alias("biogenic_co2_t"),
    )
    gas_sum = (
        pl.col("CO2_t").fill_null(0.0)
        + pl.col("CH4_t").fill_null(0.0) * ch4_weight
        + pl.col("N2O_t").fill_null(0.0) * gwp.of("N2O")
    )
    any_gas = pl.any_horizontal(pl.col(c).is_not_null() for c in GAS_COLUMNS)
    as_given = reported_e & ~any_gas
    co2e = (
        pl.when(notation)
        .then(None)
        .when(as_given)
        .then(pl.col("reported_co2e_t"))
        .when(on_grid_e)
        .then(pl.col("activity_tj") * grid_e / KG_PER_TONNE)
        .when(any_gas)
        .then(gas_sum)
        .alias("co2e_t")
    )
    market: pl.Expr = pl.lit(None, pl.Float64)
    if terms.get_column("market_memo").any():
        market = pl.when(of_kind("market_memo")).then(
            amount
            * of_kind("ef_to_kg")
            / KG_PER_TONNE
            * (
                pl.col("ef_co2").fill_null(0.0)
                + pl.col("ef_ch4").fill_null(0.0) * ch4_weight
                + pl.col("ef_n2o").fill_null(0.0) * gwp.of("N2O")
            )
        )
    other_gwp: pl.Expr = pl.lit(None, pl.String)
    if terms.get_column("gwp_named").is_not_null().any():
        other_gwp = pl.when(as_given & pl.col("reported_co2e_t").is_not_null()).then(of_kind("gwp_named"))
    figures = masses.select(
        "activity_tj",
        *GAS_COLUMNS,
        "biogenic_co2_t",
        co2e,
        market.alias("market_co2e_t"),
        other_gwp.alias("other_gwp"),
    )
    columns = {
        "inventory": rows.get_column("inventory"),
        "row": rows.get_column("row"),
        "gpc_ref": text("gpc_ref", "raw_gpc_ref"),
        "scope": of_kind("scope"),
        "fuel": rows.get_column("fuel"),
        "amount": rows.get_column("amount"),
        "unit": text("unit", "raw_unit"),
        "notation_key": text("notation_key", "raw_notation_key"),
        "factor_kind": of_kind("factor_kind"),
        "factor_source": of_kind("factor_source"),
        "data_quality": text("data_quality", "raw_data_quality"),
        "ef_data_quality": of_kind("ef_data_quality"),
    }
    return figures.with_columns(columns.values()).select(OUTPUT_COLUMNS)
