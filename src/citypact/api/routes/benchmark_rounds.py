"""/api/v1: benchmark rounds of a network's member cities (secretariats run them, members read them)."""

from __future__ import annotations

from fastapi import APIRouter

from citypact.api.schemas.benchmark_rounds import RoundIn, RoundOut, RoundSummaryOut
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.services.benchmarking import rounds as benchmark_rounds

router = APIRouter(route_class=ReleasingRoute, tags=["benchmark"])


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
