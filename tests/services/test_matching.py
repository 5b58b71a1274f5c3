"""Partner suggestions and a network's groups from the database: reasons, rules, authorization."""

from __future__ import annotations

import pytest

from citypact.domain.geo import haversine_km
from citypact.domain.matching import GOALS
from citypact.domain.reasons import Reason
from citypact.services.cooperation import matching
from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.plans import action_plans
from citypact.storage.models import City
from tests.conftest import World
from tests.factories import accepted, proposed


def test_neighbours_in_order_of_distance(world: World) -> None:
    with world.db.read() as session:
        found = matching.match_city(
            session, world.actor("public"), world.city["Heidelberg"], goal="neighbour", top=3
        )
        coords = {c.name: (c.lat, c.lon) for c in session.query(City)}
    names = [s.name for s in found.suggestions]
    km = [float(haversine_km(*coords["Heidelberg"], *coords[n])) for n in names]
    every = sorted(
        (float(haversine_km(*coords["Heidelberg"], *c)), n) for n, c in coords.items() if n != "Heidelberg"
    )
    # The two within reach come first, nearest first; beyond a few hundred km distance scores ~0 and
    # the other signals order the rest.
    assert names[:2] == [n for _, n in every[:2]]
    assert world.city["Heidelberg"] not in [s.city_id for s in found.suggestions]
    first = found.suggestions[0]
    assert Reason("distance_km", other=pytest.approx(km[0])) in first.reasons  # type: ignore[arg-type]
    assert Reason("shared_language") in first.reasons
    assert 0 < first.score <= 1


def test_mentors_are_strong_where_the_city_is_weak(world: World) -> None:
    def measure(who: str, city: str, field: str, instrument: str, stage: str) -> None:
        with world.db.write() as session:
            values = {"title": f"{field} {instrument}", "field": field, "instrument": instrument}
            action_plans.save_plan_measure(
                session, world.actor(who), world.city[city], values | {"implementation": stage}
            )

    measure("heidelberg_editor", "Heidelberg", "energy_supply", "own_operations", "implemented")
    for instrument in ("regulatory", "fiscal", "own_operations"):
        measure("kyoto_editor", "Kyoto", "transport", instrument, "implemented")
    with world.db.read() as session:
        found = matching.match_city(session, world.actor("public"), world.city["Heidelberg"], goal="mentor")
    assert [s.name for s in found.suggestions] == ["Kyoto"]  # the only city with a plan strong in transport
    assert Reason("mentor_plan", 0.0, 4.0, "transport") in found.suggestions[0].reasons


def test_bad_requests_are_named(world: World) -> None:
    public = world.actor("public")
    with world.db.read() as session:
        with pytest.raises(InvalidInput, match="goal"):
            matching.match_city(session, public, world.city["Heidelberg"], goal="friend")
        with pytest.raises(InvalidInput, match="weights"):
            matching.match_city(session, public, world.city["Heidelberg"], weights={"luck": 1.0})
        with pytest.raises(InvalidInput, match="top"):
            matching.match_city(session, public, world.city["Heidelberg"], top=0)
        with pytest.raises(NotFound):
            matching.match_city(session, public, 999_999)
    with world.db.write() as session:
        city = session.get(City, world.city["Munich"])
        assert city is not None
        city.is_published = False
    with world.db.read() as session:
        with pytest.raises(NotFound):
            matching.match_city(session, public, world.city["Munich"])
        found = matching.match_city(session, public, world.city["Heidelberg"], top=10)
    assert "Munich" not in [s.name for s in found.suggestions]  # unpublished cities are never suggested


def test_secretariat_forms_groups_of_its_members(world: World) -> None:
    with world.db.read() as session:
        groups = matching.network_groups(session, world.actor("c40_secretariat"), "c40", max_size=2)
        assert sorted(m.name for g in groups.groups for m in g) == ["Kyoto", "Portland"]
        assert all(len(g) <= 2 for g in groups.groups)
        with pytest.raises(PermissionDenied):
            matching.network_groups(session, world.actor("kyoto_editor"), "c40")
        with pytest.raises(NotAuthenticated):
            matching.network_groups(session, world.actor("public"), "c40")
        with pytest.raises(InvalidInput, match="max_per_country"):
            matching.network_groups(session, world.actor("admin"), "c40", max_size=2, max_per_country=0)


