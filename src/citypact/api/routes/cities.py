"""/api/v1/cities: search, profile, edits of a city's data and its audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from citypact.api.schemas.accounts import AuditOut
from citypact.api.schemas.base import json_response
from citypact.api.schemas.cities import CityDetail, CityIn, CityList, CityPatch, StatisticIn, StatisticOut
from citypact.http.deps import DB, CurrentActor, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services import audit
from citypact.services.registry import cities, city_edits

router = APIRouter(route_class=ReleasingRoute, prefix="/cities", tags=["cities"])


@router.get("", response_model=CityList)
def search(
    session: ReadDB,
    q: Annotated[str | None, Query(max_length=100, description="name in any spelling")] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")] = None,
    network: Annotated[str | None, Query(max_length=60, description="network slug, e.g. c40")] = None,
    size: Annotated[str | None, Query(max_length=30, description="size band")] = None,
    limit: Annotated[int, Query(ge=1, le=cities.MAX_PAGE)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    page = cities.search_cities(
        session, q=q, country=country, network=network, size=size, limit=limit, offset=offset
    )
    return json_response(CityList.model_validate(page, from_attributes=True))


@router.get("/{city_id}", response_model=CityDetail)
def profile(city_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    """The city; its ETag is its version, for If-Match on PATCH."""
    found = cities.get_profile(session, actor, city_id)
    response = json_response(CityDetail.model_validate(found, from_attributes=True))
    response.headers.update(etag(found.version))
    return response


@router.post("", response_model=CityDetail, status_code=status.HTTP_201_CREATED)
def create(body: CityIn, db: DB, actor: Writer, response: Response) -> CityDetail:
    with db.write() as session:
        city = city_edits.create_city(session, actor, **body.model_dump())
        city_id = city.id
    with db.read() as session:
        found = cities.get_profile(session, actor, city_id)
    response.headers.update(etag(found.version))
    return CityDetail.model_validate(found, from_attributes=True)


@router.patch(
    "/{city_id}",
    response_model=CityDetail,
    responses={412: {"description": "stale If-Match"}, 428: {"description": "If-Match needed"}},
)
def update(
    city_id: PathId, body: CityPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> CityDetail:
    """If-Match: the ETag of the city as read; without it only a city never changed since it was
    created may be changed (428 otherwise); a stale one is a 412."""
    with db.write() as session:
        city_edits.update_city(
            session, actor, city_id, body.model_dump(exclude_unset=True), expected_version=version
        )
    with db.read() as session:
        found = cities.get_profile(session, actor, city_id)
    response.headers.update(etag(found.version))
    return CityDetail.model_validate(found, from_attributes=True)


@router.post("/{city_id}/statistics", response_model=StatisticOut, status_code=201)
def save_statistic(city_id: PathId, body: StatisticIn, db: DB, actor: Writer) -> StatisticOut:
    with db.write() as session:
        row = city_edits.save_statistic(session, actor, city_id, **body.model_dump())
        return StatisticOut.model_validate(row, from_attributes=True)


@router.delete("/{city_id}/statistics/{statistic_id}", status_code=204)
def delete_statistic(
    city_id: PathId, statistic_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """If-Match: the figure's `version` as listed on the city."""
    with db.write() as session:
        city_edits.delete_statistic(session, actor, city_id, statistic_id, expected_version=version)
    return Response(status_code=204)


@router.get("/{city_id}/audit", response_model=list[AuditOut])
def city_audit(
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditOut]:
    entries = audit.list_entries(session, actor, city_id=city_id, limit=limit, offset=offset)
    return [AuditOut.model_validate(e, from_attributes=True) for e in entries]
