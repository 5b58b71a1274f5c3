"""Funding programmes matched to a city, or to one of its plan measures, on a given day.

Loads the active programmes with their calls, the city, its partners and its open plan measures with
their money, and asks domain.funding_match. Codes and figures only; the words are the interface's.

Who sees what:
- a plan measure's match reads its money (capex, funding secured and sought), which is internal: the
  city's staff, admins and the secretariats of the networks the city confirmed
  (`measure_money.may_read_money`); anybody else gets "not found" for the measure;
- the city-level match (no measure: the programmes the city is eligible for now) reads only public
  facts: the catalogue, the city's country and population, its twin towns and, for readers without
  the internal view, only its public partnerships. Anybody may read it for a published city.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from citypact.domain import funding_match as fm
from citypact.domain.access import Actor
from citypact.domain.funding import call_state, size_band, split_codes
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans.measure_money import lines_of, may_read_money
from citypact.storage.funding import FundingCall, FundingProgramme
from citypact.storage.models import City, CooperationItem, MeasureType, TwinLink
from citypact.storage.partnerships import Partnership, PartnershipMember
from citypact.storage.plans import PlanMeasure

MAX_PROGRAMMES: Final = 2000  # active programmes read for one match
MAX_CALLS: Final = 50  # calls of one programme read (the newest closing dates first)
MAX_MEASURES: Final = 500  # open measures of one city
MAX_PARTNERS: Final = fm.MAX_PARTNERS
MAX_NEEDS: Final = 100  # cooperation needs of one city
DONE: Final = frozenset({"implemented", "evaluated"})  # measures past needing money
ACTIVE_PARTNERSHIP: Final = "active"
YEARS: Final = (2000, 2100)  # the days a match may be asked for


@dataclass(frozen=True)
class CallInfo:
    id: int
    title: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    state: str  # domain.funding.CALL_STATES on the day asked
    url: str


@dataclass(frozen=True)
class ProgrammeInfo:
    id: int
    name: str
    funder_name: str
    funder_level: str
    instrument: str
    currency: str
    amount_min_minor: int | None
    amount_max_minor: int | None
    funding_rate_bp: int | None
    joint_required: bool
    min_cities: int
    min_countries: int
    source_url: str
    calls: tuple[CallInfo, ...]
    updated_at: dt.datetime  # when the entry last changed (the calendar's DTSTAMP)


@dataclass(frozen=True)
class PartnerInfo:
    id: int
    name: str
    country: str
    population: int | None
    via: str  # "partnership" or "twin"


@dataclass(frozen=True)
class MeasureNeed:
    """An open plan measure and its money (minor units of its currency; None when unknown)."""

    id: int
    city_id: int
    title: str
    field: str
    gpc_sector: str | None
    measure_type: str | None
    currency: str | None
    capex_minor: int | None
    secured_minor: int
    sought_minor: int

    @property
    def gap_minor(self) -> int | None:
        return self.need.gap_minor

    @property
    def need(self) -> fm.Need:
        return fm.Need(
            kind="plan_measure",
            id=self.id,
            field=self.field,
            gpc_sector=self.gpc_sector,
            measure_type=self.measure_type,
            currency=self.currency,
            cost_minor=self.capex_minor,
            secured_minor=self.secured_minor,
            sought_minor=self.sought_minor,
        )


@dataclass(frozen=True)
class CooperationNeed:
    """A city's need of technical cooperation: only its field takes part in the match."""

    id: int
    field: str
    support: str
    description: str

    @property
    def need(self) -> fm.Need:
        return fm.Need(kind="cooperation_need", id=self.id, field=self.field)


@dataclass(frozen=True)
class Applicant:
    id: int
    name: str
    country: str
    population: int | None
    size_band: str | None

    @property
    def city(self) -> fm.City:
        return fm.City(self.id, self.country, self.population)


@dataclass(frozen=True)
class Catalogue:
    rules: tuple[fm.Programme, ...]
    info: dict[int, ProgrammeInfo]


@dataclass(frozen=True)
class CityMatches:
    city: Applicant
    on: dt.date
    measure: MeasureNeed | None  # None: the city-level match
    matches: tuple[fm.Match, ...]  # eligible first (domain.funding_match.order)
    programmes: dict[int, ProgrammeInfo]
    partners: tuple[PartnerInfo, ...]
    internal: bool  # the reader sees the city's internal figures


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def day_of(on: dt.date | None) -> dt.date:
    """The day asked for (today when not given), within YEARS."""
    if on is None:
        return today()
    if not YEARS[0] <= on.year <= YEARS[1]:
        raise InvalidInput("on", f"give a day from {YEARS[0]}-01-01 to {YEARS[1]}-12-31 (YYYY-MM-DD).")
    return on


