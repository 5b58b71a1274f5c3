"""The data behind the benchmark, read once per database and kept while it is unchanged.

Which cities take part: published cities with at least one submitted or verified inventory, whether
computed here from activity data or holding totals reported elsewhere (CDP, Nangini 2019). Drafts
are not benchmarked. The structure model is fitted on the real-data panel shipped with citypact.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl
from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from citypact.domain.activity import ACTIVITY_SCHEMA
from citypact.domain.activity_profile import CatalogueType, CityMeasure
from citypact.domain.benchmark import NetworkBenchmark, benchmark_network
from citypact.domain.calculation import compute_emissions
from citypact.domain.emissions import GwpSet
from citypact.domain.indicators import final_energy
from citypact.domain.inventory import sector_totals
from citypact.domain.peers import Conditions, standardized
from citypact.domain.structure_cv import ExpectedLevel
from citypact.domain.structure_fit import StructureModel
from citypact.reference.benchmark_panel import (
    PLAUSIBLE_T_PER_CAPITA,
    REFERENCE_REGION,
    choose_panel,
    read_panel,
)
from citypact.reference.catalog import NANGINI
from citypact.reference.factor_library import default_library, gwp_set
from citypact.services.benchmarking.conditions import NATIONAL_DEGREE_DAYS, country_regions, load_conditions
from citypact.services.cached import PerDatabase
from citypact.services.inventory.inventories import RECORD_FIELDS
from citypact.services.surveys.profile import survey_measures
from citypact.storage.models import (
    ActivityRecord,
    City,
    CityStatistic,
    GridIntensity,
    Inventory,
    InventoryResult,
    MeasureType,
)
from citypact.storage.plans import PlanMeasure

log = logging.getLogger(__name__)
FloatArray = npt.NDArray[np.float64]
BENCHMARKED: Final = ("submitted", "verified")
IN_BATCH: Final = 10_000  # ids per IN list: SQLite takes at most 32,766 parameters
GDP_PER_CAPITA_USD: Final = (300.0, 150_000.0)  # plausible range of GDP (PPP) per person
MODEL_NOTE: Final = (
    "The expected level of territorial emissions per capita, chosen by 5-fold cross-validation "
    "(repeated 10 times, stratified by world region) among the country median, the region median and "
    "robust (Huber) log-linear models on heating and cooling degree days, population, density, the "
    "national grid, the data source and world region (with and without partially pooled country "
    "effects and GDP), on Nangini et al. 2019 and the CDP city-wide reports 2016-2019 "
    "(see docs/benchmark_model.md)."
)


@dataclass(frozen=True)
class BenchmarkData:
    names: dict[int, tuple[str, str]]  # city id -> (name, country)
    conditions: Conditions
    z: FloatArray  # standardized conditions, rows as in `conditions`
    covariates: dict[str, FloatArray]  # the model's covariates per city, rows as in `conditions`
    city_years: pl.DataFrame  # indicator inputs plus source, status and gas coverage per city-year
    network: NetworkBenchmark
    level: ExpectedLevel  # the expected level chosen out of sample
    region: npt.NDArray[np.str_]  # world region per city ("" where unknown), rows as in `conditions`

    @property
    def model(self) -> StructureModel | None:
        """The chosen structure model; None where the country median was chosen."""
        return self.level.model

    def row(self, city_id: int) -> int | None:
        where = np.flatnonzero(self.conditions.ids == city_id)
        return int(where[0]) if where.size else None


@cache
def expected_level() -> ExpectedLevel:
    """The expected level chosen by out-of-sample error on the shipped panel (docs/benchmark_model.md)."""
    return choose_panel(read_panel())


def structure_model() -> StructureModel | None:
    """The chosen structure model; None where no model beat the country median out of sample."""
    return expected_level().model


@cache
def _region_key(region: str) -> str:
    # The dummy names of reference.benchmark_panel.covariates.
    return "region_" + region.split(",")[0].split(" &")[0].lower().replace(" ", "_")


INVENTORY_SCHEMA: Final = pl.Schema({
    "inventory_id": pl.Int64(), "city_id": pl.Int64(), "year": pl.Int64(), "status": pl.String(),
    "inventory_population": pl.Float64(), "scope1_t": pl.Float64(), "basic_t": pl.Float64(),
    "stationary_t": pl.Float64(), "transport_t": pl.Float64(), "waste_t": pl.Float64(),
    "computed": pl.Boolean(), "co2_only": pl.Boolean(), "source": pl.String(),
})  # fmt: skip


def _inventories(session: Session) -> pl.DataFrame:
    """One row per benchmarked inventory (INVENTORY_SCHEMA): its computed totals if it has a current
    result, else the totals reported elsewhere."""
    rows = session.execute(
        select(
            Inventory.id,
            Inventory.city_id,
            Inventory.year,
            Inventory.status,
            Inventory.population,
            # Reported totals read in SQL: decoding the JSON of every row in Python took most of the load.
            Inventory.reported["scope1"].as_float(),
            Inventory.reported["basic"].as_float(),
            Inventory.reported_source,
            Inventory.reported_gases,
            InventoryResult.scope1,
            InventoryResult.basic,
            InventoryResult.by_ref,
        )
        .join(City, City.id == Inventory.city_id)
        .outerjoin(
            InventoryResult, and_(InventoryResult.inventory_id == Inventory.id, InventoryResult.is_current)
        )
        .where(City.is_published, Inventory.status.in_(BENCHMARKED))
    ).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 12
    sectors = [sector_totals(by_ref) if scope1 is not None else {} for scope1, by_ref in
               zip(columns[9], columns[11], strict=True)]  # fmt: skip
    frame = pl.DataFrame(
        {
            "inventory_id": pl.Series(columns[0], dtype=pl.Int64),
            "city_id": pl.Series(columns[1], dtype=pl.Int64),
            "year": pl.Series(columns[2], dtype=pl.Int64),
            "status": pl.Series(columns[3], dtype=pl.String),
            "inventory_population": pl.Series(columns[4], dtype=pl.Float64),
            "reported_scope1": pl.Series(columns[5], dtype=pl.Float64),
            "reported_basic": pl.Series(columns[6], dtype=pl.Float64),
            "reported_source": pl.Series(columns[7], dtype=pl.String),
            "reported_gases": pl.Series(columns[8], dtype=pl.String),
            "result_scope1": pl.Series(columns[9], dtype=pl.Float64),
            "result_basic": pl.Series(columns[10], dtype=pl.Float64),
            **{
                name: pl.Series([s.get(sector) for s in sectors], dtype=pl.Float64)
                for name, sector in (("stationary_t", "I"), ("transport_t", "II"), ("waste_t", "III"))
            },
        }
    )
    computed = pl.col("result_scope1").is_not_null()
    return frame.select(
        "inventory_id",
        "city_id",
        "year",
        "status",
        "inventory_population",
        scope1_t=pl.when(computed).then("result_scope1").otherwise("reported_scope1"),
        basic_t=pl.when(computed).then("result_basic").otherwise("reported_basic"),
        stationary_t="stationary_t",
        transport_t="transport_t",
        waste_t="waste_t",
        computed=computed,
        co2_only=(pl.col("reported_gases") == "CO2").fill_null(False) & ~computed,
        source=pl.when(computed)
        .then(pl.format("GPC inventory computed with citypact ({})", "status"))
        .otherwise(pl.col("reported_source").fill_null("")),
    ).cast(INVENTORY_SCHEMA)


def _energy(session: Session, computed: pl.DataFrame, countries: dict[int, str]) -> pl.DataFrame:
    """Final energy per inventory from its activity rows, computed by the engine in one batch."""
    schema = {"inventory": pl.Int64, "stationary_mwh": pl.Float64, "transport_mwh": pl.Float64,
              "electricity_mwh": pl.Float64}  # fmt: skip
    if computed.is_empty():
        return pl.DataFrame(schema=schema)
    columns = [
        ActivityRecord.inventory_id,
        ActivityRecord.id,
        *(getattr(ActivityRecord, n) for n in RECORD_FIELDS),
    ]
    wanted = computed["inventory_id"].to_list()
    rows = [
        row
        for start in range(0, len(wanted), IN_BATCH)  # SQLite takes at most 32,766 parameters
        for row in session.execute(
            select(*columns).where(ActivityRecord.inventory_id.in_(wanted[start : start + IN_BATCH]))
        )
    ]
    if not rows:
        return pl.DataFrame(schema=schema)
    frame = pl.DataFrame(rows, schema={"inventory": pl.Int64, **ACTIVITY_SCHEMA}, orient="row")
    meta = computed.select(
        pl.col("inventory_id").alias("inventory"),
        pl.col("city_id").replace_strict(countries, return_dtype=pl.String).alias("country"),
        pl.col("year").cast(pl.Int32).alias("inventory_year"),
    )
    try:
        emissions = compute_emissions(frame.join(meta, on="inventory"), default_library(), _AR5())
    except Exception as error:  # a stored row the current library refuses: report, leave energy missing
        log.warning("final energy of the benchmarked inventories could not be computed: %s", error)
        return pl.DataFrame(schema=schema)
    return final_energy(emissions).cast(schema)  # type: ignore[arg-type]


def _AR5() -> GwpSet:  # noqa: N802 - the name of the GWP set
    return gwp_set("AR5")


def _family() -> pl.Expr:
    """The family of methods a city-year's figure comes from: computed here, or which reporting source."""
    source = pl.col("source")
    return (
        pl.when(pl.col("computed"))
        .then(pl.lit("citypact"))
        .when(source.str.contains("(PKU)", literal=True))
        .then(pl.lit("PKU"))
        .when(source.str.contains("carbonn", literal=True))
        .then(pl.lit("carbonn"))
        .when(source.str.contains("CDP", literal=True))
        .then(pl.lit("CDP"))
        .otherwise(pl.lit("reported"))
    )


