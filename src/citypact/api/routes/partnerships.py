"""/api/v1: partnerships (proposal, acceptance, signatures, later steps, goals, work plan, exchange log,
twinning history, declaration) and events of partnerships and networks with their participants."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import RedirectResponse

from citypact.api.schemas.partnerships import (
    CityActIn,
    CreatedOut,
    DoneIn,
    EventIn,
    EventOut,
    EventPatch,
    EventSummaryOut,
    ExchangeIn,
    GoalIn,
    GoalStatusIn,
    ImportedOut,
    MemberIn,
    ParticipantIn,
    PartnershipIn,
    PartnershipOut,
    PartnershipPatch,
    PartnershipSummaryOut,
    SignIn,
    StatusIn,
    TaskIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import (
    DB,
    CurrentActor,
    IfMatch,
    OptionalIfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
    etag,
)
from citypact.services.cooperation import events, partnerships
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["partnerships"])


def _partnership(db: Database, actor: Actor, partnership_id: int) -> PartnershipOut:
    """The partnership as the actor now sees it, read after the write committed."""
    with db.read() as session:
        return PartnershipOut.model_validate(partnerships.get_partnership(session, actor, partnership_id))


def _event(db: Database, actor: Actor, event_id: int) -> EventOut:
    with db.read() as session:
        return EventOut.model_validate(events.get_event(session, actor, event_id))


@router.get("/cities/{city_id}/partnerships", response_model=list[PartnershipSummaryOut])
def list_for_city(city_id: PathId, session: ReadDB, actor: CurrentActor) -> list[PartnershipSummaryOut]:
    """The city's partnerships you may see: public ones, and all of them for its staff and networks."""
    return [
        PartnershipSummaryOut.model_validate(p)
        for p in partnerships.list_partnerships(session, actor, city_id)
    ]


@router.post("/partnerships", response_model=PartnershipOut, status_code=201)
def propose(body: PartnershipIn, db: DB, actor: Writer) -> PartnershipOut:
    """Propose a partnership of your city; the partner cities' editors accept it."""
    with db.write() as session:
        pid = partnerships.propose(
            session,
            actor,
            body.city_id,
            title=body.title,
            kind=body.kind,
            role=body.role,
            partners=[p.model_dump() for p in body.partners],
            description=body.description,
            is_public=body.is_public,
            network=body.network,
        ).id
    return _partnership(db, actor, pid)


@router.get("/partnerships/{partnership_id}", response_model=PartnershipOut)
def detail(
    partnership_id: PathId, session: ReadDB, actor: CurrentActor, response: Response
) -> PartnershipOut:
    """Members, their network's secretariat and administrators see everything; others the public
    parts of a public partnership. The ETag is its version, for If-Match on PATCH."""
    found = PartnershipOut.model_validate(partnerships.get_partnership(session, actor, partnership_id))
    response.headers.update(etag(found.version))
    return found


@router.patch("/partnerships/{partnership_id}", response_model=PartnershipOut)
def change(
    partnership_id: PathId,
    body: PartnershipPatch,
    db: DB,
    actor: Writer,
    version: IfMatch,
    response: Response,
) -> PartnershipOut:
    """If-Match: the ETag read (412 stale; 428 missing once the partnership or a part of it changed)."""
    with db.write() as session:
        partnerships.update_partnership(
            session, actor, partnership_id, body.model_dump(exclude_unset=True), expected_version=version
        )
    found = _partnership(db, actor, partnership_id)
    response.headers.update(etag(found.version))
    return found


@router.post("/partnerships/{partnership_id}/accept", response_model=PartnershipOut)
def accept(partnership_id: PathId, body: CityActIn, db: DB, actor: Writer) -> PartnershipOut:
    """Accept the proposal for your city; accepted when every member city has."""
    with db.write() as session:
        partnerships.accept(session, actor, partnership_id, body.city_id)
    return _partnership(db, actor, partnership_id)


@router.post("/partnerships/{partnership_id}/sign", response_model=PartnershipOut)
def sign(partnership_id: PathId, body: SignIn, db: DB, actor: Writer) -> PartnershipOut:
    """Record the date your city signed the declaration; declared when every partner city has."""
    with db.write() as session:
        partnerships.sign(
            session, actor, partnership_id, body.city_id, signed_on=body.signed_on, signatory=body.signatory
        )
    return _partnership(db, actor, partnership_id)


