"""Changing the House of Change: proposing and editing an idea, reviews in the three roles,
organisations' support, and the facilitators' steps through the lifecycle. Every change is audited;
a refused request writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import ACTION_FIELDS, REVIEW_ROLES
from citypact.domain.ideas import (
    ANSWER_MAX,
    FACILITATOR_MOVES,
    IdeaError,
    check_answers,
    check_move,
    may_edit,
    may_review,
    normalise_gpc_sectors,
    normalise_sdgs,
    split_codes,
)
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, RateLimited, require
from citypact.services.ideas.reading import load_idea, roles_reviewed
from citypact.services.input import clean_code, clean_flag, clean_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.ideas import Idea, IdeaReview, IdeaSupport
from citypact.storage.models import City, Organisation, utcnow

TITLE_MAX: Final = 300
TEXT_MAX: Final = 10_000
NOTE_MAX: Final = 2_000
# A person proposes at most this many ideas in 24 hours: a House of Change is for people, not scripts.
PROPOSALS_PER_DAY: Final = 10
EDITABLE: Final = (
    "title",
    "description",
    "action_field",
    "sdg_targets",
    "gpc_sectors",
    "needs",
    "who_could_join",
    "show_name",
)


@contextmanager
def rules() -> Iterator[None]:
    """Turn a broken domain rule into the service's InvalidInput, with the same field."""
    try:
        yield
    except IdeaError as error:
        raise InvalidInput(error.field, error.message) from None


def _codes(field: str, value: Any) -> list[str]:
    """Codes from a list of strings or one text separated by ";", "," or blanks."""
    if value is None:
        return []
    if isinstance(value, str):
        if len(value) > 400:
            raise InvalidInput(field, "use at most 400 characters.")
        return split_codes(value)
    if isinstance(value, list | tuple) and len(value) <= 200 and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    raise InvalidInput(field, 'give the codes as a list of text, e.g. ["7.2", "11.6"].')


def _clean(field: str, value: Any) -> Any:
    with rules():
        if field == "title":
            return clean_text("title", value, TITLE_MAX, required=True)
        if field == "action_field":
            return clean_code("action_field", value, ACTION_FIELDS)
        if field == "sdg_targets":
            return normalise_sdgs(_codes(field, value))
        if field == "gpc_sectors":
            return normalise_gpc_sectors(_codes(field, value))
        if field == "show_name":
            return clean_flag("show_name", value)
        return clean_text(field, value, TEXT_MAX)


def _snapshot(idea: Idea) -> dict[str, Any]:
    return {f: getattr(idea, f) for f in EDITABLE}


def propose(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    title: Any,
    action_field: Any,
    description: Any = "",
    sdg_targets: Any = None,
    gpc_sectors: Any = None,
    needs: Any = "",
    who_could_join: Any = "",
    organisation_id: int | None = None,
    show_name: Any = False,
) -> Idea:
    """Anyone signed in proposes an idea in the city's House of Change, in their own name (shown only
    with their consent) or in the name of an organisation the city confirmed they speak for."""
    require(actor.is_authenticated, False)
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    since = utcnow() - dt.timedelta(days=1)
    recent = session.scalar(
        select(func.count()).where(Idea.proposed_by == actor.user_id, Idea.created_at >= since)
    )
    if (recent or 0) >= PROPOSALS_PER_DAY:
        raise RateLimited(
            f"You proposed {PROPOSALS_PER_DAY} ideas in the last 24 hours, the most a person may; "
            "propose the next one tomorrow, or add to one of yours."
        )
    if organisation_id is not None:
        if session.get(Organisation, organisation_id) is None:
            raise InvalidInput("organisation_id", f"no organisation with id {organisation_id}.")
        require(
            actor.speaks_for(organisation_id),
            True,
            "You propose in an organisation's name only once the city confirmed you speak for it.",
        )
    values = {
        "title": _clean("title", title),
        "description": _clean("description", description),
        "action_field": _clean("action_field", action_field),
        "sdg_targets": _clean("sdg_targets", sdg_targets),
        "gpc_sectors": _clean("gpc_sectors", gpc_sectors),
        "needs": _clean("needs", needs),
        "who_could_join": _clean("who_could_join", who_could_join),
        "show_name": _clean("show_name", show_name),
    }
    idea = Idea(
        city_id=city_id, status="open", proposed_by=actor.user_id, organisation_id=organisation_id, **values
    )
    session.add(idea)
    session.flush()
    audit.record(
        session, actor, "propose", "idea", idea.id, city_id=city_id,
        after={**values, "organisation_id": organisation_id},
    )  # fmt: skip
    return idea


