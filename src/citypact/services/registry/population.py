"""A city's population: one figure, with its year and source, wherever a page shows it.

Three places hold one: the registry (the city's row, often an older census figure), the city's
yearly statistics, and the population a submitted or verified inventory states for its year. They
disagree (Heidelberg: 144,000 in the registry for 2016, 147,437 in its 2022 inventory), so one rule
chooses: the figure of the latest year; on the same year the city's own inventory, then its
statistics, then the registry; a figure without a year ranks below any with one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.storage.models import City, CityStatistic, Inventory

INVENTORY: Final = "inventory"  # the source of a figure an inventory states; words at the edge
_RANK: Final = {INVENTORY: 2, "statistic": 1, "registry": 0}


@dataclass(frozen=True)
class Population:
    value: int
    year: int | None
    source: str | None  # as stored, or INVENTORY for a figure a city's inventory states


def _better(new: tuple[int, int, Population], old: tuple[int, int, Population] | None) -> bool:
    return old is None or new[:2] > old[:2]


def populations(session: Session, city_ids: Collection[int]) -> dict[int, Population]:
    """The chosen population of each city of `city_ids` that has one (three queries for all)."""
    ids = list(city_ids)
    if not ids:
        return {}
    best: dict[int, tuple[int, int, Population]] = {}

    def offer(city_id: int, value: float | None, year: int | None, source: str | None, kind: str) -> None:
        if value is None or value <= 0:
            return
        entry = (year if year is not None else -1, _RANK[kind], Population(round(value), year, source))
        if _better(entry, best.get(city_id)):
            best[city_id] = entry

    for city_id, value, year, source in session.execute(
        select(City.id, City.population, City.population_year, City.population_source).where(City.id.in_(ids))
    ):
        offer(city_id, value, year, source, "registry")
    for city_id, figure, year, source in session.execute(
        select(CityStatistic.city_id, CityStatistic.value, CityStatistic.year, CityStatistic.source).where(
            CityStatistic.city_id.in_(ids), CityStatistic.variable == "population"
        )
    ):
        offer(city_id, figure, year, source, "statistic")
    for city_id, stated, year in session.execute(
        select(Inventory.city_id, Inventory.population, Inventory.year).where(
            Inventory.city_id.in_(ids),
            Inventory.status.in_(("submitted", "verified")),
            Inventory.population.is_not(None),
        )
    ):
        offer(city_id, stated, year, INVENTORY, INVENTORY)
    return {city_id: entry[2] for city_id, entry in best.items()}


def population(session: Session, city_id: int) -> Population | None:
    return populations(session, [city_id]).get(city_id)
