"""CO2 price schedules: the shipped ones and those cities and networks add, versioned, never edited.

Who adds: a city's editors for their city, a network's secretariat for its network, administrators
for any. Every addition is audited. Schedules are citable, so anyone reads them (a schedule of an
unpublished city only those who may see the city). A schedule is named by its owner ("shipped",
"city-12", "network-3"), its key and its version.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.procurement.schedules import Discounting, Schedule
from citypact.reference.co2_prices import shipped_schedules
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.registry.cities import readable_city
from citypact.services.text_input import check_text
from citypact.storage.co2_prices import Co2PriceSchedule
from citypact.storage.models import City, Network

SHIPPED: Final = "shipped"
KEY_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
URL_PATTERN: Final = re.compile(r"^https?://[^\s]{3,490}$")
CURRENCY_PATTERN: Final = re.compile(r"^[A-Z]{3}$")
MAX_YEARS: Final = 200
MAX_PRICE: Final = 100_000.0  # per tonne: far above any published schedule
YEARS: Final = range(1990, 2201)
LIMITS: Final = {"name": 200, "publisher": 200, "source": 2_000, "note": 2_000}


@dataclass(frozen=True)
class ScheduleView:
    """One version of a schedule, with who owns it and when it ends (the next version's start - 1)."""

    owner: str  # "shipped", "city-12", "network-3"
    owner_name: str
    schedule: Schedule

    @property
    def ref(self) -> str:
        return f"{self.owner}/{self.schedule.key}/{self.schedule.version}"


def parse_owner(owner: str) -> tuple[str, int]:
    """("city", 12) from "city-12"; ("shipped", 0) for the shipped schedules."""
    if owner == SHIPPED:
        return SHIPPED, 0
    scope, _, number = owner.partition("-")
    if scope in {"city", "network"} and number.isdigit() and len(number) < 10:
        return scope, int(number)
    raise NotFound("schedule owner", owner)


def _schedules_of(rows: list[Co2PriceSchedule]) -> list[Schedule]:
    """Domain schedules of one owner's rows, each version ending the day before the next begins."""
    by_key: dict[str, list[Co2PriceSchedule]] = {}
    for row in sorted(rows, key=lambda r: (r.key, r.valid_from, r.id)):
        by_key.setdefault(row.key, []).append(row)
    found = []
    for versions in by_key.values():
        for row, following in zip(versions, [*versions[1:], None], strict=True):
            valid_to = following.valid_from - dt.timedelta(days=1) if following is not None else None
            found.append(
                Schedule(
                    key=row.key,
                    version=row.version,
                    name=row.name,
                    currency=row.currency,
                    price_year=row.price_year,
                    discounting=Discounting(row.discounting),
                    prices={int(year): cents / 100 for year, cents in row.prices.items()},
                    publisher=row.publisher,
                    source=row.source,
                    url=row.url,
                    valid_from=row.valid_from,
                    valid_to=valid_to,
                    note=row.note,
                )
            )
    return found


def _owner_name(session: Session, scope: str, scope_id: int) -> str:
    found = session.get(City, scope_id) if scope == "city" else session.get(Network, scope_id)
    return found.name if found is not None else ""


def _readable_owner(session: Session, actor: Actor, scope: str, scope_id: int) -> str:
    """The owner's name, if the actor may read its schedules; else NotFound."""
    if scope == "city":
        return readable_city(session, actor, scope_id).name
    network = session.get(Network, scope_id)
    if network is None:
        raise NotFound("network", scope_id)
    return network.name


def list_schedules(session: Session, actor: Actor) -> list[ScheduleView]:
    """Every version of every schedule the actor may read: the shipped ones first, then the added."""
    views = [ScheduleView(SHIPPED, "citypact", s) for s in shipped_schedules()]
    rows = session.scalars(select(Co2PriceSchedule)).all()
    owners: dict[tuple[str, int], list[Co2PriceSchedule]] = {}
    for row in rows:
        owners.setdefault((row.scope, row.scope_id), []).append(row)
    visible_cities = set(session.scalars(select(City.id).where(City.is_published)).all())
    for (scope, scope_id), owned in sorted(owners.items()):
        if scope == "city" and scope_id not in visible_cities and not actor.can_read_city_internals(scope_id):
            continue
        name = _owner_name(session, scope, scope_id)
        views += [ScheduleView(f"{scope}-{scope_id}", name, s) for s in _schedules_of(list(owned))]
    return views


def schedule_versions(session: Session, actor: Actor, owner: str, key: str) -> list[ScheduleView]:
    """All versions of one schedule, oldest first; NotFound when there is none the actor may read."""
    scope, scope_id = parse_owner(owner)
    if scope == SHIPPED:
        views = [ScheduleView(SHIPPED, "citypact", s) for s in shipped_schedules() if s.key == key]
    else:
        name = _readable_owner(session, actor, scope, scope_id)
        rows = session.scalars(
            select(Co2PriceSchedule).where(
                Co2PriceSchedule.scope == scope,
                Co2PriceSchedule.scope_id == scope_id,
                Co2PriceSchedule.key == key,
            )
        ).all()
        views = [ScheduleView(owner, name, s) for s in _schedules_of(list(rows))]
    if not views:
        raise NotFound("schedule", f"{owner}/{key}")
    return views


def get_schedule(
    session: Session, actor: Actor, owner: str, key: str, version: str | None = None
) -> ScheduleView:
    """One version (the latest when `version` is None)."""
    versions = schedule_versions(session, actor, owner, key)
    if version is None:
        return versions[-1]
    for view in versions:
        if view.schedule.version == version:
            return view
    raise NotFound("schedule version", f"{owner}/{key}/{version}")


def _check_can_add(session: Session, actor: Actor, scope: str, scope_id: int) -> None:
    if scope == "city":
        if session.get(City, scope_id) is None:
            raise NotFound("city", scope_id)
        require(
            actor.can_edit_city(scope_id),
            actor.is_authenticated,
            "Only this city's editors add its schedules.",
        )
    elif scope == "network":
        if session.get(Network, scope_id) is None:
            raise NotFound("network", scope_id)
        require(
            actor.runs_network(scope_id),
            actor.is_authenticated,
            "Only the network's secretariat adds its schedules.",
        )
    else:
        raise InvalidInput(
            "owner", "shipped schedules are part of citypact; add a city's or a network's own."
        )


def _text(values: Mapping[str, Any], field: str, *, required: bool = True) -> str:
    value = str(values.get(field) or "").strip()
    check_text(field, value, multiline=field in {"source", "note"})
    if required and not value:
        raise InvalidInput(field, "fill this in.")
    if len(value) > LIMITS[field]:
        raise InvalidInput(field, f"keep it under {LIMITS[field]:,} characters.")
    return value


def _prices(raw: object) -> dict[str, int]:
    """Prices per tonne by year, checked; stored in minor units (cents)."""
    if not isinstance(raw, Mapping) or not raw:
        raise InvalidInput("prices", "give at least one year and its price per tonne, like 2026: 300.")
    if len(raw) > MAX_YEARS:
        raise InvalidInput("prices", f"give at most {MAX_YEARS} years.")
    prices: dict[str, int] = {}
    for year, price in raw.items():
        try:
            number = int(str(year))
            value = float(price)
        except (TypeError, ValueError):
            raise InvalidInput(
                "prices", f"{year!s:.10}: give a year and a price as numbers, like 2026: 300."
            ) from None
        if number not in YEARS:
            raise InvalidInput("prices", f"{number}: give a year from {YEARS[0]} to {YEARS[-1]}.")
        if not 0 <= value <= MAX_PRICE:
            raise InvalidInput("prices", f"{number}: give a price from 0 to {MAX_PRICE:,.0f} per tonne.")
        prices[str(number)] = round(value * 100)
    return prices


def _row_values(values: Mapping[str, Any]) -> dict[str, Any]:
    currency = str(values.get("currency") or "").strip().upper()
    if not CURRENCY_PATTERN.match(currency):
        raise InvalidInput("currency", "give the ISO 4217 code of three letters, like EUR.")
    url = str(values.get("url") or "").strip()
    if url and not URL_PATTERN.match(url):
        raise InvalidInput("url", "give the address of the source, starting with https://.")
    price_year_raw = values.get("price_year")
    price_year = None
    if price_year_raw not in (None, ""):
        try:
            price_year = int(str(price_year_raw))
        except ValueError:
            raise InvalidInput(
                "price_year", "give the year whose money the prices are in, like 2020."
            ) from None
        if price_year not in YEARS:
            raise InvalidInput("price_year", f"give a year from {YEARS[0]} to {YEARS[-1]}.")
    try:
        discounting = Discounting(str(values.get("discounting") or ""))
    except ValueError:
        raise InvalidInput(
            "discounting", "choose whether the tonnes' cost is discounted like costs."
        ) from None
    valid_from = values.get("valid_from")
    if isinstance(valid_from, str):
        try:
            valid_from = dt.date.fromisoformat(valid_from.strip())
        except ValueError:
            valid_from = None
    if not isinstance(valid_from, dt.date):
        raise InvalidInput("valid_from", "give the date the version applies from, like 2026-01-01.")
    return {
        "name": _text(values, "name"),
        "publisher": _text(values, "publisher"),
        "source": _text(values, "source"),
        "note": _text(values, "note", required=False),
        "url": url,
        "currency": currency,
        "price_year": price_year,
        "discounting": discounting.value,
        "valid_from": valid_from,
        "prices": _prices(values.get("prices")),
    }


def _store(
    session: Session,
    actor: Actor,
    scope: str,
    scope_id: int,
    key: str,
    version: str,
    row_values: dict[str, Any],
) -> ScheduleView:
    row = Co2PriceSchedule(
        scope=scope, scope_id=scope_id, key=key, version=version, created_by=actor.user_id, **row_values
    )
    session.add(row)
    session.flush()
    after = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row_values.items()}
    audit.record(
        session,
        actor,
        "create",
        "co2_price_schedule",
        row.id,
        city_id=scope_id if scope == "city" else None,
        network_id=scope_id if scope == "network" else None,
        after={"key": key, "version": version, **after},
    )
    return get_schedule(session, actor, f"{scope}-{scope_id}", key, version)


