"""/api/v1/tours: the City Climate Tour, an ordered route through cities and their landmark projects.

The CLI prints the same JSON (`citypact tour ... --format json`), so the shape is built here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from citypact.api.schemas import json_response
from citypact.http.deps import MAX_ID, ReadDB, ReleasingRoute
from citypact.services import tours
from citypact.services.tours import Tour

router = APIRouter(route_class=ReleasingRoute, tags=["partnerships"])
# Comma-separated ids: 100 cities on a tour at most, 200 picked cases.
CITY_IDS = r"^[0-9]{1,10}(,[0-9]{1,10}){0,99}$"
CASE_IDS = r"^[0-9]{1,10}(,[0-9]{1,10}){0,199}$"


class LandmarkOut(BaseModel):
    id: int = Field(description="best-practice case id (GET /api/v1/cases/{id})")
    title: str
    field: str
    instrument: str
    implementation: str
    start_year: int | None
    has_results: bool


class StopOut(BaseModel):
    position: int = Field(description="1 for the start")
    city_id: int
    name: str
    country: str
    lat: float
    lon: float
    landmarks: list[LandmarkOut]
    leg_km: float | None = Field(description="great-circle km from the stop before; null at the start")
    cumulative_km: float


class LegOut(BaseModel):
    from_city_id: int
    to_city_id: int
    km: float = Field(description="great-circle distance (haversine, mean Earth radius)")
    km_rounded: int = Field(description="whole km, for display")


class TourOut(BaseModel):
    method: Literal["exact", "heuristic"] = Field(
        description="exact (Held-Karp) up to `exact_limit` stops; beyond, nearest neighbour improved by "
        "2-opt and Or-opt with restarts"
    )
    exact_limit: int
    round_trip: bool
    total_km: float
    total_km_rounded: int
    stops: list[StopOut]
    legs: list[LegOut] = Field(description="one per stop after the start; on a round trip also the way back")


def tour_out(tour: Tour) -> TourOut:
    return TourOut.model_validate(tour, from_attributes=True)


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
