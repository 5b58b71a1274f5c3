"""The library of best-practice cases: load, add, search in any language, cases like mine.

Search covers every language a case is written in (English, German, Japanese titles and texts):
texts are folded once into `search_text` with marks for the facets (domain.case_index) and found
through one trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL), every word and filter required.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl
from sqlalchemy import ColumnClause, Select, func, literal_column, select, text
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.case_index import index_text, query_phrases
from citypact.domain.measures import AXES, TAGS, ClassificationError, check_axis, check_tags
from citypact.domain.peers import Conditions, nearest_to, peer_reasons
from citypact.domain.reasons import Reason
from citypact.domain.text import fold
from citypact.services import audit
from citypact.services.benchmarking.data import city_conditions
from citypact.services.cached import PerDatabase
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans.measures import listed, load_catalogue, measure_by_code, tag_text, tags_of
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.text_input import check_texts
from citypact.storage.models import (
    CaseStudy,
    City,
    CityStatistic,
    DegreeDays,
    GridIntensity,
    Inventory,
    MeasureType,
    utcnow,
)
from citypact.storage.search import escape_like

MAX_PAGE: Final = 100
CASE_TEXTS: Final = ("title", "title_de", "title_ja", "summary", "results", "lessons")
FILTERS: Final = (*AXES, *TAGS, "country", "measure")
# Case fields and the columns of the shipped case table they come from (English texts).
SEED_FIELDS: Final = (
    "field", "instrument", "implementation", "start_year", "title", "title_de", "title_ja", "summary",
    "results", "lessons", "contact", "reduction_t_per_year", "cost_note", "source_url", "source_note",
)  # fmt: skip
SEED_COLUMNS: Final = {
    "title": "title_en", "summary": "summary_en", "results": "results_en", "lessons": "lessons_en",
    "cost_note": "cost_note_en",
}  # fmt: skip


# -------------------------------------------------------------------------------------------- cases


def case_search_text(
    values: Mapping[str, Any], city: tuple[str, str], measure: MeasureType | None, *, published: bool = True
) -> str:
    """The indexed text of a case: its texts in every language, its city's and measure's names, and
    a mark per facet (see domain.case_index)."""
    name, country = city
    texts = [str(values.get(n) or "") for n in CASE_TEXTS] + [name]
    if measure is not None:
        texts += [measure.title_en, measure.title_de, measure.title_ja]
    facets: dict[str, list[str]] = {axis: [str(values[axis])] for axis in AXES if values.get(axis)}
    facets |= {kind: codes for kind, codes in tags_of(str(values.get("tags") or "")).items() if codes}
    facets["country"] = [country]
    if measure is not None:
        facets["measure"] = [measure.code]
    return index_text(texts, facets, published=published)


@dataclass(frozen=True)
class CaseView:
    id: int
    key: str | None
    city_id: int
    city_name: str
    country: str
    measure_code: str | None
    field: str
    instrument: str
    implementation: str
    start_year: int | None
    title: str
    summary: str
    results: str
    lessons: str
    contact: str
    reduction_t_per_year: float | None
    cost_note: str
    tags: dict[str, list[str]]
    source_url: str | None
    source_note: str | None


def _case_views(session: Session, cases: Sequence[CaseStudy], lang: str) -> list[CaseView]:
    cities = {
        c.id: c
        for c in session.execute(
            select(City.id, City.name, City.country).where(City.id.in_({c.city_id for c in cases}))
        )
    }
    codes = dict(
        session.execute(
            select(MeasureType.id, MeasureType.code).where(
                MeasureType.id.in_({c.measure_type_id for c in cases if c.measure_type_id})
            )
        ).all()
    )
    return [
        CaseView(
            id=c.id,
            key=c.key,
            city_id=c.city_id,
            city_name=cities[c.city_id].name,
            country=cities[c.city_id].country,
            measure_code=codes.get(c.measure_type_id) if c.measure_type_id else None,
            field=c.field,
            instrument=c.instrument,
            implementation=c.implementation,
            start_year=c.start_year,
            title={"de": c.title_de, "ja": c.title_ja}.get(lang) or c.title,
            summary=c.summary,
            results=c.results,
            lessons=c.lessons,
            contact=c.contact,
            reduction_t_per_year=c.reduction_t_per_year,
            cost_note=c.cost_note,
            tags=tags_of(c.tags),
            source_url=c.source_url,
            source_note=c.source_note,
        )
        for c in cases
    ]


@dataclass(frozen=True)
class CasePage:
    items: list[CaseView]
    total: int


def _checked_filters(session: Session, filters: Mapping[str, str]) -> dict[str, str]:
    clean: dict[str, str] = {}
    try:
        for name, value in filters.items():
            if not value:
                continue
            if name in AXES:
                clean[name] = check_axis(name, value)
            elif name in TAGS:
                if tags := check_tags(name, [value]):  # only spaces (e.g. "\r"): no filter
                    clean[name] = tags[0]
            elif name == "country":
                if not re.fullmatch(r"[A-Za-z]{2}", value):
                    raise InvalidInput("country", "give an ISO 3166 alpha-2 code such as DE.")
                clean[name] = value.upper()
            elif name == "measure":
                clean[name] = measure_by_code(session, value).code
            else:
                raise InvalidInput(name, f"unknown filter; use {', '.join(FILTERS)}")
    except ClassificationError as error:
        raise InvalidInput(error.field, error.message) from None
    return clean


def _matching_ids(
    session: Session, phrases: list[str], leftover: list[str], limit: int, offset: int
) -> tuple[list[int], int]:
    """Ids of one page of the cases whose text holds every phrase and word (newest first), and how many."""
    likes = [CaseStudy.search_text.like(f"%{escape_like(w)}%", escape="\\") for w in leftover]
    if session.get_bind().dialect.name != "sqlite":
        # PostgreSQL's planner answers these LIKEs from the pg_trgm index (migration 0004).
        likes += [CaseStudy.search_text.like(f"%{escape_like(p)}%", escape="\\") for p in phrases]
        found: Select[Any] = select(CaseStudy.id).where(CaseStudy.is_published, *likes)
    elif not phrases:  # no word the index can find, no filter: the published cases, newest first
        found = select(CaseStudy.id).where(CaseStudy.is_published, *likes)
    else:
        match = " ".join('"' + p.replace('"', '""') + '"' for p in phrases)
        rowid: ColumnClause[Any] = literal_column("rowid")
        hits: Select[Any] = (
            select(rowid)
            .select_from(text("case_search"))
            .where(text("case_search MATCH :match").bindparams(match=match))
        )
        if not likes:  # the index alone answers: no wide case row is read
            total = session.scalar(select(func.count()).select_from(hits.subquery())) or 0
            page = session.scalars(hits.order_by(rowid.desc()).limit(limit).offset(offset)).all()
            return [int(i) for i in page], int(total)
        found = select(CaseStudy.id).where(CaseStudy.id.in_(hits), *likes)
    total = session.scalar(select(func.count()).select_from(found.subquery())) or 0
    ids = session.scalars(found.order_by(CaseStudy.id.desc()).limit(limit).offset(offset)).all()
    return list(ids), int(total)


def search_cases(
    session: Session,
    q: str = "",
    filters: Mapping[str, str] | None = None,
    *,
    lang: str = "en",
    limit: int = 20,
    offset: int = 0,
) -> CasePage:
    """Published cases matching every word of `q` (any language) and every filter, newest first."""
    phrases, leftover = query_phrases(q, _checked_filters(session, filters or {}))
    ids, total = _matching_ids(session, phrases, leftover, min(limit, MAX_PAGE), offset)
    loaded = {c.id: c for c in session.scalars(select(CaseStudy).where(CaseStudy.id.in_(ids)))} if ids else {}
    return CasePage(_case_views(session, [loaded[i] for i in ids], lang), total)


def get_case(session: Session, case_id: int, lang: str = "en") -> CaseView:
    case = session.get(CaseStudy, case_id)
    if case is None or not case.is_published:
        raise NotFound("case", case_id)
    return _case_views(session, [case], lang)[0]


# The case's fields that are paragraphs: they may hold line breaks.
CASE_PARAGRAPHS: Final = ("summary", "results", "lessons", "cost_note", "source_note")


def _validated_case(values: Mapping[str, Any]) -> dict[str, Any]:
    check_texts(values, multiline=CASE_PARAGRAPHS)
    clean: dict[str, Any] = {}
    try:
        for axis in ("field", "instrument", "implementation"):
            clean[axis] = check_axis(axis, str(values.get(axis) or ""))
        for axis in ("municipal_role", "decision_level"):
            if values.get(axis):
                clean[axis] = check_axis(axis, str(values[axis]))
        tags = {kind: check_tags(kind, listed(values.get(kind))) for kind in TAGS}
    except ClassificationError as error:
        raise InvalidInput(error.field, error.message) from None
    title = str(values.get("title") or "").strip()
    summary = str(values.get("summary") or "").strip()
    if not title:
        raise InvalidInput("title", "give the case a title.")
    if not summary:
        raise InvalidInput("summary", "say in a few sentences what the city did.")
    start = values.get("start_year")
    if start is not None and (not isinstance(start, int) or not 1900 <= start <= dt.date.today().year + 5):
        raise InvalidInput("start_year", "give a year such as 2015.")
    reduction = values.get("reduction_t_per_year")
    if reduction is not None and (not isinstance(reduction, int | float) or reduction < 0):
        raise InvalidInput("reduction_t_per_year", "give t CO2e per year, 0 or more.")
    url = values.get("source_url")
    if url and not re.match(r"^https?://\S+$", str(url)):
        raise InvalidInput("source_url", "give a web address starting with https://.")
    for name in ("title_de", "title_ja", "results", "lessons", "contact", "cost_note", "source_note"):
        clean[name] = str(values.get(name) or "").strip() or (None if name.startswith("title_") else "")
    clean.update(title=title, summary=summary, start_year=start, reduction_t_per_year=reduction)
    clean.update(source_url=url or None, tags=tag_text(tags))
    return clean


def save_case(
    session: Session, actor: Actor, city_id: int, values: Mapping[str, Any], case_id: int | None = None
) -> CaseStudy:
    """Add or change a case of the actor's own city; every classification value is checked."""
    city = check_can_edit(session, actor, city_id)
    clean = _validated_case(values)
    measure = measure_by_code(session, str(values["measure"])) if values.get("measure") else None
    clean["measure_type_id"] = measure.id if measure else None
    clean["search_text"] = case_search_text(clean, (city.name, city.country), measure)
    if case_id is None:
        case = CaseStudy(city_id=city_id, **clean)
        session.add(case)
        session.flush()
        audit.record(
            session, actor, "create", "case_study", case.id, city_id=city_id, after={"title": case.title}
        )
        return case
    found = session.get(CaseStudy, case_id)
    if found is None or found.city_id != city_id:
        raise NotFound("case", case_id)
    case = found
    before, after = audit.changed_fields({k: getattr(case, k) for k in clean}, clean)
    for name, value in after.items():
        setattr(case, name, value)
    case.updated_at = utcnow()
    audit.record(session, actor, "update", "case_study", case.id, city_id=city_id, before=before, after=after)
    return case


