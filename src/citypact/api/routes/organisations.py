"""/api/v1/organisations: local stakeholder organisations, registered by their people and confirmed
by the city's editors, who also decide each person's request to speak for one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.organisations import (
    JoinIn,
    MineOut,
    OrganisationDetail,
    OrganisationIn,
    OrganisationList,
    OrganisationPatch,
    PersonOut,
    QueueOut,
    ReasonIn,
    RequestOut,
)
from citypact.domain.access import Actor
from citypact.http.deps import DB, MAX_ID, CurrentActor, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services.paging import MAX_PAGE_SIZE
from citypact.services.stakeholders import reading, registration
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["stakeholders"])
CityQuery = Annotated[int, Query(ge=1, le=MAX_ID, description="the city's id")]


def _detail(db: Database, actor: Actor, organisation_id: int, response: Response) -> OrganisationDetail:
    """The organisation as the actor now sees it, read after the write committed, with its ETag."""
    with db.read() as session:
        found = OrganisationDetail.model_validate(reading.get_organisation(session, actor, organisation_id))
    response.headers.update(etag(found.organisation.version))
    return found


@router.get("/organisations", response_model=OrganisationList)
def list_organisations(
    session: ReadDB,
    actor: CurrentActor,
    city_id: CityQuery,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 100,
) -> OrganisationList:
    """A city's confirmed organisations by name (contact e-mails for its staff only)."""
    found = reading.list_organisations(session, actor, city_id, page=page, size=size)
    return OrganisationList.model_validate(found)


@router.post("/organisations", response_model=OrganisationDetail, status_code=201)
def register(body: OrganisationIn, db: DB, actor: Writer, response: Response) -> OrganisationDetail:
    """Register an organisation you work for; it is pending until the city's editors confirm it, and
    only then do you speak for it."""
    with db.write() as session:
        values = body.model_dump(exclude={"city_id", "position"})
        org_id = registration.register(session, actor, body.city_id, values, position=body.position).id
    return _detail(db, actor, org_id, response)


@router.get("/organisations/queue", response_model=QueueOut)
def queue(session: ReadDB, actor: CurrentActor, city_id: CityQuery) -> QueueOut:
    """What waits for the city's editors: registrations and requests to join, oldest first."""
    return QueueOut.model_validate(reading.queue(session, actor, city_id))


@router.get("/organisations/mine", response_model=list[MineOut])
def mine(session: ReadDB, actor: CurrentActor) -> list[MineOut]:
    """The organisations you asked to speak for, and where each request stands."""
    return [MineOut.model_validate(m) for m in reading.my_organisations(session, actor)]


@router.get("/organisations/{organisation_id}", response_model=OrganisationDetail)
def detail(
    organisation_id: PathId, session: ReadDB, actor: CurrentActor, response: Response
) -> OrganisationDetail:
    """The organisation, its people (for those who may see them) and its deals; the ETag is its
    version, for If-Match on PATCH."""
    found = OrganisationDetail.model_validate(reading.get_organisation(session, actor, organisation_id))
    response.headers.update(etag(found.organisation.version))
    return found


@router.patch(
    "/organisations/{organisation_id}",
    response_model=OrganisationDetail,
    responses={412: {"description": "stale If-Match"}, 428: {"description": "If-Match needed"}},
)
def change(
    organisation_id: PathId,
    body: OrganisationPatch,
    db: DB,
    actor: Writer,
    version: IfMatch,
    response: Response,
) -> OrganisationDetail:
    """The organisation's confirmed people change its details."""
    with db.write() as session:
        registration.update_organisation(
            session, actor, organisation_id, body.model_dump(exclude_unset=True), expected_version=version
        )
    return _detail(db, actor, organisation_id, response)


@router.post("/organisations/{organisation_id}/confirm", response_model=OrganisationDetail)
def confirm(organisation_id: PathId, db: DB, actor: Writer, response: Response) -> OrganisationDetail:
    """The city's editors confirm a pending organisation; its registrant then speaks for it."""
    with db.write() as session:
        registration.decide_organisation(session, actor, organisation_id, confirm=True)
    return _detail(db, actor, organisation_id, response)


@router.post("/organisations/{organisation_id}/refuse", response_model=OrganisationDetail)
def refuse(
    organisation_id: PathId, body: ReasonIn, db: DB, actor: Writer, response: Response
) -> OrganisationDetail:
    """The city's editors refuse a pending organisation, saying why."""
    with db.write() as session:
        registration.decide_organisation(session, actor, organisation_id, confirm=False, reason=body.reason)
    return _detail(db, actor, organisation_id, response)


def _person_out(db: Database, actor: Actor, organisation_id: int, person_id: int) -> PersonOut:
    with db.read() as session:
        page = reading.get_organisation(session, actor, organisation_id)
    for person in page.people or []:
        if person.id == person_id:
            return PersonOut.model_validate(person)
    raise AssertionError("the person's row was just written")  # pragma: no cover


@router.post("/organisations/{organisation_id}/people", response_model=RequestOut, status_code=201)
def request_to_join(organisation_id: PathId, body: JoinIn, db: DB, actor: Writer) -> RequestOut:
    """Ask to speak for a confirmed organisation; the city's editors decide."""
    with db.write() as session:
        registration.request_to_join(session, actor, organisation_id, position=body.position)
    with db.read() as session:
        found = [m for m in reading.my_organisations(session, actor) if m.organisation.id == organisation_id]
    return RequestOut.model_validate(found[0])


@router.post("/organisations/{organisation_id}/leave", response_model=RequestOut)
def leave(organisation_id: PathId, db: DB, actor: Writer) -> RequestOut:
    """Stop speaking for the organisation, or withdraw your request."""
    with db.write() as session:
        registration.leave(session, actor, organisation_id)
    with db.read() as session:
        found = [m for m in reading.my_organisations(session, actor) if m.organisation.id == organisation_id]
    return RequestOut.model_validate(found[0])


@router.post("/organisations/{organisation_id}/people/{person_id}/confirm", response_model=PersonOut)
def confirm_person(organisation_id: PathId, person_id: PathId, db: DB, actor: Writer) -> PersonOut:
    """The city's editors confirm a person's request: they then speak for the organisation."""
    with db.write() as session:
        registration.decide_person(session, actor, organisation_id, person_id, confirm=True)
    return _person_out(db, actor, organisation_id, person_id)


@router.post("/organisations/{organisation_id}/people/{person_id}/refuse", response_model=PersonOut)
def refuse_person(
    organisation_id: PathId, person_id: PathId, body: ReasonIn, db: DB, actor: Writer
) -> PersonOut:
    """The city's editors refuse a person's request, saying why."""
    with db.write() as session:
        registration.decide_person(
            session, actor, organisation_id, person_id, confirm=False, reason=body.reason
        )
    return _person_out(db, actor, organisation_id, person_id)


@router.post("/organisations/{organisation_id}/people/{person_id}/end", response_model=PersonOut)
def end_person(
    organisation_id: PathId, person_id: PathId, body: ReasonIn, db: DB, actor: Writer
) -> PersonOut:
    """The city's editors end a confirmed person's right to speak for the organisation, saying why."""
    with db.write() as session:
        registration.end_person(session, actor, organisation_id, person_id, reason=body.reason)
    return _person_out(db, actor, organisation_id, person_id)
