"""/api/v1/scopes: national scopes of action, what a municipality may decide in each country
(public reference data; services/scopes). Platform administrators maintain them: a new country's
profile, a source, a statement added, changed (If-Match) or removed (If-Match)
(services/scopes/admin.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from citypact.api.schemas.scopes import (
    ProfileIn,
    ScopeOut,
    ScopesOut,
    SourceIn,
    SourceOut,
    StatementIn,
    StatementOut,
    StatementPatch,
    scope_out,
    source_out,
)
from citypact.http.deps import DB, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services import scopes
from citypact.services.scopes import admin
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
        code = admin.add_source(session, actor, body.model_dump()).code
    with db.read() as session:
        return source_out(scopes.all_scopes(session).sources[code])


@router.get("/scopes/{country}", response_model=ScopeOut)
def get_scope(country: Country, session: ReadDB) -> ScopeOut:
    """One country's profile; 404 where none is known."""
    return scope_out(scopes.country_scope(session, country))


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