def load_seed_cases(session: Session, cases: pl.DataFrame) -> tuple[int, list[str]]:
    """The shipped best-practice cases, matched to registry cities by name and country; returns how
    many were stored and the cases whose city is not in the registry."""
    measures = {m.code: m for m in session.scalars(select(MeasureType))}
    existing = {c.key: c for c in session.scalars(select(CaseStudy).where(CaseStudy.key.is_not(None)))}
    unmatched = []
    stored = 0
    for row in cases.iter_rows(named=True):
        name = fold(row["city"])  # any of the city's names, as the registry folds them
        city = session.execute(
            select(City.id, City.name)
            .where(
                City.country == row["country"], City.search_text.like(f"%|{escape_like(name)}|%", escape="\\")
            )
            .order_by(City.population.desc().nulls_last())
            .limit(1)
        ).first()
        if city is None:
            unmatched.append(f"{row['key']}: {row['city']} ({row['country']})")
            continue
        measure = measures.get(row.get("measure_code") or "")
        values = {name: row.get(SEED_COLUMNS.get(name, name)) for name in SEED_FIELDS}
        values["co_benefits"] = listed(row.get("co_benefits"))
        clean = _validated_case(values)
        clean["measure_type_id"] = measure.id if measure else None
        clean["search_text"] = case_search_text(clean, (city.name, row["country"]), measure)
        case = existing.get(row["key"])
        if case is None:
            session.add(CaseStudy(key=row["key"], city_id=city.id, **clean))
        else:
            for name, value in clean.items():
                setattr(case, name, value)
        stored += 1
    session.flush()
    return stored, unmatched


