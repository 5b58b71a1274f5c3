"""Facts about the registry as a whole: counts for the home page, the cited sources."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.storage.models import City, Country, Source, TwinLink


@dataclass(frozen=True)
class RegistryCounts:
    cities: int
    countries: int
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
