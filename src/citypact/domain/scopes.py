"""National scopes of action: what a municipality may decide in its country, per field and instrument
of the measures catalogue (domain.measures FIELDS x INSTRUMENTS).

A profile is a list of statements, each saying for a field (or "*", every field) and an instrument
(or "*", every instrument) whether the municipality decides, shares or has no say, with its source.
The most specific statement holds for a cell: field and instrument, then field ("*" instrument), then
instrument ("*" field), then "*" and "*". A cell without any statement is "unknown".

What a city can do: the cells whose say is "decides" or "shares", and "unknown" (a missing statement
hides nothing). A catalogue measure type is something the city can do when its cell is and the level
that decides it (the catalogue's decision_level) is the municipality or the region: a type decided by
the nation or internationally is national policy the city can only ask for.

Two countries have the same scope of action when their profiles resolve every cell to the same say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from citypact.domain.measures import FIELDS, INSTRUMENTS

ANY: Final = "*"
SAYS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "decides": "The municipality decides",
        "shares": "The municipality shares the decision",
        "no_say": "The municipality has no say",
    }
)
UNKNOWN: Final = "unknown"
CAN_DO: Final = frozenset({"decides", "shares", UNKNOWN})
LOCAL_LEVELS: Final = frozenset({"municipality", "region"})
MAX_STATEMENTS: Final = len(FIELDS) * len(INSTRUMENTS) + len(FIELDS) + len(INSTRUMENTS) + 1
MAX_NOTE: Final = 400
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SOURCE_ID = re.compile(r"^[a-z0-9_]{1,60}$")


class ScopeError(ValueError):
    """A profile that breaks a rule, naming the place and the fix."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    publisher: str


@dataclass(frozen=True)
class Statement:
    field: str  # a FIELDS code or "*"
    instrument: str  # an INSTRUMENTS code or "*"
    say: str  # a SAYS code
    source: str  # a Source id
    note: str = ""


@dataclass(frozen=True)
class Cell:
    field: str
    instrument: str
    say: str  # a SAYS code or "unknown"
    statement: Statement | None  # the statement that holds, None when unknown


@dataclass(frozen=True)
class Profile:
    country: str
    name: str
    statements: tuple[Statement, ...]

    def cell(self, field_code: str, instrument: str) -> Cell:
        """The say for one cell by the most specific statement (module docstring)."""
        if field_code not in FIELDS:
            raise ScopeError("field", f"unknown value {field_code!r}; use one of {', '.join(FIELDS)}")
        if instrument not in INSTRUMENTS:
            raise ScopeError(
                "instrument", f"unknown value {instrument!r}; use one of {', '.join(INSTRUMENTS)}"
            )
        by_key = {(s.field, s.instrument): s for s in self.statements}
        for key in ((field_code, instrument), (field_code, ANY), (ANY, instrument), (ANY, ANY)):
            if key in by_key:
                found = by_key[key]
                return Cell(field_code, instrument, found.say, found)
        return Cell(field_code, instrument, UNKNOWN, None)

    def cells(self) -> tuple[Cell, ...]:
        """Every field x instrument cell, in taxonomy order (fields, then instruments)."""
        return tuple(self.cell(f, i) for f in FIELDS for i in INSTRUMENTS)

    def signature(self) -> tuple[str, ...]:
        """The says of every cell in taxonomy order: equal signatures, same scope of action."""
        return tuple(c.say for c in self.cells())

    def no_say(self) -> frozenset[tuple[str, str]]:
        """The (field, instrument) cells the municipality may not decide at all."""
        return frozenset((c.field, c.instrument) for c in self.cells() if c.say == "no_say")

    def can_do(self, field_code: str, instrument: str, decision_level: str = "municipality") -> bool:
        """Whether a measure of this cell, decided at `decision_level`, is something the city can do."""
        return decision_level in LOCAL_LEVELS and self.cell(field_code, instrument).say in CAN_DO


@dataclass(frozen=True)
class Scopes:
    """Every country's profile with the sources they cite."""

    version: int
    checked: str
    sources: Mapping[str, Source]
    profiles: Mapping[str, Profile]

    def profile(self, country: str) -> Profile | None:
        return self.profiles.get(country_code(country))

    def same_scope(self, country: str) -> frozenset[str]:
        """The countries with the same scope of action as `country` (itself included); empty when
        `country` has no profile."""
        mine = self.profile(country)
        if mine is None:
            return frozenset()
        signature = mine.signature()
        return frozenset(c for c, p in self.profiles.items() if p.signature() == signature)


def country_code(country: str) -> str:
    code = country.strip().upper()
    if not _COUNTRY.match(code):
        raise ScopeError("country", f"{country!r} is not an ISO 3166 alpha-2 code such as DE, JP or US")
    return code


