"""Changes to a city's own data; only the city's editors (and administrators) make them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.cities import size_band
from citypact.domain.text import search_text
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import (
    clean_flag,
    clean_number,
    clean_optional_text,
    clean_text,
    clean_year,
)
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, CityStatistic, Country, utcnow

_UNLOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
EDITABLE = (
    "name",
    "admin_area",
    "description",
    "website",
    "lat",
    "lon",
    "population",
    "population_year",
    "area_km2",
    "unlocode",
    "is_published",
)
DATA_QUALITY = ("high", "medium", "low")
# Figures a city reports for a year, each with its one unit.
VARIABLES = {
    "population": "persons",
    "area_km2": "km2",
    "gdp_ppp_usd": "USD",
    "hdd": "degC*day",
    "cdd": "degC*day",
}


def _year(field: str, value: Any) -> int:
    this_year = dt.date.today().year
    return clean_year(field, value, 1800, this_year + 1)


def _validate_city_changes(city: City, changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be changed here; editable fields: {', '.join(EDITABLE)}.")
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "name":
            clean[key] = clean_text(key, value, 200, required=True)
        elif key in ("admin_area", "description"):
            clean[key] = clean_optional_text(key, value, 200 if key == "admin_area" else 5000) or (
                "" if key == "description" else None
            )
        elif key == "website":
            url = clean_optional_text(key, value, 300)
            if url and not _URL.match(url):
                raise InvalidInput(key, "give a web address starting with https:// or http://.")
            clean[key] = url or None
        elif key == "lat":
            clean[key] = clean_number(key, value, -90, 90)
        elif key == "lon":
            clean[key] = clean_number(key, value, -180, 180)
        elif key == "population":
            clean[key] = None if value is None else int(clean_number(key, value, 0, 5e7))
        elif key == "population_year":
            clean[key] = None if value is None else _year(key, value)
        elif key == "area_km2":
            clean[key] = None if value is None else clean_number(key, value, 0.01, 1e5)
        elif key == "unlocode":
            code = clean_text(key, value, 5).upper().replace(" ", "")
            if code and (not _UNLOCODE.match(code) or code[:2] != city.country):
                raise InvalidInput(
                    key, f"give the 5-letter UN/LOCODE starting with {city.country}, e.g. {city.country}XYZ."
                )
            clean[key] = code or None
        elif key == "is_published":
            clean[key] = clean_flag(key, value)
    return clean


def check_can_edit(session: Session, actor: Actor, city_id: int) -> City:
    """The city, if it exists and the actor may change its data; else the error to show."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    require(actor.can_edit_city(city_id), actor.is_authenticated, "Only this city's editors change it.")
    return city


def update_city(
    session: Session,
    actor: Actor,
    city_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> City:
    """Apply `changes` to a city after checking the actor edits this city, every value is valid and
    the city is still at `expected_version` (services.versions)."""
    city = check_can_edit(session, actor, city_id)
    check_version("city", city_id, city.version, expected_version)
    clean = _validate_city_changes(city, changes)
    before, after = audit.changed_fields({k: getattr(city, k) for k in clean}, clean)
    if not after:
        return city
    for key, value in after.items():
        setattr(city, key, value)
    city.size_band = size_band(city.population)
    city.search_text = search_text(city.name, city.name_ascii, city.alt_names)
    city.updated_at = utcnow()
    flush_checked(session, "city", city_id, expected_version)
    audit.record(session, actor, "update", "city", city_id, city_id=city_id, before=before, after=after)
    return city


def save_statistic(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    year: Any,
    variable: Any,
    value: Any,
    source: Any,
    data_quality: Any,
    note: Any = None,
) -> CityStatistic:
    """Record a city's figure for a year with its source and data quality; replaces the figure of
    the same year, variable and source."""
    check_can_edit(session, actor, city_id)
    if variable not in VARIABLES:
        raise InvalidInput("variable", f"unknown figure {variable!r}; use one of {', '.join(VARIABLES)}.")
    year = _year("year", year)
    number = clean_number("value", value, 0, None)
    source_text = clean_text("source", source, 300, required=True)
    if data_quality not in DATA_QUALITY:
        raise InvalidInput("data_quality", f"use one of {', '.join(DATA_QUALITY)}.")
    note_text = clean_optional_text("note", note, 2000)
    row = session.scalar(
        select(CityStatistic).where(
            CityStatistic.city_id == city_id,
            CityStatistic.year == year,
            CityStatistic.variable == variable,
            CityStatistic.source == source_text,
        )
    )
    after = {
        "year": year,
        "variable": variable,
        "value": number,
        "source": source_text,
        "data_quality": data_quality,
        "note": note_text,
    }
    if row is None:
        row = CityStatistic(city_id=city_id, unit=VARIABLES[variable], **after)
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "city_statistic", row.id, city_id=city_id, after=after)
        return row
    before = {k: getattr(row, k) for k in after}
    for key, value_ in after.items():
        setattr(row, key, value_)
    flush_checked(session, "figure", row.id, None)  # the answer names the new version
    audit.record(
        session, actor, "update", "city_statistic", row.id, city_id=city_id, before=before, after=after
    )
    return row


def delete_statistic(
    session: Session,
    actor: Actor,
    city_id: int,
    statistic_id: int,
    *,
    expected_version: int | None = None,
) -> None:
    row = session.get(CityStatistic, statistic_id)
    check_can_edit(session, actor, city_id)
    if row is None or row.city_id != city_id:
        raise NotFound("statistic", statistic_id)
    check_version("figure", statistic_id, row.version, expected_version)
    before = {"year": row.year, "variable": row.variable, "value": row.value, "source": row.source}
    session.delete(row)
    flush_checked(session, "figure", statistic_id, expected_version)
    audit.record(session, actor, "delete", "city_statistic", statistic_id, city_id=city_id, before=before)


def create_city(
    session: Session,
    actor: Actor,
    *,
    name: Any,
    country: Any,
    lat: Any,
    lon: Any,
    population: Any = None,
    admin_area: Any = None,
) -> City:
    """Add a city to the registry (administrators; imports add cities through `data load`)."""
    require(actor.is_admin, actor.is_authenticated, "Only administrators add cities.")
    name_text = clean_text("name", name, 200, required=True)
    code = clean_text("country", country, 2, required=True)
    if session.get(Country, code.upper()) is None:
        raise InvalidInput(
            "country", f"unknown country {code!r}; give an ISO 3166-1 alpha-2 code such as DE."
        )
    key = f"user:{code.upper()}:{name_text.casefold()}"
    if session.scalar(select(City.id).where(City.key == key)) is not None:
        raise Conflict(f"{name_text} ({code.upper()}) is in the registry already.")
    city = City(
        key=key,
        name=name_text,
        name_ascii=name_text,
        country=code.upper(),
        lat=clean_number("lat", lat, -90, 90),
        lon=clean_number("lon", lon, -180, 180),
        admin_area=clean_optional_text("admin_area", admin_area, 200),
        population=None if population is None else int(clean_number("population", population, 0, 5e7)),
        sources="user",
    )
    city.size_band = size_band(city.population)
    city.search_text = search_text(city.name, city.name_ascii, "")
    session.add(city)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "city",
        city.id,
        city_id=city.id,
        after={"name": city.name, "country": city.country, "lat": city.lat, "lon": city.lon},
    )
    return city
