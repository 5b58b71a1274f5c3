"""The figure behind an item of evidence of kind `indicator`: the public benchmark's value of the
indicator for the city in the year the evidence names, with its unit and source.

Only the public benchmark is read (services.benchmarking.data: published cities, submitted or
verified inventories), because a sent position is public. Only the year named counts: a city-year
the benchmark has no value for is said to have none, never filled from another year. While the
position is a draft the figure is read live; when it is sent the figure, its unit and source are
taken onto the evidence row (`figure_*` columns) and shown as sent from then on, because what a
letter said must not change after it left (docs/joint_positions.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.indicators import BY_CODE
from citypact.services.benchmarking.benchmark import CONTEXT_SOURCES
from citypact.services.benchmarking.data import BenchmarkData, benchmark_data
from citypact.storage.models import City, utcnow
from citypact.storage.positions import JointPositionEvidence


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: the public benchmark holds no value for this city-year
    unit: str
    source: str  # where the benchmark's value comes from; "" without a value


def figure_of(data: BenchmarkData | None, city_id: int, code: str, year: int) -> Figure:
    """The public benchmark's value of indicator `code` for the city in exactly `year`, with its
    source as the benchmark page names it (the inventory's, or the context figure's)."""
    unit = BY_CODE[code].unit
    if data is None:
        return Figure(None, unit, "")
    at = (pl.col("city_id") == city_id) & (pl.col("year") == year)
    found = data.network.indicators.filter(at).select(code)
    value = found.item(0, 0) if found.height else None
    if value is None or not math.isfinite(value):
        return Figure(None, unit, "")
    indicator = BY_CODE[code]
    context = CONTEXT_SOURCES.get(indicator.numerator) if indicator.denominator is None else None
    sources = data.city_years.filter(at)["source"]
    return Figure(float(value), unit, context or (str(sources[0]) if sources.len() else ""))


def live_figures(session: Session, rows: list[JointPositionEvidence]) -> dict[int, Figure]:
    """Evidence id -> the figure of each indicator item in `rows`, read from the benchmark now
    (the benchmark is loaded only when an item asks for it)."""
    wanted = [e for e in rows if e.kind == "indicator" and e.city_id and e.indicator in BY_CODE and e.year]
    if not wanted:
        return {}
    data = benchmark_data(session)
    return {e.id: figure_of(data, e.city_id or 0, e.indicator or "", e.year or 0) for e in wanted}


def take_figures(session: Session, position_id: int) -> dict[int, float | None]:
    """On sending: write each indicator item's figure as it stands now onto its row; returns evidence
    id -> the value taken. A city that is not published gives no figure (the benchmark leaves it out
    as well)."""
    rows = list(session.scalars(
        select(JointPositionEvidence).where(JointPositionEvidence.position_id == position_id)
    ))  # fmt: skip
    figures = live_figures(session, rows)
    published = set(session.scalars(
        select(City.id).where(City.id.in_({e.city_id for e in rows if e.city_id}), City.is_published)
    ))  # fmt: skip
    now = utcnow()
    taken: dict[int, float | None] = {}
    for row in rows:
        if row.id not in figures:
            continue
        figure = figures[row.id] if row.city_id in published else Figure(None, figures[row.id].unit, "")
        row.figure_value = figure.value
        row.figure_unit = figure.unit
        row.figure_source = figure.source
        row.figure_taken_at = now
        taken[row.id] = figure.value
    return taken
