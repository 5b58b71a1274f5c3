"""The catalogue of funding programmes: list and read (with each call's state on a given day), add
and edit entries and their calls, mark an entry checked, end it; cities' suggestions and their
review.

Who may do what:
- the public reads active and ended programmes; a suggested or declined entry is seen by the staff
  of the city that suggested it and by those who keep the catalogue, never by the public;
- those who keep the catalogue (Actor.keeps_funding_catalogue: any network's secretariat, admins)
  add entries; an entry is then maintained by the adding secretariat's network;
- an entry is edited (fields, calls, "checked today", ended) by its maintaining network's
  secretariat or an administrator. An entry with no maintaining network is kept by administrators
  only (the seed data loads that way), so no secretariat changes another's work unasked;
- a city's editors suggest an entry; any secretariat or an administrator accepts it (it becomes
  active, maintained by the reviewer's network) or declines it with a reason.
Whether a programme is open is computed from its calls' dates on every read, never stored.
Every change is versioned (expected_version) and audited with before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.funding import FUNDER_LEVELS, INSTRUMENTS, call_state, split_codes
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.funding.programme_input import (
    clean_call,
    clean_programme,
    plain,
    today_utc,
)
from citypact.services.input import clean_code, clean_text
from citypact.services.paging import Page, bounds
from citypact.services.versions import check_version, flush_checked
from citypact.storage.funding import FundingCall, FundingProgramme
from citypact.storage.models import City, Network, utcnow

MAX_CALLS: Final = 60  # calls of one programme
MAX_SCAN: Final = 5_000  # programmes one list reads to order them by their calls' dates
TEXT_QUERY_MAX: Final = 100
REASON_MAX: Final = 2000
STALE_AFTER_MONTHS: Final = 12
PUBLIC_STATUSES: Final = ("active", "ended")
# The order of a list: open calls first by closing date, then rolling, then upcoming, then closed
# (and programmes without a call last). Never anything paid.
STATE_ORDER: Final = {"open": 0, "rolling": 1, "upcoming": 2, "closed": 3, None: 4}


@dataclass(frozen=True)
class CallView:
    id: int
    title: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    budget_minor: int | None
    url: str
    note: str
    state: str  # domain.funding.CALL_STATES, on the day asked
    version: int


@dataclass(frozen=True)
class ProgrammeView:
    id: int
    name: str
    funder_name: str
    funder_level: str
    instrument: str
    summary: str
    countries: tuple[str, ...]
    size_bands: tuple[str, ...]
    joint_required: bool
    min_cities: int
    min_countries: int
    fields: tuple[str, ...]
    gpc_sectors: tuple[str, ...]
    measure_types: tuple[str, ...]
    amount_min_minor: int | None
    amount_max_minor: int | None
    currency: str
    funding_rate_bp: int | None
    source_url: str
    checked_on: dt.date | None
    check_is_stale: bool  # checked more than 12 months before the day asked
    status: str
    status_reason: str
    maintainer_network_id: int | None
    maintainer_network: str | None
    suggested_by_city_id: int | None
    suggested_by_city: str | None
    state: str | None  # the programme's best call state on the day asked; None without calls
    next_closing: dt.date | None  # the earliest closing day of its open calls
    calls: tuple[CallView, ...]
    version: int
    can_edit: bool
    can_review: bool
    updated_at: dt.datetime


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_is_stale(checked_on: dt.date | None, today: dt.date) -> bool:
    """Whether the last check is older than 12 months (never checked counts as old)."""
    return checked_on is None or checked_on < months_before(today, STALE_AFTER_MONTHS)


def programme_state(calls: Sequence[tuple[dt.date | None, dt.date | None]], today: dt.date) -> str | None:
    """The best state among the calls on `today` (open before rolling before upcoming before
    closed); None for a programme without calls."""
    states = [call_state(o, c, today) for o, c in calls]
    return min(states, key=lambda s: STATE_ORDER[s]) if states else None


def order_key(
    calls: Sequence[tuple[dt.date | None, dt.date | None]], today: dt.date, name: str
) -> tuple[int, dt.date, str]:
    """Open calls first by closing date, then rolling, then upcoming (by opening date), then
    closed (the latest closing first would be kinder, but plain by name keeps it stable)."""
    state = programme_state(calls, today)
    far = dt.date.max
    if state == "open":
        day = min(c for o, c in calls if c is not None and call_state(o, c, today) == "open")
    elif state == "upcoming":
        day = min((o for o, c in calls if o is not None and o > today), default=far)
    else:
        day = far
    return STATE_ORDER[state], day, name.lower()


# -- who may do what ----------------------------------------------------------------------------


def _suggesting_staff(actor: Actor, programme: FundingProgramme) -> bool:
    city = programme.suggested_by_city_id
    return city is not None and (actor.is_admin or city in actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER))


def may_read(actor: Actor, programme: FundingProgramme) -> bool:
    if programme.status in PUBLIC_STATUSES:
        return True
    return actor.keeps_funding_catalogue() or _suggesting_staff(actor, programme)


def may_edit(actor: Actor, programme: FundingProgramme) -> bool:
    """The maintaining network's secretariat or an administrator; a suggestion: its reviewers."""
    if actor.is_admin:
        return True
    if programme.status == "suggested":
        return actor.keeps_funding_catalogue()
    network = programme.maintainer_network_id
    return network is not None and actor.runs_network(network)