def city_statistics(session: Session, ids: list[int] | None = None) -> dict[str, dict[int, float]]:
    """Per variable, city id -> its latest figure: GDP per person (Nangini's own pair) and renewable
    share (degree days: services.benchmarking.conditions); `ids` None reads every city."""
    # The few thousand figures of these variables are read whole and filtered here: an IN list of
    # every benchmarked city would pass SQLite's limit of 32,766 parameters.
    rows = session.execute(
        select(CityStatistic.city_id, CityStatistic.variable, CityStatistic.year, CityStatistic.value)
        .where(
            CityStatistic.variable.in_(("gdp_ppp_usd", "renewable_share_pct"))
            | ((CityStatistic.variable == "population") & (CityStatistic.source == NANGINI)),
        )
        .order_by(CityStatistic.year)
    ).all()
    out: dict[str, dict[int, float]] = {"gdp_ppp_usd": {}, "renewable_share_pct": {}, "population": {}}
    keep = set(ids) if ids is not None else None
    for city_id, variable, _year, value in rows:
        if keep is None or city_id in keep:
            out[variable][city_id] = value  # ordered by year: the latest wins
    # GDP per person: Nangini's GDP over Nangini's population, the same boundary (often a metro area,
    # larger than the city: over the city's population it gave Denver 245,000 USD per person).
    # Even so some pairs mix boundaries (Denver: a metro GDP over the city's people, 245,000 USD a head):
    # a figure above any nation's GDP per person (about 150,000 USD PPP) is left out as unknown.
    out["gdp_per_capita"] = {
        i: per_capita
        for i, gdp in out["gdp_ppp_usd"].items()
        if out["population"].get(i)
        and GDP_PER_CAPITA_USD[0] <= (per_capita := gdp / out["population"][i]) <= GDP_PER_CAPITA_USD[1]
    }
    return out


