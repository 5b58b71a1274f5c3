"""Outliers of the benchmark: which cities' latest emissions per person lie far outside their peers'
(domain/outliers.py), which a person has confirmed, and the confirming itself.

An unconfirmed outlier stays on its own benchmark, marked, but is kept out of other cities' peer
medians: one wrong unit in one city must not move the comparison of ten others. The city's editor
or an administrator confirms the value (audited); a confirmation holds for that year and value only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.benchmark import HEADLINE
from citypact.domain.outliers import direction, reasons
from citypact.services import audit
from citypact.services.benchmarking.data import BenchmarkData, benchmark_data
from citypact.services.errors import InvalidInput
from citypact.services.registry.city_edits import check_can_edit
from citypact.storage.models import OutlierConfirmation, utcnow


@dataclass(frozen=True)
class Outlier:
    city_id: int
    year: int
    value: float  # t CO2e per person, the benchmark's headline
    z: float
    side: str  # "high" or "low"
    reasons: tuple[str, ...]  # codes (domain.outliers), words at the edge
    confirmed: bool


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9)


def _flagged(data: BenchmarkData) -> list[tuple[int, int, float, float, str]]:
    """(city id, year, value, z, side) of every city marked as an outlier."""
    cities = data.network.cities
    z = cities["outlier_z"].fill_null(float("nan")).to_numpy()
    sides = direction(z)
    out = []
    for row in (sides != "").nonzero()[0]:
        year, value = cities["latest_year"][int(row)], cities[HEADLINE][int(row)]
        if year is not None and value is not None:
            out.append(
                (int(cities["city_id"][int(row)]), int(year), float(value), float(z[row]), str(sides[row]))
            )
    return out


def _confirmed(session: Session, ids: list[int]) -> dict[tuple[int, int], float]:
    if not ids:
        return {}
    rows = session.execute(
        select(OutlierConfirmation.city_id, OutlierConfirmation.year, OutlierConfirmation.value).where(
            OutlierConfirmation.city_id.in_(ids)
        )
    )
    return {(c, y): v for c, y, v in rows}


def outliers(session: Session, data: BenchmarkData) -> dict[int, Outlier]:
    """Every marked city of the benchmark by id, with whether its value is confirmed."""
    flagged = _flagged(data)
    confirmed = _confirmed(session, [f[0] for f in flagged])
    return {
        city_id: Outlier(
            city_id, year, value, z, side, reasons(side),
            confirmed=(city_id, year) in confirmed and _same(confirmed[(city_id, year)], value),
        )
        for city_id, year, value, z, side in flagged
    }  # fmt: skip


def unconfirmed(session: Session, data: BenchmarkData) -> set[int]:
    """The cities kept out of others' peer medians."""
    return {i for i, o in outliers(session, data).items() if not o.confirmed}


def confirm_outlier(session: Session, actor: Actor, city_id: int) -> Outlier:
    """The city's editor or an administrator says its marked value is right; audited."""
    check_can_edit(session, actor, city_id)
    data = benchmark_data(session)
    found = outliers(session, data).get(city_id) if data is not None else None
    if found is None:
        raise InvalidInput("city", "this city's emissions per person are not marked as an outlier.")
    stored = session.get(OutlierConfirmation, (city_id, found.year))
    before = {"year": stored.year, "value": stored.value} if stored is not None else None
    if stored is None:
        stored = OutlierConfirmation(city_id=city_id, year=found.year, value=found.value)
        session.add(stored)
    stored.value, stored.confirmed_by, stored.confirmed_at = found.value, actor.user_id, utcnow()
    audit.record(
        session, actor, "confirm_outlier", "city", city_id, city_id=city_id, before=before,
        after={"year": found.year, "value": found.value, "z": round(found.z, 2)},
    )  # fmt: skip
    return Outlier(found.city_id, found.year, found.value, found.z, found.side, found.reasons, confirmed=True)