# ----------------------------------------------------------------------------------- cases like mine


def cities_with_published_cases(session: Session) -> set[int]:
    """Answered from the index ix_case_study_published_city alone, without reading a case row."""
    return set(session.scalars(select(CaseStudy.city_id).where(CaseStudy.is_published).distinct()))


@dataclass(frozen=True)
class CaseLikeMine:
    case: CaseView
    distance: float
    reasons: tuple[Reason, ...]  # codes with figures (domain.peers), worded at the edge


def _similarity_aggregates() -> list[Select[Any]]:
    """Aggregates that change whenever a figure behind the similarity does: the cities, their
    statistics, the national tables, the inventories that set each city's reference year, and the
    cases (only ever added, never moved to another city or unpublished, so their count and last id tell)."""
    return [
        select(func.count()).select_from(City),
        select(func.sum(City.population)),
        select(func.max(City.updated_at)),
        select(func.count()).select_from(CityStatistic),
        select(func.max(CityStatistic.id)),
        select(func.sum(CityStatistic.value)),
        select(func.count()).select_from(DegreeDays),
        select(func.sum(DegreeDays.hdd)),
        select(func.count()).select_from(GridIntensity),
        select(func.max(Inventory.updated_at)),
        select(func.max(Inventory.id)),
        select(func.count()).select_from(CaseStudy),
        select(func.max(CaseStudy.id)),
    ]