def _load(session: Session, actor: Actor, programme_id: int) -> FundingProgramme:
    programme = session.get(FundingProgramme, programme_id)
    if programme is None or not may_read(actor, programme):
        raise NotFound("funding programme", programme_id)
    return programme


def _load_to_edit(session: Session, actor: Actor, programme_id: int) -> FundingProgramme:
    programme = _load(session, actor, programme_id)
    require(
        may_edit(actor, programme),
        actor.is_authenticated,
        "Only the secretariat of the network that maintains this entry, or an administrator, changes it.",
    )
    if programme.status == "declined":
        raise Conflict("The suggestion was declined; it changes no more.")
    return programme


# -- reading ------------------------------------------------------------------------------------


def _calls_of(session: Session, ids: Sequence[int]) -> dict[int, list[FundingCall]]:
    found: dict[int, list[FundingCall]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        for call in session.scalars(
            select(FundingCall)
            .where(FundingCall.programme_id.in_(chunk))
            .order_by(FundingCall.opens_on, FundingCall.closes_on, FundingCall.id)
        ):
            found[call.programme_id].append(call)
    return found


def _names(session: Session, programmes: Sequence[FundingProgramme]) -> tuple[dict[int, str], dict[int, str]]:
    nets = {p.maintainer_network_id for p in programmes if p.maintainer_network_id is not None}
    cities = {p.suggested_by_city_id for p in programmes if p.suggested_by_city_id is not None}
    network_names = (
        {r.id: r.name for r in session.execute(select(Network.id, Network.name).where(Network.id.in_(nets)))}
        if nets
        else {}
    )
    city_names = (
        {r.id: r.name for r in session.execute(select(City.id, City.name).where(City.id.in_(cities)))}
        if cities
        else {}
    )
    return network_names, city_names


def _view(
    actor: Actor,
    p: FundingProgramme,
    calls: Sequence[FundingCall],
    today: dt.date,
    network_names: Mapping[int, str],
    city_names: Mapping[int, str],
) -> ProgrammeView:
    call_views = tuple(
        CallView(
            c.id,
            c.title,
            c.opens_on,
            c.closes_on,
            c.budget_minor,
            c.url,
            c.note,
            call_state(c.opens_on, c.closes_on, today),
            c.version,
        )
        for c in calls
    )
    dates = [(c.opens_on, c.closes_on) for c in calls]
    open_closing = [c.closes_on for c in call_views if c.state == "open" and c.closes_on is not None]
    return ProgrammeView(
        id=p.id,
        name=p.name,
        funder_name=p.funder_name,
        funder_level=p.funder_level,
        instrument=p.instrument,
        summary=p.summary,
        countries=split_codes(p.countries),
        size_bands=split_codes(p.size_bands),
        joint_required=p.joint_required,
        min_cities=p.min_cities,
        min_countries=p.min_countries,
        fields=split_codes(p.fields),
        gpc_sectors=split_codes(p.gpc_sectors),
        measure_types=split_codes(p.measure_types),
        amount_min_minor=p.amount_min_minor,
        amount_max_minor=p.amount_max_minor,
        currency=p.currency,
        funding_rate_bp=p.funding_rate_bp,
        source_url=p.source_url,
        checked_on=p.checked_on,
        check_is_stale=check_is_stale(p.checked_on, today),
        status=p.status,
        status_reason=p.status_reason,
        maintainer_network_id=p.maintainer_network_id,
        maintainer_network=network_names.get(p.maintainer_network_id or 0),
        suggested_by_city_id=p.suggested_by_city_id,
        suggested_by_city=city_names.get(p.suggested_by_city_id or 0),
        state=programme_state(dates, today),
        next_closing=min(open_closing) if open_closing else None,
        calls=call_views,
        version=p.version,
        can_edit=may_edit(actor, p) and p.status != "declined",
        can_review=p.status == "suggested" and actor.keeps_funding_catalogue(),
        updated_at=p.updated_at,
    )


def get_programme(
    session: Session, actor: Actor, programme_id: int, *, today: dt.date | None = None
) -> ProgrammeView:
    """One programme with its calls and their states on `today` (UTC today by default)."""
    programme = _load(session, actor, programme_id)
    day = today or today_utc()
    networks, cities = _names(session, [programme])
    return _view(actor, programme, _calls_of(session, [programme.id])[programme.id], day, networks, cities)


def _has_code(column: Any, code: str) -> ColumnElement[bool]:
    """A stored list (codes joined by ";") that is empty (no restriction) or holds `code`."""
    wrapped = ";" + column + ";"
    return or_(column == "", wrapped.like(f"%;{code};%"))


def list_programmes(
    session: Session,
    actor: Actor,
    *,
    instrument: str | None = None,
    funder_level: str | None = None,
    country: str | None = None,
    field: str | None = None,
    gpc_sector: str | None = None,
    open_on: dt.date | None = None,
    text: str | None = None,
    status: str | None = None,
    page: int = 1,
    size: int = 50,
    today: dt.date | None = None,
) -> Page[ProgrammeView]:
    """Programmes the actor may read, filtered and in the stated order (open calls first by closing
    date, then rolling, then upcoming, then closed). `country` keeps programmes open to that
    country (an empty list is open to all), as do `field` and `gpc_sector`; `open_on` keeps those
    with a call open or rolling on that day. `status` "suggested" lists the suggestions the actor
    may see (the review list)."""
    day = today or today_utc()
    query = select(FundingProgramme)
    if status in (None, ""):
        query = query.where(FundingProgramme.status.in_(PUBLIC_STATUSES))
    else:
        code = clean_code("status", status, ("active", "ended", "suggested", "declined"))
        query = query.where(FundingProgramme.status == code)
        if code in ("suggested", "declined") and not actor.keeps_funding_catalogue():
            own = sorted(actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER))
            query = query.where(FundingProgramme.suggested_by_city_id.in_(own))
    if instrument:
        query = query.where(FundingProgramme.instrument == clean_code("instrument", instrument, INSTRUMENTS))
    if funder_level:
        level = clean_code("funder_level", funder_level, FUNDER_LEVELS)
        query = query.where(FundingProgramme.funder_level == level)
    if country:
        code = country.strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise InvalidInput("country", "give a country code such as DE or JP.")
        query = query.where(_has_code(FundingProgramme.countries, code))
    if field:
        query = query.where(_has_code(FundingProgramme.fields, clean_text("field", field, 40).lower()))
    if gpc_sector:
        query = query.where(
            _has_code(FundingProgramme.gpc_sectors, clean_text("gpc_sector", gpc_sector, 4).upper())
        )
    words = clean_text("q", text, TEXT_QUERY_MAX)
    if words:
        like = f"%{words.lower()}%"
        query = query.where(
            or_(
                func.lower(FundingProgramme.name).like(like),
                func.lower(FundingProgramme.funder_name).like(like),
                func.lower(FundingProgramme.summary).like(like),
            )
        )
    programmes = list(session.scalars(query.order_by(FundingProgramme.id).limit(MAX_SCAN)))
    calls = _calls_of(session, [p.id for p in programmes])
    if open_on is not None:
        programmes = [
            p
            for p in programmes
            if any(call_state(c.opens_on, c.closes_on, open_on) in ("open", "rolling") for c in calls[p.id])
        ]
    programmes.sort(key=lambda p: order_key([(c.opens_on, c.closes_on) for c in calls[p.id]], day, p.name))
    offset, limit = bounds(page, size, len(programmes))
    shown = programmes[offset : offset + limit]
    networks, cities = _names(session, shown)
    items = [_view(actor, p, calls[p.id], day, networks, cities) for p in shown]
    return Page(items, len(programmes), offset, limit)


