"""Maintaining the national scopes of action: platform administrators add or change a statement,
remove one, add a new country's profile or rename one (the sources: services/scopes/sources.py).
Every write is checked by the rules of domain.scopes (the same as the shipped file's), authorized
before any work, audited, and an edit names the version it was based on (services/versions).
`seed_scopes` fills an empty database from the shipped file and never overwrites what an
administrator changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.scopes import ScopeError, Scopes, country_code, profile_from
from citypact.reference.scopes import shipped_scopes
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, ServiceError, require
from citypact.services.scopes import all_scopes, forget
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import utcnow
from citypact.storage.scopes import ScopeProfile, ScopeSource, ScopeStatement

MAX_PROFILES: Final = 300
STATEMENT_FIELDS: Final = ("field", "instrument", "say", "source", "note")
ONLY_ADMINS: Final = "Only platform administrators maintain the national scopes of action."


def authorize(actor: Actor) -> None:
    """Only platform administrators maintain the profiles (checked before any work)."""
    require(actor.is_admin, actor.is_authenticated, ONLY_ADMINS)


def _text(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(key, "give a text.")
    if len(value) > 2_000:
        raise InvalidInput(key, "is far too long; shorten it.")
    return value.strip()


def _invalid(error: ScopeError, known: tuple[str, ...]) -> InvalidInput:
    """The domain's error as the field a form or client sent ("profiles.DE.statements[0].say" is "say")."""
    last = error.where.rsplit(".", 1)[-1]
    return InvalidInput(last if last in known else known[0], error.message)


def _profile(session: Session, country: str) -> ScopeProfile:
    try:
        code = country_code(country)
    except ScopeError as error:
        raise InvalidInput("country", error.message) from None
    profile = session.get(ScopeProfile, code)
    if profile is None:
        raise NotFound("scope of action", code)
    return profile


def _checked_statement(
    session: Session, profile: ScopeProfile, raw: Mapping[str, str]
) -> tuple[dict[str, str], ScopeSource]:
    """The statement's values checked by domain.scopes, with the source it cites."""
    scopes = all_scopes(session)
    try:
        checked = profile_from(profile.country, {"name": profile.name, "statements": [raw]}, scopes.sources)
    except ScopeError as error:
        raise _invalid(error, STATEMENT_FIELDS) from None
    st = checked.statements[0]
    source = session.scalar(select(ScopeSource).where(ScopeSource.code == st.source))
    if source is None:  # pragma: no cover - all_scopes read it in this transaction
        raise InvalidInput("source", f"{st.source!r} is not among the sources; add it first.")
    plain = {
        "field": st.field,
        "instrument": st.instrument,
        "say": st.say,
        "source": st.source,
        "note": st.note,
    }
    return plain, source


def _plain(session: Session, statement: ScopeStatement) -> dict[str, str]:
    source = session.get(ScopeSource, statement.source_id)
    return {
        "country": statement.country,
        "field": statement.field,
        "instrument": statement.instrument,
        "say": statement.say,
        "source": source.code if source is not None else "",
        "note": statement.note,
    }


def statement_of(session: Session, actor: Actor, country: str, statement_id: int) -> ScopeStatement:
    """A statement of a country's profile, to edit (administrators)."""
    authorize(actor)
    profile = _profile(session, country)
    statement = session.get(ScopeStatement, statement_id)
    if statement is None or statement.country != profile.country:
        raise NotFound("statement", statement_id)
    return statement


