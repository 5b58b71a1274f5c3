"""The demo provider: seeded once, two published offers, a reference in Heidelberg, and the demo
city's needs meet them."""

from __future__ import annotations

from citypact.domain.access import Actor
from citypact.services.matchmaking import needs, offers
from citypact.services.matchmaking.demo import NAME, seed_demo_offers
from tests.conftest import World
from tests.factories import plan_measure, seed_library


def test_the_demo_offers_are_seeded_once_and_fit_the_demo_city(world: World) -> None:
    seed_library(world)
    plan_measure(world, measure="led_street_lighting", implementation="planned")
    with world.db.write() as session:
        first = seed_demo_offers(session, Actor(is_admin=True))
        again = seed_demo_offers(session, Actor(is_admin=True))
    assert len(first) == 2 and again == []
    with world.db.read() as session:
        public = offers.list_offers(session, Actor())
        assert {o.organisation_name for o in public} == {NAME}
        assert all(o.status == "published" for o in public)
        led = offers.get_offer(session, Actor(), first[0])
        assert led.measure_types == ("led_street_lighting",)
        assert led.references[0].city_name == "Heidelberg"
        found = needs.city_needs(session, Actor(), world.city["Heidelberg"])
    assert found.needs[0].offers[0].offer_id == first[0]
    assert "reference_in_country" in found.needs[0].offers[0].reasons