def load_catalogue(session: Session, on: dt.date) -> Catalogue:
    """The active programmes (at most MAX_PROGRAMMES, by id) with their calls and their states on `on`."""
    programmes = list(
        session.scalars(
            select(FundingProgramme)
            .where(FundingProgramme.status == "active")
            .order_by(FundingProgramme.id)
            .limit(MAX_PROGRAMMES)
        )
    )
    calls: dict[int, list[FundingCall]] = {p.id: [] for p in programmes}
    if programmes:
        for call in session.scalars(
            select(FundingCall)
            .where(FundingCall.programme_id.in_(list(calls)))
            .order_by(FundingCall.programme_id, FundingCall.closes_on.desc(), FundingCall.id)
        ):
            if len(calls[call.programme_id]) < MAX_CALLS:
                calls[call.programme_id].append(call)
    rules: list[fm.Programme] = []
    info: dict[int, ProgrammeInfo] = {}
    for p in programmes:
        own = sorted(calls[p.id], key=lambda c: (c.opens_on or dt.date.min, c.closes_on or dt.date.max, c.id))
        rules.append(
            fm.Programme(
                id=p.id,
                currency=p.currency,
                calls=tuple(fm.Call(c.id, c.opens_on, c.closes_on) for c in own),
                countries=split_codes(p.countries),
                size_bands=split_codes(p.size_bands),
                fields=split_codes(p.fields),
                gpc_sectors=split_codes(p.gpc_sectors),
                measure_types=split_codes(p.measure_types),
                joint_required=p.joint_required,
                min_cities=p.min_cities,
                min_countries=p.min_countries,
                amount_min_minor=p.amount_min_minor,
                amount_max_minor=p.amount_max_minor,
                funding_rate_bp=p.funding_rate_bp,
            )
        )
        info[p.id] = ProgrammeInfo(
            p.id,
            p.name,
            p.funder_name,
            p.funder_level,
            p.instrument,
            p.currency,
            p.amount_min_minor,
            p.amount_max_minor,
            p.funding_rate_bp,
            p.joint_required,
            p.min_cities,
            p.min_countries,
            p.source_url,
            tuple(
                CallInfo(
                    c.id, c.title, c.opens_on, c.closes_on, call_state(c.opens_on, c.closes_on, on), c.url
                )
                for c in own
            ),
            p.updated_at,
        )
    return Catalogue(tuple(rules), info)


def applicant_of(session: Session, actor: Actor, city_id: int) -> tuple[Applicant, bool]:
    """The city and whether the actor reads its internal figures; an unpublished city is "not found"
    for everybody else."""
    city = session.get(City, city_id)
    internal = city is not None and may_read_money(session, actor, city_id)
    if city is None or not (city.is_published or internal):
        raise NotFound("city", city_id)
    return Applicant(city.id, city.name, city.country, city.population, size_band(city.population)), internal


def partners_of(session: Session, city_id: int, *, internal: bool) -> tuple[PartnerInfo, ...]:
    """The city's partners for a joint application: the members of its active partnerships (only
    public ones for a reader without the internal view) and its twin towns; each city once, the city
    itself never, at most MAX_PARTNERS, by name."""
    mine = select(PartnershipMember.partnership_id).where(PartnershipMember.city_id == city_id)
    condition = [Partnership.status == ACTIVE_PARTNERSHIP, Partnership.id.in_(mine)]
    if not internal:
        condition.append(Partnership.is_public.is_(True))
    via: dict[int, str] = {}
    for (other,) in session.execute(
        select(PartnershipMember.city_id)
        .join(Partnership, Partnership.id == PartnershipMember.partnership_id)
        .where(*condition, PartnershipMember.city_id != city_id)
        .limit(MAX_PARTNERS)
    ):
        via.setdefault(other, "partnership")
    for a, b in session.execute(
        select(TwinLink.city_a_id, TwinLink.city_b_id)
        .where(or_(TwinLink.city_a_id == city_id, TwinLink.city_b_id == city_id))
        .limit(MAX_PARTNERS)
    ):
        via.setdefault(b if a == city_id else a, "twin")
    if not via:
        return ()
    rows = session.scalars(select(City).where(City.id.in_(list(via))).order_by(City.name, City.id))
    return tuple(PartnerInfo(c.id, c.name, c.country, c.population, via[c.id]) for c in rows)[:MAX_PARTNERS]


