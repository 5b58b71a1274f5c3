"""/api/v1/networks: networks and, for their secretariats, their members."""

from __future__ import annotations

from fastapi import APIRouter, Response

from citypact.api.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.api.schemas import MemberIn, NetworkDetailOut, NetworkOut
from citypact.services import networks

router = APIRouter(route_class=ReleasingRoute, prefix="/networks", tags=["networks"])


@router.get("", response_model=list[NetworkOut])
def list_all(session: ReadDB) -> list[NetworkOut]:
    return [NetworkOut.model_validate(n, from_attributes=True) for n in networks.list_networks(session)]


@router.get("/{slug}", response_model=NetworkDetailOut)
def detail(slug: str, session: ReadDB, actor: CurrentActor) -> NetworkDetailOut:
    found = networks.get_network(session, actor, slug)
    return NetworkDetailOut.model_validate(
        {**vars(found.network), "members": found.members}, from_attributes=True
    )


@router.post("/{slug}/members", status_code=204)
def add_member(slug: str, body: MemberIn, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        networks.add_member(session, actor, slug, body.city_id)
    return Response(status_code=204)


@router.delete("/{slug}/members/{city_id}", status_code=204)
def remove_member(slug: str, city_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        networks.remove_member(session, actor, slug, city_id)
    return Response(status_code=204)
