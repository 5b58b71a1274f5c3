"""Applications to funding programmes, alone or jointly: formed by the lead city's editors, or by a
network's secretariat for cities that confirmed they are its members (the application then names
the network). Partner cities are added and removed while it is forming; each city may bring one of
its plan measures. Status: forming -> submitted -> awarded or rejected; withdrawn from forming or
submitted. The programme's joint rule (min_cities from min_countries) is checked on submission.

Read by the staff of the cities in it, the secretariat of the network that formed it, and admins;
changed by the lead city's editors, that secretariat, and admins. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.funding import call_state
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, require
from citypact.services.funding.programme_input import NOTE_MAX, as_ids, clean_money, today_utc
from citypact.services.input import clean_code, clean_text
from citypact.services.registry.networks import confirmed_networks
from citypact.services.versions import check_version, flush_checked
from citypact.storage.funding import FundingApplication, FundingApplicationCity, FundingCall, FundingProgramme
from citypact.storage.models import City, Network, utcnow
from citypact.storage.plans import PlanMeasure

MAX_CITIES: Final = 50  # cities in one application
MAX_LISTED: Final = 200
TRANSITIONS: Final = {
    "forming": ("submitted", "withdrawn"),
    "submitted": ("awarded", "rejected", "withdrawn"),
    "awarded": (),
    "rejected": (),
    "withdrawn": (),
}


@dataclass(frozen=True)
class Shortfall:
    """What a joint application still lacks: cities and countries (0 when the rule is met)."""

    cities: int
    countries: int
    needed_cities: int
    needed_countries: int

    @property
    def met(self) -> bool:
        return self.cities == 0 and self.countries == 0

    def message(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        cities = n(self.needed_cities, "city", "cities")
        needs = f"{cities} from {n(self.needed_countries, 'country', 'countries')}"
        lacks = f"{n(self.cities, 'more city', 'more cities')}"
        if self.countries:
            lacks += f", from {n(self.countries, 'more country', 'more countries')}"
        return f"the programme needs {needs}: add {lacks}."


def shortfall(countries_of_cities: Sequence[str], min_cities: int, min_countries: int) -> Shortfall:
    """How many cities and countries an application with cities in `countries_of_cities` (one entry
    per city) lacks. More cities can bring more countries, so the cities missing are at least the
    countries missing."""
    have_countries = len(set(countries_of_cities))
    countries = max(0, min_countries - have_countries)
    cities = max(0, min_cities - len(countries_of_cities), countries)
    return Shortfall(cities, countries, min_cities, min_countries)


@dataclass(frozen=True)
class ApplicationCityView:
    city_id: int
    name: str
    country: str
    lead: bool
    plan_measure_id: int | None
    plan_measure: str | None


@dataclass(frozen=True)
class ApplicationView:
    id: int
    programme_id: int
    programme: str
    call_id: int | None
    call: str | None
    call_state: str | None
    lead_city_id: int
    network_id: int | None
    network: str | None
    title: str
    status: str
    amount_sought_minor: int | None
    currency: str
    note: str
    cities: tuple[ApplicationCityView, ...]
    shortfall: Shortfall
    next_statuses: tuple[str, ...]
    version: int
    can_edit: bool
    created_at: dt.datetime


def _city_ids(session: Session, application_id: int) -> list[int]:
    return list(
        session.scalars(
            select(FundingApplicationCity.city_id).where(
                FundingApplicationCity.application_id == application_id
            )
        )
    )


def may_read(actor: Actor, application: FundingApplication, city_ids: Sequence[int]) -> bool:
    if actor.is_admin:
        return True
    if application.network_id is not None and actor.runs_network(application.network_id):
        return True
    staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    return any(c in staff for c in city_ids)


def may_edit(actor: Actor, application: FundingApplication) -> bool:
    if actor.can_edit_city(application.lead_city_id):
        return True
    return application.network_id is not None and actor.runs_network(application.network_id)


def _load(session: Session, actor: Actor, application_id: int) -> tuple[FundingApplication, list[int]]:
    require(actor.is_authenticated, False)  # applications are never public
    application = session.get(FundingApplication, application_id)
    if application is None:
        raise NotFound("funding application", application_id)
    ids = _city_ids(session, application_id)
    if not may_read(actor, application, ids):
        raise NotFound("funding application", application_id)
    return application, ids


def _load_to_edit(
    session: Session, actor: Actor, application_id: int
) -> tuple[FundingApplication, list[int]]:
    application, ids = _load(session, actor, application_id)
    require(
        may_edit(actor, application),
        actor.is_authenticated,
        "Only the lead city's editors or the secretariat that formed it change this application.",
    )
    return application, ids


def _network(session: Session, value: Any) -> Network:
    network: Network | None
    if isinstance(value, int) and not isinstance(value, bool):
        network = session.get(Network, value)
    elif isinstance(value, str) and value.strip().isdigit():
        network = session.get(Network, int(value))
    elif isinstance(value, str):
        network = session.scalars(select(Network).where(Network.slug == value.strip().lower())).first()
    else:
        network = None
    if network is None:
        raise InvalidInput("network", f"no network {value!r}; give its slug, e.g. c40.")
    return network


def _check_measure(session: Session, city_id: int, measure: Any) -> int | None:
    if measure in (None, ""):
        return None
    try:
        mid = int(measure)
    except (TypeError, ValueError):
        raise InvalidInput("plan_measure_id", f"{measure!r} is not a measure id.") from None
    plan = session.get(PlanMeasure, mid)
    if plan is None or plan.city_id != city_id:
        raise InvalidInput("plan_measure_id", f"measure {mid} is not in the action plan of city {city_id}.")
    return mid


def _check_network_members(session: Session, network_id: int, city_ids: Sequence[int]) -> None:
    members = confirmed_networks(session, city_ids)
    outside = [c for c in city_ids if network_id not in members.get(c, set())]
    if outside:
        raise InvalidInput(
            "cities",
            f"city {outside[0]} has not confirmed it is a member of this network; it cannot be named.",
        )


def create_application(session: Session, actor: Actor, values: Mapping[str, Any]) -> FundingApplication:
    """A forming application: programme (active), optionally one of its calls that has not closed,
    lead city, partner cities, title, amount sought in the programme's currency, each city's
    measure (`measures`: city id -> plan measure id), and `network` when a secretariat forms it."""
    allowed = {
        "programme_id",
        "call_id",
        "lead_city_id",
        "partner_city_ids",
        "title",
        "amount_sought",
        "note",
        "network",
        "measures",
    }
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")
    require(actor.is_authenticated, False)
    lead = as_ids("lead_city_id", values.get("lead_city_id"), 1)
    if not lead:
        raise InvalidInput("lead_city_id", "name the city that leads the application.")
    network_id: int | None = None
    if values.get("network") not in (None, ""):
        network = _network(session, values.get("network"))
        if not actor.runs_network(network.id):
            raise PermissionDenied("Only the network's secretariat forms applications in its name.")
        network_id = network.id
    elif not actor.can_edit_city(lead[0]):
        raise PermissionDenied(
            "Only the lead city's editors, or a network's secretariat for its members, form it."
        )
    partners = [
        c for c in as_ids("partner_city_ids", values.get("partner_city_ids"), MAX_CITIES - 1) if c != lead[0]
    ]
    city_ids = lead + partners
    cities = {c.id: c for c in session.scalars(select(City).where(City.id.in_(city_ids)))}
    missing = [c for c in city_ids if c not in cities]
    if missing:
        raise InvalidInput(
            "partner_city_ids" if missing[0] != lead[0] else "lead_city_id", f"no city with id {missing[0]}."
        )
    if network_id is not None:
        _check_network_members(session, network_id, city_ids)
    programme_ids = as_ids("programme_id", values.get("programme_id"), 1)
    programme = session.get(FundingProgramme, programme_ids[0]) if programme_ids else None
    if programme is None or programme.status != "active":
        raise InvalidInput("programme_id", "choose an active programme of the catalogue.")
    call_id: int | None = None
    if values.get("call_id") not in (None, ""):
        call_ids = as_ids("call_id", values.get("call_id"), 1)
        call = session.get(FundingCall, call_ids[0]) if call_ids else None
        if call is None or call.programme_id != programme.id:
            raise InvalidInput("call_id", "choose one of the programme's calls.")
        if call_state(call.opens_on, call.closes_on, today_utc()) == "closed":
            raise InvalidInput(
                "call_id", f"the call closed on {call.closes_on}; choose one that is open or coming."
            )
        call_id = call.id
    title = clean_text("title", values.get("title"), 300, required=True)
    amount = clean_money("amount_sought", values.get("amount_sought"), programme.currency)
    note = clean_text("note", values.get("note"), NOTE_MAX)
    measures_raw = values.get("measures") or {}
    if not isinstance(measures_raw, Mapping):
        raise InvalidInput("measures", "give the cities' measures as {city id: measure id}.")
    measures: dict[int, int | None] = {}
    for key, measure in measures_raw.items():
        try:
            cid = int(key)
        except (TypeError, ValueError):
            raise InvalidInput("measures", f"{key!r} is not a city id.") from None
        if cid not in city_ids:
            raise InvalidInput("measures", f"city {cid} is not in the application.")
        measures[cid] = _check_measure(session, cid, measure)
    application = FundingApplication(
        programme_id=programme.id,
        call_id=call_id,
        lead_city_id=lead[0],
        network_id=network_id,
        title=title,
        status="forming",
        amount_sought_minor=amount,
        currency=programme.currency,
        note=note,
        created_by=actor.user_id,
    )
    session.add(application)
    session.flush()
    for cid in city_ids:
        session.add(
            FundingApplicationCity(
                application_id=application.id, city_id=cid, plan_measure_id=measures.get(cid)
            )
        )
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "funding_application",
        application.id,
        city_id=lead[0],
        network_id=network_id,
        after={
            "programme_id": programme.id,
            "call_id": call_id,
            "cities": city_ids,
            "title": title,
            "amount_sought_minor": amount,
            "currency": programme.currency,
        },
    )
    return application


def _check_forming(application: FundingApplication) -> None:
    if application.status != "forming":
        raise Conflict(f"The application is {application.status}; cities change only while it is forming.")


def add_city(
    session: Session, actor: Actor, application_id: int, city_id: Any, plan_measure_id: Any = None
) -> FundingApplicationCity:
    """Add a partner city (and the measure it brings) while the application is forming."""
    application, ids = _load_to_edit(session, actor, application_id)
    _check_forming(application)
    cid = (as_ids("city_id", city_id, 1) or [0])[0]
    if session.get(City, cid) is None:
        raise InvalidInput("city_id", f"no city with id {city_id!r}.")
    if cid in ids:
        raise Conflict("This city takes part already.")
    if len(ids) >= MAX_CITIES:
        raise Conflict(f"An application has at most {MAX_CITIES} cities.")
    if application.network_id is not None:
        _check_network_members(session, application.network_id, [cid])
    measure = _check_measure(session, cid, plan_measure_id)
    row = FundingApplicationCity(application_id=application_id, city_id=cid, plan_measure_id=measure)
    session.add(row)
    application.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "add_city",
        "funding_application",
        application_id,
        city_id=application.lead_city_id,
        after={"city_id": cid, "plan_measure_id": measure},
    )
    return row


def remove_city(
    session: Session, actor: Actor, application_id: int, city_id: int, *, expected_version: int | None = None
) -> None:
    """Take a partner city off while forming (the page asks first); the lead stays. The
    application's version guards against removing from an application changed meanwhile."""
    application, ids = _load_to_edit(session, actor, application_id)
    check_version("funding application", application_id, application.version, expected_version)
    _check_forming(application)
    if city_id == application.lead_city_id:
        raise Conflict("The lead city stays in its application.")
    row = session.get(FundingApplicationCity, (application_id, city_id))
    if row is None:
        raise NotFound("city of the application", city_id)
    before = {"city_id": city_id, "plan_measure_id": row.plan_measure_id}
    session.delete(row)
    application.updated_at = utcnow()
    flush_checked(session, "funding application", application_id, expected_version)
    audit.record(
        session,
        actor,
        "remove_city",
        "funding_application",
        application_id,
        city_id=application.lead_city_id,
        before=before,
    )


