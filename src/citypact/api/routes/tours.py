"""/api/v1/tours: the City Climate Tour, an ordered route through cities and their landmark projects."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.base import json_response
from citypact.api.schemas.tours import TourOut, tour_out
from citypact.http.deps import MAX_ID, ReadDB, ReleasingRoute
from citypact.services.cooperation import tours

router = APIRouter(route_class=ReleasingRoute, tags=["partnerships"])
# Comma-separated ids: 100 cities on a tour at most, 200 picked cases.
CITY_IDS = r"^[0-9]{1,10}(,[0-9]{1,10}){0,99}$"
CASE_IDS = r"^[0-9]{1,10}(,[0-9]{1,10}){0,199}$"


def _ids(text: str | None) -> list[int]:
    return [int(part) for part in text.split(",")] if text else []


@router.get("/tours", response_model=TourOut)
def plan_tour(
    session: ReadDB,
    cities: Annotated[
        str, Query(pattern=CITY_IDS, description="ids of the published cities to visit, e.g. 12,57,301")
    ],
    start: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="the city to start from; default: the first listed")
    ] = None,
    round_trip: Annotated[bool, Query(description="return to the start at the end")] = False,
    cases: Annotated[
        str | None,
        Query(
            pattern=CASE_IDS,
            description="landmark projects: ids of published cases of the cities; a city without a "
            "pick shows up to two of its cases",
        ),
    ] = None,
    lang: Annotated[Literal["en", "de", "ja"], Query(description="language of the case titles")] = "en",
) -> Response:
    """The shortest route through the cities (exact up to 12 stops), with leg distances and landmark
    projects. Nothing is stored; only published cities and cases are read."""
    tour = tours.plan_tour(
        session, _ids(cities), start=start, round_trip=round_trip, case_ids=_ids(cases), lang=lang
    )
    return json_response(tour_out(tour))
