"""A city's needs meet providers' published offers.

A city's needs are the measures of its action plan that are neither done (implemented, evaluated)
nor cancelled, and its cooperation needs. Each comes with the published offers that fit, in the
stated order (domain.offer_match), and the reasons. A city's plan is read on the city's own rule
(plans.get_plan: whoever may read the city), so are its needs; a network's secretariat sees which
of its confirmed members' needs found no offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import DONE_STAGES
from citypact.domain.funding import size_band, split_codes
from citypact.domain.offer_match import Need, OfferFacts, fitting
from citypact.services.errors import require
from citypact.services.registry.cities import readable_city
from citypact.services.registry.networks import network_by_slug
from citypact.storage.funding import ProviderOffer, ProviderOfferReference
from citypact.storage.models import (
    CaseStudy,
    City,
    CooperationItem,
    MeasureType,
    Network,
    NetworkMember,
    Organisation,
)
from citypact.storage.plans import PlanMeasure

MAX_NEEDS: Final = 300  # needs of one city read at once
MAX_OFFERS_READ: Final = 2_000  # published offers the matching reads
FITS_PER_NEED: Final = 10
MAX_MEMBERS: Final = 500


@dataclass(frozen=True)
class OfferFit:
    offer_id: int
    title: str
    organisation_name: str
    kind: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NeedView:
    source: str  # domain.funding.NEED_SOURCES
    id: int
    city_id: int
    title: str
    field: str
    measure_type: str | None
    support: str | None
    offers: tuple[OfferFit, ...]


@dataclass(frozen=True)
class CityNeeds:
    city_id: int
    city_name: str
    country: str
    needs: tuple[NeedView, ...]


@dataclass(frozen=True)
class OpenNeed:
    city_id: int
    city_name: str
    source: str
    id: int
    title: str
    field: str


def published_offer_facts(session: Session) -> tuple[list[OfferFacts], dict[int, tuple[str, str, str]]]:
    """The published offers as the matching reads them, and id -> (title, organisation, kind)."""
    rows = session.execute(
        select(ProviderOffer, Organisation.name)
        .join(Organisation, Organisation.id == ProviderOffer.organisation_id)
        .where(ProviderOffer.status == "published")
        .order_by(ProviderOffer.updated_at.desc(), ProviderOffer.id)
        .limit(MAX_OFFERS_READ)
    ).all()
    ids = [o.id for o, _ in rows]
    refs: dict[int, list[tuple[str | None, str | None, bool]]] = {i: [] for i in ids}
    if ids:
        for offer_id, country, population, case_public in session.execute(
            select(ProviderOfferReference.offer_id, City.country, City.population, CaseStudy.is_published)
            .outerjoin(City, City.id == ProviderOfferReference.city_id)
            .outerjoin(CaseStudy, CaseStudy.id == ProviderOfferReference.case_study_id)
            .where(ProviderOfferReference.offer_id.in_(ids))
        ):
            refs[offer_id].append((country, size_band(population), bool(case_public)))
    facts = [
        OfferFacts(
            id=o.id,
            kind=o.kind,
            fields=split_codes(o.fields),
            measure_types=split_codes(o.measure_types),
            countries=split_codes(o.countries),
            languages=split_codes(o.languages),
            updated_at=o.updated_at,
            reference_countries=tuple(sorted({c for c, _, _ in refs[o.id] if c})),
            reference_size_bands=tuple(sorted({b for _, b, _ in refs[o.id] if b})),
            reference_count=len(refs[o.id]),
            has_published_case=any(p for _, _, p in refs[o.id]),
        )  # fmt: skip
        for o, _ in rows
    ]
    labels = {o.id: (o.title, name, o.kind) for o, name in rows}
    return facts, labels


def _needs_of(session: Session, cities: Sequence[City]) -> list[tuple[Need, str]]:
    """The open needs of `cities` with their titles, plan measures first, each by id."""
    by_id = {c.id: c for c in cities}
    ids = list(by_id)
    found: list[tuple[Need, str]] = []
    for pm, code in session.execute(
        select(PlanMeasure, MeasureType.code)
        .outerjoin(MeasureType, MeasureType.id == PlanMeasure.measure_type_id)
        .where(
            PlanMeasure.city_id.in_(ids),
            PlanMeasure.cancelled.is_(False),
            PlanMeasure.implementation.not_in(DONE_STAGES),
        )
        .order_by(PlanMeasure.city_id, PlanMeasure.id)
        .limit(MAX_NEEDS * len(ids))
    ):
        city = by_id[pm.city_id]
        need = Need("plan_measure", pm.id, city.id, pm.field, code, city.country, size_band(city.population))
        found.append((need, pm.title))
    for item in session.scalars(
        select(CooperationItem)
        .where(CooperationItem.city_id.in_(ids), CooperationItem.kind == "need")
        .order_by(CooperationItem.city_id, CooperationItem.id)
        .limit(MAX_NEEDS * len(ids))
    ):
        city = by_id[item.city_id]
        need = Need(
            "cooperation_need", item.id, city.id, item.field, None, city.country, size_band(city.population),
            support=item.support,
        )  # fmt: skip
        found.append((need, item.description[:120]))
    return found


class Candidates:
    """The offers listing a field or a measure type, by it: the only ones that can fit a need (an
    offer listing neither the need's field nor its measure type is ruled out), so a city's page
    assesses a few offers a need, not every published one. The stated order does not depend on
    the order offers come in (a property test of domain.offer_match), so the subset ranks alike."""

    def __init__(self, facts: Sequence[OfferFacts]) -> None:
        self.by_field: dict[str, list[OfferFacts]] = {}
        self.by_type: dict[str, list[OfferFacts]] = {}
        for offer in facts:
            for field in offer.fields:
                self.by_field.setdefault(field, []).append(offer)
            for code in offer.measure_types:
                self.by_type.setdefault(code, []).append(offer)

    def of(self, need: Need) -> list[OfferFacts]:
        found = {o.id: o for o in self.by_field.get(need.field, [])}
        if need.measure_type is not None:
            found.update((o.id, o) for o in self.by_type.get(need.measure_type, []))
        return list(found.values())


def _fits(
    need: Need, candidates: Candidates, labels: dict[int, tuple[str, str, str]]
) -> tuple[OfferFit, ...]:
    return tuple(
        OfferFit(f.offer_id, labels[f.offer_id][0], labels[f.offer_id][1], labels[f.offer_id][2], f.reasons)
        for f in fitting(need, candidates.of(need), FITS_PER_NEED)
    )


def city_needs(session: Session, actor: Actor, city_id: int) -> CityNeeds:
    """The city's open needs, each with the published offers that fit (at most FITS_PER_NEED)."""
    city = readable_city(session, actor, city_id)
    facts, labels = published_offer_facts(session)
    candidates = Candidates(facts)
    needs = [
        NeedView(
            need.source,
            need.id,
            need.city_id,
            title,
            need.field,
            need.measure_type,
            need.support,
            _fits(need, candidates, labels),
        )  # fmt: skip
        for need, title in _needs_of(session, [city])[:MAX_NEEDS]
    ]
    return CityNeeds(city.id, city.name, city.country, tuple(needs))


def needs_without_offers(session: Session, actor: Actor, slug: str) -> list[OpenNeed]:
    """The open needs of the network's confirmed members that no published offer fits (its
    secretariat and administrators only)."""
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id),
        actor.is_authenticated,
        "Only the network's secretariat sees its members' needs.",
    )
    cities = list(
        session.scalars(
            select(City)
            .join(NetworkMember, NetworkMember.city_id == City.id)
            .where(NetworkMember.network_id == network.id, NetworkMember.confirmed_at.is_not(None))
            .order_by(City.name, City.id)
            .limit(MAX_MEMBERS)
        )
    )
    if not cities:
        return []
    names = {c.id: c.name for c in cities}
    candidates = Candidates(published_offer_facts(session)[0])
    return [
        OpenNeed(need.city_id, names[need.city_id], need.source, need.id, title, need.field)
        for need, title in _needs_of(session, cities)
        if not fitting(need, candidates.of(need), 1)
    ]


def need_title(session: Session, actor: Actor, city_id: int, source: str, need_id: int) -> str | None:
    """The title of one of the city's needs (a plan measure's title, a cooperation need's first
    words), or None when the city has no such need or the actor may not read the city."""
    readable_city(session, actor, city_id)
    if source == "plan_measure":
        measure = session.get(PlanMeasure, need_id)
        return measure.title if measure is not None and measure.city_id == city_id else None
    item = session.get(CooperationItem, need_id)
    if item is None or item.city_id != city_id or item.kind != "need":
        return None
    return item.description[:120] or item.field


def networks_run(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(slug, name) of the networks whose secretariat the actor is (not all networks for an
    administrator): the links to their members' needs without offers."""
    ids = actor.networks()
    if not ids:
        return []
    return [(slug, name) for slug, name in session.execute(
        select(Network.slug, Network.name).where(Network.id.in_(ids)).order_by(Network.name)
    )]  # fmt: skip
