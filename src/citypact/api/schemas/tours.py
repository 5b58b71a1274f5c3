"""JSON shape of a City Climate Tour: the stops in order, their landmark projects and the legs.

The CLI prints the same JSON (`citypact tour ... --format json`), so the shape is built here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from citypact.services.cooperation.tours import Tour


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
