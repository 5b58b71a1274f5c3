"""/api/v1/positions: joint positions and recommendations, their group, evidence, signatures,
sending and answer. Who may do what: services/positions/access.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.positions import (
    AnswerIn,
    EvidenceIn,
    InviteIn,
    PositionFields,
    PositionIn,
    PositionOut,
    PositionRowOut,
    SendIn,
    SignIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services.positions import drafting, evidence, sending, signing, views
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["joint positions"])


def _position(db: Database, actor: Actor, position_id: int, response: Response | None = None) -> PositionOut:
    with db.read() as session:
        found = PositionOut.model_validate(views.view(session, actor, position_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


@router.get("/positions", response_model=list[PositionRowOut])
def list_all(
    session: ReadDB,
    actor: CurrentActor,
    network_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    city_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=views.LIST_LIMIT)] = views.LIST_LIMIT,
) -> list[PositionRowOut]:
    """Positions and recommendations you may read, the latest sent first: sent ones for everybody,
    drafts for their group's staff and the secretariat."""
    found = views.list_positions(
        session, actor, network_id=network_id, city_id=city_id, status=status, limit=limit
    )
    return [PositionRowOut.model_validate(r) for r in found]


@router.post("/positions", response_model=PositionOut, status_code=201)
def create(body: PositionIn, db: DB, actor: Writer, response: Response) -> PositionOut:
    """A draft position for your city (`city_id`) or a recommendation for your network (`network`)."""
    with db.write() as session:
        position_id = drafting.create_position(
            session, actor, body.model_dump(mode="json", exclude_unset=True)
        ).id
    return _position(db, actor, position_id, response)


@router.get("/positions/{position_id}", response_model=PositionOut)
def detail(position_id: PathId, db: DB, actor: CurrentActor, response: Response) -> PositionOut:
    """The position with its cities, signatures and evidence. The ETag is its version."""
    return _position(db, actor, position_id, response)


@router.patch("/positions/{position_id}", response_model=PositionOut)
def change(
    position_id: PathId, body: PositionFields, db: DB, actor: Writer, version: IfMatch, response: Response
) -> PositionOut:
    """Change the draft (its drafter); If-Match: its ETag."""
    with db.write() as session:
        drafting.update_position(
            session, actor, position_id, body.model_dump(mode="json", exclude_unset=True),
            expected_version=version,
        )  # fmt: skip
    return _position(db, actor, position_id, response)


@router.post("/positions/{position_id}/cities", response_model=PositionOut, status_code=201)
def invite(position_id: PathId, body: InviteIn, db: DB, actor: Writer) -> PositionOut:
    """Invite a city into the draft's group (its drafter)."""
    with db.write() as session:
        signing.invite_city(session, actor, position_id, body.city_id)
    return _position(db, actor, position_id)


@router.delete("/positions/{position_id}/cities/{city_id}", status_code=204)
def remove_city(position_id: PathId, city_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Take a city (and its signature) out of the draft's group (its drafter). If-Match: its ETag."""
    with db.write() as session:
        signing.remove_city(session, actor, position_id, city_id, expected_version=version)
    return Response(status_code=204)


@router.post("/positions/{position_id}/evidence", response_model=PositionOut, status_code=201)
def add_evidence(position_id: PathId, body: EvidenceIn, db: DB, actor: Writer) -> PositionOut:
    """Link evidence with its source to the draft (its drafter)."""
    with db.write() as session:
        evidence.add_evidence(session, actor, position_id, body.model_dump(mode="json", exclude_unset=True))
    return _position(db, actor, position_id)


@router.delete("/positions/{position_id}/evidence/{evidence_id}", status_code=204)
def remove_evidence(
    position_id: PathId, evidence_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """Unlink evidence from the draft (its drafter). If-Match: its ETag."""
    with db.write() as session:
        evidence.remove_evidence(session, actor, position_id, evidence_id, expected_version=version)
    return Response(status_code=204)


@router.post("/positions/{position_id}/signatures", response_model=PositionOut, status_code=201)
def sign(position_id: PathId, body: SignIn, db: DB, actor: Writer) -> PositionOut:
    """Sign the draft for your city (an editor of that city), dated today."""
    with db.write() as session:
        signing.sign(session, actor, position_id, body.city_id)
    return _position(db, actor, position_id)


@router.delete("/positions/{position_id}/signatures/{city_id}", status_code=204)
def withdraw(position_id: PathId, city_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Withdraw your city's signature before it is sent (an editor of that city). If-Match: its ETag."""
    with db.write() as session:
        signing.withdraw_signature(session, actor, position_id, city_id, expected_version=version)
    return Response(status_code=204)


@router.post("/positions/{position_id}/send", response_model=PositionOut)
def send(
    position_id: PathId, body: SendIn, db: DB, actor: Writer, version: IfMatch, response: Response
) -> PositionOut:
    """Mark the position sent (its drafter); from then on it is public. If-Match: its ETag."""
    with db.write() as session:
        sending.send(session, actor, position_id, body.sent_on, body.channel, expected_version=version)
    return _position(db, actor, position_id, response)


@router.post("/positions/{position_id}/answer", response_model=PositionOut)
def answer(
    position_id: PathId, body: AnswerIn, db: DB, actor: Writer, version: IfMatch, response: Response
) -> PositionOut:
    """Record how the addressee followed it (its drafter); If-Match: its ETag."""
    with db.write() as session:
        sending.record_answer(
            session, actor, position_id, body.model_dump(mode="json"), expected_version=version
        )
    return _position(db, actor, position_id, response)
