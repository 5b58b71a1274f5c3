"""The catalogue of climate measure types: load it, browse it by any axis of the taxonomy."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.measures import AXES, TAGS, ClassificationError, check_axis, check_tags
from citypact.services.errors import InvalidInput, NotFound
from citypact.storage.models import CaseStudy, MeasureType


def tag_text(tags: Mapping[str, Iterable[str]]) -> str:
    """Tags as one '|kind:code|' string, so that a filter is a LIKE '%|kind:code|%'."""
    parts = [f"{kind}:{code}" for kind, codes in tags.items() for code in codes]
    return "|" + "|".join(parts) + "|" if parts else ""


def tags_of(text_: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {kind: [] for kind in TAGS}
    for part in filter(None, text_.split("|")):
        kind, _, code = part.partition(":")
        found.setdefault(kind, []).append(code)
    return found


def listed(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


# ------------------------------------------------------------------------------------------ catalogue


def load_catalogue(session: Session, catalogue: pl.DataFrame) -> int:
    """Insert or update the measure types of the shipped catalogue, by code; returns how many."""
    existing = {m.code: m for m in session.scalars(select(MeasureType))}
    for row in catalogue.iter_rows(named=True):
        tags = {kind: listed(row.get(kind)) for kind in TAGS}
        values = {
            name: row.get(name)
            for name in (
                "field", "instrument", "municipal_role", "decision_level", "title_en", "title_de", "title_ja",
                "summary_en", "reduction_low", "reduction_high", "reduction_unit", "reduction_basis",
                "reduction_note", "cost_low", "cost_high", "cost_unit", "cost_basis",
            )
        }  # fmt: skip
        values["summary_en"] = values["summary_en"] or ""
        values["tags"] = tag_text(tags)
        values["countries"] = "|".join(listed(row.get("countries")))
        measure = existing.get(row["code"])
        if measure is None:
            session.add(MeasureType(code=row["code"], **values))
        else:
            for name, value in values.items():
                setattr(measure, name, value)
    session.flush()
    return catalogue.height


@dataclass(frozen=True)
class MeasureView:
    id: int
    code: str
    field: str
    instrument: str
    municipal_role: str
    decision_level: str
    title: str
    title_en: str
    summary_en: str
    reduction: str | None
    reduction_note: str | None
    cost: str | None
    tags: dict[str, list[str]]
    countries: list[str]
    cases: int


def _range(low: float | None, high: float | None, unit: str | None, basis: str | None) -> str | None:
    if low is None and high is None:
        return None
    span = f"{low:g}" if high in (None, low) else f"{low:g}-{high:g}"
    return " ".join(p for p in (span, unit or "", f"({basis})" if basis else "") if p)


def _title(measure: MeasureType, lang: str) -> str:
    return {"de": measure.title_de, "ja": measure.title_ja}.get(lang) or measure.title_en


def _tag_conditions(column: Any, filters: Mapping[str, str]) -> list[Any]:
    conditions = []
    for kind in TAGS:
        if filters.get(kind):
            try:
                code = check_tags(kind, [filters[kind]])[0]
            except ClassificationError as error:
                raise InvalidInput(kind, error.message) from None
            conditions.append(column.like(f"%|{kind}:{code}|%"))
    return conditions


def _axis_conditions(model: Any, filters: Mapping[str, str]) -> list[Any]:
    conditions = []
    for axis in AXES:
        if filters.get(axis):
            try:
                conditions.append(getattr(model, axis) == check_axis(axis, filters[axis]))
            except ClassificationError as error:
                raise InvalidInput(axis, error.message) from None
            except AttributeError:
                continue
    return conditions


def measure_titles(session: Session, codes: Collection[str], lang: str = "en") -> dict[str, str]:
    """The titles of the measures `codes`, in `lang` where translated (the benchmark page's
    suggestions: a few columns of a few rows, not the whole catalogue each page)."""
    if not codes:
        return {}
    rows = session.execute(
        select(MeasureType.code, MeasureType.title_en, MeasureType.title_de, MeasureType.title_ja).where(
            MeasureType.code.in_(sorted(set(codes)))
        )
    ).all()
    return {r.code: {"de": r.title_de, "ja": r.title_ja}.get(lang) or r.title_en for r in rows}


def list_measures(
    session: Session, filters: Mapping[str, str] | None = None, lang: str = "en"
) -> list[MeasureView]:
    """The catalogue, filtered by any axis or tag, grouped by field in taxonomy order."""
    filters = filters or {}
    counts = dict(
        session.execute(
            select(CaseStudy.measure_type_id, func.count())
            .where(CaseStudy.is_published)
            .group_by(CaseStudy.measure_type_id)
        ).all()
    )
    query = select(MeasureType).where(
        *_axis_conditions(MeasureType, filters), *_tag_conditions(MeasureType.tags, filters)
    )
    order = {code: i for i, code in enumerate(AXES["field"])}
    measures = sorted(session.scalars(query), key=lambda m: (order.get(m.field, 99), m.title_en))
    return [
        MeasureView(
            id=m.id,
            code=m.code,
            field=m.field,
            instrument=m.instrument,
            municipal_role=m.municipal_role,
            decision_level=m.decision_level,
            title=_title(m, lang),
            title_en=m.title_en,
            summary_en=m.summary_en,
            reduction=_range(m.reduction_low, m.reduction_high, m.reduction_unit, m.reduction_basis),
            reduction_note=m.reduction_note,
            cost=_range(m.cost_low, m.cost_high, m.cost_unit, m.cost_basis),
            tags=tags_of(m.tags),
            countries=[c for c in m.countries.split("|") if c],
            cases=int(counts.get(m.id, 0)),
        )
        for m in measures
    ]


def measure_by_code(session: Session, code: str) -> MeasureType:
    measure = session.scalar(select(MeasureType).where(MeasureType.code == code))
    if measure is None:
        raise NotFound("measure type", code)
    return measure
