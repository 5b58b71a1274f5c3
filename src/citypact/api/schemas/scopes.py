"""JSON shapes of the national scopes of action (services.scopes): per country, every field x
instrument cell with its say (decides, shares, no_say or unknown) and the source of the statement."""

from __future__ import annotations

from pydantic import BaseModel, Field

from citypact.domain.scopes import Profile, Source
from citypact.services.scopes import CountryScope


class SourceOut(BaseModel):
    id: str
    title: str
    url: str
    publisher: str


class CellOut(BaseModel):
    field: str = Field(description="a field of the measures taxonomy")
    instrument: str = Field(description="an instrument of the measures taxonomy")
    say: str = Field(description="decides, shares, no_say, or unknown where no statement covers it")
    source: str | None = Field(description="the id of the source of the statement that holds")
    note: str = ""


class ScopeOut(BaseModel):
    country: str
    name: str
    cells: list[CellOut]
    sources: list[SourceOut]
    same_scope: list[str] = Field(description="other countries with the same scope of action")


class ScopesOut(BaseModel):
    version: int
    checked: str = Field(description="when the statements were last checked against their sources")
    profiles: list[ScopeOut]


def _source(s: Source) -> SourceOut:
    return SourceOut(id=s.id, title=s.title, url=s.url, publisher=s.publisher)


def cells_out(profile: Profile) -> list[CellOut]:
    return [
        CellOut(
            field=c.field,
            instrument=c.instrument,
            say=c.say,
            source=c.statement.source if c.statement else None,
            note=c.statement.note if c.statement else "",
        )
        for c in profile.cells()
    ]


def scope_out(scope: CountryScope) -> ScopeOut:
    return ScopeOut(
        country=scope.profile.country,
        name=scope.profile.name,
        cells=cells_out(scope.profile),
        sources=[_source(s) for s in scope.sources],
        same_scope=list(scope.same_scope),
    )