# -- writing ------------------------------------------------------------------------------------


def _columns(programme: FundingProgramme) -> dict[str, Any]:
    return {
        "name": programme.name,
        "funder_name": programme.funder_name,
        "funder_level": programme.funder_level,
        "instrument": programme.instrument,
        "summary": programme.summary,
        "countries": programme.countries,
        "size_bands": programme.size_bands,
        "joint_required": programme.joint_required,
        "min_cities": programme.min_cities,
        "min_countries": programme.min_countries,
        "fields": programme.fields,
        "gpc_sectors": programme.gpc_sectors,
        "measure_types": programme.measure_types,
        "amount_min_minor": programme.amount_min_minor,
        "amount_max_minor": programme.amount_max_minor,
        "currency": programme.currency,
        "funding_rate_bp": programme.funding_rate_bp,
        "source_url": programme.source_url,
        "checked_on": programme.checked_on,
    }


def _maintainer(session: Session, actor: Actor, network_id: Any) -> int | None:
    """The network that will maintain a new entry: the one given (the actor runs it), else the
    actor's only network; an administrator may leave it empty (kept by administrators)."""
    if network_id not in (None, ""):
        try:
            nid = int(network_id)
        except (TypeError, ValueError):
            raise InvalidInput("maintainer_network_id", "give the id of a network you run.") from None
        if session.get(Network, nid) is None:
            raise InvalidInput("maintainer_network_id", f"no network with id {nid}.")
        if not actor.runs_network(nid):
            raise InvalidInput("maintainer_network_id", "give a network whose secretariat you are.")
        return nid
    networks = sorted(actor.networks())
    if actor.is_admin or not networks:
        return None
    if len(networks) > 1:
        raise InvalidInput("maintainer_network_id", "you run several networks; name the one that keeps it.")
    return networks[0]


