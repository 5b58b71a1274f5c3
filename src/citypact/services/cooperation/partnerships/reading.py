"""Reading partnerships: one as the actor may see it, a city's list, and past partners for the
matching.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.partnerships import (
    AGREED,
    SIGNING_ROLES,
    Standing,
    Status,
    next_steps,
    publicly_visible,
    standing,
)
from citypact.services.cooperation.partnerships.invitations import ending
from citypact.services.cooperation.partnerships.loading import Loaded, load
from citypact.services.cooperation.partnerships.views import (
    CityName,
    EventSummary,
    ExchangeView,
    GoalView,
    MemberView,
    NetworkName,
    PartnershipSummary,
    PartnershipView,
    TaskView,
)
from citypact.services.errors import NotFound
from citypact.services.registry.networks import confirmed_network_ids, confirmed_networks
from citypact.storage.models import City, Network, TwinLink
from citypact.storage.partnerships import (
    Event,
    ExchangeEntry,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PartnershipTask,
)


def _member_views(session: Session, members: Sequence[PartnershipMember]) -> list[MemberView]:
    ids = [m.city_id for m in members]
    cities = {c.id: c for c in session.scalars(select(City).where(City.id.in_(ids)))}
    return [
        MemberView(
            m.city_id,
            cities[m.city_id].name,
            cities[m.city_id].country,
            m.role,
            m.accepted_on,
            m.signed_on,
            m.signatory,
        )  # fmt: skip
        for m in members
    ]


def _shown_members(members: Sequence[PartnershipMember], who: Standing) -> list[PartnershipMember]:
    """Members as the reader may see them: all for those who read everything; else those that
    accepted being named, and the reader's own cities."""
    if who.reads_all:
        return list(members)
    return [m for m in members if m.accepted_on is not None or m.city_id in who.observes]


def get_partnership(session: Session, actor: Actor, partnership_id: int) -> PartnershipView:
    """The partnership as the actor may see it (see the module's docstring for the public parts)."""
    loaded = load(session, actor, partnership_id)
    p, who = loaded.partnership, loaded.who
    full = who.reads_all
    goals = [
        GoalView(g.id, g.text, g.target_date, g.status, g.version)
        for g in session.scalars(
            select(PartnershipGoal).where(PartnershipGoal.partnership_id == p.id).order_by(PartnershipGoal.id)
        )
    ]
    tasks: list[TaskView] = []
    if who.reads_work_plan:
        rows = session.execute(
            select(PartnershipTask, City.name)
            .outerjoin(City, City.id == PartnershipTask.owner_city_id)
            .where(PartnershipTask.partnership_id == p.id)
            .order_by(PartnershipTask.due_on.is_(None), PartnershipTask.due_on, PartnershipTask.id)
        ).all()
        tasks = [
            TaskView(t.id, t.title, t.goal_id, t.owner_city_id, name, t.due_on, t.done_on, t.version)
            for t, name in rows
        ]
    log_query = select(ExchangeEntry).where(ExchangeEntry.partnership_id == p.id)
    # Oldest first; an entry known only by its year before the dated ones of that year (the same
    # order on SQLite and PostgreSQL, which sort NULLs differently).
    entries = session.scalars(
        log_query.order_by(
            ExchangeEntry.year.is_(None), ExchangeEntry.year, ExchangeEntry.happened_on.is_not(None),
            ExchangeEntry.happened_on, ExchangeEntry.id,
        )
    ).all()  # fmt: skip
    if not full:  # internal entries only where they name the observer's own city
        entries = [e for e in entries if not e.is_internal or who.observes.intersection(e.city_ids)]
    involved = {i for e in entries for i in e.city_ids}
    cities = {
        c.id: CityName(c.id, c.name, c.country)
        for c in session.scalars(select(City).where(City.id.in_(involved)))
    }
    exchanges = [
        ExchangeView(
            e.id,
            e.kind,
            e.happened_on,
            e.year,
            e.title,
            e.summary,
            [cities[i] for i in e.city_ids if i in cities],
            e.source,
            e.is_internal,
        )  # fmt: skip
        for e in entries
    ]
    event_query = select(Event).where(Event.partnership_id == p.id)
    if not full:
        event_query = event_query.where(Event.is_public.is_(True))
    events = [
        EventSummary(e.id, e.kind, e.title, e.starts_on, e.ends_on, e.place, e.online, e.is_public)
        for e in session.scalars(event_query.order_by(Event.starts_on, Event.id))
    ]
    network = None
    if p.network_id is not None:
        n = session.get(Network, p.network_id)
        network = NetworkName(n.id, n.slug, n.name) if n else None
    return PartnershipView(
        id=p.id,
        title=p.title,
        kind=p.kind,
        status=p.status,
        description=p.description,
        is_public=p.is_public,
        network=network,
        proposed_by=p.proposed_by,
        created_at=p.created_at,
        accepted_on=p.accepted_on,
        declared_on=p.declared_on,
        reviewed_on=p.reviewed_on,
        review=p.review if full else "",
        ended_on=p.ended_on,
        members=_member_views(session, _shown_members(loaded.members, who)),
        goals=goals,
        tasks=tasks,
        exchanges=exchanges,
        events=events,
        full=full,
        reads_work_plan=who.reads_work_plan,
        can_work=who.works_on and p.status != Status.ENDED,
        acts_for=sorted(who.acts_for),
        next_steps=next_steps(p.status, loaded.states(), who, p.proposed_by),
        version=p.version,
        ending=ending(session, p.id) if full and p.status == Status.ENDED else None,
    )