@router.post("/partnerships/{partnership_id}/status", response_model=PartnershipOut)
def set_status(
    partnership_id: PathId, body: StatusIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> PartnershipOut:
    """declared -> active, active -> reviewed (the secretariat, with its findings as note), or ended.
    An optional If-Match refuses the move if the partnership changed meanwhile."""
    with db.write() as session:
        partnerships.set_status(
            session, actor, partnership_id, body.status, note=body.note, expected_version=version
        )
    return _partnership(db, actor, partnership_id)


@router.post("/partnerships/{partnership_id}/members", response_model=PartnershipOut, status_code=201)
def add_member(partnership_id: PathId, body: MemberIn, db: DB, actor: Writer) -> PartnershipOut:
    """Invite a city: as a partner while proposed, as an observer at any time."""
    with db.write() as session:
        partnerships.add_member(session, actor, partnership_id, body.city_id, body.role)
    return _partnership(db, actor, partnership_id)


@router.post("/partnerships/{partnership_id}/goals", response_model=CreatedOut, status_code=201)
def add_goal(partnership_id: PathId, body: GoalIn, db: DB, actor: Writer) -> CreatedOut:
    with db.write() as session:
        goal = partnerships.add_goal(
            session, actor, partnership_id, text=body.text, target_date=body.target_date
        )
        return CreatedOut(id=goal.id)


@router.patch("/partnerships/{partnership_id}/goals/{goal_id}", status_code=204)
def set_goal_status(
    partnership_id: PathId, goal_id: PathId, body: GoalStatusIn, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """If-Match: the goal's `version` as the partnership lists it."""
    with db.write() as session:
        partnerships.set_goal_status(
            session, actor, partnership_id, goal_id, body.status, expected_version=version
        )
    return Response(status_code=204)


@router.post("/partnerships/{partnership_id}/tasks", response_model=CreatedOut, status_code=201)
def add_task(partnership_id: PathId, body: TaskIn, db: DB, actor: Writer) -> CreatedOut:
    """A task of the joint work plan, owned by a member city."""
    with db.write() as session:
        return CreatedOut(id=partnerships.add_task(session, actor, partnership_id, **body.model_dump()).id)


@router.post("/partnerships/{partnership_id}/tasks/{task_id}/done", status_code=204)
def task_done(
    partnership_id: PathId, task_id: PathId, body: DoneIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> Response:
    with db.write() as session:
        partnerships.complete_task(
            session, actor, partnership_id, task_id, body.done_on, expected_version=version
        )
    return Response(status_code=204)


@router.post("/partnerships/{partnership_id}/exchanges", response_model=CreatedOut, status_code=201)
def add_exchange(partnership_id: PathId, body: ExchangeIn, db: DB, actor: Writer) -> CreatedOut:
    """An entry of the exchange log: a visit, webinar, joint project, twinning or other exchange."""
    with db.write() as session:
        return CreatedOut(id=partnerships.add_exchange(session, actor, partnership_id, body.model_dump()).id)


@router.post("/partnerships/{partnership_id}/twinning-import", response_model=ImportedOut)
def import_twinning(partnership_id: PathId, db: DB, actor: Writer) -> ImportedOut:
    """The twin-town links between member cities, into the exchange log as "twinning" entries."""
    with db.write() as session:
        return ImportedOut(added=partnerships.import_twinning_history(session, actor, partnership_id))


@router.get(
    "/partnerships/{partnership_id}/declaration.pdf",
    response_class=RedirectResponse,
    status_code=307,
    responses={307: {"description": "to the PDF, rendered by the pages in the language asked for"}},
)
def declaration(
    partnership_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    lang: Annotated[Literal["en", "de", "ja"] | None, Query()] = None,
) -> RedirectResponse:
    """The partnership declaration as PDF: partner cities, shared goals, signature dates (blank lines
    for those not yet signed). The pages render it; this redirects there (send the same token)."""
    partnerships.get_partnership(session, actor, partnership_id)  # 404 before the redirect
    query = f"?lang={lang}" if lang else ""
    return RedirectResponse(f"/partnerships/{partnership_id}/declaration.pdf{query}", status_code=307)


# --- events -------------------------------------------------------------------------------------------


@router.post("/partnerships/{partnership_id}/events", response_model=EventOut, status_code=201)
def add_partnership_event(partnership_id: PathId, body: EventIn, db: DB, actor: Writer) -> EventOut:
    """A workshop (kick-off, intermediate, final), sprint, webinar or visit of the partnership."""
    with db.write() as session:
        event_id = events.create_event(session, actor, body.model_dump(), partnership_id=partnership_id).id
    return _event(db, actor, event_id)


@router.post("/networks/{slug}/events", response_model=EventOut, status_code=201)
def add_network_event(slug: str, body: EventIn, db: DB, actor: Writer) -> EventOut:
    """An event of the network, e.g. a knowledge-exchange sprint with observer cities (its secretariat)."""
    with db.write() as session:
        event_id = events.create_event(session, actor, body.model_dump(), network=slug).id
    return _event(db, actor, event_id)


@router.get("/networks/{slug}/events", response_model=list[EventSummaryOut])
def network_events(slug: str, session: ReadDB, actor: CurrentActor) -> list[EventSummaryOut]:
    return [EventSummaryOut.model_validate(e) for e in events.list_network_events(session, actor, slug)]


@router.get("/events/{event_id}", response_model=EventOut)
def event_detail(event_id: PathId, session: ReadDB, actor: CurrentActor, response: Response) -> EventOut:
    """An event with participants, agenda, outcomes and recommendations (people's names for members).
    The ETag is its version, for If-Match on PATCH."""
    found = EventOut.model_validate(events.get_event(session, actor, event_id))
    response.headers.update(etag(found.version))
    return found


@router.patch("/events/{event_id}", response_model=EventOut)
def change_event(
    event_id: PathId, body: EventPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> EventOut:
    """If-Match: the ETag read (412 stale, 428 missing once changed since creation)."""
    with db.write() as session:
        events.update_event(
            session, actor, event_id, body.model_dump(exclude_unset=True), expected_version=version
        )
    found = _event(db, actor, event_id)
    response.headers.update(etag(found.version))
    return found


@router.post("/events/{event_id}/participants", response_model=EventOut, status_code=201)
def add_participant(event_id: PathId, body: ParticipantIn, db: DB, actor: Writer) -> EventOut:
    with db.write() as session:
        events.add_participant(
            session, actor, event_id, body.city_id, role=body.role, people_count=body.people_count,
            people=body.people,
        )  # fmt: skip
    return _event(db, actor, event_id)


@router.delete("/events/{event_id}/participants/{city_id}", status_code=204)
def remove_participant(event_id: PathId, city_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        events.remove_participant(session, actor, event_id, city_id)
    return Response(status_code=204)
