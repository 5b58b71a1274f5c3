"""Importing CDP city-wide files of any year: later-style headers, duplicates, quarantine of
impossible figures, and names matched through the registry's alternate names and coordinates.
Files are small and written here by hand (headers in the later CDP style)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from citypact.formats.errors import ImportErrors
from citypact.services.inventory import imports as inventory_imports
from citypact.storage.models import City, Country, Inventory
from tests.conftest import World

# Later CDP style: no "Scope n", the GPC's words, TOTAL columns beside the components.
HEADER = [
    "Account Number", "Organization", "City", "Country", "Year Reported to CDP", "Accounting Year",
    "Direct emissions (metric tonnes CO2e) for Total generation of grid supplied energy",
    "Direct emissions (metric tonnes CO2e) for Total emissions "
    "(excluding generation of grid-supplied energy)",
    "Indirect emissions from use of grid supplied energy (metric tonnes CO2e) for Total emissions "
    "(excluding generation of grid-supplied energy)",
    "TOTAL Direct emissions (metric tonnes CO2e)",
    "TOTAL Emissions occurring outside city boundary (metric tonnes CO2e)",
    "Population", "City Location",
]  # fmt: skip
YEAR = "2022-01-01 - 2022-12-31"


def _row(account: str, city: str, country: str, *, grid: str = "", other: str = "", scope2: str = "",
         total1: str = "", total3: str = "", population: str = "", point: str = "") -> list[str]:  # fmt: skip
    return [
        account,
        city,
        city,
        country,
        "2023",
        YEAR,
        grid,
        other,
        scope2,
        total1,
        total3,
        population,
        point,
    ]


def _write(tmp_path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    path = tmp_path / "cdp_citywide_emissions_2023.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


@pytest.fixture
def italy(world: World) -> World:
    """Milan, Rome and Quezon City as the registry holds them (names and alternate names from
    GeoNames/Wikidata, simplemaps points and populations)."""
    with world.db.write() as session:
        session.add_all([Country(iso2="IT", iso3="ITA", name="Italy"),
                         Country(iso2="PH", iso3="PHL", name="Philippines")])  # fmt: skip
        session.flush()
        for key, name, country, lat, lon, population, alt in (
            ("sm:1380724377", "Milan", "IT", 45.4669, 9.19, 1_366_180, "Mailand|Milano"),
            ("sm:1380382862", "Rome", "IT", 41.8931, 12.4828, 2_872_800, "Rom|Roma"),
            ("sm:1608974097", "Quezon City", "PH", 14.6333, 121.0333, 2_960_048, "Quezon"),
        ):
            session.add(City(key=key, name=name, name_ascii=name, country=country, lat=lat, lon=lon,
                             population=population, alt_names=alt))  # fmt: skip
    return world


def _import(world: World, path: Path) -> inventory_imports.CdpImport:
    with world.db.write() as session:
        report = inventory_imports.import_cdp(session, world.actor("admin"), path)
    assert report.balanced  # every record has exactly one fate
    return report


def _reported(world: World, name: str) -> dict[int, dict[str, float]]:
    with world.db.read() as session:
        rows = session.execute(
            select(Inventory.year, Inventory.reported)
            .join(City, City.id == Inventory.city_id)
            .where(City.name == name)
        )
        return {row.year: row.reported for row in rows}


def test_later_style_components_and_totals_are_stored(tmp_path: Path, world: World) -> None:
    path = _write(tmp_path, [
        # components only: scope 1 = 20,000 (grid generation) + 700,000 (the rest) = 720,000 t
        _row("1", "Heidelberg", "Germany", grid="20000", other="700000", scope2="150000", population="160000",
             point="POINT (8.69 49.41)"),
        # TOTAL columns only
        _row("2", "Kyoto", "Japan", total1="5000000", total3="300000", population="1460000",
             point="POINT (135.77 35.01)"),
    ])  # fmt: skip
    report = _import(world, path)
    assert (report.imported, report.without_emissions, report.unmatched, report.warnings) == (2, 0, [], [])
    assert _reported(world, "Heidelberg") == {2022: {"scope1": 720_000.0, "scope2": 150_000.0}}
    assert _reported(world, "Kyoto") == {2022: {"scope1": 5_000_000.0, "scope3": 300_000.0}}


def test_duplicates_are_counted_and_listed(tmp_path: Path, world: World) -> None:
    path = _write(tmp_path, [
        _row("1", "Heidelberg", "Germany", total1="720000", point="POINT (8.69 49.41)"),
        _row("1", "Heidelberg", "Germany", total1="720000", point="POINT (8.69 49.41)"),  # identical
        # the same city under another account, with other figures
        _row("7", "Stadt Heidelberg", "Germany", total1="806000", point="POINT (8.69 49.41)"),
    ])  # fmt: skip
    report = _import(world, path)
    assert report.imported == 1
    assert report.identical_duplicates == [
        "row 3: same city (Heidelberg) and year 2022 as row 2, same figures: imported once"
    ]
    (conflict,) = report.conflicting_duplicates
    assert conflict.startswith("row 4: same city (Heidelberg) and year 2022 as row 2, other figures")
    assert "scope1 806,000 t against scope1 720,000 t" in conflict and "row 2 was imported" in conflict
    assert _reported(world, "Heidelberg") == {2022: {"scope1": 720_000.0}}


def test_negative_and_implausible_figures_are_quarantined(tmp_path: Path, world: World) -> None:
    path = _write(tmp_path, [
        # two problems in one row: one entry, both named
        _row("1", "Heidelberg", "Germany", total1="-5000", total3="-1", point="POINT (8.69 49.41)"),
        # 720,000 kt written as t: 720,000,000 t / 160,000 people = 4,500 t per person > 100
        _row("2", "Kyoto", "Japan", total1="720000000", population="1460000", point="POINT (135.77 35.01)"),
        # no population in the file: the registry's 2,074,775 is used; 50 t / 2,074,775 people
        # = 0.000024 t per person, far below 0.1
        _row("3", "Portland", "United States", total1="50", point="POINT (-122.65 45.54)"),
    ])  # fmt: skip
    report = _import(world, path)
    assert report.imported == 0
    negative, kyoto, portland = report.quarantined
    assert negative == (
        "row 2, column 'TOTAL Direct emissions (metric tonnes CO2e)': -5,000 t is negative; emissions are "
        "positive: correct the figure and import again; row 2, column 'TOTAL Emissions occurring outside "
        "city boundary (metric tonnes CO2e)': -1 t is negative; emissions are positive: correct the "
        "figure and import again"
    )
    # 720,000,000 / 1,460,000 = 493.15... t per person
    assert (
        "row 3, column 'TOTAL Direct emissions (metric tonnes CO2e)'" in kyoto and "493 t per person" in kyoto
    )
    assert "outside 0.1-100" in kyoto and "check the unit (t, not kt)" in kyoto
    assert (
        portland.startswith("row 4, column 'TOTAL Direct emissions") and "2.41e-05 t per person" in portland
    )
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Inventory)) == 0


def test_names_through_alternate_names_and_coordinates(tmp_path: Path, italy: World) -> None:
    path = _write(tmp_path, [
        _row("31173", "Milano", "Italy", total1="5000000", population="1400000",
             point="POINT (9.19 45.4642)"),
        # no registry name is "Roma Capitale": Rome's point 1.6 km away decides, and the report says so
        _row("31110", "Roma Capitale", "Italy", total1="10000000", population="2800000",
             point="POINT (12.4964 41.9028)"),
        _row("54348", "Quezon City", "Philippines", total1="8000000", population="2900000",
             point="POINT (121.0437 14.676)"),
        _row("9", "Atlantide", "Italy", total1="1000", point="POINT (0 0)"),
    ])  # fmt: skip
    report = _import(italy, path)
    assert report.imported == 3 and report.unmatched == ["row 5: Atlantide (Italy)"]
    assert _reported(italy, "Milan") == {2022: {"scope1": 5_000_000.0}}
    assert _reported(italy, "Rome") == {2022: {"scope1": 10_000_000.0}}
    assert _reported(italy, "Quezon City") == {2022: {"scope1": 8_000_000.0}}
    (conflict,) = report.name_conflicts
    assert conflict.startswith("row 3: Roma Capitale (Italy) matched to Rome by its coordinates (1.")
    assert conflict.endswith("the names differ")


def test_header_problems_reach_the_report_or_refuse(tmp_path: Path, world: World) -> None:
    rows = [[*_row("1", "Heidelberg", "Germany", total1="720000", point="POINT (8.69 49.41)"), "x"]]
    report = _import(world, _write(tmp_path, rows, header=[*HEADER, "Notes of the mayor"]))
    assert report.imported == 1
    assert report.warnings == [
        "cdp_citywide_emissions_2023.csv, row 1, column 'Notes of the mayor': not a column of the CDP "
        "city-wide layouts; it is not read. If it holds emission figures, give it the CDP header (e.g. "
        "'TOTAL Direct emissions (metric tonnes CO2e)') and import again"
    ]
    twice = [*HEADER, "TOTAL Direct emissions (metric tonnes CO2e)"]
    with pytest.raises(ImportErrors, match=r"columns 10 and 14"):
        _import(world, _write(tmp_path, [[*rows[0][:-1], "1"]], header=twice))