def statement_ids(session: Session, country: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(field, instrument) -> (statement id, version) of a country's statements (for edit links)."""
    rows = session.execute(
        select(
            ScopeStatement.field, ScopeStatement.instrument, ScopeStatement.id, ScopeStatement.version
        ).where(ScopeStatement.country == country_code(country))
    )
    return {(f, i): (sid, v) for f, i, sid, v in rows}


def _cell_statement(session: Session, country: str, field: str, instrument: str) -> int | None:
    """The id of the statement a cell of a country's profile has, if any (one a cell)."""
    return session.scalar(
        select(ScopeStatement.id).where(
            ScopeStatement.country == country,
            ScopeStatement.field == field,
            ScopeStatement.instrument == instrument,
        )
    )


def _insert(session: Session, row: object, taken: ServiceError) -> None:
    """Add `row` now; where another request took its unique key between the check before and this
    insert, the database refuses it and the caller gets `taken`, the check's own message."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise taken from None


def add_statement(session: Session, actor: Actor, country: str, values: Mapping[str, Any]) -> ScopeStatement:
    """A new statement for a cell (field or "*", instrument or "*") of a country's profile; a cell
    that already has one is a Conflict (change that one instead)."""
    authorize(actor)
    profile = _profile(session, country)
    raw = {k: _text(values, k) for k in STATEMENT_FIELDS}
    clean, source = _checked_statement(session, profile, raw)
    cell = f"{profile.country} already has a statement for {clean['field']} x {clean['instrument']}"
    existing = _cell_statement(session, profile.country, clean["field"], clean["instrument"])
    if existing is not None:
        raise Conflict(f"{cell} (id {existing}); change that one instead.")
    taken = Conflict(f"{cell}; change that one instead.")
    statement = ScopeStatement(
        country=profile.country,
        field=clean["field"],
        instrument=clean["instrument"],
        say=clean["say"],
        source_id=source.id,
        note=clean["note"],
        updated_by=actor.user_id,
        updated_at=utcnow(),
    )
    _insert(session, statement, taken)
    forget(session)
    audit.record(
        session, actor, "create", "scope_statement", statement.id, after={"country": profile.country, **clean}
    )
    return statement


def update_statement(
    session: Session,
    actor: Actor,
    country: str,
    statement_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> ScopeStatement:
    """Change a statement's say, source or note (its cell stays; the values not sent stay)."""
    statement = statement_of(session, actor, country, statement_id)
    check_version("statement", statement_id, statement.version, expected_version)
    before = _plain(session, statement)
    raw = {k: (_text(values, k) if k in values else before[k]) for k in ("say", "source", "note")} | {
        "field": statement.field,
        "instrument": statement.instrument,
    }
    profile = _profile(session, country)
    clean, source = _checked_statement(session, profile, raw)
    changed = {k: clean[k] for k in ("say", "source", "note") if clean[k] != before[k]}
    if not changed:
        return statement
    statement.say = clean["say"]
    statement.source_id = source.id
    statement.note = clean["note"]
    statement.updated_by = actor.user_id
    statement.updated_at = utcnow()
    flush_checked(session, "statement", statement_id, expected_version)
    forget(session)
    audit.record(
        session, actor, "update", "scope_statement", statement_id,
        before={k: before[k] for k in changed}, after=changed,
    )  # fmt: skip
    return statement


def set_statement(session: Session, actor: Actor, country: str, values: Mapping[str, Any]) -> ScopeStatement:
    """Add the statement of a cell or change the one it has (the command line: it edits what it reads)."""
    authorize(actor)
    profile = _profile(session, country)
    raw = {k: _text(values, k) for k in STATEMENT_FIELDS}
    clean, _ = _checked_statement(session, profile, raw)
    existing = _cell_statement(session, profile.country, clean["field"], clean["instrument"])
    if existing is None:
        return add_statement(session, actor, country, raw)
    return update_statement(session, actor, country, existing, raw)


def remove_statement(
    session: Session, actor: Actor, country: str, statement_id: int, *, expected_version: int | None = None
) -> None:
    """Remove a statement: its cells fall back to a less specific statement or to "unknown"."""
    statement = statement_of(session, actor, country, statement_id)
    check_version("statement", statement_id, statement.version, expected_version)
    before = _plain(session, statement)
    session.delete(statement)
    flush_checked(session, "statement", statement_id, expected_version)
    forget(session)
    audit.record(session, actor, "delete", "scope_statement", statement_id, before=before)


def find_statement(session: Session, country: str, field: str, instrument: str) -> int | None:
    """The id of the statement of a cell, None when it has none."""
    return session.scalar(
        select(ScopeStatement.id).where(
            ScopeStatement.country == country_code(country),
            ScopeStatement.field == field,
            ScopeStatement.instrument == instrument,
        )
    )


def add_profile(session: Session, actor: Actor, country: Any, name: Any) -> ScopeProfile:
    """A new country's profile, without statements yet (every cell unknown until some are added)."""
    authorize(actor)
    values = {"country": country, "name": name}
    raw = {k: _text(values, k) for k in ("country", "name")}
    try:
        checked = profile_from(raw["country"], {"name": raw["name"], "statements": []}, {})
    except ScopeError as error:
        raise _invalid(error, ("country", "name")) from None
    taken = InvalidInput("country", f"{checked.country} has a profile already; change its statements.")
    if session.get(ScopeProfile, checked.country) is not None:
        raise taken
    if (session.scalar(select(func.count()).select_from(ScopeProfile)) or 0) >= MAX_PROFILES:
        raise Conflict(f"There are {MAX_PROFILES} profiles already, the most kept.")
    profile = ScopeProfile(
        country=checked.country, name=checked.name, updated_by=actor.user_id, updated_at=utcnow()
    )
    _insert(session, profile, taken)
    forget(session)
    audit.record(session, actor, "create", "scope_profile", checked.country, after={"name": checked.name})
    return profile


def profile_version(session: Session, country: str) -> int:
    """The version of a country's profile (its name): the API's ETag to rename it."""
    return _profile(session, country).version


def rename_profile(
    session: Session, actor: Actor, country: str, name: Any, *, expected_version: int | None = None
) -> ScopeProfile:
    """Change a country's profile name (its code and statements stay); checked as add_profile's."""
    authorize(actor)
    profile = _profile(session, country)
    check_version("profile", profile.country, profile.version, expected_version)
    raw = _text({"name": name}, "name")
    try:
        checked = profile_from(profile.country, {"name": raw, "statements": []}, {})
    except ScopeError as error:
        raise _invalid(error, ("name",)) from None
    before = profile.name
    if checked.name == before:
        return profile
    profile.name = checked.name
    profile.updated_by = actor.user_id
    profile.updated_at = utcnow()
    flush_checked(session, "profile", profile.country, expected_version)
    forget(session)
    audit.record(
        session, actor, "update", "scope_profile", profile.country, before={"name": before},
        after={"name": checked.name},
    )  # fmt: skip
    return profile


@dataclass(frozen=True)
class SeedResult:
    sources_added: int
    profiles_added: tuple[str, ...]
    statements_added: int
    profiles_kept: tuple[str, ...]  # countries the database had already, left as they are


def seed_scopes(session: Session, scopes: Scopes | None = None) -> SeedResult:
    """Add the shipped sources and profiles the database does not have (by source code and country);
    what it has, an administrator's change included, stays as it is."""
    shipped = scopes or shipped_scopes()
    have_sources: dict[str, int] = dict(session.execute(select(ScopeSource.code, ScopeSource.id)).all())
    added_sources = 0
    for code, source in shipped.sources.items():
        if code in have_sources:
            continue
        row = ScopeSource(code=code, title=source.title, url=source.url, publisher=source.publisher)
        session.add(row)
        session.flush()
        have_sources[code] = row.id
        added_sources += 1
    have_profiles = set(session.scalars(select(ScopeProfile.country)))
    added: list[str] = []
    statements = 0
    for country, profile in shipped.profiles.items():
        if country in have_profiles:
            continue
        session.add(ScopeProfile(country=country, name=profile.name))
        session.flush()
        for st in profile.statements:
            session.add(
                ScopeStatement(
                    country=country, field=st.field, instrument=st.instrument, say=st.say,
                    source_id=have_sources[st.source], note=st.note,
                )
            )  # fmt: skip
            statements += 1
        added.append(country)
    session.flush()
    forget(session)
    kept = tuple(sorted(c for c in shipped.profiles if c in have_profiles))
    return SeedResult(added_sources, tuple(added), statements, kept)


@dataclass(frozen=True)
class StatementView:
    id: int
    country: str
    field: str
    instrument: str
    say: str
    source: str
    note: str
    version: int


def list_statements(session: Session, country: str) -> list[StatementView]:
    """A country's statements as stored (public reference data), with ids and versions to edit them."""
    profile = _profile(session, country)
    rows = session.execute(
        select(ScopeStatement, ScopeSource.code)
        .join(ScopeSource, ScopeSource.id == ScopeStatement.source_id)
        .where(ScopeStatement.country == profile.country)
        .order_by(ScopeStatement.id)
    ).all()
    return [
        StatementView(st.id, st.country, st.field, st.instrument, st.say, code, st.note, st.version)
        for st, code in rows
    ]


def read_statement(session: Session, country: str, statement_id: int) -> StatementView:
    """One statement of a country's profile (public reference data)."""
    for found in list_statements(session, country):
        if found.id == statement_id:
            return found
    raise NotFound("statement", statement_id)
