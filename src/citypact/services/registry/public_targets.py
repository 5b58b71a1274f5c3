"""Emission-reduction targets cities published (the CDP 2021 targets dataset), read and loaded.

These are public facts about a city, read-only on this platform: anyone may read them, and only the
reference load writes them. A city's own target (ClimateTarget, edited by the city) wins where both
exist; `public_targets` gives the published ones, `headline_target` the one a calculation should use
when the city has none of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import polars as pl
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from citypact.storage.models import City
from citypact.storage.plans import PublishedTarget

CDP_2021: Final = "cdp_targets_2021"
# What each source is called where its figures appear (words at the edge are the pages' job; this
# is the source's own title, as cited in reference/catalog.py).
SOURCE_TITLES: Final = {CDP_2021: "CDP-ICLEI 2021 Cities Emissions Reduction Targets (self-reported)"}
# The target types a reduction in % against a base year can be read from, in order of preference.
ABSOLUTE_TYPES: Final = ("base_year_absolute", "fixed_level")


@dataclass(frozen=True)
class PublicTarget:
    """One published target of a city. Codes: target_type (base_year_absolute, fixed_level,
    baseline_scenario, base_year_intensity), paris_alignment (1.5C, 2C, no, unknown, other or
    None). Percentages 0-100, masses in t CO2e."""

    city_id: int
    source: str
    reported_year: int
    target_type: str
    sector: str | None
    base_year: int | None
    base_emissions_t: float | None
    reduction_pct: float | None
    target_year: int | None
    target_emissions_t: float | None
    paris_alignment: str | None
    achieved_pct: float | None
    year_set: int | None

    @property
    def source_title(self) -> str:
        return SOURCE_TITLES.get(self.source, self.source)

    @property
    def city_wide(self) -> bool:
        """True when the target covers all of the city's inventory (no sector named)."""
        return self.sector is None


def _plain(row: PublishedTarget) -> PublicTarget:
    return PublicTarget(
        city_id=row.city_id,
        source=row.source,
        reported_year=row.reported_year,
        target_type=row.target_type,
        sector=row.sector,
        base_year=row.base_year,
        base_emissions_t=row.base_emissions_t,
        reduction_pct=row.reduction_pct,
        target_year=row.target_year,
        target_emissions_t=row.target_emissions_t,
        paris_alignment=row.paris_alignment,
        achieved_pct=row.achieved_pct,
        year_set=row.year_set,
    )


def public_targets(session: Session, city_ids: Iterable[int]) -> dict[int, list[PublicTarget]]:
    """Published targets of the given cities: city id -> targets ordered by target year (nulls
    last), then base year. Cities without any are absent from the result. Public data: no
    authorization needed. One query for all cities."""
    ids = sorted(set(city_ids))
    out: dict[int, list[PublicTarget]] = {}
    if not ids:
        return out
    rows = session.scalars(
        select(PublishedTarget)
        .where(PublishedTarget.city_id.in_(ids))
        .order_by(
            PublishedTarget.city_id,
            PublishedTarget.target_year.is_(None),
            PublishedTarget.target_year,
            PublishedTarget.base_year,
            PublishedTarget.id,
        )
    )
    for row in rows:
        out.setdefault(row.city_id, []).append(_plain(row))
    return out


def headline_target(targets: Iterable[PublicTarget]) -> PublicTarget | None:
    """The published target that stands for the city's ambition where a single target is needed
    (the benchmark's target path, the matcher): city-wide before sector targets, an absolute
    reduction against a base year (base year, base emissions, % and target year all given) before
    anything else, then the nearest target year. None when no target has those four figures."""
    usable = [
        t
        for t in targets
        if t.target_type in ABSOLUTE_TYPES
        and None not in (t.base_year, t.base_emissions_t, t.reduction_pct, t.target_year)
        and (t.base_emissions_t or 0) > 0
    ]
    if not usable:
        return None
    return min(
        usable,
        key=lambda t: (not t.city_wide, ABSOLUTE_TYPES.index(t.target_type), t.target_year, t.base_year),
    )


@dataclass(frozen=True)
class TargetsLoad:
    rows: int  # rows of the table
    loaded: int  # rows whose city is in the database, stored
    without_city: int  # rows whose city is not in the database


def load_public_targets(session: Session, table: pl.DataFrame, source: str = CDP_2021) -> TargetsLoad:
    """Replace the stored targets of `source` by `table` (reference.public_targets.TARGETS_SCHEMA):
    loading twice gives the same rows. Rows whose city key is not in the database are counted."""
    keys = table["city_key"].unique().to_list()
    ids = {row.key: row.id for row in session.execute(select(City.key, City.id).where(City.key.in_(keys)))}
    session.execute(delete(PublishedTarget).where(PublishedTarget.source == source))
    columns = [c.key for c in PublishedTarget.__table__.columns if c.key not in ("id", "city_id", "source")]
    records = [
        {"city_id": ids[row["city_key"]], "source": source, **{c: row[c] for c in columns}}
        for row in table.iter_rows(named=True)
        if row["city_key"] in ids
    ]
    if records:
        session.execute(insert(PublishedTarget), records)
    return TargetsLoad(rows=table.height, loaded=len(records), without_city=table.height - len(records))
