"""Loading reported emissions as inventories: what a row becomes, idempotence, nothing overwritten."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
from sqlalchemy import func, select, text

from citypact.reference.factor_library import default_library
from citypact.reference.registry import read_bundle
from citypact.reference.reported_emissions import REPORTED_SCHEMA, read_reported
from citypact.services.inventory import inventories
from citypact.services.inventory.reported_load import load_reported
from citypact.services.registry import load as registry_load
from citypact.storage.db import Database
from citypact.storage.models import ActivityRecord, City, Inventory
from tests.conftest import World
from tests.factories import new_inventory

PORTLAND, KYOTO, SAPPORO = "sm:1840019941", "sm:1392622735", "sm:1392000195"
ACTIVITY = """gpc_ref,fuel,amount,unit,notation_key,explanation,source,year,data_quality
I.1.1,Natural Gas,1000,MWh,,,utility bills,2011,H
"""


def _inventories(db: Database) -> list[tuple[object, ...]]:
    with db.read() as session:
        return sorted(map(tuple, session.execute(text("SELECT * FROM inventory"))))


def _inventory(db: Database, key: str, year: int) -> Inventory:
    with db.read() as session:
        found = session.scalar(
            select(Inventory)
            .join(City, City.id == Inventory.city_id)
            .where(City.key == key, Inventory.year == year)
        )
        assert found is not None, (key, year)
        session.expunge(found)
        return found


def test_rows_become_submitted_inventories_with_reported_totals(world: World) -> None:
    with world.db.write() as session:
        counts = load_reported(session, read_reported())
    # of the small test registry, Portland (2014, 2016, 2017), Kyoto (2011) and Sapporo (2014) reported
    assert (counts.in_registry, counts.loaded, counts.kept_existing) == (5, 5, 0)
    assert counts.rows == read_reported().height
    portland = _inventory(world.db, PORTLAND, 2014)
    # cdp_citywide_emissions_2017.csv, Portland, OR: Total Scope 1 4610317 t for 2014, population 619360
    assert (portland.status, portland.standard, portland.gwp) == ("submitted", "BASIC", "AR5")
    assert portland.reported == {"scope1": 4_610_317.0} and portland.reported_gases == "CO2e"
    assert (
        portland.reported_source
        == "CDP city-wide emissions 2017, account 14874 (self-reported, not verified)"
    )
    assert portland.population == 619_360 and portland.factor_library == default_library().label
    assert _inventory(world.db, PORTLAND, 2017).reported == {"scope1": 5_442_661.0}
    kyoto = _inventory(world.db, KYOTO, 2011)
    assert kyoto.reported_source == "Nangini et al. 2019 (carbonn) (self-reported, not verified)"
    with world.db.read() as session:
        summaries = inventories.list_inventories(session, world.actor("public"), world.city["Portland"])
    assert sorted(s.year for s in summaries if s.reported) == [2014, 2016, 2017]  # public: submitted


def test_loading_twice_changes_nothing(world: World) -> None:
    with world.db.write() as session:
        load_reported(session, read_reported())
    before = _inventories(world.db)
    with world.db.write() as session:
        again = load_reported(session, read_reported())
    assert (again.loaded, again.kept_existing) == (0, 5)
    assert _inventories(world.db) == before


def test_existing_inventories_are_never_touched(world: World, tmp_path: Path) -> None:
    # Kyoto 2011: a person's draft with activity data; Sapporo 2014: a person's empty draft
    kyoto = new_inventory(world, city="Kyoto", by="kyoto_editor", year=2011, file=_activity(tmp_path))
    sapporo = new_inventory(world, city="Sapporo", by="admin", year=2014)
    before = _inventories(world.db)
    with world.db.write() as session:
        counts = load_reported(session, read_reported())
    assert (counts.loaded, counts.kept_existing) == (3, 2)
    after = _inventories(world.db)
    assert [row for row in after if row[0] in (kyoto, sapporo)] == [
        row for row in before if row[0] in (kyoto, sapporo)
    ]
    for key, year in ((KYOTO, 2011), (SAPPORO, 2014)):
        kept = _inventory(world.db, key, year)
        assert (kept.status, kept.reported, kept.reported_gases) == ("draft", None, None)
    with world.db.read() as session:
        rows = session.scalar(select(func.count()).where(ActivityRecord.inventory_id == kyoto))
    assert rows == 1


def test_modelled_figures_and_unknown_cities(world: World) -> None:
    table = pl.DataFrame(
        {
            "city_key": [SAPPORO, "sm:0"],
            "year": [2010, 2010],
            "scope1_t": [1.0e6, 2.0e6],
            "gas_basis": ["CO2", "CO2e"],
            "population": [None, 10],
            "source": ["Nangini et al. 2019 (PKU)", "CDP city-wide emissions 2019, account 1"],
            "implausible": [None, True],
        },
        schema=REPORTED_SCHEMA,
    )
    with world.db.write() as session:
        counts = load_reported(session, table)
    assert (counts.rows, counts.in_registry, counts.loaded) == (2, 1, 1)
    sapporo = _inventory(world.db, SAPPORO, 2010)
    # PKU figures are a research group's estimates, not the city's own report
    assert sapporo.reported_source == "Nangini et al. 2019 (PKU) (modelled estimate, not verified)"
    assert (sapporo.reported_gases, sapporo.population) == ("CO2", None)


def test_shipped_table_loads_on_the_shipped_registry(database_url: str) -> None:
    """`citypact data load --source bundled`: every row of the shipped table has its registry city."""
    db = Database(database_url)
    with db.write() as session:
        registry_load.load_registry(session, read_bundle())
    table = read_reported()
    started = time.perf_counter()
    with db.write() as session:
        counts = load_reported(session, table)
    seconds = time.perf_counter() - started
    assert (counts.rows, counts.in_registry, counts.loaded) == (746, 746, 746)
    assert seconds < 5, f"{seconds:.1f} s for {counts.loaded} rows: not in bulk?"
    # Heidelberg (account 31165): Scope 1 for 2015 as reported in 2019
    heidelberg = _inventory(db, "sm:1276519742", 2015)
    assert heidelberg.reported == {"scope1": 563_517.0}
    assert (
        heidelberg.reported_source
        == "CDP city-wide emissions 2019, account 31165 (self-reported, not verified)"
    )
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Inventory)) == 746
    db.dispose()


def _activity(tmp_path: Path) -> Path:
    path = tmp_path / "activity.csv"
    path.write_text(ACTIVITY)
    return path
