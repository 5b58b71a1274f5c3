"""Moderation of the House of Change: anyone signed in reports an idea or a review with a reason;
the city's editors see the open reports and hide the item with a reason, or keep it. Hidden content
disappears for everyone but the city's facilitators, who see it marked. Everything is audited."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.ideas.reading import load_idea
from citypact.services.ideas.views import ReportView
from citypact.services.input import clean_text
from citypact.services.paging import Page, bounds
from citypact.storage.ideas import ContentReport, Idea, IdeaReview
from citypact.storage.models import City, utcnow

REASON_MAX: Final = 2_000
OPEN_REPORTS_MAX: Final = 20  # open reports one person may have at a time, so reports cannot flood the queue


def _review_of(session: Session, idea: Idea, review_id: int) -> IdeaReview:
    review = session.get(IdeaReview, review_id)
    if review is None or review.idea_id != idea.id:
        raise NotFound("review", review_id)
    return review


def _about(review_id: int | None) -> ColumnElement[bool]:
    """Reports of the idea itself (no review) or of one review."""
    if review_id is None:
        return ContentReport.review_id.is_(None)
    return ContentReport.review_id == review_id


def report(
    session: Session, actor: Actor, idea_id: int, reason: Any, *, review_id: int | None = None
) -> ContentReport:
    """Report the idea, or one of its reviews, to the city's editors."""
    require(actor.is_authenticated, False)
    idea = load_idea(session, actor, idea_id)
    if review_id is not None:
        review = _review_of(session, idea, review_id)
        if review.hidden and not actor.can_edit_city(idea.city_id):
            raise NotFound("review", review_id)
    why = clean_text("reason", reason, REASON_MAX, required=True)
    mine_open = select(ContentReport.id).where(
        ContentReport.reported_by == actor.user_id, ContentReport.outcome.is_(None)
    )
    same_item = mine_open.where(ContentReport.idea_id == idea_id, _about(review_id))
    if session.scalar(same_item) is not None:
        raise Conflict("You reported this already; the city's editors will look at it.")
    if (session.scalar(select(func.count()).select_from(mine_open.subquery())) or 0) >= OPEN_REPORTS_MAX:
        raise Conflict(f"You have {OPEN_REPORTS_MAX} reports waiting; wait until the editors look at them.")
    found = ContentReport(idea_id=idea_id, review_id=review_id, reason=why, reported_by=actor.user_id)
    session.add(found)
    session.flush()
    audit.record(
        session, actor, "report", "idea", idea_id, city_id=idea.city_id,
        after={"report_id": found.id, "review_id": review_id, "reason": why},
    )  # fmt: skip
    return found


def _facilitate(session: Session, actor: Actor, idea_id: int) -> Idea:
    idea = load_idea(session, actor, idea_id)
    require(
        actor.can_edit_city(idea.city_id), actor.is_authenticated, "The city's editors moderate its ideas."
    )
    return idea


def _close_reports(
    session: Session, actor: Actor, idea_id: int, review_id: int | None, outcome: str
) -> list[int]:
    query = select(ContentReport).where(ContentReport.idea_id == idea_id, ContentReport.outcome.is_(None))
    query = query.where(_about(review_id))
    closed = []
    for found in session.scalars(query):
        found.outcome, found.resolved_by, found.resolved_at = outcome, actor.user_id, utcnow()
        closed.append(found.id)
    return closed


def hide(session: Session, actor: Actor, idea_id: int, reason: Any, *, review_id: int | None = None) -> None:
    """Hide the idea, or one of its reviews, with a reason; its open reports are closed as hidden."""
    idea = _facilitate(session, actor, idea_id)
    why = clean_text("reason", reason, REASON_MAX, required=True)
    target: Idea | IdeaReview = idea if review_id is None else _review_of(session, idea, review_id)
    if target.hidden:
        raise Conflict("This is hidden already.")
    target.hidden, target.hidden_reason = True, why
    if isinstance(target, Idea):
        target.hidden_by = actor.user_id
        target.updated_at = utcnow()
    closed = _close_reports(session, actor, idea_id, review_id, "hidden")
    audit.record(
        session, actor, "hide", "idea", idea_id, city_id=idea.city_id,
        after={"review_id": review_id, "reason": why, "reports": closed},
    )  # fmt: skip


def restore(
    session: Session, actor: Actor, idea_id: int, reason: Any, *, review_id: int | None = None
) -> None:
    """Show a hidden idea, or one of its hidden reviews, again (a hiding that was a mistake, or
    content edited since); the reason joins the audit trail beside the hiding's."""
    idea = _facilitate(session, actor, idea_id)
    why = clean_text("reason", reason, REASON_MAX, required=True)
    target: Idea | IdeaReview = idea if review_id is None else _review_of(session, idea, review_id)
    if not target.hidden:
        raise Conflict("This is not hidden.")
    before = {"review_id": review_id, "reason": target.hidden_reason}
    target.hidden, target.hidden_reason = False, ""
    if isinstance(target, Idea):
        target.hidden_by = None
        target.updated_at = utcnow()
    audit.record(
        session, actor, "restore", "idea", idea_id, city_id=idea.city_id,
        before=before, after={"review_id": review_id, "reason": why},
    )  # fmt: skip


def keep(session: Session, actor: Actor, report_id: int) -> ContentReport:
    """Keep the reported item as it is; the open reports of the same item are closed as kept."""
    found = session.get(ContentReport, report_id)
    if found is None:
        raise NotFound("report", report_id)
    idea = _facilitate(session, actor, found.idea_id)
    if found.outcome is not None:
        raise Conflict(f"This report was closed already ({found.outcome}).")
    closed = _close_reports(session, actor, idea.id, found.review_id, "kept")
    audit.record(
        session, actor, "keep", "idea", idea.id, city_id=idea.city_id,
        after={"review_id": found.review_id, "reports": closed},
    )  # fmt: skip
    return found


def open_reports(
    session: Session, actor: Actor, city_id: int, *, page: int = 1, size: int = 50
) -> Page[ReportView]:
    """The city's reports waiting for a decision, oldest first: for the city's editors."""
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    require(actor.can_edit_city(city_id), actor.is_authenticated, "The city's editors moderate its ideas.")
    query = (
        select(ContentReport, Idea.title)
        .join(Idea, Idea.id == ContentReport.idea_id)
        .where(Idea.city_id == city_id, ContentReport.outcome.is_(None))
    )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset, limit = bounds(page, size, total)
    rows = session.execute(
        query.order_by(ContentReport.created_at, ContentReport.id).offset(offset).limit(limit)
    )
    items = [
        ReportView(r.id, r.idea_id, title, r.review_id, r.reason, r.created_at, r.outcome, r.resolved_at)
        for r, title in rows
    ]
    return Page(items, total, offset, limit)


def check_report_target(review_id: Any) -> int | None:
    """A review id from a request, or None for the idea itself."""
    if review_id in (None, ""):
        return None
    if isinstance(review_id, bool) or not isinstance(review_id, int) or not 1 <= review_id <= 2_147_483_647:
        raise InvalidInput("review_id", "give the review's id, a whole number.")
    return review_id