def create_programme(
    session: Session,
    actor: Actor,
    values: Mapping[str, Any],
    *,
    maintainer_network_id: Any = None,
    today: dt.date | None = None,
) -> FundingProgramme:
    """A new active entry (those who keep the catalogue), maintained by the actor's network."""
    require(
        actor.keeps_funding_catalogue(),
        actor.is_authenticated,
        "Only a network's secretariat or an administrator adds funding programmes.",
    )
    network = _maintainer(session, actor, maintainer_network_id)
    clean = clean_programme(session, values, None, today or today_utc())
    programme = FundingProgramme(
        status="active",
        maintainer_network_id=network,
        created_by=actor.user_id,
        updated_by=actor.user_id,
        **clean,
    )
    session.add(programme)
    session.flush()
    audit.record(
        session, actor, "create", "funding_programme", programme.id, network_id=network, after=plain(clean)
    )
    return programme


def suggest_programme(
    session: Session, actor: Actor, city_id: int, values: Mapping[str, Any], *, today: dt.date | None = None
) -> FundingProgramme:
    """A city's editors suggest an entry; it stays unpublished until a secretariat accepts it."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    require(
        actor.can_edit_city(city_id),
        actor.is_authenticated,
        "Only the city's editors suggest programmes in its name.",
    )
    clean = clean_programme(session, values, None, today or today_utc())
    programme = FundingProgramme(
        status="suggested",
        suggested_by_city_id=city_id,
        created_by=actor.user_id,
        updated_by=actor.user_id,
        **clean,
    )
    session.add(programme)
    session.flush()
    audit.record(
        session, actor, "suggest", "funding_programme", programme.id, city_id=city_id, after=plain(clean)
    )
    return programme


def _touch(programme: FundingProgramme, actor: Actor) -> None:
    programme.updated_at = utcnow()
    programme.updated_by = actor.user_id


def update_programme(
    session: Session,
    actor: Actor,
    programme_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> FundingProgramme:
    """Change an entry's fields (its maintainers)."""
    programme = _load_to_edit(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    current = _columns(programme)
    clean = clean_programme(session, values, current, today or today_utc())
    changed = {k: v for k, v in clean.items() if current[k] != v}
    if not changed:
        return programme
    for key, value in changed.items():
        setattr(programme, key, value)
    _touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "update",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before=plain({k: current[k] for k in changed}),
        after=plain(changed),
    )
    return programme


