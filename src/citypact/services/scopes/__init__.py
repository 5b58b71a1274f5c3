"""National scopes of action: the country profiles kept in the database (storage/scopes.py, seeded
from the shipped file by `citypact data load` and maintained by platform administrators in
services/scopes/admin.py), a city's profile and what it can do.

The profiles are public reference data (no one's secret): reading them needs no role. A city's scope
is read for a city the actor may see (services.registry.cities.readable_city). The profiles are read
once per session (three queries) and kept in the session's `info` until a write changes them, so a
benchmark or catalogue request asks the database once, however many cities or measures it looks at.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.scopes import (
    Profile,
    ScopeError,
    Scopes,
    Source,
    Statement,
    cited,
    country_code,
)
from citypact.reference.scopes import shipped_scopes
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans.measures import MeasureView
from citypact.services.registry.cities import readable_city
from citypact.storage.scopes import ScopeProfile, ScopeSource, ScopeStatement

CAN_DO: Final = "can_do"
SCOPE_FILTERS: Final = ("", CAN_DO)
_CACHED: Final = "citypact.scopes"


@dataclass(frozen=True)
class CountryScope:
    profile: Profile
    sources: tuple[Source, ...]  # the sources it cites, in order of first use
    same_scope: tuple[str, ...]  # other countries with the same scope of action


def forget(session: Session) -> None:
    """Drop the profiles read in this session (after a write that changed them)."""
    session.info.pop(_CACHED, None)


def all_scopes(session: Session) -> Scopes:
    """Every country's profile in the database with the sources. `version` is the shipped file's (the
    seed); `checked` is the day of the last change (the file's date while nothing changed since)."""
    cached = session.info.get(_CACHED)
    if isinstance(cached, Scopes):
        return cached
    rows = session.scalars(select(ScopeSource).order_by(ScopeSource.code)).all()
    sources = {s.code: Source(s.code, s.title, s.url, s.publisher) for s in rows}
    code_of = {s.id: s.code for s in rows}
    listed: dict[str, list[Statement]] = {}
    for st in session.scalars(select(ScopeStatement).order_by(ScopeStatement.country, ScopeStatement.id)):
        listed.setdefault(st.country, []).append(
            Statement(st.field, st.instrument, st.say, code_of[st.source_id], st.note)
        )
    profiles = {
        p.country: Profile(p.country, p.name, tuple(listed.get(p.country, ())))
        for p in session.scalars(select(ScopeProfile).order_by(ScopeProfile.country))
    }
    changed = [
        session.scalar(select(func.max(table.updated_at)))
        for table in (ScopeSource, ScopeProfile, ScopeStatement)
    ]
    days = [c.date().isoformat() for c in changed if c is not None]
    shipped = shipped_scopes()
    scopes = Scopes(
        shipped.version,
        max(days) if days else shipped.checked,
        MappingProxyType(sources),
        MappingProxyType(profiles),
    )
    session.info[_CACHED] = scopes
    return scopes


def country_scope(session: Session, country: str) -> CountryScope:
    """One country's profile with its sources; NotFound when no profile is known for it."""
    scopes = all_scopes(session)
    try:
        code = country_code(country)
    except ScopeError as error:
        raise InvalidInput("country", error.message) from None
    profile = scopes.profiles.get(code)
    if profile is None:
        raise NotFound("scope of action", code)
    return CountryScope(
        profile,
        tuple(scopes.sources[s] for s in cited(profile)),
        tuple(sorted(scopes.same_scope(code) - {code})),
    )


def profile_of_country(session: Session, country: str) -> Profile | None:
    """The profile of a country, None where none is known (no statement: nothing is restricted)."""
    try:
        return all_scopes(session).profile(country)
    except ScopeError:
        return None


def city_profile(session: Session, actor: Actor, city_id: int) -> tuple[str, Profile | None]:
    """(country, profile) of a city the actor may see; the profile is None where its country has none."""
    city = readable_city(session, actor, city_id)
    return city.country, profile_of_country(session, city.country)


def same_scope_countries(session: Session, country: str) -> frozenset[str]:
    """Countries with the same scope of action as `country`; empty when it has no profile."""
    try:
        return all_scopes(session).same_scope(country)
    except ScopeError:
        return frozenset()


@dataclass(frozen=True)
class CatalogueScope:
    """The catalogue filtered to what a city can do in its country."""

    city_id: int
    city_name: str
    country: str
    profiled: bool  # False where the country has no profile: nothing is left out
    left_out: int  # measure types the city cannot do


def can_do_filter(
    session: Session, actor: Actor, city_id: int | None, scope: str, found: list[MeasureView]
) -> tuple[list[MeasureView], CatalogueScope | None]:
    """`found` (the catalogue as listed) kept to what the city can do when `scope` is "can_do":
    the cells of its country's profile where the municipality decides or shares (or that no statement
    covers), decided by the municipality or the region (domain.scopes). Without `scope` the list is
    unchanged; a city is needed for it."""
    if scope not in SCOPE_FILTERS:
        raise InvalidInput("scope", f"use {CAN_DO!r} (what the city can do) or leave it empty.")
    if not scope:
        return found, None
    if city_id is None:
        raise InvalidInput("city", "choose the city whose scope of action filters the catalogue (city=ID).")
    city = readable_city(session, actor, city_id)
    profile = profile_of_country(session, city.country)
    if profile is None:
        return found, CatalogueScope(city.id, city.name, city.country, False, 0)
    kept = [m for m in found if profile.can_do(m.field, m.instrument, m.decision_level)]
    return kept, CatalogueScope(city.id, city.name, city.country, True, len(found) - len(kept))
