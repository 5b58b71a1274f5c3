"""Events of a partnership or a network: kick-off, intermediate and final workshops, knowledge-exchange
sprints with observer cities, webinars and visits, with participants, agenda, outcomes and
recommendations.

A partnership's events are edited by its members' editors and read as the partnership is (a public
event of a public partnership by everyone, without people's names). A network's events are edited by
its secretariat and read in full by the secretariat and the staff of its member and participating
cities; a public one by everyone, again without names. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.partnerships import EVENT_KINDS, PARTICIPANT_ROLES, check_period
from citypact.services import audit
from citypact.services.cooperation.partnerships.loading import TEXT_MAX, load, load_for_work, rules
from citypact.services.cooperation.partnerships.views import EventSummary
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_date, clean_flag, clean_text
from citypact.services.registry.networks import network_by_slug
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, Network, NetworkMember, utcnow
from citypact.storage.partnerships import Event, EventParticipant, Partnership

FIELDS: Final = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "online",
    "agenda",
    "outcomes",
    "recommendations",
    "is_public",
)
MAX_PEOPLE: Final = 100_000


@dataclass(frozen=True)
class ParticipantView:
    city_id: int
    name: str
    country: str
    role: str
    people_count: int | None
    people: str  # names; empty in the public view


@dataclass(frozen=True)
class EventView:
    id: int
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    online: bool
    agenda: str
    outcomes: str
    recommendations: str
    is_public: bool
    partnership_id: int | None
    partnership_title: str | None
    network_slug: str | None
    network_name: str | None
    participants: list[ParticipantView]
    full: bool
    can_edit: bool
    version: int = 1  # services.versions: the API's ETag, the edit form's hidden field


def _clean(values: Mapping[str, Any], current: Event | None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"unknown field; use {', '.join(FIELDS)}.")
    clean: dict[str, Any] = {}
    creating = current is None
    if "kind" in values or creating:
        clean["kind"] = clean_code("kind", values.get("kind", ""), EVENT_KINDS)
    if "title" in values or creating:
        clean["title"] = clean_text("title", values.get("title"), 300, required=True)
    if "starts_on" in values or creating:
        clean["starts_on"] = clean_date("starts_on", values.get("starts_on"), required=True)
    if "ends_on" in values:
        clean["ends_on"] = clean_date("ends_on", values.get("ends_on"))
    if "place" in values:
        clean["place"] = clean_text("place", values.get("place"), 300)
    for name in ("agenda", "outcomes", "recommendations"):
        if name in values:
            clean[name] = clean_text(name, values.get(name), TEXT_MAX)
    for name in ("online", "is_public"):
        if name in values:
            clean[name] = clean_flag(name, values[name])
    starts = clean.get("starts_on", current.starts_on if current else None)
    ends = clean.get("ends_on", current.ends_on if current else None)
    assert starts is not None  # required above when creating; kept when changing
    with rules():
        check_period(starts, ends)
    return clean


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def create_event(
    session: Session,
    actor: Actor,
    values: Mapping[str, Any],
    *,
    partnership_id: int | None = None,
    network: str | None = None,
) -> Event:
    """An event of a partnership (its members' editors) or of a network (its secretariat)."""
    if (partnership_id is None) == (network is None):
        raise InvalidInput("partnership_id", "an event belongs to one partnership or to one network.")
    city_id = network_id = None
    if partnership_id is not None:
        loaded = load_for_work(session, actor, partnership_id)
        city_id, network_id = loaded.audit_city(), loaded.partnership.network_id
    else:
        found = network_by_slug(session, str(network))
        require(
            actor.runs_network(found.id),
            actor.is_authenticated,
            "Only the network's secretariat adds its events.",
        )
        network_id = found.id
    clean = _clean(values, None)
    defaults = {
        "place": "",
        "online": False,
        "agenda": "",
        "outcomes": "",
        "recommendations": "",
        "is_public": True,
    }
    event = Event(
        partnership_id=partnership_id,
        network_id=network_id if partnership_id is None else None,
        **(defaults | clean),
    )
    session.add(event)
    session.flush()
    audit.record(
        session, actor, "create", "event", event.id, city_id=city_id, network_id=network_id,
        after={"partnership": partnership_id, **_jsonable(clean)},
    )  # fmt: skip
    return event


@dataclass(frozen=True)
class _Access:
    event: Event
    full: bool
    can_edit: bool
    city_id: int | None  # the city an audit entry is filed under
    network_id: int | None


def _access(session: Session, actor: Actor, event_id: int) -> _Access:
    """The event if the actor may read it at all; the public reads public events only."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("event", event_id)
    if event.partnership_id is not None:
        loaded = load(session, actor, event.partnership_id)
        full = loaded.who.reads_all
        can_edit = loaded.who.works_on and loaded.partnership.status != "ended"
        city_id, network_id = loaded.audit_city(), loaded.partnership.network_id
    else:
        assert event.network_id is not None  # an event belongs to a partnership or a network
        network_id, city_id = event.network_id, None
        cities = set(
            session.scalars(select(NetworkMember.city_id).where(NetworkMember.network_id == network_id))
        ) | set(
            session.scalars(select(EventParticipant.city_id).where(EventParticipant.event_id == event_id))
        )
        staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
        can_edit = actor.runs_network(network_id)
        full = can_edit or bool(staff & cities)
    if not (full or event.is_public):
        raise NotFound("event", event_id)
    return _Access(event, full, can_edit, city_id, network_id)


def _editable(session: Session, actor: Actor, event_id: int) -> _Access:
    found = _access(session, actor, event_id)
    if found.event.partnership_id is not None:
        load_for_work(session, actor, found.event.partnership_id)  # members' editors, not ended
    require(found.can_edit, actor.is_authenticated, "Only the network's secretariat edits its events.")
    return found


def update_event(
    session: Session,
    actor: Actor,
    event_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> Event:
    """Change an event (after it, its outcomes and recommendations), if it is still at
    `expected_version` (services.versions)."""
    found = _editable(session, actor, event_id)
    event = found.event
    check_version("event", event_id, event.version, expected_version)
    clean = _clean(values, event)
    before, after = audit.changed_fields({k: getattr(event, k) for k in clean}, clean)
    if not after:
        return event
    for key, value in after.items():
        setattr(event, key, value)
    event.updated_at = utcnow()
    flush_checked(session, "event", event_id, expected_version)
    audit.record(
        session, actor, "update", "event", event.id, city_id=found.city_id, network_id=found.network_id,
        before=_jsonable(before), after=_jsonable(after),
    )  # fmt: skip
    return event


def add_participant(
    session: Session,
    actor: Actor,
    event_id: int,
    city_id: Any,
    *,
    role: Any = "participant",
    people_count: Any = None,
    people: Any = "",
) -> EventParticipant:
    """A city taking part (any city: sprints invite observer cities from outside the partnership)."""
    found = _editable(session, actor, event_id)
    if isinstance(city_id, bool) or not isinstance(city_id, int) or session.get(City, city_id) is None:
        raise InvalidInput("city_id", f"no city with id {city_id!r}; find the id on the city's page.")
    if session.scalar(
        select(EventParticipant.id).where(
            EventParticipant.event_id == event_id, EventParticipant.city_id == city_id
        )
    ):
        raise Conflict(f"City {city_id} takes part already.")
    if people_count is not None and (
        isinstance(people_count, bool)
        or not isinstance(people_count, int)
        or not 0 <= people_count <= MAX_PEOPLE
    ):
        raise InvalidInput("people_count", f"give a whole number from 0 to {MAX_PEOPLE}, or leave it empty.")
    participant = EventParticipant(
        event_id=event_id,
        city_id=city_id,
        role=clean_code("role", role, PARTICIPANT_ROLES),
        people_count=people_count,
        people=clean_text("people", people, 2000),
    )
    session.add(participant)
    session.flush()
    audit.record(
        session, actor, "add_participant", "event", event_id, city_id=found.city_id,
        network_id=found.network_id,
        after={"city_id": city_id, "role": participant.role, "people_count": people_count},
    )  # fmt: skip
    return participant


def remove_participant(session: Session, actor: Actor, event_id: int, city_id: int) -> None:
    found = _editable(session, actor, event_id)
    participant = session.scalar(
        select(EventParticipant).where(
            EventParticipant.event_id == event_id, EventParticipant.city_id == city_id
        )
    )
    if participant is None:
        raise NotFound("participant", city_id)
    before = {"city_id": city_id, "role": participant.role, "people_count": participant.people_count}
    session.delete(participant)
    audit.record(
        session, actor, "remove_participant", "event", event_id, city_id=found.city_id,
        network_id=found.network_id, before=before,
    )  # fmt: skip


def participant_to_remove(session: Session, actor: Actor, event_id: int, city_id: int) -> ParticipantView:
    """The participation the confirmation page names before `remove_participant` (its editors only)."""
    _editable(session, actor, event_id)
    row = session.execute(
        select(EventParticipant, City.name, City.country)
        .join(City, City.id == EventParticipant.city_id)
        .where(EventParticipant.event_id == event_id, EventParticipant.city_id == city_id)
    ).first()
    if row is None:
        raise NotFound("participant", city_id)
    participant, name, country = row
    return ParticipantView(
        city_id, name, country, participant.role, participant.people_count, participant.people or ""
    )


def get_event(session: Session, actor: Actor, event_id: int) -> EventView:
    found = _access(session, actor, event_id)
    e = found.event
    rows = session.execute(
        select(EventParticipant, City.name, City.country)
        .join(City, City.id == EventParticipant.city_id)
        .where(EventParticipant.event_id == event_id)
        .order_by(EventParticipant.role != "host", City.name)
    ).all()
    participants = [
        ParticipantView(p.city_id, name, country, p.role, p.people_count, p.people if found.full else "")
        for p, name, country in rows
    ]
    partnership = session.get(Partnership, e.partnership_id) if e.partnership_id else None
    network = session.get(Network, e.network_id) if e.network_id else None
    return EventView(
        id=e.id, kind=e.kind, title=e.title, starts_on=e.starts_on, ends_on=e.ends_on, place=e.place,
        online=e.online, agenda=e.agenda, outcomes=e.outcomes, recommendations=e.recommendations,
        is_public=e.is_public, partnership_id=e.partnership_id,
        partnership_title=partnership.title if partnership else None,
        network_slug=network.slug if network else None, network_name=network.name if network else None,
        participants=participants, full=found.full, can_edit=found.can_edit,
        version=e.version,
    )  # fmt: skip


def list_network_events(session: Session, actor: Actor, slug: str) -> list[EventSummary]:
    """A network's own events the actor may see (its public ones for everyone)."""
    network = network_by_slug(session, slug)
    members = set(
        session.scalars(select(NetworkMember.city_id).where(NetworkMember.network_id == network.id))
    )
    full = actor.runs_network(network.id) or bool(actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER) & members)
    query = select(Event).where(Event.network_id == network.id)
    if not full:
        query = query.where(Event.is_public.is_(True))
    return [
        EventSummary(e.id, e.kind, e.title, e.starts_on, e.ends_on, e.place, e.online, e.is_public)
        for e in session.scalars(query.order_by(Event.starts_on, Event.id))
    ]
