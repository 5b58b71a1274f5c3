"""The benchmark on the real data shipped with citypact: the whole registry and the emissions that
cities reported to CDP and that Nangini et al. 2019 compiled."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import polars as pl
import pytest
from sqlalchemy import select

from citypact.domain.access import Actor
from citypact.reference.registry import read_bundle
from citypact.reference.reported_emissions import read_reported
from citypact.services.benchmarking.benchmark import city_benchmark
from citypact.services.benchmarking.data import benchmark_data
from citypact.services.inventory.reported_load import load_reported
from citypact.services.registry import load as registry_load
from citypact.storage.db import Database
from citypact.storage.models import City
from tests.factories import migrated_database

PORTLAND = "sm:1840019941"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with migrated_database(tmp_path_factory.mktemp("real"), "citypact_real") as url:
        database = Database(url)
        with database.write() as session:
            registry_load.load_registry(session, read_bundle())
            load_reported(session, read_reported())
        yield database
        database.dispose()


def test_every_reporting_city_is_benchmarked_and_nothing_is_invented(db: Database) -> None:
    reported = read_reported()
    with db.read() as session:
        data = benchmark_data(session)
    assert data is not None
    cities = data.network.cities
    # 486 cities reported; figures outside 0.1-100 t per person are left out as unit errors, and a
    # city with no other figure takes no part (a flagged row may still be plausible with the registry's
    # population where the report gave none, so the count lies between the two).
    plausible = reported.filter(~pl.col("implausible"))
    assert plausible["city_key"].n_unique() <= cities.height < reported["city_key"].n_unique()
    assert cities["scope1_per_capita"].is_between(0.1, 100).all()
    # Every city has a headline: each kept row has Scope 1 and a population.
    assert cities["scope1_per_capita"].null_count() == 0
    scored = cities.filter(pl.col("performance_pct").is_not_null())
    # Every city is scored, as in the cross-validation: by the model where it has every covariate
    # (city degree days above all), else against its country's (or region's) median.
    assert scored.height == cities.height
    by_model = scored.filter(pl.col("expected_basis") == "model")
    assert 100 < by_model.height < cities.height
    assert np.isfinite(data.covariates["log_hdd"][np.isin(data.conditions.ids, by_model["city_id"])]).all()
    others = scored.filter(pl.col("expected_basis") != "model")
    assert set(others["expected_basis"]) <= {"country_median", "region_median", "overall_median"}
    assert (scored["performance_low_pct"] < scored["performance_high_pct"]).all()
    with_trend = cities.filter(pl.col("trend_pct_per_year").is_not_null())
    assert with_trend.height > 50 and (with_trend["trend_years"] >= 2).all()


def test_portland_trend_from_its_cdp_reports(db: Database) -> None:
    rows = read_reported().filter(pl.col("city_key") == PORTLAND).sort("year")
    assert rows["year"].to_list() == [2014, 2016, 2017]  # CDP reporting years 2017, 2018, 2019
    per_capita = (rows["scope1_t"] / rows["population"]).to_list()
    # The least-squares slope of ln(t per person) over the years, by the textbook formula.
    years = rows["year"].to_list()
    mean_t = sum(years) / 3
    mean_l = sum(math.log(v) for v in per_capita) / 3
    slope = sum((t - mean_t) * (math.log(v) - mean_l) for t, v in zip(years, per_capita, strict=True)) / sum(
        (t - mean_t) ** 2 for t in years
    )
    with db.read() as session:
        portland = session.scalar(select(City.id).where(City.key == PORTLAND))
        assert portland is not None
        view = city_benchmark(session, Actor(), portland)
    assert view.headline_year == 2017 and view.headline == pytest.approx(per_capita[-1])
    assert view.trend_pct == pytest.approx(math.expm1(slope) * 100)
    assert len(view.peers) == 10 and all(p.reasons for p in view.peers)
    assert view.movement is not None and view.movement.peers_with_rate <= 10


def test_mentors_on_the_shipped_data_without_any_action_plan(db: Database) -> None:
    """A fresh install has no action plans: mentors come from published cases, trends and the
    structure-adjusted performance, and each suggestion names its field and its evidence."""
    from citypact.i18n.reasons import matching_reasons
    from citypact.services.cooperation.matching import match_city
    from citypact.services.plans.cases import load_library

    with db.write() as session:
        load_library(session)
    with db.read() as session:
        heidelberg = session.scalar(select(City.id).where(City.name == "Heidelberg", City.country == "DE"))
        assert heidelberg is not None
        found = match_city(session, Actor(), heidelberg, goal="mentor", top=10)
    assert len(found.suggestions) == 10
    for s in found.suggestions:
        evidence = [r for r in s.reasons if r.kind.startswith("mentor_")]
        assert evidence, s.name  # every one says what it is ahead in
        assert all(isinstance(r.other, float) for r in evidence)
        words = matching_reasons(evidence, "en")
        assert all(w.startswith("ahead in ") for w in words)
