"""The GPC inventory engine: activity x emission factor, per gas, then CO2e under the inventory's GWP set.

Vectorized over whole tables, for one inventory or many at once (column `inventory`): units are
converted once per distinct spelling, factors arrive by joins, and there is no per-row Python.

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
    ActivityErrors,
    attach,
    check_counted,
    conform,
    is_biomass,
    unit_table,
    user_factor_table,
)
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
