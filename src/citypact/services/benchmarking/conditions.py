"""Framework conditions of cities, read in one place for the benchmark, partner matching and cases
like mine, so that a city shows the same figures on every page.

One definition per condition:
- population: the registry's figure, unless the caller passes the population of the city's own
  reference figure (the benchmark: the population its latest inventory states);
- density: that population over the registry's area;
- heating and cooling degree days: the city's own latest figure with its source id (Nangini 2019's
  GEA+ or climate-record columns, or a figure the city entered); where the city has none, the
  national figure (Eurostat, `eurostat_chdd`) of the year nearest the reference year,
  which keeps its national source id so that every page can say it is national;
- GDP per person (PPP): services.benchmark_data.city_statistics;
- national grid: the carbon intensity of electricity generation (Ember via Our World in Data, the
  location-based national figure) of the city's reference year, or of the latest year before it,
  with that year. The reference year is the year of the city's latest emissions figure; a city
  without one takes the latest published year;
- world region: the region of the city's country in the benchmark panel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Final, Literal

import numpy as np
import polars as pl
from sqlalchemy import Executable, func, select
from sqlalchemy.orm import Session

from citypact.domain.peers import Conditions
from citypact.reference.benchmark_panel import read_panel
from citypact.storage.models import City, CityStatistic, DegreeDays, GridIntensity

NATIONAL_DEGREE_DAYS: Final = "eurostat_chdd"  # the source id of the national fallback
LATEST: Final = 9999  # the reference year of a city without an emissions figure: the latest published


@cache
def country_regions() -> dict[str, str]:
    """ISO country code -> world region, as in the benchmark panel."""
    panel = read_panel()
    return dict(
        panel.drop_nulls(["country", "region"]).select("country", "region").unique("country").iter_rows()
    )


def _frame(
    session: Session, query: Executable, schema: dict[str, pl.DataType | type[pl.DataType]]
) -> pl.DataFrame:
    rows = session.connection().execute(query).all()  # Core rows: no ORM row processing
    return pl.DataFrame(rows, schema=schema, orient="row")


def _city_degree_days(session: Session) -> pl.DataFrame:
    """Per city: its own latest hdd and cdd with the source id of its hdd (of its cdd if no hdd)."""
    rows = _frame(
        session,
        select(
            CityStatistic.city_id,
            CityStatistic.variable,
            CityStatistic.year,
            CityStatistic.value,
            CityStatistic.source,
        ).where(CityStatistic.variable.in_(("hdd", "cdd"))),
        {"id": pl.Int64, "variable": pl.String, "year": pl.Int64, "value": pl.Float64, "source": pl.String},
    )
    latest = rows.sort("year").group_by("id", "variable").agg(pl.col("value").last(), pl.col("source").last())
    hdd = latest.filter(pl.col("variable") == "hdd").select("id", city_hdd="value", hdd_source="source")
    cdd = latest.filter(pl.col("variable") == "cdd").select("id", city_cdd="value", cdd_source="source")
    return hdd.join(cdd, on="id", how="full", coalesce=True)


def _as_of(
    table: pl.DataFrame, cities: pl.DataFrame, year: str, strategy: Literal["backward", "nearest"]
) -> pl.DataFrame:
    """Join each city to its country's row (year column `year`) of the reference year or, by
    `strategy`, the latest year before it or the nearest year."""
    return cities.sort("reference_year").join_asof(
        table.sort(year),
        left_on="reference_year",
        right_on=year,
        by="country",
        strategy=strategy,
        check_sortedness=False,  # sorted by year; with `by` polars cannot check it
    )


def load_conditions(
    session: Session,
    ids: Sequence[int],
    *,
    year: Mapping[int, int] | None = None,
    population: Mapping[int, float] | None = None,
    gdp_per_capita: Mapping[int, float] | None = None,
) -> Conditions:
    """The framework conditions of the cities `ids` (rows in that order). `year`: each city's
    reference year (the year of its latest emissions figure); `population`: a population to use
    instead of the registry's (the one of that figure); `gdp_per_capita`: GDP per person (PPP)."""
    year, population, gdp_per_capita = year or {}, population or {}, gdp_per_capita or {}
    wanted = pl.DataFrame(
        {
            "id": list(ids),
            "order": range(len(ids)),
            "reference_year": [year.get(i, LATEST) for i in ids],
            "own_population": [population.get(i) for i in ids],
            "gdp_per_capita": [gdp_per_capita.get(i) for i in ids],
        },
        schema={
            "id": pl.Int64,
            "order": pl.Int64,
            "reference_year": pl.Int64,
            "own_population": pl.Float64,
            "gdp_per_capita": pl.Float64,
        },
    )
    cities = _frame(
        session,
        select(City.id, City.country, City.population, City.area_km2),
        {"id": pl.Int64, "country": pl.String, "registry_population": pl.Float64, "area_km2": pl.Float64},
    )
    national = _frame(
        session,
        select(DegreeDays.country, DegreeDays.year, DegreeDays.hdd, DegreeDays.cdd).where(
            DegreeDays.source == NATIONAL_DEGREE_DAYS
        ),
        {
            "country": pl.String,
            "national_year": pl.Int64,
            "national_hdd": pl.Float64,
            "national_cdd": pl.Float64,
        },
    )
    grid = _frame(
        session,
        select(GridIntensity.country, GridIntensity.year, func.avg(GridIntensity.g_co2_per_kwh)).group_by(
            GridIntensity.country, GridIntensity.year
        ),
        {"country": pl.String, "grid_year": pl.Int64, "g_per_kwh": pl.Float64},
    )
    table = wanted.join(cities, on="id", how="left").join(_city_degree_days(session), on="id", how="left")
    # The climate of a country changes little from year to year: its nearest year stands in.
    table = _as_of(national, table, "national_year", "nearest")
    table = _as_of(grid, table, "grid_year", "backward")
    own = pl.col("city_hdd").is_not_null() | pl.col("city_cdd").is_not_null()
    table = table.sort("order").with_columns(
        population=pl.coalesce("own_population", "registry_population"),
        hdd=pl.when(own).then("city_hdd").otherwise("national_hdd"),
        cdd=pl.when(own).then("city_cdd").otherwise("national_cdd"),
        degree_day_source=pl.when(own)
        .then(pl.coalesce("hdd_source", "cdd_source"))
        .when(pl.col("national_hdd").is_not_null() | pl.col("national_cdd").is_not_null())
        .then(pl.lit(NATIONAL_DEGREE_DAYS))
        .otherwise(pl.lit("")),
    )

    def column(name: str) -> np.ndarray:
        return table[name].cast(pl.Float64).fill_null(np.nan).to_numpy()

    population_ = column("population")
    area = column("area_km2")
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(area > 0, population_ / area, np.nan)
    country = table["country"].fill_null("").to_numpy().astype(str)
    regions = country_regions()
    return Conditions(
        ids=table["id"].to_numpy().astype(np.int64),
        country=country,
        population=population_,
        density=density,
        hdd=column("hdd"),
        cdd=column("cdd"),
        gdp_per_capita=column("gdp_per_capita"),
        grid=column("g_per_kwh") / 1000.0,
        region=np.array([regions.get(c, "") for c in country], dtype=str),
        degree_day_source=table["degree_day_source"].to_numpy().astype(str),
        grid_year=column("grid_year"),
    )