def _grid(session: Session) -> pl.DataFrame:
    rows = session.execute(
        select(GridIntensity.country, GridIntensity.year, func.avg(GridIntensity.g_co2_per_kwh)).group_by(
            GridIntensity.country, GridIntensity.year
        )
    ).all()
    return pl.DataFrame(
        rows, schema={"country": pl.String, "grid_year": pl.Int64, "g_per_kwh": pl.Float64}, orient="row"
    ).sort("grid_year")


def load_benchmark_data(session: Session) -> BenchmarkData | None:
    """Read and compute everything the benchmark shows; None when no city has emissions data yet."""
    inventories = _inventories(session)
    if inventories.is_empty():
        return None
    ids = sorted(set(inventories["city_id"].to_list()))
    cities = [
        row
        for start in range(0, len(ids), IN_BATCH)  # SQLite takes at most 32,766 parameters
        for row in session.execute(
            select(City.id, City.name, City.country, City.population, City.area_km2).where(
                City.id.in_(ids[start : start + IN_BATCH])
            )
        )
    ]
    names = {c.id: (c.name, c.country) for c in cities}
    stats = city_statistics(session, ids)
    city_frame = pl.DataFrame(
        {
            "city_id": [c.id for c in cities],
            "country": [c.country for c in cities],
            "city_population": [float(c.population) if c.population else None for c in cities],
            "area_km2": [c.area_km2 for c in cities],
            "gdp_per_capita": [stats["gdp_per_capita"].get(c.id) for c in cities],
            "renewable_share_pct": [stats["renewable_share_pct"].get(c.id) for c in cities],
        },
        schema_overrides={
            "area_km2": pl.Float64,
            "gdp_per_capita": pl.Float64,
            "renewable_share_pct": pl.Float64,
        },
    )
    energy = _energy(session, inventories.filter("computed"), {k: v[1] for k, v in names.items()})
    city_years = (
        inventories.join(city_frame, on="city_id")
        .join(energy, left_on="inventory_id", right_on="inventory", how="left")
        .with_columns(
            population=pl.coalesce("inventory_population", "city_population"),
            # GDP of the inventory's population at Nangini's GDP per person (one year only).
            gdp_usd=pl.col("gdp_per_capita") * pl.coalesce("inventory_population", "city_population"),
        )
        .sort("year")
        .join_asof(
            _grid(session),
            left_on="year",
            right_on="grid_year",
            by="country",
            strategy="backward",
            check_sortedness=False,  # sorted by year; with `by` polars cannot check it
        )
        .with_columns(grid_kg_per_kwh=pl.col("g_per_kwh") / 1000.0, family=_family())
        .sort("city_id", "year")
    )
    # A series mixes no methods: a city's years from another source than its latest year's (a modelled
    # estimate, another reporting platform) would make a trend of the change of method.
    city_years = city_years.filter(pl.col("family") == pl.col("family").last().over("city_id"))
    # A reported figure outside 0.1-100 t per person is almost always a unit or scope error (kt as t, one
    # sector as the total; docs/benchmark_model.md): left out, so it cannot fake a trend or a level.
    low, high = PLAUSIBLE_T_PER_CAPITA
    per_capita = pl.col("scope1_t") / pl.col("population")
    city_years = city_years.filter(
        pl.col("computed") | per_capita.is_between(low, high) | per_capita.is_null()
    )

    # One row of framework conditions per city, from its latest city-year.
    # A city whose every figure was left out above takes no part.
    latest = city_years.group_by("city_id").agg(pl.all().sort_by("year").last()).sort("city_id")
    if latest.is_empty():
        return None
    conditions = load_conditions(
        session,
        latest["city_id"].to_list(),
        year=dict(zip(latest["city_id"], latest["year"], strict=True)),
        population=dict(latest.select("city_id", "population").drop_nulls().iter_rows()),
        gdp_per_capita=dict(latest.select("city_id", "gdp_per_capita").drop_nulls().iter_rows()),
    )
    region = conditions.region
    assert region is not None
    level = expected_level()
    family = latest["family"].fill_null("").to_numpy().astype(str)
    covariates = model_covariates(
        level.model, conditions, latest["co2_only"].fill_null(False).to_numpy(), family
    )
    network = benchmark_network(city_years, conditions, covariates=covariates, level=level, region=region)
    return BenchmarkData(
        names, conditions, standardized(conditions.matrix()), covariates, city_years, network, level, region
    )


