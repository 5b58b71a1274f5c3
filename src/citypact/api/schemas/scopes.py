"""JSON shapes of the national scopes of action (services.scopes): per country, every field x
instrument cell with its say (decides, shares, no_say or unknown) and the source of the statement."""

from __future__ import annotations

from pydantic import BaseModel, Field

from citypact.domain.scopes import Profile, Source
from citypact.services.scopes import CountryScope
from citypact.services.scopes.sources import SourceView


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
    checked: str = Field(
        description="the day of the last change in the database (the shipped file's date until a change)"
    )
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


class StatementOut(BaseModel):
    id: int
    country: str
    field: str
    instrument: str
    say: str
    source: str
    note: str
    version: int = Field(description="send it back as If-Match (its ETag) to change or remove it")


class StatementIn(BaseModel):
    field: str = Field(max_length=40, description="a field of the measures taxonomy, or * for every field")
    instrument: str = Field(max_length=40, description="an instrument, or * for every instrument")
    say: str = Field(max_length=20, description="decides, shares or no_say")
    source: str = Field(max_length=60, description="the id of a source")
    note: str = Field("", max_length=400)


class StatementPatch(BaseModel):
    say: str | None = Field(None, max_length=20)
    source: str | None = Field(None, max_length=60)
    note: str | None = Field(None, max_length=400)


class SourceIn(BaseModel):
    code: str = Field(max_length=60, description="1-60 lower-case letters, digits or _")
    title: str = Field(max_length=300)
    url: str = Field(max_length=500)
    publisher: str = Field(max_length=200)


class ProfileIn(BaseModel):
    country: str = Field(max_length=2, description="ISO 3166 alpha-2")
    name: str = Field(max_length=100)


def source_out(s: Source) -> SourceOut:
    return _source(s)


class StoredSourceOut(SourceOut):
    version: int = Field(description="send it back as If-Match (its ETag) to change or remove it")
    shipped: bool = Field(description="in the shipped file: it cannot be removed (`data load` adds it again)")
    cited_by: int = Field(description="statements citing it: it cannot be removed while any does")


def stored_source_out(s: SourceView) -> StoredSourceOut:
    return StoredSourceOut(
        id=s.code, title=s.title, url=s.url, publisher=s.publisher, version=s.version, shipped=s.shipped,
        cited_by=s.cited_by,
    )  # fmt: skip


class SourcePatch(BaseModel):
    """The code stays (the citation key); sending another one is refused."""

    code: str | None = Field(None, max_length=60, description="the source's code; it cannot change")
    title: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=500)
    publisher: str | None = Field(None, max_length=200)


class ProfilePatch(BaseModel):
    name: str = Field(max_length=100, description="the country's name")