def list_partnerships(session: Session, actor: Actor, city_id: int) -> list[PartnershipSummary]:
    """The partnerships of a city that the actor may see, newest first."""
    city = session.get(City, city_id)
    networks_of_city = confirmed_network_ids(session, city_id)
    if city is None or (
        not city.is_published and not actor.can_read_city_internals(city_id, networks_of_city)
    ):
        raise NotFound("city", city_id)
    found = session.scalars(
        select(Partnership)
        .join(PartnershipMember, PartnershipMember.partnership_id == Partnership.id)
        .where(PartnershipMember.city_id == city_id)
        .order_by(Partnership.created_at.desc(), Partnership.id.desc())
    ).all()
    ids = [p.id for p in found]
    members: dict[int, list[PartnershipMember]] = defaultdict(list)
    for m in session.scalars(
        select(PartnershipMember)
        .where(PartnershipMember.partnership_id.in_(ids))
        .order_by(PartnershipMember.id)
    ):
        members[m.partnership_id].append(m)
    all_cities = {m.city_id for ms in members.values() for m in ms}
    city_networks: dict[int, set[int]] = defaultdict(set, confirmed_networks(session, all_cities))
    summaries = []
    for p in found:
        ms = members[p.id]
        networks = set().union(*(city_networks[m.city_id] for m in ms)) | (
            {p.network_id} if p.network_id is not None else set()
        )
        who = standing(actor, [(m.city_id, m.role) for m in ms], networks, status=p.status)
        listed = next(m for m in ms if m.city_id == city_id)
        # The public sees a city's partnership once it is public and the city agreed to be named.
        public = publicly_visible(p.is_public, p.status) and listed.accepted_on is not None
        if not (public or who.reads_all or who.is_named):
            continue
        shown = _member_views(session, _shown_members(ms, who))
        summaries.append(PartnershipSummary(p.id, p.title, p.kind, p.status, p.is_public, listed.role, shown))
    return summaries


def _agreed() -> Any:
    """Partnerships accepted or later (an ended one counts if it had been accepted)."""
    return or_(
        Partnership.status.in_([s.value for s in AGREED]),
        and_(Partnership.status == Status.ENDED.value, Partnership.accepted_on.is_not(None)),
    )


def past_partners(session: Session, *, public_only: bool) -> dict[int, set[int]]:
    """City id -> the cities it has partnered with: fellow signing members of partnerships accepted or
    later, and its twin towns. For the matching engine's "past joint work" signal; whole tables in
    three queries. `public_only` leaves out members-only partnerships: what anyone may be told (the
    matching adds the ones a reader may see with `private_past_partners`)."""
    query = (
        select(PartnershipMember.partnership_id, PartnershipMember.city_id)
        .join(Partnership, Partnership.id == PartnershipMember.partnership_id)
        .where(PartnershipMember.role.in_(sorted(SIGNING_ROLES)), _agreed())
    )
    if public_only:
        query = query.where(Partnership.is_public.is_(True))
    groups: dict[int, list[int]] = defaultdict(list)
    for partnership_id, city_id in session.execute(query).all():
        groups[partnership_id].append(city_id)
    partners: dict[int, set[int]] = defaultdict(set)
    for cities in groups.values():
        for city_id in cities:
            partners[city_id].update(c for c in cities if c != city_id)
    for a, b in session.execute(select(TwinLink.city_a_id, TwinLink.city_b_id)):
        partners[a].add(b)
        partners[b].add(a)
    return dict(partners)


def private_past_partners(session: Session, actor: Actor, city_id: int) -> set[int]:
    """The city's fellow signing members in members-only partnerships (accepted or later) that the
    actor may read in full: what the matching may tell this reader beyond the public ones."""
    if not actor.is_authenticated:
        return set()
    ids = session.scalars(
        select(Partnership.id)
        .join(PartnershipMember, PartnershipMember.partnership_id == Partnership.id)
        .where(
            PartnershipMember.city_id == city_id,
            PartnershipMember.role.in_(sorted(SIGNING_ROLES)),
            Partnership.is_public.is_(False),
            _agreed(),
        )
    ).all()
    found: set[int] = set()
    for partnership_id in ids:
        loaded = _loaded_or_none(session, actor, partnership_id)
        if loaded is not None and loaded.who.reads_all:
            found.update(m.city_id for m in loaded.members if m.role in SIGNING_ROLES)
    found.discard(city_id)
    return found


def _loaded_or_none(session: Session, actor: Actor, partnership_id: int) -> Loaded | None:
    try:
        return load(session, actor, partnership_id)
    except NotFound:
        return None