def open_measures(
    session: Session, city_ids: Iterable[int], *, measure_id: int | None = None
) -> dict[int, list[MeasureNeed]]:
    """City id -> its plan measures neither cancelled nor done (at most MAX_MEASURES each) with their
    money: capex from the capex cost lines, else the measure's single capex figure; funding secured
    and sought from its funding lines. No authorization: callers decide first."""
    ids = list(city_ids)
    found: dict[int, list[MeasureNeed]] = {i: [] for i in ids}
    if not ids:
        return found
    query = (
        select(PlanMeasure, MeasureType.code)
        .outerjoin(MeasureType, MeasureType.id == PlanMeasure.measure_type_id)
        .where(
            PlanMeasure.city_id.in_(ids),
            PlanMeasure.cancelled.is_(False),
            PlanMeasure.implementation.not_in(sorted(DONE)),
        )
        .order_by(PlanMeasure.city_id, PlanMeasure.title, PlanMeasure.id)
    )
    if measure_id is not None:
        query = query.where(PlanMeasure.id == measure_id)
    rows: list[tuple[PlanMeasure, str | None]] = []
    taken: dict[int, int] = dict.fromkeys(ids, 0)
    for row in session.execute(query):
        if taken[row[0].city_id] < MAX_MEASURES:
            taken[row[0].city_id] += 1
            rows.append((row[0], row[1]))
    costs, funding = lines_of(session, [p.id for p, _ in rows])
    for plan, code in rows:
        capex_lines = [c.amount_minor for c in costs[plan.id] if c.kind == "capex"]
        capex = sum(capex_lines) if capex_lines else plan.capex_minor
        lines = funding[plan.id]
        found[plan.city_id].append(
            MeasureNeed(
                plan.id,
                plan.city_id,
                plan.title,
                plan.field,
                plan.gpc_sector,
                code,
                plan.currency,
                capex,
                sum(f.amount_minor for f in lines if f.status == "secured"),
                sum(f.amount_minor for f in lines if f.status == "sought"),
            )
        )
    return found


def cooperation_needs(session: Session, city_id: int) -> list[CooperationNeed]:
    """The city's cooperation needs (not its offers), oldest first, at most MAX_NEEDS."""
    rows = session.scalars(
        select(CooperationItem)
        .where(CooperationItem.city_id == city_id, CooperationItem.kind == "need")
        .order_by(CooperationItem.created_at, CooperationItem.id)
        .limit(MAX_NEEDS)
    )
    return [CooperationNeed(c.id, c.field, c.support, c.description) for c in rows]


def match_city(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    measure_id: int | None = None,
    on: dt.date | None = None,
    catalogue: Catalogue | None = None,
) -> CityMatches:
    """Every active programme matched to the city (or to its measure), eligible first. Without a
    measure: anybody may ask for a published city; with one: only readers of the city's money."""
    day = day_of(on)
    applicant, internal = applicant_of(session, actor, city_id)
    measure = None
    if measure_id is not None:
        if not internal:
            raise NotFound("plan measure", measure_id)
        measures = open_measures(session, [city_id], measure_id=measure_id)[city_id]
        if not measures:
            raise NotFound("plan measure", measure_id)
        measure = measures[0]
    cat = catalogue or load_catalogue(session, day)
    partners = partners_of(session, city_id, internal=internal)
    need = measure.need if measure else fm.Need()
    found = fm.match_all(cat.rules, applicant.city, need, day, cities_of(partners))
    return CityMatches(applicant, day, measure, tuple(found), cat.info, partners, internal)


def cities_of(partners: Sequence[PartnerInfo]) -> list[fm.City]:
    return [fm.City(p.id, p.country, p.population) for p in partners]


def match_measures(
    catalogue: Catalogue,
    applicant: Applicant,
    measures: Sequence[MeasureNeed],
    partners: Sequence[PartnerInfo],
    on: dt.date,
) -> dict[int, list[fm.Match]]:
    """Measure id -> its eligible matches in order (for views that have already authorized)."""
    city = applicant.city
    others = cities_of(partners)
    return {
        m.id: [x for x in fm.match_all(catalogue.rules, city, m.need, on, others) if x.eligible]
        for m in measures
    }


MAX_OPTIONS: Final = 500


def programme_options(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the programmes a funding line may name (active or ended; public catalogue
    entries), by name, at most MAX_OPTIONS."""
    rows = session.execute(
        select(FundingProgramme.id, FundingProgramme.name)
        .where(FundingProgramme.status.in_(("active", "ended")))
        .order_by(FundingProgramme.name, FundingProgramme.id)
        .limit(MAX_OPTIONS)
    )
    return [(i, name) for i, name in rows]
