"""National scopes of action: the shipped country profiles, a city's profile and what it can do.

The profiles are public reference data (no one's secret): reading them needs no role. A city's scope
is read for a city the actor may see (services.registry.cities.readable_city).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.scopes import Profile, ScopeError, Scopes, Source, cited, country_code
from citypact.reference.scopes import shipped_scopes
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans.measures import MeasureView
from citypact.services.registry.cities import readable_city

CAN_DO: Final = "can_do"
SCOPE_FILTERS: Final = ("", CAN_DO)


@dataclass(frozen=True)
class CountryScope:
    profile: Profile
    sources: tuple[Source, ...]  # the sources it cites, in order of first use
    same_scope: tuple[str, ...]  # other countries with the same scope of action


def all_scopes() -> Scopes:
    return shipped_scopes()


def country_scope(country: str) -> CountryScope:
    """One country's profile with its sources; NotFound when no profile is known for it."""
    scopes = shipped_scopes()
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


def profile_of_country(country: str) -> Profile | None:
    """The profile of a country, None where none is known (no statement: nothing is restricted)."""
    try:
        return shipped_scopes().profile(country)
    except ScopeError:
        return None


def city_profile(session: Session, actor: Actor, city_id: int) -> tuple[str, Profile | None]:
    """(country, profile) of a city the actor may see; the profile is None where its country has none."""
    city = readable_city(session, actor, city_id)
    return city.country, profile_of_country(city.country)


def same_scope_countries(country: str) -> frozenset[str]:
    """Countries with the same scope of action as `country`; empty when it has no profile."""
    try:
        return shipped_scopes().same_scope(country)
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
    profile = profile_of_country(city.country)
    if profile is None:
        return found, CatalogueScope(city.id, city.name, city.country, False, 0)
    kept = [m for m in found if profile.can_do(m.field, m.instrument, m.decision_level)]
    return kept, CatalogueScope(city.id, city.name, city.country, True, len(found) - len(kept))