def model_covariates(
    model: StructureModel | None,
    conditions: Conditions,
    co2_only: npt.NDArray[np.bool_],
    family: npt.NDArray[np.str_],
) -> dict[str, FloatArray]:
    """The candidates' covariates per city (NaN where a condition is unknown, so the city is not scored
    by the model). `family`: the source family of the city's latest figure (PKU, carbonn, CDP, ...).
    The model is fitted on cities' own degree days: a national figure leaves the climate unknown."""
    sources = conditions.degree_day_source
    own_climate = np.full(conditions.ids.size, True) if sources is None else sources != NATIONAL_DEGREE_DAYS
    with np.errstate(divide="ignore", invalid="ignore"):
        X: dict[str, FloatArray] = {
            "log_hdd": np.log1p(np.where(own_climate, conditions.hdd, np.nan)),
            "log_cdd": np.log1p(np.where(own_climate, conditions.cdd, np.nan)),
            "log_population": np.log(conditions.population),
            "log_density": np.log(conditions.density),
            "log_gdp_per_capita": np.log(conditions.gdp_per_capita),
            "grid": conditions.grid.copy(),
            "co2_only": co2_only.astype(np.float64),
            "source_pku": (family == "PKU").astype(np.float64),
            "source_carbonn": (family == "carbonn").astype(np.float64),
            "co2_only_other": (co2_only & (family != "PKU")).astype(np.float64),
        }
    regions = country_regions()
    dummies = [name for name in model.covariates if name.startswith("region_")] if model else []
    region_of = np.array([regions.get(c, "") for c in conditions.country])
    keys = np.array([_region_key(r) if r else "" for r in region_of])
    # A country outside the panel, or in a region too small for a dummy, has no region effect to use.
    known = (region_of == REFERENCE_REGION) | np.isin(keys, dummies)
    for name in dummies:
        X[name] = np.where(known, (keys == name).astype(np.float64), np.nan)
    return X


