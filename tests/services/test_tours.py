"""The City Climate Tour over the registry: real distances, the start, round trips, landmark projects
(picked or by default), the heuristic beyond 12 stops, and every bad input named."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from citypact.domain.tour import distance_matrix, exact_order, route_length
from citypact.services.cooperation import tours
from citypact.services.errors import InvalidInput
from citypact.services.plans import cases
from citypact.storage.models import CaseStudy, City
from tests.conftest import World

# By the haversine formula from the registry's coordinates (see tests/domain/test_tour.py).
HD_CGN, HD_MUC, CGN_MUC = 210.967, 253.335, 456.241

CASE = {"field": "transport", "instrument": "own_operations", "implementation": "implemented"}
TOUR_CASES = {
    # city, title, German title, start year, results
    "bahnstadt": (
        "Heidelberg", "Bahnstadt passive-house district", "Passivhaus-Stadtteil Bahnstadt", 2008, "15 kWh/m2."
    ),
    "bus": ("Heidelberg", "Electric buses", None, 2020, "All lines electric."),
    "plan": ("Heidelberg", "Climate plan 2030", None, 2023, ""),
    "old": ("Heidelberg", "Energy advice", None, 1995, "3,000 households advised."),
    "swm": ("Munich", "Renewable power for all households", None, 2009, "Enough green power for the city."),
    "hidden": ("Kyoto", "A draft case", None, 2021, "Not yet public."),
}  # fmt: skip


def add_tour_cases(world: World) -> dict[str, int]:
    """Cases of Heidelberg (four), Munich (one) and Kyoto (one, unpublished); their ids by key."""
    ids = {}
    with world.db.write() as session:
        for key, (city, title, title_de, year, results) in TOUR_CASES.items():
            values = {
                **CASE,
                "title": title,
                "title_de": title_de,
                "summary": f"{title}.",
                "results": results,
            }
            values["start_year"] = year
            ids[key] = cases.save_case(session, world.actor("admin"), world.city[city], values).id
        session.execute(update(CaseStudy).where(CaseStudy.id == ids["hidden"]).values(is_published=False))
    return ids


def plan(world: World, names: list[str], **options: object) -> tours.Tour:
    with world.db.read() as session:
        return tours.plan_tour(session, [world.city[n] for n in names], **options)  # type: ignore[arg-type]


def test_heidelberg_cologne_munich_in_the_shortest_order(world: World) -> None:
    tour = plan(world, ["Heidelberg", "Munich", "Cologne"])
    assert [s.name for s in tour.stops] == ["Heidelberg", "Cologne", "Munich"]
    assert [s.position for s in tour.stops] == [1, 2, 3]
    assert [leg.km for leg in tour.legs] == pytest.approx([HD_CGN, CGN_MUC], abs=1e-3)
    assert [leg.km_rounded for leg in tour.legs] == [211, 456]
    assert [s.leg_km for s in tour.stops] == [
        None,
        pytest.approx(HD_CGN, abs=1e-3),
        pytest.approx(CGN_MUC, abs=1e-3),
    ]
    assert tour.stops[-1].cumulative_km == pytest.approx(HD_CGN + CGN_MUC, abs=1e-3)
    assert tour.total_km == pytest.approx(667.208, abs=1e-3) and tour.total_km_rounded == 667
    assert tour.method == "exact" and not tour.round_trip
    assert (tour.legs[0].from_city_id, tour.legs[0].to_city_id) == (
        world.city["Heidelberg"],
        world.city["Cologne"],
    )


def test_the_first_city_listed_is_the_start_unless_one_is_named(world: World) -> None:
    # From Munich: Munich -> Heidelberg -> Cologne is 464.3 km, Munich -> Cologne -> Heidelberg 667.2 km.
    tour = plan(world, ["Munich", "Cologne", "Heidelberg"])
    assert [s.name for s in tour.stops] == ["Munich", "Heidelberg", "Cologne"]
    assert tour.total_km == pytest.approx(HD_MUC + HD_CGN, abs=1e-3)
    named = plan(world, ["Munich", "Cologne", "Heidelberg"], start=world.city["Cologne"])
    assert named.stops[0].name == "Cologne"
    assert named.total_km == pytest.approx(HD_CGN + HD_MUC, abs=1e-3)  # Cologne -> Heidelberg -> Munich


def test_a_round_trip_returns_to_the_start(world: World) -> None:
    tour = plan(world, ["Heidelberg", "Munich", "Cologne"], round_trip=True)
    assert len(tour.legs) == 3 and tour.legs[-1].to_city_id == world.city["Heidelberg"]
    assert tour.total_km == pytest.approx(HD_CGN + CGN_MUC + HD_MUC, abs=1e-3)
    assert tour.total_km_rounded == 921


def test_the_whole_registry_round_the_world(world: World) -> None:
    tour = plan(world, list(world.city), round_trip=True)
    with world.db.read() as session:
        rows = session.execute(
            select(City.id, City.lat, City.lon).where(City.id.in_(world.city.values()))
        ).all()
    ids = [r.id for r in rows]
    dist = distance_matrix([r.lat for r in rows], [r.lon for r in rows])
    best = route_length(dist, exact_order(dist, 0, round_trip=True), round_trip=True)
    assert tour.total_km == pytest.approx(best, rel=1e-9)
    assert sorted(s.city_id for s in tour.stops) == sorted(ids)
    assert sum(leg.km for leg in tour.legs) == pytest.approx(tour.total_km)


def test_landmarks_with_results_and_most_recent_first(world: World) -> None:
    ids = add_tour_cases(world)
    tour = plan(world, ["Heidelberg", "Munich", "Kyoto"])
    landmarks = {s.name: [m.id for m in s.landmarks] for s in tour.stops}
    # Heidelberg: the 2023 plan has no results yet; of the rest, the two most recent.
    assert landmarks["Heidelberg"] == [ids["bus"], ids["bahnstadt"]]
    assert landmarks["Munich"] == [ids["swm"]]
    assert landmarks["Kyoto"] == []  # its only case is unpublished
    heidelberg = next(s for s in tour.stops if s.name == "Heidelberg")
    assert heidelberg.landmarks[1].title == "Bahnstadt passive-house district"
    assert heidelberg.landmarks[1].start_year == 2008 and heidelberg.landmarks[1].has_results


def test_picked_cases_replace_the_default_for_their_city(world: World) -> None:
    ids = add_tour_cases(world)
    tour = plan(world, ["Heidelberg", "Munich"], case_ids=[ids["plan"], ids["old"], ids["plan"]], lang="de")
    heidelberg, munich = sorted(tour.stops, key=lambda s: s.name)
    assert [m.id for m in heidelberg.landmarks] == [ids["plan"], ids["old"]]
    assert [m.id for m in munich.landmarks] == [ids["swm"]]  # no pick: the default
    german = plan(world, ["Heidelberg", "Munich"], case_ids=[ids["bahnstadt"]], lang="de")
    assert next(s for s in german.stops if s.name == "Heidelberg").landmarks[0].title == (
        "Passivhaus-Stadtteil Bahnstadt"
    )


def test_beyond_twelve_stops_the_heuristic_plans(world: World) -> None:
    with world.db.write() as session:
        for k in range(8):  # eight more German towns on a grid
            session.add(
                City(
                    key=f"test:{k}",
                    name=f"Town {k}",
                    name_ascii=f"Town {k}",
                    country="DE",
                    lat=47.5 + k % 4,
                    lon=7.0 + 2 * (k // 4),
                    search_text=f"|town {k}|",
                )  # fmt: skip
            )
    with world.db.read() as session:
        town_ids = list(session.scalars(select(City.id).where(City.key.like("test:%"))))
        all_ids = [*world.city.values(), *town_ids]
        tour = tours.plan_tour(session, all_ids)
        rows = {
            r.id: r for r in session.execute(select(City.id, City.lat, City.lon).where(City.id.in_(all_ids)))
        }
    assert tour.method == "heuristic" and len(tour.stops) == 15
    dist = distance_matrix([rows[i].lat for i in all_ids], [rows[i].lon for i in all_ids])
    best = route_length(dist, exact_order(dist, 0))
    assert best <= tour.total_km <= best * 1.01


@pytest.mark.parametrize(
    ("names", "options", "field", "words"),
    [
        (["Heidelberg"], {}, "cities", "at least 2 cities"),
        (["Heidelberg", "Munich", "Heidelberg"], {}, "cities", "is listed twice"),
        (["Heidelberg", "Munich"], {"start": "Kyoto"}, "start", "is not on the tour"),
        (["Heidelberg", "Munich"], {"case_ids": ["swm", 99_999]}, "cases", "case 99999 is not a published"),
        (["Heidelberg", "Munich"], {"case_ids": ["hidden"]}, "cases", "is not a published case"),
        (["Heidelberg", "Munich"], {"case_ids": ["hidden"]}, "cases", "of a city on the tour"),
    ],
)
def test_bad_input_is_named(
    world: World, names: list[str], options: dict[str, object], field: str, words: str
) -> None:
    ids = add_tour_cases(world)
    if "start" in options:
        options["start"] = world.city[str(options["start"])]
    if "case_ids" in options:
        options["case_ids"] = [ids.get(str(c), c) for c in options["case_ids"]]  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput) as raised:
        plan(world, names, **options)
    assert raised.value.field == field and words in raised.value.message


def test_unknown_and_unpublished_cities_are_named_alike(world: World) -> None:
    with world.db.write() as session:
        session.execute(update(City).where(City.id == world.city["Sapporo"]).values(is_published=False))
    with world.db.read() as session, pytest.raises(InvalidInput) as raised:
        tours.plan_tour(session, [world.city["Kyoto"], world.city["Sapporo"], 987_654])
    assert raised.value.field == "cities"
    assert raised.value.message.startswith(f"no published city with id {world.city['Sapporo']}, 987654")


def test_too_many_cities_or_cases(world: World) -> None:
    with world.db.read() as session:
        with pytest.raises(InvalidInput, match="at most 100 cities"):
            tours.plan_tour(session, list(range(1, tours.MAX_STOPS + 2)))
        with pytest.raises(InvalidInput, match="at most 200 cases"):
            tours.plan_tour(session, list(world.city.values())[:2], case_ids=list(range(1, 202)))
