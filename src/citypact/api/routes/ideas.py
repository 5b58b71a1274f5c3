"""/api/v1/ideas: the House of Change. A city's ideas (filters: status, action field), proposing
and editing an idea, reviews in the three roles, organisations' support, reports, the facilitators'
steps and moderation (hide, restore, keep)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.ideas import (
    HideIn,
    IdeaIn,
    IdeaList,
    IdeaOut,
    IdeaPatch,
    MoveIn,
    ReportIn,
    ReportList,
    ReportOut,
    ReviewIn,
    SupportIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import (
    DB,
    MAX_ID,
    CurrentActor,
    IfMatch,
    OptionalIfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
    etag,
)
from citypact.services import ideas
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, prefix="/ideas", tags=["ideas"])

CityId = Annotated[int, Query(ge=1, le=MAX_ID, description="the city's id")]
Page = Annotated[int, Query(ge=1, le=100_000)]
Size = Annotated[int, Query(ge=1, le=200)]


def _idea(db: Database, actor: Actor, idea_id: int, response: Response | None = None) -> IdeaOut:
    """The idea as the actor now sees it, read after the write committed."""
    with db.read() as session:
        found = IdeaOut.model_validate(ideas.get_idea(session, actor, idea_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


@router.get("", response_model=IdeaList)
def list_ideas(
    session: ReadDB,
    actor: CurrentActor,
    city_id: CityId,
    status: Annotated[str | None, Query(max_length=12, description="open, in_review, ready, ...")] = None,
    action_field: Annotated[str | None, Query(max_length=30, description="e.g. clean_energy")] = None,
    page: Page = 1,
    size: Size = 50,
) -> IdeaList:
    """The city's ideas, newest first; hidden ones only for the city's editors, marked."""
    found = ideas.list_ideas(
        session, actor, city_id, status=status, action_field=action_field, page=page, size=size
    )
    return IdeaList.model_validate(found)


@router.post("", response_model=IdeaOut, status_code=201)
def propose(body: IdeaIn, db: DB, actor: Writer, response: Response) -> IdeaOut:
    """Propose an idea in a city's House of Change (signed in); your name is shown only if show_name."""
    with db.write() as session:
        idea_id = ideas.propose(
            session,
            actor,
            body.city_id,
            title=body.title,
            action_field=body.action_field,
            description=body.description,
            sdg_targets=body.sdg_targets,
            gpc_sectors=body.gpc_sectors,
            needs=body.needs,
            who_could_join=body.who_could_join,
            organisation_id=body.organisation_id,
            show_name=body.show_name,
        ).id
    return _idea(db, actor, idea_id, response)


@router.get("/reports", response_model=ReportList)
def open_reports(
    session: ReadDB, actor: CurrentActor, city_id: CityId, page: Page = 1, size: Size = 50
) -> ReportList:
    """The city's reports waiting for a decision (the city's editors)."""
    return ReportList.model_validate(ideas.open_reports(session, actor, city_id, page=page, size=size))


@router.post("/reports/{report_id}/keep", response_model=ReportOut)
def keep(report_id: PathId, db: DB, actor: Writer) -> ReportOut:
    """Keep the reported idea or review as it is; its open reports are closed."""
    with db.write() as session:
        found = ideas.keep(session, actor, report_id)
        return ReportOut.model_validate(found)


@router.get("/{idea_id}", response_model=IdeaOut)
def detail(idea_id: PathId, db: DB, actor: CurrentActor, response: Response) -> IdeaOut:
    """The idea with its reviews and support; the ETag is its version, for If-Match on PATCH."""
    return _idea(db, actor, idea_id, response)


@router.patch("/{idea_id}", response_model=IdeaOut)
def change(
    idea_id: PathId, body: IdeaPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> IdeaOut:
    """The proposer edits the idea while it is open. If-Match: the ETag read (412 stale)."""
    with db.write() as session:
        ideas.update_idea(
            session, actor, idea_id, body.model_dump(exclude_unset=True), expected_version=version
        )
    return _idea(db, actor, idea_id, response)


@router.post("/{idea_id}/reviews", response_model=IdeaOut, status_code=201)
def review(idea_id: PathId, body: ReviewIn, db: DB, actor: Writer) -> IdeaOut:
    """Review the idea in one role while it is in review (not your own idea; once per role)."""
    with db.write() as session:
        ideas.add_review(session, actor, idea_id, body.role, body.answers, show_name=body.show_name)
    return _idea(db, actor, idea_id)


@router.post("/{idea_id}/support", response_model=IdeaOut, status_code=201)
def support(idea_id: PathId, body: SupportIn, db: DB, actor: Writer) -> IdeaOut:
    """Add the "we would join" of an organisation the city confirmed you for."""
    with db.write() as session:
        ideas.add_support(session, actor, idea_id, body.organisation_id, note=body.note)
    return _idea(db, actor, idea_id)


@router.post("/{idea_id}/reports", response_model=ReportOut, status_code=201)
def report(idea_id: PathId, body: ReportIn, db: DB, actor: Writer) -> ReportOut:
    """Report the idea or one of its reviews to the city's editors."""
    with db.write() as session:
        found = ideas.report(session, actor, idea_id, body.reason, review_id=body.review_id)
        return ReportOut.model_validate(found)


@router.post("/{idea_id}/status", response_model=IdeaOut)
def move(idea_id: PathId, body: MoveIn, db: DB, actor: Writer, version: OptionalIfMatch) -> IdeaOut:
    """The city's editors move the idea: in_review, ready (a review in each role), archived (reason)."""
    with db.write() as session:
        ideas.move(session, actor, idea_id, body.status, reason=body.reason, expected_version=version)
    return _idea(db, actor, idea_id)


@router.post("/{idea_id}/hide", response_model=IdeaOut)
def hide(idea_id: PathId, body: HideIn, db: DB, actor: Writer) -> IdeaOut:
    """The city's editors hide the idea or one of its reviews, with a reason."""
    with db.write() as session:
        ideas.hide(session, actor, idea_id, body.reason, review_id=body.review_id)
    return _idea(db, actor, idea_id)


@router.post("/{idea_id}/restore", response_model=IdeaOut)
def restore(idea_id: PathId, body: HideIn, db: DB, actor: Writer) -> IdeaOut:
    """The city's editors show a hidden idea, or one of its hidden reviews, again, with a reason."""
    with db.write() as session:
        ideas.restore(session, actor, idea_id, body.reason, review_id=body.review_id)
    return _idea(db, actor, idea_id)
