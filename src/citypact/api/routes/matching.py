"""/api/v1: partner suggestions for a city, and groups of similar members for a network."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from citypact.api.deps import CurrentActor, PathId, ReadDB
from citypact.api.matching_schemas import GroupsOut, MatchOut, groups_out, match_out, parse_weights
from citypact.services import matching

router = APIRouter(tags=["matching"])


@router.get("/cities/{city_id}/partners", response_model=MatchOut)
def partners(
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    goal: Literal["peer", "mentor", "mentee", "neighbour"] = "peer",
    top: Annotated[int, Query(ge=1, le=matching.MAX_TOP)] = 10,
    weights: Annotated[str, Query(max_length=300, description="e.g. conditions:0.5,distance:0.5")] = "",
) -> MatchOut:
    result = matching.match_city(session, actor, city_id, goal=goal, top=top, weights=parse_weights(weights))
    return match_out(result)


@router.get("/networks/{slug}/groups", response_model=GroupsOut)
def groups(
    slug: str,
    session: ReadDB,
    actor: CurrentActor,
    max_size: Annotated[int, Query(ge=2, le=100)] = 6,
    max_per_country: Annotated[int | None, Query(ge=1, le=100)] = None,
) -> GroupsOut:
    found = matching.network_groups(session, actor, slug, max_size=max_size, max_per_country=max_per_country)
    return groups_out(found)