def gap_groups(model: StructureModel) -> dict[str, list[str]]:
    """Covariates grouped as the explanation names them."""
    groups = {
        "climate": ["log_hdd", "log_cdd"],
        "size and density": ["log_population", "log_density"],
        "wealth": ["log_gdp_per_capita"],
        "the national grid": ["grid"],
        "gas coverage": ["co2_only"],
        "data source": ["source_pku", "source_carbonn", "co2_only_other"],
        "world region": [c for c in model.covariates if c.startswith("region_")],
    }
    return {
        k: [c for c in v if c in model.covariates]
        for k, v in groups.items()
        if any(c in model.covariates for c in v)
    }


def _aggregates() -> list[Select[Any]]:
    # Each max() comes from an index (the primary key for ids); max(id) with a count catches inserts
    # and deletes.
    # Inventories and results are never deleted (a change adds a result, a status change touches
    # updated_at), so their largest id and last change tell without counting 300,000 rows.
    return [
        select(func.max(Inventory.updated_at)),
        select(func.max(Inventory.id)),
        select(func.max(InventoryResult.id)),
        select(func.count()).select_from(City),
        select(func.sum(City.population)),
        select(func.max(City.updated_at)),
        select(func.count()).select_from(CityStatistic),
        select(func.max(CityStatistic.id)),
        select(func.count()).select_from(GridIntensity),
    ]


DATA: PerDatabase[BenchmarkData | None] = PerDatabase(
    _aggregates, lambda session: load_benchmark_data(session)
)


def benchmark_data(session: Session) -> BenchmarkData | None:
    """The benchmark data of the session's database, computed again only after a change."""
    return DATA.get(session)


def figure_years(session: Session) -> dict[int, int]:
    """City id -> the year of its latest emissions figure in the benchmark: the reference year of its
    framework conditions (services.conditions) on every page."""
    data = benchmark_data(session)
    if data is None:
        return {}
    return dict(data.city_years.group_by("city_id").agg(pl.col("year").max()).iter_rows())


def city_conditions(session: Session, ids: list[int]) -> Conditions:
    """The framework conditions of the cities `ids` as every page outside the benchmark shows them:
    the reference year of each city's latest benchmarked figure, GDP per person where known."""
    gdp = city_statistics(session)["gdp_per_capita"]
    return load_conditions(session, ids, year=figure_years(session), gdp_per_capita=gdp)


def catalogue_types(session: Session) -> list[CatalogueType]:
    """The measure catalogue as the activity profile scores it."""
    types = session.scalars(select(MeasureType).order_by(MeasureType.id)).all()
    return [CatalogueType(t.code, t.field, t.instrument, t.decision_level) for t in types]


def city_measures(session: Session, city_ids: list[int]) -> dict[int, list[CityMeasure]]:
    """The action-plan measures of each city, with the catalogue code they implement (None: its own)."""
    codes: dict[int, str] = dict(session.execute(select(MeasureType.id, MeasureType.code)).all())
    out: dict[int, list[CityMeasure]] = {i: [] for i in city_ids}
    for p in session.scalars(
        select(PlanMeasure).where(PlanMeasure.city_id.in_(city_ids)).order_by(PlanMeasure.id)
    ):
        out[p.city_id].append(
            CityMeasure(
                code=codes.get(p.measure_type_id) if p.measure_type_id else None,
                field=p.field,
                instrument=p.instrument,
                implementation=p.implementation,
                cancelled=p.cancelled,
                expected_reduction_t=p.expected_reduction_t,
            )
        )
    _add_survey_measures(session, out)
    return out


def _add_survey_measures(session: Session, out: dict[int, list[CityMeasure]]) -> None:
    """Survey answers are a source of their own (docs/surveys.md): a catalogue type a city reported
    in a round's measures matrix counts at the reported degree unless its action plan holds that type."""
    for city_id, reported in survey_measures(session, list(out)).items():
        planned = {m.code for m in out[city_id]}
        out[city_id].extend(
            CityMeasure(code=m.code, field=m.field, instrument=m.instrument, implementation=m.implementation)
            for m in reported
            if m.code not in planned
        )
