"""/api/v1/networks: networks and their members. A city joins only with its consent: the secretariat
invites and the city's editor accepts, or the city's editor asks and the secretariat accepts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.networks import JoinOut, MemberIn, NetworkDetailOut, NetworkOut, PendingJoinOut
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.services.paging import MAX_PAGE_SIZE
from citypact.services.registry import networks

router = APIRouter(route_class=ReleasingRoute, prefix="/networks", tags=["networks"])


@router.get("", response_model=list[NetworkOut])
def list_all(session: ReadDB) -> list[NetworkOut]:
    return [NetworkOut.model_validate(n, from_attributes=True) for n in networks.list_networks(session)]


@router.get("/pending/{city_id}", response_model=list[PendingJoinOut])
def pending_of_city(city_id: PathId, session: ReadDB, actor: CurrentActor) -> list[PendingJoinOut]:
    """A city's open invitations and requests (its staff)."""
    found = networks.city_networks(session, actor, city_id)
    return [PendingJoinOut.model_validate(p, from_attributes=True) for p in found.pending]


@router.get("/{slug}", response_model=NetworkDetailOut)
def detail(
    slug: str,
    session: ReadDB,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = MAX_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> NetworkDetailOut:
    """The network and its published members: `limit` of them from `offset` (all of today's
    networks fit in the default), and `member_count`, all of them."""
    found = networks.get_network(session, actor, slug, offset=offset, limit=limit)
    return NetworkDetailOut.model_validate(
        {**vars(found.network), "members": found.members.items}, from_attributes=True
    )


@router.get("/{slug}/pending", response_model=list[PendingJoinOut])
def pending_of_network(slug: str, session: ReadDB, actor: CurrentActor) -> list[PendingJoinOut]:
    """The network's open invitations and requests (its secretariat)."""
    found = networks.pending_of_network(session, actor, slug)
    return [PendingJoinOut.model_validate(p, from_attributes=True) for p in found]


@router.post("/{slug}/invitations", status_code=204)
def invite(slug: str, body: MemberIn, db: DB, actor: Writer) -> Response:
    """The secretariat invites a city; the city is a member once its editor accepts."""
    with db.write() as session:
        networks.invite(session, actor, slug, body.city_id)
    return Response(status_code=204)


@router.post("/{slug}/requests", response_model=JoinOut)
def request_to_join(slug: str, body: MemberIn, db: DB, actor: Writer) -> JoinOut:
    """A city's editor asks to join; the secretariat accepts or declines."""
    with db.write() as session:
        result = networks.request_to_join(session, actor, slug, body.city_id)
    return JoinOut(result=result)


@router.post("/{slug}/pending/{city_id}/accept", status_code=204)
def accept(slug: str, city_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        networks.accept_join(session, actor, slug, city_id)
    return Response(status_code=204)


@router.post("/{slug}/pending/{city_id}/decline", status_code=204)
def decline(slug: str, city_id: PathId, db: DB, actor: Writer) -> Response:
    """Decline (the asked side) or withdraw (the asking side) an invitation or request."""
    with db.write() as session:
        networks.decline_join(session, actor, slug, city_id)
    return Response(status_code=204)


@router.delete("/{slug}/members/{city_id}", status_code=204)
def remove_member(slug: str, city_id: PathId, db: DB, actor: Writer) -> Response:
    """End a membership: the secretariat, or the city's editor (the city leaves)."""
    with db.write() as session:
        networks.remove_member(session, actor, slug, city_id)
    return Response(status_code=204)
