"""Facts about the registry as a whole: counts for the home page, the cited sources."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.partnerships import Status
from citypact.storage.models import (
    CaseStudy,
    City,
    Country,
    Inventory,
    MeasureType,
    Network,
    Source,
    TwinLink,
)
from citypact.storage.partnerships import Partnership
from citypact.storage.plans import PlanMeasure


@dataclass(frozen=True)
class RegistryCounts:
    cities: int
    countries: int
    twin_links: int


@dataclass(frozen=True)
class HomeFigures:
    """What the home page counts, each a figure anyone may see: published cities, inventories
    submitted or verified (drafts are the city's own), plan measures of published cities, published
    cases, catalogue measures, networks, and public partnerships every city agreed to."""

    cities: int
    countries: int
    inventories: int
    cities_with_emissions: int
    plan_measures: int
    cases: int
    measure_types: int
    networks: int
    partnerships: int
    twin_links: int


@dataclass(frozen=True)
class SourceInfo:
    id: str
    title: str
    publisher: str
    license: str
    url: str
    citation: str


def counts(session: Session) -> RegistryCounts:
    return RegistryCounts(
        cities=session.scalar(select(func.count()).select_from(City)) or 0,
        countries=session.scalar(select(func.count(func.distinct(City.country)))) or 0,
        twin_links=session.scalar(select(func.count()).select_from(TwinLink)) or 0,
    )


def home_figures(session: Session) -> HomeFigures:
    """The home page's figures in one statement of counts (one round trip to the database)."""
    published = select(City.id).where(City.is_published)
    shared = Inventory.status.in_(("submitted", "verified")) & Inventory.city_id.in_(published)
    counts = (
        select(func.count()).select_from(City).where(City.is_published),
        select(func.count(func.distinct(City.country))).where(City.is_published),
        select(func.count()).select_from(Inventory).where(shared),
        select(func.count(func.distinct(Inventory.city_id))).where(shared),
        select(func.count()).select_from(PlanMeasure).where(PlanMeasure.city_id.in_(published)),
        select(func.count()).select_from(CaseStudy).where(CaseStudy.is_published),
        select(func.count()).select_from(MeasureType),
        select(func.count()).select_from(Network),
        select(func.count())
        .select_from(Partnership)
        .where(Partnership.is_public, Partnership.status != Status.PROPOSED.value),
        select(func.count()).select_from(TwinLink),
    )
    row = session.execute(select(*(c.scalar_subquery() for c in counts))).one()
    return HomeFigures(*(int(v or 0) for v in row))


def sources(session: Session) -> list[SourceInfo]:
    return [
        SourceInfo(s.id, s.title, s.publisher, s.license, s.url, s.citation)
        for s in session.scalars(select(Source).order_by(Source.title))
    ]


def countries(session: Session) -> list[str]:
    """ISO codes of the countries that have cities in the registry."""
    return list(
        session.scalars(
            select(Country.iso2)
            .where(Country.iso2.in_(select(City.country).distinct()))
            .order_by(Country.iso2)
        )
    )
