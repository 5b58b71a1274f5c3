"""The City Climate Tour: an ordered route through participating cities and their landmark projects.

Stateless: a tour is computed from the request and nothing is stored, so anyone may plan one. Only
published cities and published best-practice cases are read, which is what the public may see.
The route itself is domain.tour's (exact up to 12 stops, a heuristic beyond).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.tour import EXACT_LIMIT, Method, TourError, plan_route
from citypact.services.errors import InvalidInput
from citypact.storage.models import CaseStudy, City

MAX_ID: Final = 2_147_483_647  # the largest id an integer column holds

MAX_STOPS: Final = 100  # a tour, not a survey; the heuristic takes ~0.3 s here
LANDMARKS_PER_CITY: Final = 2  # landmark projects per city unless the caller picks them
MAX_CASES: Final = 200


@dataclass(frozen=True)
class Landmark:
    """A published best-practice case of a city on the tour."""

    id: int
    title: str
    field: str
    instrument: str
    implementation: str
    start_year: int | None
    has_results: bool


@dataclass(frozen=True)
class TourStop:
    position: int  # 1 for the start
    city_id: int
    name: str
    country: str
    lat: float
    lon: float
    landmarks: list[Landmark]
    leg_km: float | None  # from the stop before; None at the start
    cumulative_km: float


@dataclass(frozen=True)
class Leg:
    from_city_id: int
    to_city_id: int
    km: float
    km_rounded: int  # whole km, for display


@dataclass(frozen=True)
class Tour:
    stops: list[TourStop]
    legs: list[Leg]  # one per stop after the start; on a round trip also the way back
    total_km: float
    total_km_rounded: int
    method: Method  # exact up to EXACT_LIMIT stops, heuristic beyond
    round_trip: bool
    exact_limit: int = EXACT_LIMIT


@dataclass(frozen=True)
class CityChoice:
    id: int
    name: str
    country: str


def published_cities(session: Session, city_ids: Sequence[int]) -> list[CityChoice]:
    """The published cities among `city_ids`, in their order (for a form that lists its choices)."""
    rows = session.execute(
        select(City.id, City.name, City.country).where(City.id.in_(set(city_ids)), City.is_published)
    ).all()
    by_id = {r.id: CityChoice(r.id, r.name, r.country) for r in rows}
    return [by_id[i] for i in dict.fromkeys(city_ids) if i in by_id]


def _checked_ids(city_ids: Sequence[int], start: int | None) -> list[int]:
    if len(city_ids) < 2:
        raise InvalidInput("cities", "a tour needs at least 2 cities; add the ids of the cities to visit.")
    if len(city_ids) > MAX_STOPS:
        raise InvalidInput("cities", f"a tour visits at most {MAX_STOPS} cities; got {len(city_ids)}.")
    seen: set[int] = set()
    for city_id in city_ids:
        if city_id in seen:
            raise InvalidInput("cities", f"city {city_id} is listed twice; list each city once.")
        seen.add(city_id)
    if start is not None and start not in seen:
        raise InvalidInput("start", f"city {start} is not on the tour; start at one of its cities.")
    return list(city_ids)


def _cities(session: Session, ids: list[int]) -> dict[int, City]:
    # Ids beyond the column's range cannot exist (and PostgreSQL refuses to compare with them).
    valid = [i for i in ids if 0 < i <= MAX_ID]
    found = {c.id: c for c in session.scalars(select(City).where(City.id.in_(valid), City.is_published))}
    missing = [i for i in ids if i not in found]
    if missing:
        # Unpublished and unknown alike: the public may not learn which unpublished cities exist.
        listed = ", ".join(str(i) for i in missing)
        raise InvalidInput("cities", f"no published city with id {listed}; find cities at /cities.")
    return found


def _title(case: CaseStudy, lang: str) -> str:
    return {"de": case.title_de, "ja": case.title_ja}.get(lang) or case.title


def _landmarks(
    session: Session, ids: list[int], case_ids: Sequence[int], lang: str
) -> dict[int, list[Landmark]]:
    """Each city's landmark projects: the cases the caller picked for it or, for a city without picks,
    its published cases with results first, then the most recent (start year, then newest entry)."""
    if len(case_ids) > MAX_CASES:
        raise InvalidInput("cases", f"pick at most {MAX_CASES} cases; got {len(case_ids)}.")
    cases = session.scalars(select(CaseStudy).where(CaseStudy.city_id.in_(ids), CaseStudy.is_published)).all()
    by_id = {c.id: c for c in cases}
    picked: dict[int, list[CaseStudy]] = {}
    for case_id in dict.fromkeys(case_ids):  # a case picked twice is shown once
        case = by_id.get(case_id)
        if case is None:
            raise InvalidInput(
                "cases", f"case {case_id} is not a published case of a city on the tour; pick another."
            )
        picked.setdefault(case.city_id, []).append(case)
    result: dict[int, list[Landmark]] = {}
    for city_id in ids:
        chosen = picked.get(city_id)
        if chosen is None:
            own = [c for c in cases if c.city_id == city_id]
            own.sort(key=lambda c: (not c.results.strip(), -(c.start_year or 0), -c.id))
            chosen = own[:LANDMARKS_PER_CITY]
        result[city_id] = [
            Landmark(
                id=c.id,
                title=_title(c, lang),
                field=c.field,
                instrument=c.instrument,
                implementation=c.implementation,
                start_year=c.start_year,
                has_results=bool(c.results.strip()),
            )
            for c in chosen
        ]
    return result


def plan_tour(
    session: Session,
    city_ids: Sequence[int],
    *,
    start: int | None = None,
    round_trip: bool = False,
    case_ids: Sequence[int] = (),
    lang: str = "en",
) -> Tour:
    """The shortest route through the published cities `city_ids` from `start` (default: the first
    listed), ending wherever is shortest or, with `round_trip`, back at the start; with each city's
    landmark projects (`case_ids` picks them; cities without picks get up to two)."""
    ids = _checked_ids(city_ids, start)
    cities = _cities(session, ids)
    landmarks = _landmarks(session, ids, case_ids, lang)
    first = ids.index(start) if start is not None else 0
    try:
        route = plan_route(
            [cities[i].lat for i in ids],
            [cities[i].lon for i in ids],
            start=first,
            round_trip=round_trip,
            keys=ids,
        )
    except TourError as error:  # e.g. a city stored without coordinates
        raise InvalidInput("cities" if error.field == "stops" else error.field, error.message) from None
    visit = [ids[i] for i in route.order]
    legs = [
        Leg(a, b, km, round(km))
        for a, b, km in zip(visit, [*visit[1:], visit[0]], route.legs_km, strict=False)
    ]
    stops = []
    travelled = 0.0
    for position, city_id in enumerate(visit, start=1):
        leg = legs[position - 2].km if position > 1 else None
        travelled += leg or 0.0
        city = cities[city_id]
        stops.append(
            TourStop(
                position=position,
                city_id=city_id,
                name=city.name,
                country=city.country,
                lat=city.lat,
                lon=city.lon,
                landmarks=landmarks[city_id],
                leg_km=leg,
                cumulative_km=travelled,
            )
        )
    return Tour(
        stops=stops,
        legs=legs,
        total_km=route.total_km,
        total_km_rounded=round(route.total_km),
        method=route.method,
        round_trip=round_trip,
    )