def update_idea(
    session: Session, actor: Actor, idea_id: int, changes: Mapping[str, Any], *, expected_version: int | None
) -> Idea:
    """The proposer edits the idea while it is open; `expected_version` guards against a lost update."""
    idea = load_idea(session, actor, idea_id)
    require(
        actor.is_authenticated and idea.proposed_by == actor.user_id,
        actor.is_authenticated,
        "Only the person who proposed the idea edits it.",
    )
    if not may_edit(idea.status) or idea.hidden:
        raise Conflict(f"The idea is {idea.status}; it is edited only while it is open.")
    unknown = [f for f in changes if f not in EDITABLE]
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be changed here; change {', '.join(EDITABLE)}.")
    check_version("idea", idea_id, idea.version, expected_version)
    before = _snapshot(idea)
    for field, value in changes.items():
        setattr(idea, field, _clean(field, value))
    old, new = audit.changed_fields(before, _snapshot(idea))
    if new:
        idea.updated_at = utcnow()
        flush_checked(session, "idea", idea_id, expected_version)
        audit.record(session, actor, "update", "idea", idea_id, city_id=idea.city_id, before=old, after=new)
    return idea


def move(
    session: Session,
    actor: Actor,
    idea_id: int,
    status: Any,
    *,
    reason: Any = "",
    expected_version: int | None = None,
) -> Idea:
    """The city's editors facilitate: open -> in_review -> ready, back to review, or archived with a
    reason. "became_deal" is set when a deal is made of the idea, not here."""
    idea = load_idea(session, actor, idea_id)
    require(
        actor.can_edit_city(idea.city_id),
        actor.is_authenticated,
        "The city's editors facilitate the House of Change.",
    )
    new = clean_code("status", status, sorted(FACILITATOR_MOVES))
    why = clean_text("reason", reason, NOTE_MAX)
    check_version("idea", idea_id, idea.version, expected_version)
    with rules():
        check_move(idea.status, new, reason=why, roles_reviewed=roles_reviewed(session, idea_id))
    before = {"status": idea.status, "status_reason": idea.status_reason}
    idea.status = new
    idea.status_reason = why if new == "archived" else ""
    idea.updated_at = utcnow()
    flush_checked(session, "idea", idea_id, expected_version)
    audit.record(
        session, actor, "move", "idea", idea_id, city_id=idea.city_id, before=before,
        after={"status": new, "status_reason": idea.status_reason},
    )  # fmt: skip
    return idea


def add_review(
    session: Session, actor: Actor, idea_id: int, role: Any, answers: Any, *, show_name: Any = False
) -> IdeaReview:
    """A signed-in person other than the proposer looks at the idea in one role, once per role,
    while the idea is in review."""
    require(actor.is_authenticated, False)
    idea = load_idea(session, actor, idea_id)
    clean_role = clean_code("role", role, REVIEW_ROLES)
    require(idea.proposed_by != actor.user_id, True, "You proposed this idea; others review it.")
    if not may_review(idea.status):
        raise Conflict(f"The idea is {idea.status}; reviews are written while it is in review.")
    if not isinstance(answers, Mapping) or len(answers) > 20:
        raise InvalidInput("answers", "give the answers as {question: text}.")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in answers.items()):
        raise InvalidInput("answers", "give each answer as text.")
    with rules():
        clean = check_answers(clean_role, answers)
    for code, text in clean.items():
        clean_text(code, text, ANSWER_MAX)  # the same hostile-text check as every other field
    flag = clean_flag("show_name", show_name)
    exists = session.scalar(
        select(IdeaReview.id).where(
            IdeaReview.idea_id == idea_id,
            IdeaReview.role == clean_role,
            IdeaReview.reviewer_id == actor.user_id,
        )
    )
    if exists is not None:
        raise Conflict(f"You reviewed this idea as {clean_role} already; one review per role.")
    review = IdeaReview(
        idea_id=idea_id, role=clean_role, reviewer_id=actor.user_id, answers=clean, show_name=flag
    )
    session.add(review)
    session.flush()
    audit.record(
        session, actor, "review", "idea", idea_id, city_id=idea.city_id,
        after={"review_id": review.id, "role": clean_role, "answers": clean},
    )  # fmt: skip
    return review


def add_support(
    session: Session, actor: Actor, idea_id: int, organisation_id: int, *, note: Any = ""
) -> IdeaSupport:
    """A person the city confirmed for an organisation adds its "we would join", once per organisation."""
    require(actor.is_authenticated, False)
    idea = load_idea(session, actor, idea_id)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise InvalidInput("organisation_id", f"no organisation with id {organisation_id}.")
    require(
        actor.speaks_for(organisation_id) and organisation.status == "confirmed",
        True,
        "Only people the city confirmed for the organisation add its support.",
    )
    if idea.status in ("became_deal", "archived"):
        raise Conflict(f"The idea is {idea.status}; support is added while it is still growing.")
    clean_note = clean_text("note", note, NOTE_MAX)
    exists = session.scalar(
        select(IdeaSupport.id).where(
            IdeaSupport.idea_id == idea_id, IdeaSupport.organisation_id == organisation_id
        )
    )
    if exists is not None:
        raise Conflict(f"{organisation.name} supports this idea already.")
    support = IdeaSupport(
        idea_id=idea_id, organisation_id=organisation_id, user_id=actor.user_id, note=clean_note
    )
    session.add(support)
    session.flush()
    audit.record(
        session, actor, "support", "idea", idea_id, city_id=idea.city_id,
        after={"organisation_id": organisation_id, "note": clean_note},
    )  # fmt: skip
    return support