def _load_similarity(session: Session) -> tuple[Conditions, npt.NDArray[np.bool_]]:
    ids = list(session.scalars(select(City.id).order_by(City.id)))
    conditions = city_conditions(session, ids)
    return conditions, np.isin(conditions.ids, list(cities_with_published_cases(session)))


# The framework conditions of all cities and which cities have cases, per database, computed once and
# reused while the figures they come from are unchanged.
_SIMILARITY: PerDatabase[tuple[Conditions, npt.NDArray[np.bool_]]] = PerDatabase(
    _similarity_aggregates, _load_similarity
)


def cases_like_mine(
    session: Session, city_id: int, *, limit: int = 10, lang: str = "en"
) -> list[CaseLikeMine]:
    """Published cases from the cities most like `city_id` (the benchmark's peer distance on the
    conditions both cities know, services.conditions), nearest city first, with the reasons."""
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    conditions, with_cases = _SIMILARITY.get(session)
    me = int(np.flatnonzero(conditions.ids == city_id)[0])
    rows, distance = nearest_to(conditions, me, with_cases, limit)
    by_city = {
        int(conditions.ids[r]): (float(d), peer_reasons(conditions, me, int(r)))
        for r, d in zip(rows, distance, strict=True)
    }
    cases = session.scalars(
        select(CaseStudy).where(CaseStudy.is_published, CaseStudy.city_id.in_(list(by_city)))
    ).all()
    views = _case_views(session, cases, lang)
    ranked = sorted(views, key=lambda v: (by_city[v.city_id][0], v.id))[:limit]
    return [CaseLikeMine(v, *by_city[v.city_id]) for v in ranked]


@dataclass(frozen=True)
class LibraryLoad:
    measure_types: int
    cases: int
    cases_without_city: list[str]


def load_library(session: Session) -> LibraryLoad:
    """The shipped catalogue of measure types and the seed cases, into the database (idempotent)."""
    from citypact.reference.cases import read_best_practice_cases
    from citypact.reference.measures import read_measure_catalogue

    types = load_catalogue(session, read_measure_catalogue())
    cases, unmatched = load_seed_cases(session, read_best_practice_cases())
    return LibraryLoad(types, cases, unmatched)