def _past_work(world: World, who: str) -> float:
    with world.db.read() as session:
        found = matching.match_city(
            session, world.actor(who), world.city["Heidelberg"], top=6, weights={"past_work": 1.0}
        )
    return next(s for s in found.suggestions if s.name == "Kyoto").signals["past_work"]


def test_an_accepted_partnership_counts_as_past_work(world: World) -> None:
    from citypact.services.cooperation import partnerships

    partnership_id = proposed(world, is_public=True)
    with world.db.read() as session:
        before = matching.match_city(session, world.actor("public"), world.city["Heidelberg"], top=6)
    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), partnership_id, world.city["Kyoto"])
    with world.db.read() as session:
        after = matching.match_city(session, world.actor("public"), world.city["Heidelberg"], top=6)
    kyoto_before = next(s for s in before.suggestions if s.name == "Kyoto")
    kyoto_after = next(s for s in after.suggestions if s.name == "Kyoto")
    assert kyoto_before.signals["past_work"] == 0.0 and kyoto_after.signals["past_work"] == 1.0
    assert kyoto_after.score == pytest.approx(kyoto_before.score + 0.05)  # the peer goal's weight
    assert Reason("past_work") in kyoto_after.reasons


def test_a_members_only_partnership_is_past_work_only_for_its_readers(world: World) -> None:
    """Issue 12, item 10: the matching told anyone that two cities had a members-only partnership."""
    from citypact.services.cooperation import partnerships

    partnership_id = accepted(world)
    assert _past_work(world, "public") == 0.0
    assert _past_work(world, "plain_user") == 0.0
    assert _past_work(world, "c40_secretariat") == 0.0  # Kyoto's C40 membership is only listed
    assert _past_work(world, "heidelberg_viewer") == 1.0
    assert _past_work(world, "kyoto_editor") == 1.0
    assert _past_work(world, "public") == 0.0, "the kept table did not keep the reader's view"
    with world.db.write() as session:
        partnerships.update_partnership(
            session, world.actor("heidelberg_editor"), partnership_id, {"is_public": True}
        )
    assert _past_work(world, "public") == 1.0


def test_a_secretariat_sets_its_networks_weights(world: World) -> None:
    from sqlalchemy import select

    from citypact.storage.models import AuditEntry

    secretariat = world.actor("c40_secretariat")
    with world.db.write() as session, pytest.raises(PermissionDenied):
        matching.set_network_weights(session, world.actor("kyoto_editor"), "c40", "peer", {"distance": 1.0})
    with world.db.write() as session, pytest.raises(InvalidInput, match="weights"):
        matching.set_network_weights(session, secretariat, "c40", "peer", {"luck": 1.0})
    with world.db.write() as session:
        matching.set_network_weights(session, secretariat, "c40", "peer", {"distance": 1.0})
    with world.db.read() as session:
        assert matching.network_weights(session, "c40") == {"peer": {"distance": 1.0}}
        found = matching.match_city(session, world.actor("public"), world.city["Heidelberg"], network="c40")
        plain = matching.match_city(session, world.actor("public"), world.city["Heidelberg"])
        mine = matching.match_city(
            session,
            world.actor("public"),
            world.city["Heidelberg"],
            network="c40",
            weights={"conditions": 1.0},
        )
    assert found.weights == {"distance": 1.0} and plain.weights == dict(GOALS["peer"])
    assert mine.weights == {"conditions": 1.0}  # the caller's own weights come first
    assert found.suggestions[0].name == "Cologne"  # the nearest, by distance alone
    with world.db.write() as session:
        matching.set_network_weights(session, secretariat, "c40", "peer", None)  # back to the goal's own
    with world.db.read() as session:
        assert matching.network_weights(session, "c40") == {}
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.action == "match_weights")).all()
    assert len(actions) == 2
