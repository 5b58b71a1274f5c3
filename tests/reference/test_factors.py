"""Shipped IPCC 2006 combustion factors, NCVs and GWPs: hand-checked figures, freshness, standalone use.

Expected figures are from the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2
(Tables 1.2, 1.4, 2.2, 2.5) and the GWP tables (AR4, AR5), checked by hand against the raw files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from citypact.reference import factors
from citypact.reference.sources import shared_data_dir

SHIPPED = (factors.COMBUSTION_CSV, factors.NCV_CSV, factors.GWP_CSV)


@pytest.fixture(scope="module")
def shared() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(
            f"../shared/data absent: {path} not found (set CITYPACT_SHARED_DATA to the raw public data)"
        )
    return path


@pytest.fixture(scope="module")
def combustion() -> pl.DataFrame:
    return factors.read_combustion_factors()


def _factor(df: pl.DataFrame, fuel: str, category: str, gas: str, technology: str | None = None) -> float:
    tech = pl.col("technology").is_null() if technology is None else pl.col("technology") == technology
    rows = df.filter(pl.col("fuel") == fuel, pl.col("category") == category, pl.col("gas") == gas, tech)
    assert rows.height == 1, (fuel, category, gas, technology, rows)
    return float(rows["value"][0])


@pytest.mark.parametrize(
    ("fuel", "co2"),
    [
        ("Natural Gas", 56_100),
        ("Gas/Diesel Oil", 74_100),
        ("Motor Gasoline", 69_300),
        ("Other Bituminous Coal", 94_600),
        ("Residual Fuel Oil", 77_400),
        ("Liquefied Petroleum Gases", 63_100),
    ],
)
def test_co2_defaults_table_1_4_in_every_stationary_sector(
    combustion: pl.DataFrame, fuel: str, co2: float
) -> None:
    for category in (
        "energy_industries",
        "manufacturing_construction",
        "commercial_institutional",
        "residential_agriculture_stationary",
    ):
        assert _factor(combustion, fuel, category, "CO2") == co2


def test_stationary_ch4_and_n2o(combustion: pl.DataFrame) -> None:
    assert _factor(combustion, "Natural Gas", "residential_agriculture_stationary", "CH4") == 5
    assert _factor(combustion, "Natural Gas", "energy_industries", "CH4") == 1
    assert _factor(combustion, "Natural Gas", "energy_industries", "N2O") == pytest.approx(0.1)
    assert _factor(combustion, "Gas/Diesel Oil", "energy_industries", "CH4") == 3
    assert _factor(combustion, "Gas/Diesel Oil", "residential_agriculture_stationary", "CH4") == 10
    assert _factor(combustion, "Other Bituminous Coal", "energy_industries", "N2O") == pytest.approx(1.5)
    assert _factor(combustion, "Wood/Wood Waste", "residential_agriculture_stationary", "CH4") == 300


def test_mobile_defaults(combustion: pl.DataFrame) -> None:
    assert _factor(combustion, "Motor Gasoline", "road_transport", "CH4", "Uncontrolled") == 33
    assert _factor(combustion, "Motor Gasoline", "road_transport", "N2O", "Oxidation Catalyst") == 8
    assert _factor(combustion, "Gas/Diesel Oil", "road_transport", "CH4") == pytest.approx(3.9)
    assert _factor(combustion, "Natural Gas", "road_transport", "CH4") == 92
    assert _factor(combustion, "Jet Kerosene", "civil_aviation", "N2O") == 2


def test_combustion_table_shape(combustion: pl.DataFrame) -> None:
    assert combustion.schema == factors.COMBUSTION_SCHEMA
    key = ["fuel", "category", "gas", "technology"]
    assert combustion.select(key).unique().height == combustion.height
    assert set(combustion["gas"]) == {"CO2", "CH4", "N2O"}
    assert set(combustion["unit"]) == {"kg/TJ"}
    assert combustion["value"].null_count() == 0 and (combustion["value"] > 0).all()
    assert set(combustion["category"]) == {v[0] for v in factors.CATEGORIES.values()}
    assert not combustion.filter(pl.col("fuel").is_in(["Gas Oil", "Diesel Oil", "Waxes"])).height
    # 53 fuels x 3 gases in each of the four stationary tables
    for category in ("energy_industries", "residential_agriculture_stationary"):
        assert combustion.filter(pl.col("category") == category).height == 159
    assert combustion["table"].str.starts_with("Vol.2 Table").all()
    assert combustion.equals(combustion.sort("fuel", "category", "gas", "technology", nulls_last=False))


def test_ncv() -> None:
    ncv = factors.read_ncv()
    by_fuel = dict(zip(ncv["fuel"], ncv["ncv_tj_per_gg"], strict=True))
    assert by_fuel["Natural Gas"] == 48.0
    assert by_fuel["Gas/Diesel Oil"] == 43.0
    assert by_fuel["Motor Gasoline"] == 44.3
    assert by_fuel["Other Bituminous Coal"] == 25.8
    assert ncv["fuel"].n_unique() == ncv.height == 52
    assert set(ncv["table"]) == {"Vol.2 Table 1.2"}


def test_gwp() -> None:
    gwp = factors.read_gwp()
    rows = {r["species"]: r for r in gwp.iter_rows(named=True)}
    assert rows["CO2"] == {"species": "CO2", "SAR": 1.0, "AR4": 1.0, "AR5": 1.0, "AR6": 1.0}
    assert (rows["CH4"]["AR4"], rows["CH4"]["AR5"], rows["CH4"]["AR6"]) == (25, 28, 27.9)
    assert (rows["N2O"]["AR4"], rows["N2O"]["AR5"], rows["N2O"]["AR6"]) == (298, 265, 273)
    assert (rows["CH4"]["SAR"], rows["N2O"]["SAR"]) == (21, 310)
    assert (rows["SF6"]["AR4"], rows["SF6"]["AR5"], rows["SF6"]["AR6"]) == (22_800, 23_500, 25_200)
    assert (rows["NF3"]["AR4"], rows["NF3"]["AR5"], rows["NF3"]["AR6"]) == (17_200, 16_100, 17_400)
    assert rows["HFC-134a"]["AR5"] == 1300 and rows["HFC-134a"]["AR4"] == 1430
    assert {"CF4", "CFC-11", "HCFC-22", "HFC-43-10mee", "Halon-1301"} <= set(rows)
    assert gwp.height == 106


def test_shipped_files_are_small() -> None:
    assert sum((factors.FACTOR_DIR / name).stat().st_size for name in SHIPPED) < 200_000


def test_shipped_tables_equal_a_fresh_derivation(shared: Path, tmp_path: Path) -> None:
    factors.derive_factor_tables(shared, tmp_path)
    for name in SHIPPED:
        assert (tmp_path / name).read_bytes() == (factors.FACTOR_DIR / name).read_bytes(), name
    assert_frame_equal(factors.read_combustion_factors(tmp_path), factors.read_combustion_factors())
    assert_frame_equal(factors.read_ncv(tmp_path), factors.read_ncv())
    assert_frame_equal(factors.read_gwp(tmp_path), factors.read_gwp())


def test_readers_work_without_shared_data(tmp_path: Path) -> None:
    code = (
        "from citypact.reference import factors as f\n"
        "print(f.read_combustion_factors().height, f.read_ncv().height, f.read_gwp().height)\n"
    )
    env = {**os.environ, "CITYPACT_SHARED_DATA": str(tmp_path / "nowhere")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert [int(v) for v in out.stdout.split()] == [685, 52, 106]
