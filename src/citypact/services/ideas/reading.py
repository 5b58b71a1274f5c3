"""Reading the House of Change: a city's ideas by status and action field, and one idea with its
reviews and support, as the reader may see them (hidden content only for the city's facilitators)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import ACTION_FIELDS, IDEA_STATUSES, REVIEW_ROLES
from citypact.domain.ideas import FACILITATOR_MOVES, MOVES, may_edit, may_review, missing_roles, split_codes
from citypact.services.errors import NotFound
from citypact.services.ideas.views import IdeaSummary, IdeaView, ReviewView, SupportView
from citypact.services.input import clean_code
from citypact.services.paging import Page, bounds
from citypact.storage.ideas import Idea, IdeaReview, IdeaSupport
from citypact.storage.models import City, Organisation, User


def load_idea(session: Session, actor: Actor, idea_id: int) -> Idea:
    """The idea if the reader may see it: a hidden idea is not found but by its city's facilitators."""
    idea = session.get(Idea, idea_id)
    if idea is None or (idea.hidden and not actor.can_edit_city(idea.city_id)):
        raise NotFound("idea", idea_id)
    return idea


def _names(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def _organisations(session: Session, org_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in org_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return dict(rows.all())


def _shown(user_id: int | None, consented: bool, names: dict[int, str]) -> str | None:
    return names.get(user_id) if consented and user_id is not None else None


def _visible_ideas(actor: Actor, city_id: int) -> Select[Idea]:
    query = select(Idea).where(Idea.city_id == city_id)
    if not actor.can_edit_city(city_id):
        query = query.where(Idea.hidden.is_(False))
    return query


def list_ideas(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    status: str | None = None,
    action_field: str | None = None,
    page: int = 1,
    size: int = 50,
) -> Page[IdeaSummary]:
    """The city's ideas, newest first, filtered by status and action field; anyone reads them."""
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    query = _visible_ideas(actor, city_id)
    if status:
        query = query.where(Idea.status == clean_code("status", status, IDEA_STATUSES))
    if action_field:
        query = query.where(Idea.action_field == clean_code("action_field", action_field, ACTION_FIELDS))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset, limit = bounds(page, size, total)
    ideas = list(
        session.scalars(query.order_by(Idea.created_at.desc(), Idea.id.desc()).offset(offset).limit(limit))
    )
    ids = [i.id for i in ideas]
    reviews = Counter(
        dict(
            session.execute(
                select(IdeaReview.idea_id, func.count())
                .where(IdeaReview.idea_id.in_(ids), IdeaReview.hidden.is_(False))
                .group_by(IdeaReview.idea_id)
            ).all()
        )
    )
    supporters = Counter(
        dict(
            session.execute(
                select(IdeaSupport.idea_id, func.count())
                .where(IdeaSupport.idea_id.in_(ids))
                .group_by(IdeaSupport.idea_id)
            ).all()
        )
    )
    names = _names(session, [i.proposed_by for i in ideas if i.show_name])
    orgs = _organisations(session, [i.organisation_id for i in ideas])
    items = [
        IdeaSummary(
            id=i.id,
            city_id=i.city_id,
            title=i.title,
            action_field=i.action_field,
            status=i.status,
            deal_id=i.deal_id,
            sdg_targets=split_codes(i.sdg_targets),
            gpc_sectors=split_codes(i.gpc_sectors),
            by_name=_shown(i.proposed_by, i.show_name, names),
            by_organisation=orgs.get(i.organisation_id) if i.organisation_id else None,
            reviews=reviews[i.id],
            supporters=supporters[i.id],
            hidden=i.hidden,
            created_at=i.created_at,
        )
        for i in ideas
    ]
    return Page(items, total, offset, limit)


def roles_reviewed(session: Session, idea_id: int) -> list[str]:
    """The roles of the visible reviews: the ones that count towards "ready"."""
    return list(
        session.scalars(
            select(IdeaReview.role)
            .where(IdeaReview.idea_id == idea_id, IdeaReview.hidden.is_(False))
            .distinct()
        )
    )


def get_idea(session: Session, actor: Actor, idea_id: int) -> IdeaView:
    """The idea with its reviews (in role order, oldest first) and support, and what the reader may do."""
    idea = load_idea(session, actor, idea_id)
    facilitates = actor.can_edit_city(idea.city_id)
    query = select(IdeaReview).where(IdeaReview.idea_id == idea_id)
    if not facilitates:
        query = query.where(IdeaReview.hidden.is_(False))
    reviews = sorted(session.scalars(query), key=lambda r: (REVIEW_ROLES.index(r.role), r.created_at, r.id))
    support = list(
        session.execute(
            select(IdeaSupport, Organisation.name)
            .join(Organisation, Organisation.id == IdeaSupport.organisation_id)
            .where(IdeaSupport.idea_id == idea_id)
            .order_by(IdeaSupport.created_at, IdeaSupport.id)
        )
    )
    names = _names(
        session,
        [idea.proposed_by if idea.show_name else None] + [r.reviewer_id for r in reviews if r.show_name],
    )
    orgs = _organisations(session, [idea.organisation_id])
    mine = actor.is_authenticated and idea.proposed_by == actor.user_id
    my_roles = {r.role for r in reviews if actor.is_authenticated and r.reviewer_id == actor.user_id}
    supporting = {s.organisation_id for s, _ in support}
    open_idea = idea.status not in ("became_deal", "archived")
    visible_roles = [r.role for r in reviews if not r.hidden]
    city = session.get(City, idea.city_id)
    return IdeaView(
        id=idea.id,
        city_id=idea.city_id,
        city=city.name if city else "",
        title=idea.title,
        description=idea.description,
        action_field=idea.action_field,
        sdg_targets=split_codes(idea.sdg_targets),
        gpc_sectors=split_codes(idea.gpc_sectors),
        needs=idea.needs,
        who_could_join=idea.who_could_join,
        status=idea.status,
        status_reason=idea.status_reason,
        deal_id=idea.deal_id,
        by_name=_shown(idea.proposed_by, idea.show_name, names),
        by_organisation=orgs.get(idea.organisation_id) if idea.organisation_id else None,
        organisation_id=idea.organisation_id,
        show_name=idea.show_name,
        hidden=idea.hidden,
        hidden_reason=idea.hidden_reason if facilitates else "",
        version=idea.version,
        created_at=idea.created_at,
        updated_at=idea.updated_at,
        reviews=[
            ReviewView(
                id=r.id,
                role=r.role,
                answers={str(k): str(v) for k, v in r.answers.items()},
                by_name=_shown(r.reviewer_id, r.show_name, names),
                mine=actor.is_authenticated and r.reviewer_id == actor.user_id,
                hidden=r.hidden,
                hidden_reason=r.hidden_reason if facilitates else "",
                created_at=r.created_at,
            )
            for r in reviews
        ],
        support=[SupportView(s.organisation_id, name, s.note, s.created_at) for s, name in support],
        missing_roles=missing_roles(visible_roles),
        mine=mine,
        may_edit=mine and may_edit(idea.status) and not idea.hidden,
        may_review=[
            role
            for role in REVIEW_ROLES
            if actor.is_authenticated and not mine and may_review(idea.status) and role not in my_roles
        ],
        may_support=sorted(o for o in actor.organisations() if o not in supporting) if open_idea else [],
        may_facilitate=facilitates,
        moves=sorted(MOVES[idea.status] & FACILITATOR_MOVES) if facilitates else [],
    )


def my_organisations(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the confirmed organisations the actor speaks for, by name: whose name an idea
    may be proposed in, or whose support added."""
    ids = actor.organisations()
    if not ids:
        return []
    rows = session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(ids), Organisation.status == "confirmed")
        .order_by(Organisation.name)
    )
    return [(org_id, name) for org_id, name in rows]


def city_name(session: Session, city_id: int) -> str:
    """The name of the city whose House of Change a page shows."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    return city.name