def mark_checked(
    session: Session,
    actor: Actor,
    programme_id: int,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> FundingProgramme:
    """The maintainers compared the entry with its source page today."""
    programme = _load_to_edit(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    day = today or today_utc()
    before = programme.checked_on
    programme.checked_on = day
    _touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "checked",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before={"checked_on": before.isoformat() if before else None},
        after={"checked_on": day.isoformat()},
    )
    return programme


def end_programme(
    session: Session, actor: Actor, programme_id: int, reason: Any, *, expected_version: int | None = None
) -> FundingProgramme:
    """The programme runs no more calls (its maintainers, with a reason); it stays readable."""
    programme = _load_to_edit(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    why = clean_text("reason", reason, REASON_MAX, required=True)
    if programme.status != "active":
        raise Conflict(f"The programme is {programme.status}; only an active one ends.")
    programme.status = "ended"
    programme.status_reason = why
    _touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "end",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before={"status": "active"},
        after={"status": "ended", "status_reason": why},
    )
    return programme


def accept_suggestion(
    session: Session,
    actor: Actor,
    programme_id: int,
    *,
    maintainer_network_id: Any = None,
    expected_version: int | None = None,
) -> FundingProgramme:
    """A secretariat (or an administrator) takes a city's suggestion into the catalogue: it becomes
    active and maintained by the reviewer's network."""
    require(
        actor.keeps_funding_catalogue(),
        actor.is_authenticated,
        "Only a network's secretariat or an administrator reviews suggestions.",
    )
    programme = _load(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    if programme.status != "suggested":
        raise Conflict(f"The entry is {programme.status}, not a suggestion waiting for review.")
    network = _maintainer(session, actor, maintainer_network_id)
    programme.status = "active"
    programme.maintainer_network_id = network
    _touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "accept",
        "funding_programme",
        programme_id,
        network_id=network,
        city_id=programme.suggested_by_city_id,
        before={"status": "suggested"},
        after={"status": "active", "maintainer_network_id": network},
    )
    return programme


def decline_suggestion(
    session: Session, actor: Actor, programme_id: int, reason: Any, *, expected_version: int | None = None
) -> FundingProgramme:
    """Decline a city's suggestion with a reason the city reads."""
    require(
        actor.keeps_funding_catalogue(),
        actor.is_authenticated,
        "Only a network's secretariat or an administrator reviews suggestions.",
    )
    programme = _load(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    why = clean_text("reason", reason, REASON_MAX, required=True)
    if programme.status != "suggested":
        raise Conflict(f"The entry is {programme.status}, not a suggestion waiting for review.")
    programme.status = "declined"
    programme.status_reason = why
    _touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "decline",
        "funding_programme",
        programme_id,
        city_id=programme.suggested_by_city_id,
        before={"status": "suggested"},
        after={"status": "declined", "status_reason": why},
    )
    return programme


# -- calls --------------------------------------------------------------------------------------


def _call_columns(call: FundingCall) -> dict[str, Any]:
    return {
        "title": call.title,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "budget_minor": call.budget_minor,
        "url": call.url,
        "note": call.note,
    }


def _call(session: Session, programme: FundingProgramme, call_id: int) -> FundingCall:
    call = session.get(FundingCall, call_id)
    if call is None or call.programme_id != programme.id:
        raise NotFound("call", call_id)
    return call


def add_call(session: Session, actor: Actor, programme_id: int, values: Mapping[str, Any]) -> FundingCall:
    """A call with its dates (no closing date: rolling), budget in the programme's currency."""
    programme = _load_to_edit(session, actor, programme_id)
    count = session.scalar(select(func.count()).where(FundingCall.programme_id == programme_id)) or 0
    if count >= MAX_CALLS:
        raise InvalidInput("title", f"a programme lists at most {MAX_CALLS} calls; remove a past one first.")
    clean = clean_call(values, None, programme.currency)
    call = FundingCall(programme_id=programme_id, **clean)
    session.add(call)
    _touch(programme, actor)
    session.flush()
    audit.record(
        session,
        actor,
        "add_call",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        after={"call": call.id, **plain(clean)},
    )
    return call


def update_call(
    session: Session,
    actor: Actor,
    programme_id: int,
    call_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> FundingCall:
    programme = _load_to_edit(session, actor, programme_id)
    call = _call(session, programme, call_id)
    check_version("call", call_id, call.version, expected_version)
    current = _call_columns(call)
    clean = clean_call(values, current, programme.currency)
    changed = {k: v for k, v in clean.items() if current[k] != v}
    if not changed:
        return call
    for key, value in changed.items():
        setattr(call, key, value)
    _touch(programme, actor)
    flush_checked(session, "call", call_id, expected_version)
    audit.record(
        session,
        actor,
        "update_call",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before={"call": call_id, **plain({k: current[k] for k in changed})},
        after={"call": call_id, **plain(changed)},
    )
    return call


def remove_call(
    session: Session, actor: Actor, programme_id: int, call_id: int, *, expected_version: int | None = None
) -> None:
    """Take a call off (the page asks first)."""
    programme = _load_to_edit(session, actor, programme_id)
    call = _call(session, programme, call_id)
    check_version("call", call_id, call.version, expected_version)
    before = {"call": call_id, **plain(_call_columns(call))}
    session.delete(call)
    _touch(programme, actor)
    flush_checked(session, "call", call_id, expected_version)
    audit.record(
        session,
        actor,
        "remove_call",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before=before,
    )


# -- for the forms ------------------------------------------------------------------------------


def networks_run_by(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The networks whose secretariat the actor is, by name (to keep a new entry)."""
    ids = sorted(actor.networks())
    if not ids:
        return []
    rows = session.execute(select(Network.id, Network.name).where(Network.id.in_(ids)).order_by(Network.name))
    return [(r.id, r.name) for r in rows]


def cities_edited_by(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The cities whose editor the actor is, by name (to suggest or lead in their name)."""
    ids = sorted(actor.cities(Role.CITY_EDITOR))
    if not ids:
        return []
    rows = session.execute(select(City.id, City.name).where(City.id.in_(ids)).order_by(City.name))
    return [(r.id, r.name) for r in rows]
