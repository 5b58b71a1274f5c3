"""/api/v1: benchmark rounds of a network's member cities (secretariats run them, members read them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.services import benchmark_rounds

router = APIRouter(route_class=ReleasingRoute, tags=["benchmark"])


class RoundIn(BaseModel):
    title: str = Field(min_length=1, max_length=200, examples=["Spring 2027"])


class RoundSummaryOut(BaseModel):
    id: int
    title: str
    created_at: dt.datetime
    members: int
    benchmarked: int


class RoundOut(RoundSummaryOut):
    network_slug: str
    network_name: str
    model: dict[str, Any]
    results: list[dict[str, Any]] = Field(
        description="One entry per member city, by name: latest year, territorial t CO2e per person, "
        "trend (% a year), members it outpaces, most improved, structure-adjusted performance (%), "
        "catalogue score (%; null for a member without an action plan: not assessed, never 0). "
        "Missing figures are null. No rank."
    )


@router.post("/networks/{slug}/benchmark-rounds", response_model=RoundOut, status_code=201)
def run(slug: str, body: RoundIn, db: DB, actor: Writer) -> RoundOut:
    round_id = benchmark_rounds.record_round(db, actor, slug, body.title)
    with db.read() as session:
        return RoundOut.model_validate(
            benchmark_rounds.get_round(session, actor, round_id), from_attributes=True
        )


@router.get("/networks/{slug}/benchmark-rounds", response_model=list[RoundSummaryOut])
def list_all(slug: str, session: ReadDB, actor: CurrentActor) -> list[RoundSummaryOut]:
    return [
        RoundSummaryOut.model_validate(r, from_attributes=True)
        for r in benchmark_rounds.list_rounds(session, actor, slug)
    ]


@router.get("/benchmark-rounds/{round_id}", response_model=RoundOut)
def detail(round_id: PathId, session: ReadDB, actor: CurrentActor) -> RoundOut:
    return RoundOut.model_validate(benchmark_rounds.get_round(session, actor, round_id), from_attributes=True)
