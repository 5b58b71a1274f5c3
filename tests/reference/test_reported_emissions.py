"""Reported Scope-1 emissions of registry cities (Nangini 2019 + CDP 2016-2019), one row per city-year."""

from __future__ import annotations

import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from citypact.reference import sources
from citypact.reference.paths import BUNDLE_DIR
from citypact.reference.registry import Registry, build_registry, read_bundle
from citypact.reference.reported_emissions import (
    REASONS,
    REPORTED_FILE,
    REPORTED_SCHEMA,
    ReportedReport,
    read_reported,
    reported_emissions,
)

PORTLAND_OR, HEIDELBERG, CASCAIS, QUEZON = (
    "sm:1840019941",
    "sm:1276519742",
    "nangini:cascais-pt",
    "sm:1608974097",
)


@pytest.fixture(scope="module")
def built() -> tuple[Registry, pl.DataFrame, ReportedReport]:
    shared = sources.shared_data_dir()
    if not shared.is_dir():
        pytest.skip(
            f"../shared/data absent: {shared} not found (set CITYPACT_SHARED_DATA to the raw public data)"
        )
    registry, matches = build_registry(shared)
    return registry, *reported_emissions(shared, matches.outcomes())


def _row(table: pl.DataFrame, key: str, year: int) -> dict[str, object]:
    found = table.filter((pl.col("city_key") == key) & (pl.col("year") == year))
    assert found.height == 1, (key, year)
    return found.row(0, named=True)


def test_counts(built: tuple[Registry, pl.DataFrame, ReportedReport]) -> None:
    _, table, report = built
    # NOTES.md: 343 Nangini records; CDP records 187 / 229 / 488 / 814
    assert report.input_rows == {
        "nangini": 343,
        "cdp2016": 187,
        "cdp2017": 229,
        "cdp2018": 488,
        "cdp2019": 814,
    }
    assert report.balanced and set(report.dropped) == set(REASONS)
    # the same rule as the benchmark panel's no_emissions (docs/benchmark_model.md): 922 rows
    # Cambridge, MA (CDP 55800) is its own city since its name wins over its point in Minnesota (issue 14),
    # so one of its reports is no longer taken for a duplicate of another city's.
    assert report.dropped == {"no_emissions": 922, "no_year": 3, "unmatched": 100, "duplicate": 290}
    assert report.kept == {"nangini": 160, "cdp2016": 91, "cdp2017": 118, "cdp2018": 131, "cdp2019": 246}
    assert sum(report.kept.values()) == table.height == 746
    assert report.matched["nangini"] == 342  # one Nangini city has neither a registry city nor a country
    assert report.cities == table["city_key"].n_unique() == 487
    assert report.implausible == int(table["implausible"].sum()) == 21
    assert report.year_span == (1994, 2019)


def test_one_row_per_registry_city_and_year(built: tuple[Registry, pl.DataFrame, ReportedReport]) -> None:
    registry, table, _ = built
    assert dict(table.schema) == REPORTED_SCHEMA
    assert not table.select("city_key", "year").is_duplicated().any()
    assert table["city_key"].is_in(registry.cities["key"].implode()).all()
    assert (table["scope1_t"] > 0).all() and set(table["gas_basis"]) == {"CO2", "CO2e"}
    assert table["source"].str.contains(r"^(Nangini et al\. 2019 \((CDP|PKU|carbonn)\)|CDP city-wide "
                                        r"emissions 201[6-9], account \d+)$").all()  # fmt: skip
    # implausible is unknown exactly where the population is
    assert table["implausible"].is_null().to_list() == table["population"].is_null().to_list()


def test_portland_over_the_years(built: tuple[Registry, pl.DataFrame, ReportedReport]) -> None:
    _, table, _ = built
    # cdp_citywide_emissions_2017.csv, Portland, OR (account 14874): accounting year 2014, Total Scope 1
    # 4610317 (the file's 6974544 is Scope 1 + 2); the 2016 file repeats it, the later report is kept
    assert _row(table, PORTLAND_OR, 2014) == {
        "city_key": PORTLAND_OR, "year": 2014, "scope1_t": 4_610_317.0, "gas_basis": "CO2e",
        "population": 619_360, "source": "CDP city-wide emissions 2017, account 14874", "implausible": False,
    }  # fmt: skip
    # the 2018 and 2019 files: inventory years 2016 and 2017
    assert _row(table, PORTLAND_OR, 2016)["scope1_t"] == 5_037_132
    assert _row(table, PORTLAND_OR, 2017)["scope1_t"] == 5_442_661
    assert table.filter(pl.col("city_key") == PORTLAND_OR)["year"].to_list() == [2014, 2016, 2017]


def test_heidelberg_takes_the_latest_scope1_report(
    built: tuple[Registry, pl.DataFrame, ReportedReport],
) -> None:
    _, table, _ = built
    # The 2017 file gives Heidelberg (account 31165) for 2015 only a total, 806000 t CO2 (Scope 1 + 2), with
    # Scope 1 blank; the 2018 and 2019 files report Scope 1 563517 t CO2e for 2015: the 2019 report is kept.
    row = _row(table, HEIDELBERG, 2015)
    assert (row["scope1_t"], row["gas_basis"], row["source"]) == (
        563_517.0,
        "CO2e",
        "CDP city-wide emissions 2019, account 31165",
    )
    assert row["population"] == 147_437 and row["implausible"] is False


def test_cdp_is_preferred_to_nangini(built: tuple[Registry, pl.DataFrame, ReportedReport]) -> None:
    _, table, _ = built
    # Cascais 2010: Nangini (from CDP, population 206479) and the CDP files 2016-2018 give 565382 t CO2
    row = _row(table, CASCAIS, 2010)
    assert (row["scope1_t"], row["population"], row["source"]) == (
        565_382.0,
        208_122,
        "CDP city-wide emissions 2018, account 50680",
    )
    quezon = _row(table, QUEZON, 2010)  # Nangini only: 713312132 t / 2936116 people = 243 t per person
    assert quezon["source"] == "Nangini et al. 2019 (carbonn)" and quezon["implausible"] is True
    pku = table.filter(pl.col("source") == "Nangini et al. 2019 (PKU)")
    assert pku.height > 0 and (pku["gas_basis"] == "CO2").all()


def test_shipped_table_equals_a_fresh_build(built: tuple[Registry, pl.DataFrame, ReportedReport]) -> None:
    assert_frame_equal(read_reported(), built[1])


# ------------------------------------------------------------- without ../shared/data


def test_shipped_table_reads_without_shared_data() -> None:
    table = read_reported()
    assert dict(table.schema) == REPORTED_SCHEMA
    entry = json.loads((BUNDLE_DIR / "manifest.json").read_text(encoding="utf-8"))["tables"][
        "reported_emissions"
    ]
    assert (entry["file"], entry["rows"]) == (REPORTED_FILE, table.height)
    assert not table.select("city_key", "year").is_duplicated().any()
    assert table["city_key"].is_in(read_bundle().cities["key"].implode()).all()
