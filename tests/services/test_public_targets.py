"""Published targets (CDP 2021): loading replaces a source's rows, reading groups them per city,
and the headline target is the city-wide absolute one with the nearest target year."""

from __future__ import annotations

import polars as pl
import pytest

from citypact.reference.public_targets import TARGETS_SCHEMA
from citypact.services.registry.public_targets import (
    PublicTarget,
    headline_target,
    load_public_targets,
    public_targets,
)
from tests.conftest import World

HEIDELBERG, KYOTO = "sm:1276554949", "sm:1392622735"


def _table(rows: list[dict[str, object]]) -> pl.DataFrame:
    full = [dict.fromkeys(TARGETS_SCHEMA) | {"reported_year": 2021} | r for r in rows]
    return pl.DataFrame(full, schema=TARGETS_SCHEMA)


ROWS = [
    {"city_key": HEIDELBERG, "record": "1:2", "target_type": "base_year_absolute", "base_year": 1987,
     "base_emissions_t": 1_000_000.0, "reduction_pct": 95.0, "target_year": 2050, "paris_alignment": "1.5C",
     "achieved_pct": 20.0},
    {"city_key": HEIDELBERG, "record": "1:3", "target_type": "base_year_absolute", "sector": "Transport",
     "base_year": 2010, "base_emissions_t": 200_000.0, "reduction_pct": 40.0, "target_year": 2030},
    {"city_key": HEIDELBERG, "record": "1:4", "target_type": "base_year_absolute", "base_year": 2010,
     "base_emissions_t": 900_000.0, "reduction_pct": 40.0, "target_year": 2030},
    {"city_key": KYOTO, "record": "2:5", "target_type": "base_year_intensity", "base_year": 2013,
     "reduction_pct": 40.0, "target_year": 2030},
    {"city_key": "sm:0", "record": "3:6", "target_type": "fixed_level", "target_year": 2050},
]  # fmt: skip


def test_load_twice_gives_the_same_rows_and_counts_cities_not_in_the_registry(world: World) -> None:
    for _ in range(2):
        with world.db.write() as session:
            load = load_public_targets(session, _table(ROWS))
        assert (load.rows, load.loaded, load.without_city) == (5, 4, 1)
    with world.db.read() as session:
        found = public_targets(
            session, [world.city["Heidelberg"], world.city["Kyoto"], world.city["Portland"]]
        )
    assert set(found) == {world.city["Heidelberg"], world.city["Kyoto"]}
    heidelberg = found[world.city["Heidelberg"]]
    # ordered by target year, then base year
    assert [(t.target_year, t.base_year, t.sector) for t in heidelberg] == [
        (2030, 2010, "Transport"), (2030, 2010, None), (2050, 1987, None)
    ]  # fmt: skip
    assert heidelberg[2].paris_alignment == "1.5C" and heidelberg[2].achieved_pct == 20.0
    assert heidelberg[2].source_title.startswith("CDP-ICLEI 2021")
    # the city-wide absolute target with the nearest target year; the sector target only counts last
    assert headline_target(heidelberg) == heidelberg[1]
    # an intensity target has no base emissions to reduce: no headline target
    assert headline_target(found[world.city["Kyoto"]]) is None
    with world.db.read() as session:
        assert public_targets(session, []) == {}


def test_headline_prefers_city_wide_over_a_nearer_sector_target() -> None:
    def target(sector: str | None, year: int) -> PublicTarget:
        return PublicTarget(1, "cdp_targets_2021", 2021, "base_year_absolute", sector, 2010, 1e5, 50.0,
                            year, None, None, None, None)  # fmt: skip

    sector, city_wide = target("Energy", 2025), target(None, 2040)
    assert headline_target([sector, city_wide]) == city_wide
    assert headline_target([sector]) == sector


def test_a_published_target_is_the_matchers_ambition_where_the_city_has_none(world: World) -> None:
    from citypact.services.cooperation.matching import _ambitions
    from citypact.storage.plans import ClimateTarget

    with world.db.write() as session:
        load_public_targets(session, _table(ROWS))
    with world.db.read() as session:
        ambitions = _ambitions(session)
    # Heidelberg's headline: 40 % from 2010 to 2030, compound: 1 - 0.6 ** (1/20) = 2.522 % a year.
    assert ambitions[world.city["Heidelberg"]] == pytest.approx((1 - 0.6 ** (1 / 20)) * 100)
    assert world.city["Kyoto"] not in ambitions  # an intensity target: no headline target
    with world.db.write() as session:
        session.add(
            ClimateTarget(
                city_id=world.city["Heidelberg"], base_year=1990, base_emissions_t=1_000_000,
                target_year=2040, reduction_pct=50, source="council decision",
            )
        )  # fmt: skip
    with world.db.read() as session:
        # the city's own target wins: 50 % over 50 years, 1 - 0.5 ** (1/50) = 1.377 % a year
        assert _ambitions(session)[world.city["Heidelberg"]] == pytest.approx((1 - 0.5 ** (1 / 50)) * 100)
