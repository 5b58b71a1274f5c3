"""The catalogue of funding programmes as read: one entry or a filtered list, with each call's
state on a given day and the stated order (open calls first by closing date). Whether a programme
is open is computed from its calls' dates on every read, never stored. Who may do what:
programme_access.py; writing: programme_writes.py, programme_calls.py, programme_status.py.
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
from citypact.services.errors import InvalidInput
from citypact.services.funding.programme_access import PUBLIC_STATUSES, load, may_edit
from citypact.services.funding.programme_input import today_utc
from citypact.services.input import clean_code, clean_text
from citypact.services.paging import Page, bounds
from citypact.storage.funding import FundingCall, FundingProgramme
from citypact.storage.models import City, Network

MAX_SCAN: Final = 5_000  # programmes one list reads to order them by their calls' dates
TEXT_QUERY_MAX: Final = 100
STALE_AFTER_MONTHS: Final = 12
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
    programme = load(session, actor, programme_id)
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