def add_schedule(session: Session, actor: Actor, owner: str, values: Mapping[str, Any]) -> ScheduleView:
    """A new schedule of a city or network (its first version, "1")."""
    scope, scope_id = parse_owner(owner)
    _check_can_add(session, actor, scope, scope_id)
    key = str(values.get("key") or "").strip()
    if not KEY_PATTERN.match(key):
        raise InvalidInput("key", "use 2 to 60 small letters, digits and hyphens, like city-shadow-price.")
    row_values = _row_values(values)
    taken = session.scalar(
        select(Co2PriceSchedule.id).where(
            Co2PriceSchedule.scope == scope,
            Co2PriceSchedule.scope_id == scope_id,
            Co2PriceSchedule.key == key,
        )
    )
    if taken is not None:
        raise InvalidInput("key", "this schedule exists already: add a new version to it instead.")
    return _store(session, actor, scope, scope_id, key, "1", row_values)


def add_version(
    session: Session, actor: Actor, owner: str, key: str, values: Mapping[str, Any]
) -> ScheduleView:
    """A new version that replaces the latest from its `valid_from`; the old one stays readable."""
    scope, scope_id = parse_owner(owner)
    _check_can_add(session, actor, scope, scope_id)
    rows = session.scalars(
        select(Co2PriceSchedule).where(
            Co2PriceSchedule.scope == scope,
            Co2PriceSchedule.scope_id == scope_id,
            Co2PriceSchedule.key == key,
        )
    ).all()
    if not rows:
        raise NotFound("schedule", f"{owner}/{key}")
    row_values = _row_values(values)
    latest = max(rows, key=lambda r: r.valid_from)
    if row_values["valid_from"] <= latest.valid_from:
        raise InvalidInput(
            "valid_from",
            f"a new version starts after the latest one, which applies from {latest.valid_from.isoformat()}.",
        )
    version = str(max(int(r.version) if r.version.isdigit() else 0 for r in rows) + 1)
    if any(r.version == version for r in rows):
        raise Conflict(f"Version {version} of {owner}/{key} exists already.")
    return _store(session, actor, scope, scope_id, key, version, row_values)


