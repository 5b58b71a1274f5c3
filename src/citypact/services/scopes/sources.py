"""The sources of the national scopes of action: platform administrators add one, change its title,
address or publisher, and remove one no statement cites.

A source's code is its citation key: the shipped file (reference/data/national_scopes.json), the
statements and every export name it, so it never changes. A shipped source cannot be removed:
`citypact data load` (services.scopes.admin.seed_scopes) adds every shipped source the database lacks,
so a removal would not stick; its title, address and publisher can be corrected instead, and the
seed never overwrites them. Every write is checked by the rules of domain.scopes, authorized first
(services.scopes.admin.authorize), names the version it was based on and is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.scopes import ScopeError, Source, scopes_from
from citypact.reference.scopes import shipped_scopes
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound
from citypact.services.scopes import forget
from citypact.services.scopes.admin import _insert, _invalid, _text, authorize
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import utcnow
from citypact.storage.scopes import ScopeSource, ScopeStatement

MAX_SOURCES: Final = 2_000
SOURCE_FIELDS: Final = ("code", "title", "url", "publisher")
CHANGEABLE: Final = ("title", "url", "publisher")
CODE_STAYS: Final = (
    "stays {code!r}: the code is the citation key the statements, the shipped file and the exports use. "
    "To cite it by another code, add a new source, change the statements to cite it, then remove this one."
)


@dataclass(frozen=True)
class SourceView:
    code: str
    title: str
    url: str
    publisher: str
    version: int
    shipped: bool  # in the shipped file: `citypact data load` would add it again, so it stays
    cited_by: int  # statements citing it: it stays while any does


def _checked(raw: Mapping[str, str]) -> Source:
    """A source's values checked by domain.scopes (the shipped file's rules)."""
    try:
        return scopes_from(
            {
                "version": 1,
                "checked": "-",
                "sources": {raw["code"]: {k: raw[k] for k in CHANGEABLE}},
                "profiles": {},
            }
        ).sources[raw["code"]]
    except ScopeError as error:
        raise _invalid(error, SOURCE_FIELDS) from None


def _plain(source: Source | ScopeSource) -> dict[str, str]:
    code = source.id if isinstance(source, Source) else source.code
    return {"code": code, "title": source.title, "url": source.url, "publisher": source.publisher}


def _stored(session: Session, code: object) -> ScopeSource:
    if not isinstance(code, str) or len(code) > 60:
        raise InvalidInput("code", "give the code of a source (at most 60 characters).")
    found = session.scalar(select(ScopeSource).where(ScopeSource.code == code.strip()))
    if found is None:
        raise NotFound("source", code)
    return found


def _cited_by(session: Session, source_id: int) -> int:
    counted = select(func.count()).select_from(ScopeStatement).where(ScopeStatement.source_id == source_id)
    return session.scalar(counted) or 0


def add_source(session: Session, actor: Actor, values: Mapping[str, Any]) -> ScopeSource:
    """A new source (code, title, url, publisher) statements can cite; its code is unique."""
    authorize(actor)
    checked = _checked({k: _text(values, k) for k in SOURCE_FIELDS})
    taken = InvalidInput("code", f"a source {checked.id!r} exists already; choose another code.")
    if session.scalar(select(ScopeSource.id).where(ScopeSource.code == checked.id)) is not None:
        raise taken
    if (session.scalar(select(func.count()).select_from(ScopeSource)) or 0) >= MAX_SOURCES:
        raise Conflict(f"There are {MAX_SOURCES:,} sources already, the most kept.")
    source = ScopeSource(
        code=checked.id, title=checked.title, url=checked.url, publisher=checked.publisher,
        updated_by=actor.user_id, updated_at=utcnow(),
    )  # fmt: skip
    _insert(session, source, taken)
    forget(session)
    audit.record(session, actor, "create", "scope_source", source.id, after=_plain(checked))
    return source


def source_of(session: Session, actor: Actor, code: str) -> SourceView:
    """A source to change or remove (administrators)."""
    authorize(actor)
    return read_source(session, code)


def read_source(session: Session, code: str) -> SourceView:
    """One source with its version, whether it is shipped and how many statements cite it (public)."""
    found = _stored(session, code)
    return SourceView(
        found.code, found.title, found.url, found.publisher, found.version,
        found.code in shipped_scopes().sources, _cited_by(session, found.id),
    )  # fmt: skip


def source_versions(session: Session) -> dict[str, int]:
    """code -> version of every source (for the change and remove links; at most MAX_SOURCES)."""
    return dict(session.execute(select(ScopeSource.code, ScopeSource.version).limit(MAX_SOURCES)).all())


def update_source(
    session: Session,
    actor: Actor,
    code: str,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> ScopeSource:
    """Change a source's title, url or publisher (the values not sent stay; the code stays)."""
    authorize(actor)
    source = _stored(session, code)
    check_version("source", source.code, source.version, expected_version)
    before = _plain(source)
    if "code" in values:
        sent = _text(values, "code")
        if sent and sent != source.code:
            raise InvalidInput("code", CODE_STAYS.format(code=source.code))
    raw = {k: (_text(values, k) if k in values else before[k]) for k in CHANGEABLE} | {"code": source.code}
    clean = _plain(_checked(raw))
    changed = {k: clean[k] for k in CHANGEABLE if clean[k] != before[k]}
    if not changed:
        return source
    source.title, source.url, source.publisher = clean["title"], clean["url"], clean["publisher"]
    source.updated_by = actor.user_id
    source.updated_at = utcnow()
    flush_checked(session, "source", source.code, expected_version)
    forget(session)
    audit.record(
        session, actor, "update", "scope_source", source.id,
        before={"code": source.code} | {k: before[k] for k in changed}, after=changed,
    )  # fmt: skip
    return source


def removal_refused(view: SourceView) -> str | None:
    """Why a source cannot be removed, with what to do instead; None when it can."""
    if view.shipped:
        return (
            f"{view.code!r} is a shipped source: `citypact data load` would add it again. "
            "Correct its title, address or publisher instead."
        )
    if view.cited_by:
        cite = "statement cites" if view.cited_by == 1 else "statements cite"
        return (
            f"{view.cited_by} {cite} {view.code!r}; change them to cite another source "
            "(or remove them) first, then remove it."
        )
    return None


def remove_source(session: Session, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
    """Remove a source an administrator added that no statement cites (see removal_refused)."""
    authorize(actor)
    source = _stored(session, code)
    check_version("source", source.code, source.version, expected_version)
    refused = removal_refused(read_source(session, source.code))
    if refused is not None:
        raise Conflict(refused)
    before = _plain(source)
    source_id = source.id
    session.delete(source)
    flush_checked(session, "source", before["code"], expected_version)
    forget(session)
    audit.record(session, actor, "delete", "scope_source", source_id, before=before)
