"""/api/v1: partner suggestions for a city, and groups of similar members for a network."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.base import json_response
from citypact.api.schemas.matching import (
    CooperationIn,
    CooperationItemOut,
    CooperationMatchOut,
    GroupsOut,
    MatchOut,
    WeightsIn,
    WeightsOut,
    groups_out,
    match_out,
    parse_weights,
)
from citypact.domain.matching import GOALS
from citypact.http.deps import DB, CurrentActor, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services.cooperation import matching
from citypact.services.cooperation import offers as cooperation

router = APIRouter(route_class=ReleasingRoute, tags=["matching"])
Goal = Literal["peer", "mentor", "mentee", "neighbour"]


@router.get("/cities/{city_id}/partners", response_model=MatchOut)
def partners(
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    goal: Goal = "peer",
    top: Annotated[int, Query(ge=1, le=matching.MAX_TOP)] = 10,
    weights: Annotated[str, Query(max_length=300, description="e.g. conditions:0.5,distance:0.5")] = "",
    network: Annotated[
        str, Query(max_length=60, description="use the weights this network's secretariat set for the goal")
    ] = "",
) -> Response:
    result = matching.match_city(
        session, actor, city_id, goal=goal, top=top, weights=parse_weights(weights), network=network or None
    )
    # Serialized here, in the endpoint's thread: a returned model is validated again in a second
    # trip through the thread pool, which under load doubled this route's queueing.
    return json_response(match_out(result))


@router.get("/networks/{slug}/match-weights", response_model=dict[str, dict[str, float]])
def network_weights(slug: str, session: ReadDB) -> dict[str, dict[str, float]]:
    """The weights the network's secretariat set, by goal; goals left out use their own."""
    return matching.network_weights(session, slug)


@router.get("/networks/{slug}/match-weights/{goal}", response_model=WeightsOut)
def network_goal_weights(slug: str, goal: Goal, session: ReadDB, response: Response) -> WeightsOut:
    """One goal's weights: the secretariat's (with their version, also the ETag) or the goal's own
    (version null: the first PUT needs no If-Match)."""
    version = matching.network_weight_versions(session, slug).get(goal)
    weights = matching.network_weights(session, slug).get(goal, dict(GOALS[goal]))
    if version is not None:
        response.headers.update(etag(version))
    return WeightsOut(goal=goal, weights=weights, version=version)


@router.put("/networks/{slug}/match-weights/{goal}", status_code=204)
def set_network_weights(
    slug: str, goal: Goal, body: WeightsIn, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """If-Match: the ETag of the goal's weights when the secretariat set them before (412 stale,
    428 missing once changed); none for the first setting."""
    with db.write() as session:
        matching.set_network_weights(session, actor, slug, goal, body.weights, expected_version=version)
    return Response(status_code=204)


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


@router.get("/cities/{city_id}/cooperation", response_model=list[CooperationItemOut])
def cooperation_items(city_id: PathId, session: ReadDB, actor: CurrentActor) -> list[CooperationItemOut]:
    return [
        CooperationItemOut.model_validate(i, from_attributes=True)
        for i in cooperation.list_items(session, actor, city_id)
    ]


@router.post("/cities/{city_id}/cooperation", response_model=CooperationItemOut, status_code=201)
def add_cooperation_item(city_id: PathId, body: CooperationIn, db: DB, actor: Writer) -> CooperationItemOut:
    with db.write() as session:
        item_id = cooperation.add_item(session, actor, city_id, body.model_dump()).id
    with db.read() as session:
        found = next(i for i in cooperation.list_items(session, actor, city_id) if i.id == item_id)
    return CooperationItemOut.model_validate(found, from_attributes=True)


@router.delete("/cities/{city_id}/cooperation/{item_id}", status_code=204)
def remove_cooperation_item(
    city_id: PathId, item_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """If-Match: the item's `version` (items are added and removed, never changed: always 1)."""
    with db.write() as session:
        cooperation.remove_item(session, actor, city_id, item_id, expected_version=version)
    return Response(status_code=204)


@router.get("/cities/{city_id}/cooperation/matches", response_model=list[CooperationMatchOut])
def cooperation_matches(city_id: PathId, session: ReadDB, actor: CurrentActor) -> list[CooperationMatchOut]:
    return [
        CooperationMatchOut.model_validate(m, from_attributes=True)
        for m in cooperation.matches(session, actor, city_id)
    ]
