"""A city's funding view: its open measures with their capex, funding secured and sought and the
gap (in each measure's currency, never summed across currencies), the programmes matched to each
with their reasons, and the deadlines of the programmes the city is eligible for.

The figures are internal: the city's staff, admins and the secretariats of the networks the city
confirmed read the view (services.plans.measure_money.may_read_money); a visitor who is not signed
in is asked to sign in, anybody else is refused, and an unpublished city is "not found" for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from citypact.domain import funding_match as fm
from citypact.domain.access import Actor
from citypact.services.errors import NotAuthenticated, NotFound, PermissionDenied
from citypact.services.funding import matching
from citypact.services.funding.matching import (
    Applicant,
    CooperationNeed,
    MeasureNeed,
    PartnerInfo,
    ProgrammeInfo,
)
from citypact.services.plans.measure_money import may_read_money
from citypact.storage.models import City

MAX_DEADLINES: Final = 200


@dataclass(frozen=True)
class MeasureRow:
    measure: MeasureNeed
    matches: tuple[fm.Match, ...]  # eligible only, in order


@dataclass(frozen=True)
class NeedRow:
    need: CooperationNeed
    matches: tuple[fm.Match, ...]  # eligible only, in order


@dataclass(frozen=True)
class CurrencyTotal:
    """The measures of one currency added up; measures without a known capex count in secured and
    sought only."""

    currency: str
    capex_minor: int
    secured_minor: int
    sought_minor: int
    gap_minor: int
    measures: int


@dataclass(frozen=True)
class Deadline:
    on: dt.date
    kind: str  # "closes" (the last day of an open or upcoming call) or "opens" (an upcoming call)
    days: int  # from the day asked
    programme_id: int
    call_id: int


@dataclass(frozen=True)
class CityFunding:
    city: Applicant
    on: dt.date
    measures: tuple[MeasureRow, ...]
    unpriced: tuple[MeasureNeed, ...]  # open measures without a currency (no money to show)
    totals: tuple[CurrencyTotal, ...]  # by currency code
    needs: tuple[NeedRow, ...]  # the city's cooperation needs and the programmes that fit their field
    city_matches: tuple[fm.Match, ...]  # the programmes the city is eligible for now
    deadlines: tuple[Deadline, ...]
    programmes: dict[int, ProgrammeInfo]
    partners: tuple[PartnerInfo, ...]
    can_edit: bool


def check_reader(session: Session, actor: Actor, city_id: int) -> None:
    """Only who may read the city's money; the unpublished city is "not found" for the others."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    if may_read_money(session, actor, city_id):
        return
    if not city.is_published:
        raise NotFound("city", city_id)
    if not actor.is_authenticated:
        raise NotAuthenticated("Sign in to see a city's funding figures.")
    raise PermissionDenied("A city's funding figures are for its staff and its networks' secretariats.")


def deadlines(
    matches: Iterable[fm.Match], programmes: Mapping[int, ProgrammeInfo], on: dt.date
) -> tuple[Deadline, ...]:
    """The closing days of open and upcoming calls, and the opening days of upcoming ones, of the
    eligible programmes; soonest first, at most MAX_DEADLINES."""
    found: list[Deadline] = []
    for m in matches:
        if not m.eligible:
            continue
        for call in programmes[m.programme_id].calls:
            if call.state == "upcoming" and call.opens_on is not None:
                found.append(
                    Deadline(call.opens_on, "opens", (call.opens_on - on).days, m.programme_id, call.id)
                )
            if call.state in ("open", "upcoming") and call.closes_on is not None:
                found.append(
                    Deadline(call.closes_on, "closes", (call.closes_on - on).days, m.programme_id, call.id)
                )
    found.sort(key=lambda d: (d.on, d.kind != "closes", d.programme_id, d.call_id))
    return tuple(found[:MAX_DEADLINES])


def totals(measures: Iterable[MeasureNeed]) -> tuple[CurrencyTotal, ...]:
    by: dict[str, list[MeasureNeed]] = {}
    for m in measures:
        if m.currency:
            by.setdefault(m.currency, []).append(m)
    return tuple(
        CurrencyTotal(
            currency,
            sum(m.capex_minor or 0 for m in rows),
            sum(m.secured_minor for m in rows),
            sum(m.sought_minor for m in rows),
            sum(m.gap_minor or 0 for m in rows),
            len(rows),
        )
        for currency, rows in sorted(by.items())
    )


def city_funding(session: Session, actor: Actor, city_id: int, *, on: dt.date | None = None) -> CityFunding:
    """The city's funding view on `on` (today when not given)."""
    check_reader(session, actor, city_id)
    day = matching.day_of(on)
    applicant, _ = matching.applicant_of(session, actor, city_id)
    catalogue = matching.load_catalogue(session, day)
    partners = matching.partners_of(session, city_id, internal=True)
    measures = matching.open_measures(session, [city_id])[city_id]
    priced = [m for m in measures if m.currency]
    per_measure = matching.match_measures(catalogue, applicant, priced, partners, day)
    others = matching.cities_of(partners)
    need_rows = tuple(
        NeedRow(
            n,
            tuple(
                m for m in fm.match_all(catalogue.rules, applicant.city, n.need, day, others) if m.eligible
            ),
        )
        for n in matching.cooperation_needs(session, city_id)
    )
    city_level = [
        m for m in fm.match_all(catalogue.rules, applicant.city, fm.Need(), day, others) if m.eligible
    ]
    return CityFunding(
        applicant,
        day,
        tuple(MeasureRow(m, tuple(per_measure[m.id])) for m in priced),
        tuple(m for m in measures if not m.currency),
        totals(priced),
        need_rows,
        tuple(city_level),
        deadlines(city_level, catalogue.info, day),
        catalogue.info,
        partners,
        actor.can_edit_city(city_id),
    )
