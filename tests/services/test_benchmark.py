"""One city's benchmark from the database: figures by hand, peers, drafts left out, authorization."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import select

from citypact.services.benchmarking.benchmark import city_benchmark
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans import action_plans
from citypact.storage.models import City, CityStatistic, Inventory, MeasureType
from citypact.storage.plans import ClimateTarget, PlanMeasure
from tests.conftest import OPERATOR, World
from tests.factories import new_inventory, reported_inventory


def _climate(world: World, city: str, hdd: float, cdd: float) -> None:
    with world.db.write() as session:
        for variable, value in (("hdd", hdd), ("cdd", cdd)):
            session.add(
                CityStatistic(
                    city_id=world.city[city], year=2015, variable=variable, value=value,
                    unit="degC*day", source="test",
                )
            )  # fmt: skip


@pytest.fixture
def reported(world: World) -> World:
    # Heidelberg: 5.0 then 4.5 t per person; Munich 10 then 8; Cologne 6 then 6.3.
    reported_inventory(world, "Heidelberg", 2021, 800_000, 160_000)
    reported_inventory(world, "Heidelberg", 2022, 720_000, 160_000)
    reported_inventory(world, "Heidelberg", 2023, 100, 160_000, status="draft")
    reported_inventory(world, "Munich", 2021, 14_700_000, 1_470_000)
    reported_inventory(world, "Munich", 2022, 11_760_000, 1_470_000)
    reported_inventory(world, "Cologne", 2021, 6_000_000, 1_000_000)
    reported_inventory(world, "Cologne", 2022, 6_300_000, 1_000_000)
    reported_inventory(world, "Kyoto", 2022, 7_000_000, 1_400_000)
    for city, hdd, cdd in (("Heidelberg", 2_335, 18), ("Munich", 2_700, 10), ("Cologne", 2_200, 15)):
        _climate(world, city, hdd, cdd)
    return world


def test_headline_trend_and_movement_by_hand(reported: World) -> None:
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"], peers="country")
    assert (view.headline_year, view.headline) == (2022, pytest.approx(4.5))  # the 2023 draft is left out
    assert view.series == [(2021, pytest.approx(5.0)), (2022, pytest.approx(4.5))]
    assert view.trend_pct == pytest.approx(-10.0)  # 5.0 -> 4.5 in one year
    assert [p.name for p in view.peers] == sorted(
        [p.name for p in view.peers], key=lambda n: next(q.distance for q in view.peers if q.name == n)
    )
    assert {p.name for p in view.peers} == {"Munich", "Cologne"}  # the German cities with figures
    rates = {p.name: p.trend_pct for p in view.peers}
    assert rates["Munich"] == pytest.approx(-20.0) and rates["Cologne"] == pytest.approx(5.0)
    assert view.movement is not None
    assert (view.movement.faster_than, view.movement.peers_with_rate) == (1, 2)
    assert (
        view.movement.sentence()
        == "Emissions per capita are falling by 10.0% a year, faster than 1 of 2 peers."
    )
    assert [p.name for p in view.most_improved] == ["Munich", "Cologne"]


def test_indicators_name_unit_source_and_keep_missing_missing(reported: World) -> None:
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"], peers="country")
    by_code = {i.code: i for i in view.indicators}
    scope1 = by_code["scope1_per_capita"]
    assert (scope1.value, scope1.year, scope1.unit, scope1.direction) == (
        pytest.approx(4.5),
        2022,
        "t CO2e/person",
        "lower",
    )
    assert scope1.peer_median == pytest.approx((8.0 + 6.3) / 2)
    assert scope1.source == "test report Heidelberg 2022"
    assert scope1.data_quality == "reported, not verified"
    transport = by_code["transport_per_capita"]
    assert transport.value is None and transport.year is None and transport.peer_median is None
    grid = by_code["grid_intensity"]
    assert grid.value == pytest.approx(0.38539)  # DE 2022, 385.39 g/kWh


def test_structure_adjusted_performance_uses_the_model(reported: World) -> None:
    from citypact.services.benchmarking.data import benchmark_data

    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"])
        data = benchmark_data(session)
    assert data is not None and view.performance is not None
    me = data.row(reported.city["Heidelberg"])
    assert me is not None
    model = data.model
    assert model is not None and data.level.kind == "conditions_sources"
    x = {name: data.covariates[name][me] for name in model.covariates}
    assert x["log_hdd"] == pytest.approx(math.log(2_336))
    assert x["log_density"] == pytest.approx(math.log(160_000 / 108.83))
    assert x["grid"] == pytest.approx(0.38539)
    assert x["source_pku"] == x["source_carbonn"] == x["co2_only_other"] == 0.0  # a CO2e report
    expected = math.exp(model.coef[0] + sum(model.coefficients[n] * v for n, v in x.items()))
    assert view.performance.expected == pytest.approx(expected)
    assert view.performance.percent == pytest.approx((4.5 / expected - 1) * 100)
    # The interval comes from the out-of-sample errors: [resid - q97.5, resid - q2.5] in log points.
    q_low, q_high = data.level.interval
    resid = math.log(4.5 / expected)
    assert view.performance.low_percent == pytest.approx(100 * math.expm1(resid - q_high))
    assert view.performance.high_percent == pytest.approx(100 * math.expm1(resid - q_low))
    assert view.gap is not None
    parts = sum(p.percent_points for p in view.gap.parts) + view.gap.local.percent_points
    assert parts == pytest.approx(view.gap.total_percent)
    # Against its scored peers' actual geometric mean: Munich 8.0 and Cologne 6.3 t (Kyoto has no climate).
    assert math.exp(view.gap.reference_log) == pytest.approx(math.sqrt(8.0 * 6.3))
    assert view.gap.total_percent == pytest.approx((4.5 / math.sqrt(8.0 * 6.3) - 1) * 100)
    # Kyoto has no degree days here: its expected level is the median of the panel's Japanese cities,
    # as in the cross-validation, and it says so; no gap is split by conditions it lacks.
    with reported.db.read() as session:
        kyoto = city_benchmark(session, reported.actor("public"), reported.city["Kyoto"])
    assert kyoto.performance is not None and kyoto.performance.basis == "country_median"
    assert kyoto.performance.expected == pytest.approx(math.exp(data.level.country_level["JP"]))
    assert kyoto.performance.percent == pytest.approx((5.0 / kyoto.performance.expected - 1) * 100)
    assert kyoto.gap is None and "country median" in kyoto.performance.sentence
    assert kyoto.trend_pct is None and any("two years" in n for n in kyoto.notes)


def test_target_path_by_hand(reported: World) -> None:
    with reported.db.write() as session:
        session.add(
            ClimateTarget(
                city_id=reported.city["Heidelberg"], base_year=2010, base_emissions_t=1_000_000,
                target_year=2030, reduction_pct=50, source="council decision",
            )
        )  # fmt: skip
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"])
    assert view.target is not None and view.target.basis == "territorial"
    progress = view.target.progress
    # The path asks for 1,000,000 - 500,000 x 12/20 = 700,000 t in 2022; the city is at 720,000.
    assert progress.on_path == pytest.approx(700_000)
    assert progress.gap_pct == pytest.approx(720_000 / 700_000 * 100 - 100)
    assert not progress.on_track


def test_peer_groups_and_bad_choices(reported: World) -> None:
    public = reported.actor("public")
    with reported.db.read() as session:
        custom = city_benchmark(
            session, public, reported.city["Heidelberg"], peers="custom", ids=[reported.city["Kyoto"]]
        )
        assert [p.name for p in custom.peers] == ["Kyoto"]
        nearest = city_benchmark(session, public, reported.city["Heidelberg"])
        assert {p.name for p in nearest.peers} == {"Munich", "Cologne", "Kyoto"}  # all with figures
        assert all(p.reasons for p in nearest.peers if p.name != "Kyoto")
        with pytest.raises(InvalidInput, match="peers"):
            city_benchmark(session, public, reported.city["Heidelberg"], peers="league")
        with pytest.raises(InvalidInput, match="ids"):
            city_benchmark(session, public, reported.city["Heidelberg"], peers="custom")
        with pytest.raises(InvalidInput, match="network"):
            city_benchmark(session, public, reported.city["Heidelberg"], peers="network")
        with pytest.raises(NotFound, match="network"):
            city_benchmark(session, public, reported.city["Heidelberg"], peers="network", network_id=999_999)


def test_unpublished_city_is_hidden_and_left_out(reported: World) -> None:
    with reported.db.write() as session:
        city = session.get(City, reported.city["Munich"])
        assert city is not None
        city.is_published = False
    with reported.db.read() as session:
        with pytest.raises(NotFound):
            city_benchmark(session, reported.actor("public"), reported.city["Munich"])
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"], peers="country")
    assert [p.name for p in view.peers] == ["Cologne"]


def test_city_without_figures_still_gets_its_activity_profile(world: World) -> None:
    with world.db.write() as session:
        action_plans.save_plan_measure(
            session,
            world.actor("heidelberg_editor"),
            world.city["Heidelberg"],
            {"title": "Solar on every school", "field": "energy_supply", "instrument": "own_operations",
             "implementation": "implemented"},
        )  # fmt: skip
    with world.db.read() as session:
        view = city_benchmark(session, world.actor("public"), world.city["Heidelberg"])
    assert view.headline is None and view.peers == []
    emissions = [i for i in view.indicators if i.code == "scope1_per_capita"]
    assert len(emissions) == 1 and emissions[0].value is None  # shown as missing, not left out
    assert any("Drafts are not benchmarked" in n for n in view.notes)
    assert view.profile is not None
    assert view.profile.cell("energy_supply", "own_operations").score == 4


def test_suggestions_come_from_what_peers_implemented(reported: World) -> None:
    with reported.db.write() as session:
        session.add(
            MeasureType(
                code="district_heat_plan", field="energy_supply", instrument="regulatory",
                municipal_role="planner", decision_level="municipality", title_en="Heat plan",
                title_de="Wärmeplan", title_ja="熱計画",
            )
        )  # fmt: skip
        session.flush()
        type_id = session.scalar(select(MeasureType.id).where(MeasureType.code == "district_heat_plan"))
        session.add(
            PlanMeasure(
                city_id=reported.city["Munich"], measure_type_id=type_id, title="Heat plan",
                field="energy_supply", instrument="regulatory", implementation="implemented",
            )
        )  # fmt: skip
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"], peers="country")
    # Heidelberg has no action plan: not assessed (None), never 0, and nothing to suggest from.
    assert not view.has_plan and view.peers_with_plan == 1  # Munich; Cologne has no plan either
    assert view.catalogue is None and view.profile is None and view.suggestions == []
    by_code = {i.code: i for i in view.indicators}
    implemented = by_code["measures_implemented"]
    # The peers' median over the one peer with a plan (Munich, 1 implemented), saying how many.
    assert (implemented.value, implemented.peer_median, implemented.peers_with_value) == (None, 1.0, 1)
    score = by_code["catalogue_score"]
    # Munich's heat plan implemented: 8 points x 100 % of 8 x 1.0 possible (DE, municipality) = 100 %.
    assert (score.value, score.peer_median, score.peers_with_value) == (None, 100.0, 1)
    with reported.db.write() as session:  # an idea in its plan: now Heidelberg has one
        session.add(
            PlanMeasure(
                city_id=reported.city["Heidelberg"], title="Solar roofs", field="energy_supply",
                instrument="soft", implementation="idea",
            )
        )  # fmt: skip
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"], peers="country")
    assert view.has_plan
    assert view.catalogue is not None and view.catalogue.percent == 0.0  # the idea is no catalogue type
    suggested = {s.code: s for s in view.suggestions}
    assert suggested["district_heat_plan"].peers == 1
    by_code = {i.code: i for i in view.indicators}
    implemented = by_code["measures_implemented"]
    assert (implemented.value, implemented.peer_median, implemented.direction) == (0.0, 1.0, "higher")
    score = by_code["catalogue_score"]
    assert score.value == 0.0 and score.peers_with_value == 1 and score.unit == "%"


def test_change_between_two_computed_inventories_is_decomposed_exactly(world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    for year, gas_tj in ((2021, 100.0), (2022, 90.0)):
        rows = [
            {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": gas_tj, "unit": "TJ"},
            {"gpc_ref": "I.1.2", "fuel": "electricity", "amount": 10_000.0, "unit": "MWh"},
        ]
        new_inventory(world, year=year, population=160_000, rows=rows, completed=True, status="submitted")
    with world.db.read() as session:
        view = city_benchmark(session, world.actor("public"), heidelberg)
    assert view.change is not None and (view.change.year_from, view.change.year_to) == (2021, 2022)
    d = view.change.decomposition
    # Electricity: the same 10,000 MWh at the library's DE grid factors, 373.67 g/kWh in 2021 and
    # 409.53 in 2022 (Electricity Maps, direct): L(c1, c0) ln(c1/c0) = c1 - c0, so its whole change
    # is the grid effect.
    assert d.grid_factor == pytest.approx(10_000 * (0.40953 - 0.37367))
    # Gas: 100 then 90 TJ at the same factor, 56,100 kg CO2 + 5 kg CH4 x 28 + 0.1 kg N2O x 265 per TJ.
    assert d.total_change == pytest.approx(-10 * 56.2665 + 10_000 * (0.40953 - 0.37367))
    assert d.population == pytest.approx(0.0, abs=1e-9)  # the same population
    assert sum(d.effects().values()) == pytest.approx(d.total_change, abs=1e-9)
    energy = {i.code: i for i in view.indicators}["stationary_energy_per_capita"]
    # 2022: 90 TJ gas = 25,000 MWh, plus 10,000 MWh electricity, over 160,000 people.
    assert energy.value == pytest.approx(35_000 / 160_000)
    assert energy.data_quality == "as entered per activity"


def test_nothing_is_written(reported: World) -> None:
    with reported.db.read() as session:
        before = session.scalars(select(Inventory.id)).all()
        city_benchmark(session, OPERATOR, reported.city["Heidelberg"])
        assert session.scalars(select(Inventory.id)).all() == before


def test_a_trend_never_mixes_methods(reported: World) -> None:
    # A modelled estimate for 2020 (10 t per person) before the city's own reports: left out of the series.
    pku = "Nangini et al. 2019 (PKU) (modelled estimate)"
    reported_inventory(reported, "Heidelberg", 2020, 1_600_000, 160_000, source=pku)
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"])
    assert [year for year, _ in view.series] == [2021, 2022]
    assert view.trend_pct == pytest.approx(-10.0)


def test_a_reported_unit_error_cannot_fake_a_trend(reported: World) -> None:
    # 720 t for a city of 160,000 (0.0045 t per person): kilotonnes written as tonnes. Left out.
    reported_inventory(reported, "Heidelberg", 2024, 720, 160_000)
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"])
    assert view.headline_year == 2022 and view.trend_pct == pytest.approx(-10.0)


def test_gdp_per_person_keeps_nangini_boundary(reported: World) -> None:
    # Nangini's GDP of a metro area over Nangini's own population, not over the city's.
    with reported.db.write() as session:
        for variable, value in (("gdp_ppp_usd", 20e9), ("population", 400_000.0)):
            session.add(
                CityStatistic(
                    city_id=reported.city["Heidelberg"], year=2015, variable=variable, value=value,
                    unit="x", source="nangini2019",
                )
            )  # fmt: skip
        inventory = session.scalar(
            select(Inventory).where(Inventory.city_id == reported.city["Heidelberg"], Inventory.year == 2022)
        )
        assert inventory is not None
        inventory.reported = {"scope1": 720_000, "basic": 800_000}
    from citypact.services.benchmarking.data import benchmark_data

    with reported.db.read() as session:
        data = benchmark_data(session)
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"])
    assert data is not None
    me = data.row(reported.city["Heidelberg"])
    assert me is not None and data.conditions.gdp_per_capita[me] == pytest.approx(50_000.0)
    per_gdp = {i.code: i for i in view.indicators}["basic_per_gdp"]
    # 800,000 t = 8e8 kg over 160,000 people x 50,000 USD = 8e9 USD: 0.1 kg per USD.
    assert per_gdp.value == pytest.approx(0.1)


def test_gdp_per_person_beyond_any_nation_is_left_out(reported: World) -> None:
    with reported.db.write() as session:
        for variable, value in (("gdp_ppp_usd", 170e9), ("population", 690_000.0)):  # 246,000 USD a head
            session.add(
                CityStatistic(
                    city_id=reported.city["Munich"], year=2015, variable=variable, value=value,
                    unit="x", source="nangini2019",
                )
            )  # fmt: skip
    from citypact.services.benchmarking.data import benchmark_data

    with reported.db.read() as session:
        data = benchmark_data(session)
    assert data is not None
    me = data.row(reported.city["Munich"])
    assert me is not None and math.isnan(data.conditions.gdp_per_capita[me])


def test_target_path_from_the_published_target_when_the_city_has_none(reported: World) -> None:
    from citypact.services.registry.public_targets import load_public_targets
    from tests.services.test_public_targets import _table

    published = [
        {"city_key": "sm:1276554949", "record": "31165:96", "target_type": "base_year_absolute",
         "base_year": 2010, "base_emissions_t": 1_000_000.0, "reduction_pct": 40.0, "target_year": 2030},
    ]  # fmt: skip
    with reported.db.write() as session:
        load_public_targets(session, _table(published))
    with reported.db.read() as session:
        view = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"])
    assert view.target is not None
    assert (view.target.origin, view.target.reported_year) == ("cdp_targets_2021", 2021)
    # 1,000,000 - 400,000 x 12/20 = 760,000 t in 2022; the city is at 720,000: on track
    assert view.target.progress.on_path == pytest.approx(760_000)
    assert view.target.progress.on_track
    # the city's own target wins (the council's 50 % of test_target_path_by_hand)
    with reported.db.write() as session:
        session.add(
            ClimateTarget(
                city_id=reported.city["Heidelberg"], base_year=2010, base_emissions_t=1_000_000,
                target_year=2030, reduction_pct=50, source="council decision",
            )
        )  # fmt: skip
    with reported.db.read() as session:
        own = city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"]).target
    assert own is not None and own.origin == "own" and own.progress.on_path == pytest.approx(700_000)


def test_peers_values_come_from_the_year_nearest_the_citys_own_within_three_years(world: World) -> None:
    # Heidelberg reports 2015. Munich 2010 (5 years off: not comparable) and 2013 (2 years off);
    # Cologne 2017 and 2013 (both 2 years off: the later, 2017, wins); Kyoto only 1994.
    reported_inventory(world, "Heidelberg", 2015, 800_000, 160_000)
    reported_inventory(world, "Munich", 2010, 14_700_000, 1_470_000)  # 10.0 t per person
    reported_inventory(world, "Munich", 2013, 13_230_000, 1_470_000)  # 9.0
    reported_inventory(world, "Cologne", 2013, 6_000_000, 1_000_000)  # 6.0
    reported_inventory(world, "Cologne", 2017, 7_000_000, 1_000_000)  # 7.0
    reported_inventory(world, "Kyoto", 1994, 7_000_000, 1_400_000)
    with world.db.read() as session:
        others = [world.city["Munich"], world.city["Cologne"], world.city["Kyoto"]]
        view = city_benchmark(
            session, world.actor("public"), world.city["Heidelberg"], peers="custom", ids=others
        )
    peers = {p.name: (p.latest_year, p.headline) for p in view.peers}
    assert peers["Munich"] == (2013, pytest.approx(9.0))
    assert peers["Cologne"] == (2017, pytest.approx(7.0))
    assert peers["Kyoto"] == (None, None)  # 1994 does not set the median for a 2015 figure
    headline = next(i for i in view.indicators if i.code == "scope1_per_capita")
    assert headline.peers_with_value == 2 and headline.peer_median == pytest.approx((9.0 + 7.0) / 2)
