"""/api/v1: a city's dynamic benchmark against its peers, and the structure model behind it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.base import json_response
from citypact.api.schemas.benchmark import CityBenchmarkOut, StructureModelOut, benchmark_out, model_out
from citypact.http.deps import MAX_ID, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.services.benchmarking import benchmark
from citypact.services.benchmarking import data as benchmark_data

router = APIRouter(route_class=ReleasingRoute, tags=["benchmark"])
# Comma-separated city ids, at most 200 (the service keeps the 50 most similar of them).
IDS_PATTERN = r"^[0-9]{1,10}(,[0-9]{1,10}){0,199}$"


@router.get("/cities/{city_id}/benchmark", response_model=CityBenchmarkOut)
def city_benchmark(
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    peers: Annotated[
        benchmark.PeerGroup,
        Query(
            description="nearest: most similar framework conditions; or the same country, a network, "
            "twin towns, the cities in `ids`, or scope: nearest among cities whose country has the same "
            "national scope of action"
        ),
    ] = "nearest",
    network: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="network id, with peers=network")
    ] = None,
    ids: Annotated[
        str | None, Query(pattern=IDS_PATTERN, description="city ids with peers=custom, e.g. 12,57,301")
    ] = None,
) -> Response:
    """Where the city stands among cities like it and how it moves; there is no rank."""
    peer_ids = [int(i) for i in ids.split(",")] if ids else []
    view = benchmark.city_benchmark(session, actor, city_id, peers=peers, network_id=network, ids=peer_ids)
    return json_response(benchmark_out(view))


@router.get("/benchmark/model", response_model=StructureModelOut)
def structure_model() -> Response:
    """The expected level the benchmark compares with: its cross-validated error next to the country
    and region medians (same folds), and the chosen model's coefficients."""
    return json_response(model_out(benchmark_data.expected_level(), benchmark_data.MODEL_NOTE))
