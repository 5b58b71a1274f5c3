""" "My city": what a city's staff need at the start of a working day, gathered from the other services
(inventories, the action plan, partnerships and their invitations, work plans, the audit log).

Only the city's own staff (editors and viewers) and administrators see it; each part is read through
the service that owns it, so the same rules apply as on the part's own page. Codes and figures only:
the page writes the words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.partnerships import SIGNING_ROLES, Status
from citypact.services import audit
from citypact.services.cooperation import partnerships
from citypact.services.cooperation.partnerships import Invitations, PartnershipSummary
from citypact.services.errors import NotFound, require
from citypact.services.inventory.inventories.views import list_inventories
from citypact.services.plans.action_plans.reading import get_plan
from citypact.storage.models import City, Network
from citypact.storage.partnerships import Partnership, PartnershipMember, PartnershipTask

DUE_WITHIN: Final = dt.timedelta(days=60)  # milestones and tasks due this soon are listed
RECENT: Final = 10  # the latest audit entries shown
SHOWN: Final = 10  # milestones and tasks shown, soonest first


@dataclass(frozen=True)
class CityChoice:
    id: int
    name: str
    country: str


@dataclass(frozen=True)
class InventoryLine:
    id: int
    year: int
    status: str  # draft, submitted, verified


@dataclass(frozen=True)
class DueItem:
    """A plan milestone or a partnership task not done yet, due soon or overdue."""

    kind: str  # milestone, task
    title: str
    due_on: dt.date
    overdue: bool
    link: str  # the page it is on


@dataclass(frozen=True)
class MyCity:
    city_id: int
    name: str
    country: str
    can_edit: bool
    inventories: list[InventoryLine]  # newest year first
    measures: int
    progress: dict[str, int]  # progress code (done, on_time, late, not_started, cancelled) -> measures
    has_target: bool
    partnerships: list[PartnershipSummary]  # not ended, newest first
    invitations: Invitations
    due: list[DueItem]
    recent: Sequence[audit.AuditView]


def my_cities(session: Session, actor: Actor) -> list[CityChoice]:
    """The cities the actor works for (editor or viewer), by name."""
    ids = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    if not ids:
        return []
    rows = session.execute(
        select(City.id, City.name, City.country).where(City.id.in_(ids)).order_by(City.name, City.id)
    ).all()
    return [CityChoice(i, n, c) for i, n, c in rows]


def my_networks(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(slug, name) of the networks whose secretariat the actor is, by name."""
    ids = actor.networks()
    if not ids:
        return []
    rows = session.execute(
        select(Network.slug, Network.name).where(Network.id.in_(ids)).order_by(Network.name)
    )
    return [(slug, name) for slug, name in rows]


def _tasks_due(session: Session, city_id: int, today: dt.date) -> list[DueItem]:
    """Open tasks of the work plans of the partnerships the city signs and that go on."""
    rows = session.execute(
        select(PartnershipTask.title, PartnershipTask.due_on, PartnershipTask.partnership_id)
        .join(Partnership, Partnership.id == PartnershipTask.partnership_id)
        .join(PartnershipMember, PartnershipMember.partnership_id == Partnership.id)
        .where(
            PartnershipMember.city_id == city_id,
            PartnershipMember.role.in_(sorted(SIGNING_ROLES)),
            Partnership.status != Status.ENDED.value,
            PartnershipTask.done_on.is_(None),
            PartnershipTask.due_on.is_not(None),
            PartnershipTask.due_on <= today + DUE_WITHIN,
        )
        .order_by(PartnershipTask.due_on, PartnershipTask.id)
        .limit(SHOWN)
    ).all()
    # The query keeps only tasks with a due date.
    return [
        DueItem("task", title, due, due < today, f"/partnerships/{pid}#work-plan")
        for title, due, pid in rows
        if due is not None
    ]


def my_city(session: Session, actor: Actor, city_id: int, *, today: dt.date | None = None) -> MyCity:
    """The city's day at a glance, for its own staff."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    staff = actor.is_admin or city_id in actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    require(staff, actor.is_authenticated, "My city is for the city's own staff.")
    day = today or dt.date.today()
    inventories = [
        InventoryLine(i.id, i.year, i.status)
        for i in sorted(list_inventories(session, actor, city_id), key=lambda i: (-i.year, -i.id))
    ]
    plan = get_plan(session, actor, city_id, today=day)
    progress = Counter(m.progress for m in plan.measures)
    milestones = [
        DueItem("milestone", m.title, m.due_date, m.due_date < day, f"/cities/{city_id}/plan#measure-{p.id}")
        for p in plan.measures
        if not p.cancelled
        for m in p.milestones
        if m.done_date is None and m.due_date <= day + DUE_WITHIN
    ]
    due = sorted(milestones + _tasks_due(session, city_id, day), key=lambda d: (d.due_on, d.kind, d.title))
    going_on = [
        p for p in partnerships.list_partnerships(session, actor, city_id) if p.status != Status.ENDED.value
    ]
    return MyCity(
        city_id=city.id,
        name=city.name,
        country=city.country,
        can_edit=actor.is_admin or actor.can_edit_city(city_id),
        inventories=inventories,
        measures=len(plan.measures),
        progress=dict(progress),
        has_target=plan.target is not None,
        partnerships=going_on,
        invitations=partnerships.open_invitations(session, actor, city_id),
        due=due[:SHOWN],
        recent=audit.list_entries(session, actor, city_id=city_id, limit=RECENT),
    )