def _text(where: str, value: object, limit: int, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ScopeError(where, "give a text")
    text = value.strip()
    if required and not text:
        raise ScopeError(where, "is empty; give a text")
    if len(text) > limit:
        raise ScopeError(where, f"is {len(text)} characters long; shorten it to {limit}")
    return text


def _statement(where: str, raw: Mapping[str, object], sources: Mapping[str, Source]) -> Statement:
    field_code = _text(f"{where}.field", raw.get("field"), 40)
    if field_code != ANY and field_code not in FIELDS:
        raise ScopeError(
            f"{where}.field", f"unknown value {field_code!r}; use '*' or one of {', '.join(FIELDS)}"
        )
    instrument = _text(f"{where}.instrument", raw.get("instrument"), 40)
    if instrument != ANY and instrument not in INSTRUMENTS:
        raise ScopeError(
            f"{where}.instrument", f"unknown value {instrument!r}; use '*' or one of {', '.join(INSTRUMENTS)}"
        )
    say = _text(f"{where}.say", raw.get("say"), 20)
    if say not in SAYS:
        raise ScopeError(f"{where}.say", f"unknown value {say!r}; use one of {', '.join(SAYS)}")
    source = _text(f"{where}.source", raw.get("source"), 60)
    if source not in sources:
        raise ScopeError(f"{where}.source", f"{source!r} is not among the sources; add it to 'sources' first")
    note = _text(f"{where}.note", raw.get("note", ""), MAX_NOTE, required=False)
    return Statement(field_code, instrument, say, source, note)


def _source(key: str, raw: object) -> Source:
    where = f"sources.{key}"
    if not _SOURCE_ID.match(key):
        raise ScopeError(where, "an id is 1-60 lower-case letters, digits or '_'")
    if not isinstance(raw, Mapping):
        raise ScopeError(where, "give an object with title, url and publisher")
    url = _text(f"{where}.url", raw.get("url"), 500)
    if not url.startswith(("https://", "http://")):
        raise ScopeError(f"{where}.url", "give the address of the published law or page (http or https)")
    return Source(
        key,
        _text(f"{where}.title", raw.get("title"), 300),
        url,
        _text(f"{where}.publisher", raw.get("publisher"), 200),
    )


def profile_from(country: str, raw: Mapping[str, object], sources: Mapping[str, Source]) -> Profile:
    """One country's profile from its plain form, checked (each statement's codes, say and source; no
    two statements for the same cell)."""
    code = country_code(country)
    where = f"profiles.{code}"
    name = _text(f"{where}.name", raw.get("name"), 100)
    listed = raw.get("statements")
    if not isinstance(listed, Sequence) or isinstance(listed, str):
        raise ScopeError(f"{where}.statements", "give a list of statements")
    if len(listed) > MAX_STATEMENTS:
        raise ScopeError(f"{where}.statements", f"has {len(listed)}; at most {MAX_STATEMENTS} are meaningful")
    statements: list[Statement] = []
    seen: set[tuple[str, str]] = set()
    for n, item in enumerate(listed):
        at = f"{where}.statements[{n}]"
        if not isinstance(item, Mapping):
            raise ScopeError(at, "give an object with field, instrument, say and source")
        statement = _statement(at, item, sources)
        key = (statement.field, statement.instrument)
        if key in seen:
            raise ScopeError(at, f"a second statement for {key[0]} x {key[1]}; keep one")
        seen.add(key)
        statements.append(statement)
    return Profile(code, name, tuple(statements))


def scopes_from(raw: Mapping[str, object]) -> Scopes:
    """All profiles from the plain form of reference/data/national_scopes.json, checked."""
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ScopeError("version", "give a whole number from 1")
    checked = _text("checked", raw.get("checked"), 10)
    raw_sources = raw.get("sources")
    if not isinstance(raw_sources, Mapping):
        raise ScopeError("sources", "give an object of sources by id")
    sources = {key: _source(str(key), value) for key, value in raw_sources.items()}
    raw_profiles = raw.get("profiles")
    if not isinstance(raw_profiles, Mapping):
        raise ScopeError("profiles", "give an object of profiles by country code")
    profiles: dict[str, Profile] = {}
    for country, body in raw_profiles.items():
        if not isinstance(body, Mapping):
            raise ScopeError(f"profiles.{country}", "give an object with name and statements")
        profile = profile_from(str(country), body, sources)
        profiles[profile.country] = profile
    return Scopes(
        version, checked, MappingProxyType(sources), MappingProxyType(dict(sorted(profiles.items())))
    )


def cited(profile: Profile) -> tuple[str, ...]:
    """The source ids a profile cites, in order of first use."""
    return tuple(dict.fromkeys(s.source for s in profile.statements))


def can_do_codes(profile: Profile, types: Iterable[tuple[str, str, str, str]]) -> frozenset[str]:
    """Codes of the catalogue types (code, field, instrument, decision_level) the city can do."""
    return frozenset(code for code, f, i, level in types if profile.can_do(f, i, level))
