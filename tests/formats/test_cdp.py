"""CDP/ICLEI city-wide emissions: the four real years (read from ../shared/data) and synthetic files
for a later layout, the inventory-year rule and bad input."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import polars as pl
import pytest

from citypact.formats.cdp import cdp_layout, read_cdp_citywide, read_cdp_file
from citypact.formats.errors import ImportErrors

RECORDS = {2016: 187, 2017: 229, 2018: 488, 2019: 814}  # NOTES.md, from a proper CSV parse
LAYOUTS = {
    2016: "cdp-citywide-2016",
    2017: "cdp-citywide-2017",
    2018: "cdp-citywide-2018",
    2019: "cdp-citywide-2018",
}
# A "later year": columns reordered and renamed a little, odd spaces, thousands separators.
LATER = [
    "City\u00a0",
    "TOTAL Scope 2 emissions (tCO2e)",
    "Account  Number\u200b",
    "Organisation / organization",
    "Country",
    "CDP reporting year",
    "Inventory accounting year",
    "Total Scope 1 Emissions (metric tonnes CO2e)\u00a0",
    "Direct emissions / Scope 1 (tCO2e) for total emissions (excluding generation of grid-supplied energy)",
    "Direct emissions / Scope 1 (tCO2e) for total generation of grid-supplied energy",
    "Total BASIC+ emissions (GPC)",
    "Total BASIC emissions (GPC)",
    "Population",
    "Population year",
    "City location",
]


def _shared_data() -> Path:
    env = os.environ.get("CITYPACT_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="module")
def years() -> dict[int, pl.DataFrame]:
    folder = _shared_data() / "cdp_citywide_emissions_2016_2019"
    if not folder.is_dir():
        pytest.skip(f"shared data absent: {folder} not found (set CITYPACT_SHARED_DATA to ../shared/data)")
    return {y: read_cdp_citywide(folder / f"cdp_citywide_emissions_{y}.csv") for y in RECORDS}


def _write(path: Path, rows: list[list[str]], header: list[str] = LATER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


ALIAS = {  # short keyword -> header of LATER
    "city": 0, "scope2": 1, "account": 2, "inventory": 6, "scope1": 7, "direct_other": 8, "direct_grid": 9,
    "basic_plus": 10, "basic": 11, "population": 12, "population_year": 13, "location": 14,
}  # fmt: skip


def _later(**cells: str) -> list[str]:
    row = ["", "", "1", "", "Atlantis", "2024", *[""] * (len(LATER) - 6)]
    for key, value in cells.items():
        row[ALIAS[key]] = value
    return row


def test_all_four_years_read_one_row_per_record(years: dict[int, pl.DataFrame]) -> None:
    folder = _shared_data() / "cdp_citywide_emissions_2016_2019"
    columns = years[2016].columns
    for year, frame in years.items():
        assert frame.height == RECORDS[year]
        assert frame.columns == columns  # one schema for every layout
        assert cdp_layout(folder / f"cdp_citywide_emissions_{year}.csv") == LAYOUTS[year]
        assert frame["reporting_year"].unique().to_list() == [year]
        assert frame["account_number"].null_count() == 0
    assert years[2016].schema["inventory_year"] == pl.Int32 and years[2016].schema["population"] == pl.Int64


def test_reported_figures_as_counted_in_the_notes(years: dict[int, pl.DataFrame]) -> None:
    def count(year: int, column: str) -> int:
        return years[year][column].is_not_null().sum()

    assert (count(2016, "total_t"), count(2017, "total_t")) == (187, 217)
    assert (count(2018, "scope1_t"), count(2018, "basic_t")) == (204, 159)
    assert count(2019, "basic_t") == 115
    reported_2019 = years[2019].filter(~pl.col("totals_built_from_components"))
    assert reported_2019["scope1_t"].is_not_null().sum() == 134
    assert years[2019]["scope1_excluding_grid_generation_t"].is_not_null().sum() == 195
    assert count(2019, "scope1_t") == 134 + 195
    assert [years[y]["has_emissions"].sum() for y in RECORDS] == [187, 226, 214, 342]
    assert years[2018]["totals_built_from_components"].sum() == 0


def test_palmas_2016_by_hand(years: dict[int, pl.DataFrame]) -> None:
    palmas = years[2016].filter(pl.col("city") == "Palmas").row(0, named=True)
    assert palmas["organization"] == "Prefeitura de Palmas" and palmas["account_number"] == 54650
    assert (
        palmas["total_t"] == 625391.59 and palmas["scope1_t"] == 589055.31 and palmas["scope2_t"] == 36336.28
    )
    assert palmas["inventory_year"] == 2013  # Measurement Year "12/31/2013 12:00:00 AM"
    assert (palmas["lat"], palmas["lon"]) == (-10.249091, -48.324286)
    assert (palmas["population"], palmas["population_year"]) == (272726, 2015)
    assert palmas["basic_t"] is None and palmas["scope3_t"] is None


def test_2017_fiscal_year_and_2018_point(years: dict[int, pl.DataFrame]) -> None:
    nmb = years[2017].filter(pl.col("account_number") == 49363).row(0, named=True)
    # Nelson Mandela Bay, "2013-07-01 - 2014-06-30": 184 days in 2013, 181 in 2014 -> fiscal 2014
    assert nmb["inventory_year"] == 2014 and str(nmb["period_start"]) == "2013-07-01"
    assert nmb["total_t"] == 12232310 and nmb["scope1_t"] == 2249502
    taipei = years[2018].filter(pl.col("account_number") == 56276).row(0, named=True)
    # New Taipei: POINT (121.446 25.0111); Scope 1 7,653,808; BASIC 18,235,086; BASIC+ 19,019,096
    assert (taipei["lat"], taipei["lon"]) == (25.0111, 121.446)
    assert (taipei["scope1_t"], taipei["basic_t"], taipei["basic_plus_t"]) == (7653808, 18235086, 19019096)
    assert taipei["inventory_year"] == 2016
    osasco = years[2018].filter(pl.col("city") == "Osasco")
    assert osasco["population"].to_list() == [676149]  # written "676.149"


def test_2019_totals_built_from_components_never_invented(years: dict[int, pl.DataFrame]) -> None:
    frame = years[2019]
    memphis = frame.filter(pl.col("city") == "Memphis").row(0, named=True)
    # 3,633,345 (grid generation) + 10,895,757 (everything else) = 14,529,102
    assert memphis["totals_built_from_components"] and memphis["scope1_t"] == 14529102
    assert memphis["scope3_t"] is None  # no Scope 3 figure reported: stays null
    silent = frame.filter(~pl.col("has_emissions"))
    figures = [c for c in frame.columns if c.endswith("_t")]
    assert silent.height == 814 - 342
    assert silent.select(pl.col(figures).null_count()).row(0) == (silent.height,) * len(figures)
    built = frame.filter(pl.col("scope1_excluding_grid_generation_t").is_not_null())
    parts = built.select(pl.sum_horizontal("scope1_excluding_grid_generation_t", "scope1_grid_generation_t"))
    assert built["scope1_t"].to_list() == parts.to_series().to_list()


def test_a_later_year_with_renamed_reordered_columns_reads(tmp_path: Path) -> None:
    rows = [
        _later(city="Springfield", scope2=" 12 345 ", direct_other="1,000.5", population="1.234.567",
               location="POINT (10.5 -20.25)", inventory="2023-01-01 - 2023-12-31"),
        _later(city="Shelbyville", scope1="2,500,000", basic_plus="N/A", inventory="2022-04-01 - 2023-03-31",
               population_year="0"),
    ]  # fmt: skip
    path = _write(tmp_path / "cdp_citywide_emissions_2024.csv", rows)
    assert cdp_layout(path) == "cdp-citywide-2018"
    frame = read_cdp_citywide(path)
    first, second = frame.rows(named=True)
    assert (first["city"], first["scope2_t"], first["scope1_t"]) == ("Springfield", 12345.0, 1000.5)
    assert first["totals_built_from_components"] and first["scope1_grid_generation_t"] is None
    assert (first["population"], first["lat"], first["lon"], first["inventory_year"]) == (
        1234567,
        -20.25,
        10.5,
        2023,
    )
    assert (second["scope1_t"], second["basic_plus_t"], second["scope2_t"]) == (2500000.0, None, None)
    assert not second["totals_built_from_components"] and second["population_year"] is None
    assert second["inventory_year"] == 2022  # April-March: 275 days in 2022


@pytest.mark.parametrize(
    ("period", "year"),
    [
        ("2015-01-01 - 2016-01-01", 2015),
        ("2015-04-01 - 2016-03-31", 2015),
        ("2015-10-01 - 2016-09-30", 2016),
        ("2014-07-01 - 2015-06-30", 2015),
        ("2005-01-01 - 2012-12-31", 2012),
        ("2015-04-01 - 2015-03-31", 2015),
        ("- 2017-12-31", 2017),
        ("2016-01-01 -", 2016),
        ("2018", 2018),
        ("06/30/2015 12:00:00 AM", 2015),
        ("-", None),
        ("", None),
    ],
)
def test_inventory_year_rule(tmp_path: Path, period: str, year: int | None) -> None:
    frame = read_cdp_citywide(_write(tmp_path / "years.csv", [_later(inventory=period, scope1="1")]))
    assert frame["inventory_year"].to_list() == [year]


def test_garbage_and_missing_meanings_are_reported(tmp_path: Path) -> None:
    rows = [_later(scope1="lots"), _later(population="12a"), _later(inventory="last year")]
    with pytest.raises(ImportErrors) as caught:
        read_cdp_citywide(_write(tmp_path / "bad.csv", rows))
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, "Total Scope 1 Emissions (metric tonnes CO2e)"),
        (3, "Population"),
        (4, "Inventory accounting year"),
    }
    assert (
        "bad.csv, row 2, column 'Total Scope 1 Emissions (metric tonnes CO2e)': 'lots' is not a number"
        in str(caught.value)
    )
    header = [h for h in LATER if not h.startswith(("Account", "Inventory"))]
    path = _write(tmp_path / "not_cdp.csv", [["x"] * len(header)], header=header)
    with pytest.raises(
        ImportErrors, match="not a CDP city-wide emissions file: no column for account number, inventory year"
    ):
        cdp_layout(path)
    with pytest.raises(ImportErrors):
        read_cdp_citywide(path)


# A layout that names the scopes only by the GPC's words, as later CDP files do.
WORDS = [
    "Account Number",
    "City",
    "Country",
    "Year Reported to CDP",
    "Accounting Year",
    "Direct emissions (metric tonnes CO2e) for Total generation of grid supplied energy",
    "Direct emissions (metric tonnes CO2e) for Total emissions "
    "(excluding generation of grid-supplied energy)",
    "Indirect emissions from use of grid supplied energy (metric tonnes CO2e) for Total emissions "
    "(excluding generation of grid-supplied energy)",
    "Emissions occurring outside city boundary (metric tonnes CO2e) for Total emissions "
    "(excluding generation of grid-supplied energy)",
    "TOTAL Direct emissions (metric tonnes CO2e)",
    "TOTAL Indirect emissions from use of grid supplied energy (metric tonnes CO2e)",
    "TOTAL Emissions occurring outside city boundary (metric tonnes CO2e)",
]


def test_scopes_named_by_their_meaning_without_scope_numbers(tmp_path: Path) -> None:
    rows = [
        # components only: scope 1 = 200 (grid generation) + 1,000 (the rest); 2 and 3 as given
        [
            "1",
            "Springfield",
            "USA",
            "2023",
            "2022-01-01 - 2022-12-31",
            "200",
            "1000",
            "300",
            "40",
            "",
            "",
            "",
        ],
        # totals only
        ["2", "Shelbyville", "USA", "2023", "2022-01-01 - 2022-12-31", "", "", "", "", "5000", "600", "70"],
    ]
    frame = read_cdp_citywide(_write(tmp_path / "cdp_citywide_emissions_2023.csv", rows, header=WORDS))
    components, totals = frame.rows(named=True)
    assert (components["scope1_t"], components["scope2_t"], components["scope3_t"]) == (1200.0, 300.0, 40.0)
    assert components["totals_built_from_components"] and components["has_emissions"]
    assert (totals["scope1_t"], totals["scope2_t"], totals["scope3_t"]) == (5000.0, 600.0, 70.0)
    assert not totals["totals_built_from_components"]


def test_real_files_have_no_header_warnings(years: dict[int, pl.DataFrame]) -> None:
    folder = _shared_data() / "cdp_citywide_emissions_2016_2019"
    for year in RECORDS:
        assert read_cdp_file(folder / f"cdp_citywide_emissions_{year}.csv").warnings == []


def test_unknown_and_repeated_columns_are_reported(tmp_path: Path) -> None:
    # an unknown column (position 16) and a repeated column nobody reads ("Comment", 17 and 18)
    header = [*LATER, "Scope 4 emissions (tCO2e)", "Comment", "Comment"]
    row = [*_later(scope1="10"), "99", "a", "b"]
    read = read_cdp_file(_write(tmp_path / "extra.csv", [row], header=header))
    assert read.frame["scope1_t"].to_list() == [10.0]
    assert [(w.row, w.column) for w in read.warnings] == [(1, "Comment"), (1, "Scope 4 emissions (tCO2e)")]
    assert "columns 17 and 18" in read.warnings[0].message and "not read" in read.warnings[0].message
    assert "give it the CDP header" in read.warnings[1].message
    # a repeated column the reader uses (Population, columns 13 and 16): which one holds the figures?
    header = [*LATER, "Population"]
    with pytest.raises(ImportErrors) as caught:
        read_cdp_file(_write(tmp_path / "twice.csv", [[*_later(scope1="10"), "5"]], header=header))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("twice.csv", 1, "Population")
    assert "columns 13 and 16" in problem.message and "delete the copies" in problem.message


def test_headers_that_differ_only_by_invisible_characters_are_one_column_twice(tmp_path: Path) -> None:
    header = [*LATER, "Population\u00a0"]  # column 13 "Population" and column 16 with a no-break space
    with pytest.raises(ImportErrors) as caught:
        read_cdp_file(_write(tmp_path / "nbsp.csv", [[*_later(scope1="10"), "5"]], header=header))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (1, "Population") and "columns 13 and 16" in problem.message
