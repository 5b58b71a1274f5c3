"""/api/v1/cities/{id}/funding-matches, /api/v1/cities/{id}/funding and
/api/v1/networks/{slug}/funding-pipeline: read-only. Who may read: services/funding/matching.py
(a measure's match: the city's staff and confirmed secretariats; the city-level match: anybody for
a published city), city_view.py (staff and confirmed secretariats) and pipeline.py (the network's
secretariat and admins)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query

from citypact.api.schemas.funding_match import (
    CityFundingOut,
    MatchesOut,
    PipelineOut,
    city_funding_out,
    matches_out,
    pipeline_out,
)
from citypact.http.deps import CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.services.funding import city_view, matching, pipeline

router = APIRouter(route_class=ReleasingRoute, tags=["funding"])
OnDay = Annotated[dt.date | None, Query(description="the day to match on (ISO 8601); today when not given")]


@router.get("/cities/{city_id}/funding-matches", response_model=MatchesOut)
def funding_matches(
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    measure: Annotated[
        int | None, Query(ge=1, le=2_147_483_647, description="a plan measure of the city")
    ] = None,
    on: OnDay = None,
) -> MatchesOut:
    """The active programmes matched to the city (or one of its plan measures), eligible first,
    each with the reasons it fits and the rules that rule it out, as codes and figures."""
    return matches_out(matching.match_city(session, actor, city_id, measure_id=measure, on=on))


@router.get("/cities/{city_id}/funding", response_model=CityFundingOut)
def city_funding(city_id: PathId, session: ReadDB, actor: CurrentActor, on: OnDay = None) -> CityFundingOut:
    """The city's funding view: open measures with capex, funding, gap and matched programmes;
    the programmes it is eligible for; the deadlines."""
    return city_funding_out(city_view.city_funding(session, actor, city_id, on=on))


@router.get("/networks/{slug}/funding-pipeline", response_model=PipelineOut)
def funding_pipeline(
    slug: Annotated[str, Path(max_length=60)], session: ReadDB, actor: CurrentActor, on: OnDay = None
) -> PipelineOut:
    """The members' measures with a funding gap, the programmes matched, the joint applications."""
    return pipeline_out(pipeline.network_pipeline(session, actor, slug, on=on))
