"""The scope-2 grid factors: direct (combustion) where Electricity Maps has the country and year,
else Ember's life-cycle figure, each row labelled with its basis."""

from __future__ import annotations

import polars as pl
import pytest

from citypact.reference import sources
from citypact.reference.factor_library import FACTOR_DIR, default_library
from citypact.reference.linkage import grid_factors

COUNTRIES = pl.DataFrame({"iso2": ["US", "DE", "CL", "FR"]})


def _ember(*rows: tuple[str, int, float]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["country", "year", "g_co2_per_kwh"], orient="row").with_columns(
        pl.col("year").cast(pl.Int32)
    )


def _maps(*rows: tuple[str, int, float]) -> pl.DataFrame:
    return pl.DataFrame(
        [(zone, year, direct, direct * 1.2) for zone, year, direct in rows],
        schema=["zone", "year", "direct_g_per_kwh", "life_cycle_g_per_kwh"],
        orient="row",
    ).with_columns(pl.col("year").cast(pl.Int32))


def test_direct_wins_where_a_country_zone_has_the_year() -> None:
    out = grid_factors(
        _ember(("US", 2020, 411.7), ("US", 2022, 410.4), ("FR", 2022, 56.0)),
        _maps(
            ("US", 2022, 363.42),
            ("US-SW-PNM", 2022, 535.91),
            ("FR-COR", 2022, 400.0),
            ("CL-SEN", 2022, 261.56),
        ),
        COUNTRIES,
    )
    assert out.rows() == [
        ("CL", 2022, 261.56, "direct", "electricitymaps"),  # Chile's national system, mapped on purpose
        ("FR", 2022, 56.0, "life_cycle", "owid_ember"),  # Corsica is not France
        ("US", 2020, 411.7, "life_cycle", "owid_ember"),  # no Electricity Maps year
        ("US", 2022, 363.42, "direct", "electricitymaps"),  # a New Mexico utility is not the US
    ]


def test_the_shipped_table_is_one_row_per_country_and_year_with_its_basis() -> None:
    shipped = pl.read_csv(FACTOR_DIR / "grid_factors.csv.gz")
    assert shipped.columns == ["country", "year", "g_co2e_per_kwh", "basis", "source"]
    assert shipped.select(pl.struct("country", "year").is_duplicated().any()).item() is False
    assert set(shipped["basis"]) == {"direct", "life_cycle"}
    assert dict(shipped.select("basis", "source").unique().iter_rows()) == {
        "direct": "electricitymaps",
        "life_cycle": "owid_ember",
    }
    # Every row of the library names its basis in its source text.
    library = default_library().grid
    assert library["source"].null_count() == 0


def test_us_2022_takes_the_direct_figure_of_the_shared_files() -> None:
    """US 2022 in the two shared files: Electricity Maps direct 363.42 gCO2eq/kWh (life cycle 429.52),
    Ember/OWID 410.3674 gCO2/kWh (life-cycle). The shipped factor is the direct 363.42; Ember's
    figure is 410.3674 / 363.42 - 1 = 12.9 % higher."""
    shared = sources.shared_data_dir()
    if not shared.is_dir():
        pytest.skip(f"../shared/data absent: {shared} not found (set CITYPACT_SHARED_DATA)")
    maps = sources.read_electricity_maps(shared).filter(zone="US", year=2022)
    ember = sources.read_owid_carbon_intensity(shared).filter(iso3="USA", year=2022)
    assert maps["direct_g_per_kwh"].item() == pytest.approx(363.42)
    assert ember["g_co2_per_kwh"].item() == pytest.approx(410.3674)
    shipped = pl.read_csv(FACTOR_DIR / "grid_factors.csv.gz").filter(country="US", year=2022)
    assert shipped.select("g_co2e_per_kwh", "basis").row(0) == (pytest.approx(363.42), "direct")
