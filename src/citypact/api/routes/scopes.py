"""/api/v1/scopes: national scopes of action, what a municipality may decide in each country
(public reference data; services/scopes). Platform administrators maintain them: a new country's
profile or its new name (If-Match), a source added, changed (If-Match) or removed (If-Match), a
statement added, changed (If-Match) or removed (If-Match) (services/scopes/admin.py, sources.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from citypact.api.schemas.scopes import (
    ProfileIn,
    ProfilePatch,
    ScopeOut,
    ScopesOut,
    SourceIn,
    SourceOut,
    SourcePatch,
    StatementIn,
    StatementOut,
    StatementPatch,
    StoredSourceOut,
    scope_out,
    source_out,
    stored_source_out,
)
from citypact.http.deps import DB, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services import scopes
from citypact.services.scopes import admin, sources
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["national scopes of action"])
Country = Annotated[str, Path(min_length=2, max_length=2, description="ISO 3166 alpha-2 code, e.g. DE")]


@router.get("/scopes", response_model=ScopesOut)
def list_scopes(session: ReadDB) -> ScopesOut:
    """Every country's profile, each cell with its say and source."""
    found = scopes.all_scopes(session)
    return ScopesOut(
        version=found.version,
        checked=found.checked,
        profiles=[scope_out(scopes.country_scope(session, c)) for c in found.profiles],
    )


@router.post("/scopes", response_model=ScopeOut, status_code=201)
def add_profile(body: ProfileIn, db: DB, actor: Writer) -> ScopeOut:
    """A new country's profile without statements (platform administrators)."""
    with db.write() as session:
        country = admin.add_profile(session, actor, body.country, body.name).country
    with db.read() as session:
        return scope_out(scopes.country_scope(session, country))


@router.post("/scopes/sources", response_model=SourceOut, status_code=201)
def add_source(body: SourceIn, db: DB, actor: Writer) -> SourceOut:
    """A new source statements can cite (platform administrators)."""
    with db.write() as session:
        code = sources.add_source(session, actor, body.model_dump()).code
    with db.read() as session:
        return source_out(scopes.all_scopes(session).sources[code])


SourceCode = Annotated[str, Path(min_length=1, max_length=60, description="a source's code")]


def _source(db: Database, code: str, response: Response) -> StoredSourceOut:
    with db.read() as session:
        found = stored_source_out(sources.read_source(session, code))
    response.headers.update(etag(found.version))
    return found


@router.get("/scopes/sources/{code}", response_model=StoredSourceOut)
def get_source(code: SourceCode, db: DB, response: Response) -> StoredSourceOut:
    """One source with its version (the ETag), whether it is shipped and how many statements cite it."""
    return _source(db, code, response)


@router.patch("/scopes/sources/{code}", response_model=StoredSourceOut)
def change_source(
    code: SourceCode, body: SourcePatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> StoredSourceOut:
    """Change a source's title, url or publisher (platform administrators); the code stays; If-Match."""
    with db.write() as session:
        sources.update_source(
            session, actor, code, body.model_dump(exclude_unset=True), expected_version=version
        )
    return _source(db, code, response)


@router.delete("/scopes/sources/{code}", status_code=204)
def remove_source(code: SourceCode, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Remove a source an administrator added that no statement cites (409 otherwise); If-Match."""
    with db.write() as session:
        sources.remove_source(session, actor, code, expected_version=version)
    return Response(status_code=204)


def _scope(db: Database, country: str, response: Response) -> ScopeOut:
    with db.read() as session:
        found = scope_out(scopes.country_scope(session, country))
        response.headers.update(etag(admin.profile_version(session, country)))
    return found


@router.get("/scopes/{country}", response_model=ScopeOut)
def get_scope(country: Country, db: DB, response: Response) -> ScopeOut:
    """One country's profile; 404 where none is known. The ETag is the version of its name."""
    return _scope(db, country, response)


@router.patch("/scopes/{country}", response_model=ScopeOut)
def rename_profile(
    country: Country, body: ProfilePatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> ScopeOut:
    """A country's profile's new name (platform administrators); If-Match: the profile's ETag."""
    with db.write() as session:
        admin.rename_profile(session, actor, country, body.name, expected_version=version)
    return _scope(db, country, response)


@router.get("/scopes/{country}/statements", response_model=list[StatementOut])
def list_statements(country: Country, session: ReadDB) -> list[StatementOut]:
    """A country's statements as stored, with the ids and versions to change them."""
    return [
        StatementOut.model_validate(s, from_attributes=True) for s in admin.list_statements(session, country)
    ]


def _statement(db: Database, country: str, statement_id: int, response: Response) -> StatementOut:
    with db.read() as session:
        found = StatementOut.model_validate(
            admin.read_statement(session, country, statement_id), from_attributes=True
        )
    response.headers.update(etag(found.version))
    return found


@router.post("/scopes/{country}/statements", response_model=StatementOut, status_code=201)
def add_statement(
    country: Country, body: StatementIn, db: DB, actor: Writer, response: Response
) -> StatementOut:
    """A statement for a cell that has none (platform administrators); 409 when it has one."""
    with db.write() as session:
        statement_id = admin.add_statement(session, actor, country, body.model_dump()).id
    return _statement(db, country, statement_id, response)


@router.get("/scopes/{country}/statements/{statement_id}", response_model=StatementOut)
def get_statement(country: Country, statement_id: PathId, db: DB, response: Response) -> StatementOut:
    """One statement; the ETag is its version."""
    return _statement(db, country, statement_id, response)


@router.patch("/scopes/{country}/statements/{statement_id}", response_model=StatementOut)
def change_statement(
    country: Country, statement_id: PathId, body: StatementPatch, db: DB, actor: Writer, version: IfMatch,
    response: Response,
) -> StatementOut:  # fmt: skip
    """Change a statement's say, source or note (platform administrators); If-Match: its ETag."""
    with db.write() as session:
        admin.update_statement(
            session,
            actor,
            country,
            statement_id,
            body.model_dump(exclude_unset=True),
            expected_version=version,
        )
    return _statement(db, country, statement_id, response)


@router.delete("/scopes/{country}/statements/{statement_id}", status_code=204)
def remove_statement(
    country: Country, statement_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """Remove a statement (platform administrators); If-Match: its ETag."""
    with db.write() as session:
        admin.remove_statement(session, actor, country, statement_id, expected_version=version)
    return Response(status_code=204)
