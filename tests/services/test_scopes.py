"""National scopes in the services: the catalogue filter, the peers option and the activity profile."""

from __future__ import annotations

import pytest

from citypact.services import scopes
from citypact.services.benchmarking.benchmark import city_benchmark
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans import action_plans, measures
from tests.conftest import World
from tests.factories import reported_inventory
from tests.scopes_fixture import CAN_DO, replace_scopes, seed_scoped_catalogue, twin_scopes


@pytest.fixture
def catalogue(world: World) -> World:
    seed_scoped_catalogue(world)
    return world


@pytest.mark.parametrize("city", ["Heidelberg", "Kyoto"])
def test_the_catalogue_keeps_what_the_city_can_do(catalogue: World, city: str) -> None:
    with catalogue.db.read() as session:
        listed = measures.list_measures(session)
        kept, scoped = scopes.can_do_filter(
            session, catalogue.actor("public"), catalogue.city[city], "can_do", listed
        )
    country = "DE" if city == "Heidelberg" else "JP"
    assert {m.code for m in kept} == CAN_DO[country]
    assert scoped is not None and scoped.profiled and scoped.country == country
    assert scoped.left_out == len(listed) - len(CAN_DO[country])


def test_without_scope_nothing_is_filtered_and_bad_input_is_named(catalogue: World) -> None:
    public = catalogue.actor("public")
    with catalogue.db.read() as session:
        listed = measures.list_measures(session)
        assert scopes.can_do_filter(session, public, None, "", listed) == (listed, None)
        with pytest.raises(InvalidInput) as error:
            scopes.can_do_filter(session, public, None, "can_do", listed)
        assert error.value.field == "city"
        with pytest.raises(InvalidInput) as error:
            scopes.can_do_filter(session, public, catalogue.city["Kyoto"], "everything", listed)
        assert error.value.field == "scope"
        with pytest.raises(NotFound):
            scopes.can_do_filter(session, public, 999_999, "can_do", listed)


def test_a_country_without_profile_leaves_everything(catalogue: World) -> None:
    only_us = twin_scopes()
    replace_scopes(catalogue, type(only_us)(1, "x", only_us.sources, {"US": only_us.profiles["US"]}))
    with catalogue.db.read() as session:
        listed = measures.list_measures(session)
        kept, scoped = scopes.can_do_filter(
            session, catalogue.actor("public"), catalogue.city["Heidelberg"], "can_do", listed
        )
    assert kept == listed and scoped is not None and not scoped.profiled


def test_country_scope_lists_its_sources_and_refuses_unknown_countries(world: World) -> None:
    with world.db.read() as session:
        de = scopes.country_scope(session, "de")
        assert de.profile.country == "DE" and {s.id for s in de.sources} >= {"de_gg_28", "de_baugb_2"}
        with pytest.raises(NotFound):
            scopes.country_scope(session, "XX")
        with pytest.raises(InvalidInput) as error:
            scopes.country_scope(session, "Germany")
    assert error.value.field == "country"


@pytest.fixture
def reported(world: World) -> World:
    for city, emissions, people in (
        ("Heidelberg", 800_000, 160_000),
        ("Munich", 14_700_000, 1_470_000),
        ("Cologne", 6_000_000, 1_000_000),
        ("Kyoto", 7_000_000, 1_400_000),
    ):
        reported_inventory(world, city, 2021, emissions, people)
    return world


def test_peers_of_the_same_scope_of_action(reported: World) -> None:
    public = reported.actor("public")
    with reported.db.read() as session:
        shipped = city_benchmark(session, public, reported.city["Heidelberg"], peers="scope")
    # Shipped: only Germany has Germany's profile, so the peers are the German cities.
    assert {p.name for p in shipped.peers} == {"Munich", "Cologne"}
    # By hand: Japan's profile equal to Germany's, so Kyoto joins; the US's differs.
    replace_scopes(reported, twin_scopes())
    with reported.db.read() as session:
        twinned = city_benchmark(session, public, reported.city["Heidelberg"], peers="scope")
    assert {p.name for p in twinned.peers} == {"Munich", "Cologne", "Kyoto"}
    assert twinned.peer_group == "scope"


def test_peers_by_scope_need_a_profile(reported: World) -> None:
    hand = twin_scopes()
    replace_scopes(reported, type(hand)(1, "x", hand.sources, {"US": hand.profiles["US"]}))
    with reported.db.read() as session, pytest.raises(InvalidInput) as error:
        city_benchmark(session, reported.actor("public"), reported.city["Heidelberg"], peers="scope")
    assert error.value.field == "peers" and "DE" in str(error.value)


def test_the_benchmark_profile_does_not_miss_what_the_city_may_not_decide(world: World) -> None:
    with world.db.write() as session:
        action_plans.save_plan_measure(
            session,
            world.actor("heidelberg_editor"),
            world.city["Heidelberg"],
            {"title": "Energy advice for firms", "field": "industry", "instrument": "soft",
             "implementation": "implemented"},
        )  # fmt: skip
    with world.db.read() as session:
        view = city_benchmark(session, world.actor("public"), world.city["Heidelberg"])
    assert view.profile is not None
    # Germany: industry regulation is federal (no say): not a weakness; the other industry cells are.
    assert ("industry", "regulatory") not in view.profile.weaknesses
    assert ("industry", "fiscal") in view.profile.weaknesses
    assert view.profile.out_of_scope == {("industry", "regulatory")}


def test_the_shipped_catalogue_for_a_german_and_a_japanese_city(world: World) -> None:
    from citypact.services.plans.cases import load_library

    with world.db.write() as session:
        load_library(session)
    public = world.actor("public")
    # By hand from measure_catalogue.csv: three types are decided by the nation or internationally;
    # two more are industry regulation, where a German municipality has no say (BImSchG).
    national = {"feed_in_tariff", "national_building_energy_code", "eu_vehicle_co2_standards"}
    industry = {"business_climate_reporting", "regional_cap_and_trade"}
    with world.db.read() as session:
        listed = measures.list_measures(session)
        codes = {m.code for m in listed}
        de, _ = scopes.can_do_filter(session, public, world.city["Heidelberg"], "can_do", listed)
        jp, _ = scopes.can_do_filter(session, public, world.city["Kyoto"], "can_do", listed)
    assert codes - {m.code for m in de} == national | industry
    assert codes - {m.code for m in jp} == national