def set_status(
    session: Session, actor: Actor, application_id: int, status: Any, *, expected_version: int | None = None
) -> FundingApplication:
    """Move the application on; submitting checks the programme's joint rule."""
    application, ids = _load_to_edit(session, actor, application_id)
    check_version("funding application", application_id, application.version, expected_version)
    allowed = TRANSITIONS[application.status]
    if not allowed:
        raise Conflict(f"The application is {application.status}; its status changes no more.")
    new = clean_code("status", status, allowed)
    if new == "submitted":
        programme = session.get(FundingProgramme, application.programme_id)
        assert programme is not None
        countries = [c.country for c in session.scalars(select(City).where(City.id.in_(ids)))]
        lack = shortfall(countries, programme.min_cities, programme.min_countries)
        if not lack.met:
            raise InvalidInput("cities", lack.message())
    before = application.status
    application.status = new
    application.updated_at = utcnow()
    flush_checked(session, "funding application", application_id, expected_version)
    audit.record(
        session,
        actor,
        "status",
        "funding_application",
        application_id,
        city_id=application.lead_city_id,
        network_id=application.network_id,
        before={"status": before},
        after={"status": new},
    )
    return application


def _view(
    session: Session, actor: Actor, application: FundingApplication, ids: Sequence[int]
) -> ApplicationView:
    programme = session.get(FundingProgramme, application.programme_id)
    assert programme is not None
    call = session.get(FundingCall, application.call_id) if application.call_id else None
    network = session.get(Network, application.network_id) if application.network_id else None
    rows = list(
        session.execute(
            select(FundingApplicationCity, City)
            .join(City, City.id == FundingApplicationCity.city_id)
            .where(FundingApplicationCity.application_id == application.id)
            .order_by(City.name)
        )
    )
    measure_ids = [r.plan_measure_id for r, _ in rows if r.plan_measure_id]
    titles = (
        {
            r.id: r.title
            for r in session.execute(
                select(PlanMeasure.id, PlanMeasure.title).where(PlanMeasure.id.in_(measure_ids))
            )
        }
        if measure_ids
        else {}
    )
    cities = tuple(
        sorted(
            (
                ApplicationCityView(
                    c.id,
                    c.name,
                    c.country,
                    c.id == application.lead_city_id,
                    r.plan_measure_id,
                    titles.get(r.plan_measure_id or 0),
                )
                for r, c in rows
            ),
            key=lambda v: (not v.lead, v.name),
        )
    )
    return ApplicationView(
        id=application.id,
        programme_id=programme.id,
        programme=programme.name,
        call_id=call.id if call else None,
        call=call.title if call else None,
        call_state=call_state(call.opens_on, call.closes_on, today_utc()) if call else None,
        lead_city_id=application.lead_city_id,
        network_id=application.network_id,
        network=network.name if network else None,
        title=application.title,
        status=application.status,
        amount_sought_minor=application.amount_sought_minor,
        currency=application.currency,
        note=application.note,
        cities=cities,
        shortfall=shortfall([c.country for c in cities], programme.min_cities, programme.min_countries),
        next_statuses=TRANSITIONS[application.status] if may_edit(actor, application) else (),
        version=application.version,
        can_edit=may_edit(actor, application),
        created_at=application.created_at,
    )


def get_application(session: Session, actor: Actor, application_id: int) -> ApplicationView:
    application, ids = _load(session, actor, application_id)
    return _view(session, actor, application, ids)


def list_applications(session: Session, actor: Actor, *, city_id: int | None = None) -> list[ApplicationView]:
    """The applications the actor may read (newest first, at most 200), maybe of one city."""
    require(actor.is_authenticated, False)
    query = select(FundingApplication).order_by(FundingApplication.id.desc())
    if not actor.is_admin:
        staff = sorted(actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER))
        in_staff = select(FundingApplicationCity.application_id).where(
            FundingApplicationCity.city_id.in_(staff)
        )
        query = query.where(
            FundingApplication.id.in_(in_staff) | FundingApplication.network_id.in_(sorted(actor.networks()))
        )
    if city_id is not None:
        query = query.where(
            FundingApplication.id.in_(
                select(FundingApplicationCity.application_id).where(FundingApplicationCity.city_id == city_id)
            )
        )
    found = list(session.scalars(query.limit(MAX_LISTED)))
    return [_view(session, actor, a, _city_ids(session, a.id)) for a in found]