def schedule_for_evaluation(session: Session, actor: Actor, ref: str) -> Schedule:
    """The schedule an evaluation names as "owner/key/version" (or "owner/key" for the latest)."""
    parts = ref.split("/")
    if len(parts) not in (2, 3):
        raise InvalidInput("schedule", "name a schedule as owner/key/version, like shipped/de-behg/2024.")
    return get_schedule(session, actor, parts[0], parts[1], parts[2] if len(parts) == 3 else None).schedule


def owners_for(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(owner, name) of the cities and networks the actor may add schedules for (admins: any, so
    this lists only their own grants and the form takes a typed owner)."""
    cities = actor.cities(Role.CITY_EDITOR)
    networks = actor.networks()
    found = [(f"city-{c.id}", c.name) for c in session.scalars(select(City).where(City.id.in_(cities)))]
    found += [
        (f"network-{n.id}", n.name) for n in session.scalars(select(Network).where(Network.id.in_(networks)))
    ]
    return sorted(found, key=lambda pair: pair[1])


def may_add(actor: Actor, owner: str) -> bool:
    """Whether the actor may add a schedule or version for `owner` (for showing the forms)."""
    try:
        scope, scope_id = parse_owner(owner)
    except NotFound:
        return False
    if scope == "city":
        return actor.can_edit_city(scope_id)
    return scope == "network" and actor.runs_network(scope_id)
