"""City registry use cases: search and profile (edits: city_edits.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, case, func, select, true, union
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from citypact.domain.access import Actor
from citypact.domain.cities import SizeBand, density
from citypact.domain.text import fold
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.registry.public_targets import PublicTarget, public_targets
from citypact.storage.models import (
    City,
    CityStatistic,
    Country,
    DegreeDays,
    GridIntensity,
    Network,
    NetworkMember,
    TwinLink,
)
from citypact.storage.search import escape_like, name_contains

MAX_PAGE = 200


@dataclass(frozen=True)
class CitySummary:
    id: int
    name: str
    country: str
    admin_area: str | None
    population: int | None
    size_band: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class CityPage:
    items: list[CitySummary]
    total: int


def search_cities(
    session: Session,
    *,
    q: str | None = None,
    country: str | None = None,
    network: str | None = None,
    size: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> CityPage:
    """Published cities matching a name (any spelling we know), country, network and size band.

    Exact names first, then names that start with the query, then larger cities first.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("limit", f"use a number from 1 to {MAX_PAGE}.")
    if offset < 0:
        raise InvalidInput("offset", "use 0 or a positive number.")
    conditions: list[Any] = [City.is_published == true()]
    rank: Any = None
    folded = fold(q or "")
    if folded:
        pattern = escape_like(folded)
        conditions.append(name_contains(session, folded))
        rank = case(
            (City.search_text.like(f"%|{pattern}|%", escape="\\"), 0),
            (City.search_text.like(f"%|{pattern}%", escape="\\"), 1),
            else_=2,
        )
    if country:
        conditions.append(City.country == country.strip().upper())
    if size:
        if size not in SizeBand.__members__.values():
            bands = ", ".join(b.value for b in SizeBand)
            raise InvalidInput("size", f"unknown size band {size!r}; use one of {bands}.")
        conditions.append(City.size_band == size)
    if network:
        conditions.append(
            City.id.in_(
                select(NetworkMember.city_id)
                .join(Network, Network.id == NetworkMember.network_id)
                .where(Network.slug == network)
            )
        )
    total = session.scalar(select(func.count()).select_from(City).where(*conditions)) or 0
    rows = session.execute(
        select(
            City.id,
            City.name,
            City.country,
            City.admin_area,
            City.population,
            City.size_band,
            City.lat,
            City.lon,
        )
        .where(*conditions)
        .order_by(*([rank] if rank is not None else []), City.population.desc().nulls_last(), City.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return CityPage([CitySummary(*row) for row in rows], total)


@dataclass(frozen=True)
class Statistic:
    id: int
    year: int
    variable: str
    value: float
    unit: str
    source: str
    data_quality: str | None
    note: str | None
    version: int


@dataclass(frozen=True)
class NationalFigure:
    year: int
    value: float
    source: str


@dataclass(frozen=True)
class CityRef:
    id: int
    name: str
    country: str


@dataclass(frozen=True)
class NetworkRef:
    id: int
    slug: str
    name: str
    since_year: int | None
    confirmed: bool  # the city agreed; only then its secretariat reads the city's non-public data


@dataclass(frozen=True)
class CityProfile:
    id: int
    key: str
    name: str
    country: str
    country_name: str
    admin_area: str | None
    lat: float
    lon: float
    population: int | None
    population_year: int | None
    population_source: str | None
    area_km2: float | None
    density: float | None
    size_band: str | None
    geonames_id: int | None
    unlocode: str | None
    capital: str | None
    description: str
    website: str | None
    is_published: bool
    sources: list[str]
    statistics: list[Statistic]
    grid_intensity: list[NationalFigure]
    national_hdd: list[NationalFigure]
    national_cdd: list[NationalFigure]
    networks: list[NetworkRef]
    twins: list[CityRef]
    # targets the city published elsewhere (CDP 2021), read-only; its own target is on the plan page
    public_targets: list[PublicTarget] = field(default_factory=list)
    can_edit: bool = False
    can_read_internals: bool = False
    version: int = 1  # of the city row: the API's ETag, the edit form's hidden field

    def grid_for_year(self, year: int) -> NationalFigure | None:
        """The national grid intensity of `year`, else of the latest earlier year we have."""
        earlier = [g for g in self.grid_intensity if g.year <= year]
        return max(earlier, key=lambda g: g.year) if earlier else None

    def degree_days_for_year(self, year: int) -> tuple[NationalFigure | None, NationalFigure | None]:
        """National (heating, cooling) degree days of exactly `year`: weather differs every year."""
        hdd = next((d for d in self.national_hdd if d.year == year), None)
        cdd = next((d for d in self.national_cdd if d.year == year), None)
        return hdd, cdd


# The profile's statements are built once: constructing a statement costs SQLAlchemy more than
# running it on SQLite, and the profile is the hottest page.
_CITY_ID: BindParameter[int] = bindparam("city_id")
_COUNTRY: BindParameter[str] = bindparam("country")
_PROFILE_CITY = (
    select(City, Country.name).outerjoin(Country, Country.iso2 == City.country).where(City.id == _CITY_ID)
)
_PROFILE_NETWORKS = (
    select(
        Network.id,
        Network.slug,
        Network.name,
        NetworkMember.since_year,
        NetworkMember.confirmed_at.is_not(None),
    )
    .join(NetworkMember, NetworkMember.network_id == Network.id)
    .where(NetworkMember.city_id == _CITY_ID)
    .order_by(Network.name)
)
_PROFILE_STATISTICS = (
    select(
        CityStatistic.id,
        CityStatistic.year,
        CityStatistic.variable,
        CityStatistic.value,
        CityStatistic.unit,
        CityStatistic.source,
        CityStatistic.data_quality,
        CityStatistic.note,
        CityStatistic.version,
    )
    .where(CityStatistic.city_id == _CITY_ID)
    .order_by(CityStatistic.variable, CityStatistic.year, CityStatistic.source)
)
_PROFILE_GRID = (
    select(GridIntensity.year, GridIntensity.g_co2_per_kwh, GridIntensity.source)
    .where(GridIntensity.country == _COUNTRY)
    .order_by(GridIntensity.year)
)
_PROFILE_DEGREE_DAYS = (
    select(DegreeDays.year, DegreeDays.hdd, DegreeDays.cdd, DegreeDays.source)
    .where(DegreeDays.country == _COUNTRY)
    .order_by(DegreeDays.year)
)
_PROFILE_TWINS = (
    select(City.id, City.name, City.country)
    .where(
        City.id.in_(
            union(
                select(TwinLink.city_b_id).where(TwinLink.city_a_id == _CITY_ID),
                select(TwinLink.city_a_id).where(TwinLink.city_b_id == _CITY_ID),
            )
        )
    )
    .order_by(City.country, City.name)
)


def readable_city(session: Session, actor: Actor, city_id: int) -> City:
    """The city, if it is published or the actor may see its internals; else NotFound (an unpublished
    city is not revealed)."""
    city = session.get(City, city_id)
    if city is None or (not city.is_published and not actor.can_read_city_internals(city_id)):
        raise NotFound("city", city_id)
    return city


def get_profile(session: Session, actor: Actor, city_id: int) -> CityProfile:
    """Everything the registry knows of a city; unpublished cities only for those who may see them.

    Column selects, not ORM entities, for the some 80 rows a profile reads.
    """
    found = session.execute(_PROFILE_CITY, {"city_id": city_id}).first()
    if found is None:
        raise NotFound("city", city_id)
    city, country_name = found
    by_city, by_country = {"city_id": city_id}, {"country": city.country}
    networks = [NetworkRef(*row) for row in session.execute(_PROFILE_NETWORKS, by_city)]
    internals = actor.can_read_city_internals(city_id, [n.id for n in networks if n.confirmed])
    if not city.is_published and not internals:
        raise NotFound("city", city_id)
    statistics = [Statistic(*row) for row in session.execute(_PROFILE_STATISTICS, by_city)]
    grid = [NationalFigure(*row) for row in session.execute(_PROFILE_GRID, by_country)]
    degree_days = session.execute(_PROFILE_DEGREE_DAYS, by_country).all()
    twins = [CityRef(*row) for row in session.execute(_PROFILE_TWINS, by_city)]
    return CityProfile(
        id=city.id,
        key=city.key,
        name=city.name,
        country=city.country,
        country_name=country_name or city.country,
        admin_area=city.admin_area,
        lat=city.lat,
        lon=city.lon,
        population=city.population,
        population_year=city.population_year,
        population_source=city.population_source,
        area_km2=city.area_km2,
        density=density(city.population, city.area_km2),
        size_band=city.size_band,
        geonames_id=city.geonames_id,
        unlocode=city.unlocode,
        capital=city.capital,
        description=city.description,
        website=city.website,
        is_published=city.is_published,
        sources=[s for s in city.sources.split(",") if s],
        statistics=statistics,
        grid_intensity=grid,
        national_hdd=[NationalFigure(d.year, d.hdd, d.source) for d in degree_days if d.hdd is not None],
        national_cdd=[NationalFigure(d.year, d.cdd, d.source) for d in degree_days if d.cdd is not None],
        networks=networks,
        twins=twins,
        public_targets=public_targets(session, [city_id]).get(city_id, []),
        can_edit=actor.can_edit_city(city_id),
        can_read_internals=internals,
        version=city.version,
    )
