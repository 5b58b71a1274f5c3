"""Readers of the raw public files: quirks handled, facts from the files present."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from citypact.reference import sources


@pytest.fixture(scope="module")
def shared() -> Path:
    path = sources.shared_data_dir()
    if not path.is_dir():
        pytest.skip(
            f"../shared/data absent: {path} not found (set CITYPACT_SHARED_DATA to the raw public data)"
        )
    return path


def test_shared_data_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CITYPACT_SHARED_DATA", str(tmp_path))
    assert sources.shared_data_dir() == tmp_path.resolve()
    monkeypatch.delenv("CITYPACT_SHARED_DATA")
    monkeypatch.chdir(tmp_path)
    assert sources.shared_data_dir() == (tmp_path / ".." / "shared" / "data").resolve()


def test_simplemaps(shared: Path) -> None:
    sm = sources.read_simplemaps(shared)
    assert sm.height == 26_569
    assert sm["sm_id"].n_unique() == sm.height
    tokyo = sm.filter(pl.col("name") == "Tokyo").row(0, named=True)
    assert tokyo["iso2"] == "JP" and tokyo["lat"] == pytest.approx(35.69, abs=0.01)
    assert sm.filter(pl.col("iso2") == "NA")["country_name"].unique().to_list() == ["Namibia"]
    assert sm.filter(pl.col("name").str.contains("model.", literal=True)).is_empty()
    assert not sm.filter(pl.col("name") == "Mexico City").is_empty()
    assert sm.filter(pl.col("iso2") == "XW").is_empty()  # recoded to Palestine, PS


def test_geonames(shared: Path) -> None:
    gn = sources.read_geonames(shared)
    assert gn.height == 4_410
    assert not gn.filter(pl.col("country") == "NA").is_empty()  # Windhoek, Namibia
    dubai = gn.filter(pl.col("name") == "Dubai").row(0, named=True)
    assert dubai["country"] == "AE" and "Dubai" in dubai["alternate_names"]
    assert gn["lat"].is_between(-90, 90).all()


def test_nangini_parses_multiline_fields(shared: Path) -> None:
    ng = sources.read_nangini(shared)
    assert ng.height == 343
    assert ng["row"].to_list() == list(range(1, 344))
    assert ng["hdd_clim"].null_count() == 0 and ng["lat"].null_count() == 0
    assert set(ng["scope1_source"].unique()) == {"CDP", "PKU", "carbonn"}
    assert ng["gdp_ppp_usd"].drop_nulls().max() > 1e12  # "$BN" column converted to USD


def test_wikidata(shared: Path) -> None:
    pop = sources.read_wikidata_population(shared)
    assert pop["locode"].str.contains(r"^[A-Z]{2}[A-Z0-9]{3}$").all()
    assert pop["population"].null_count() == 0
    berlin = pop.filter(pl.col("locode") == "DEBER")
    assert berlin.filter(pl.col("year").is_between(2000, 2030)).height >= 5
    area = sources.read_wikidata_area(shared)
    assert (area["area_km2"] > 0).all()


def test_cdp_years_and_flags(shared: Path) -> None:
    cdp = sources.read_cdp_all(shared)
    counts = dict(cdp.group_by("year").len().iter_rows())
    assert counts == {2016: 187, 2017: 229, 2018: 488, 2019: 814}
    assert cdp.filter(pl.col("year") <= 2017)["c40"].sum() > 30
    assert cdp["city"].null_count() == 0
    assert cdp.filter(pl.col("lat").is_not_null())["lat"].abs().max() <= 180  # parsed, may be swapped


def test_owid_drops_aggregates(shared: Path) -> None:
    owid = sources.read_owid_carbon_intensity(shared)
    assert owid["iso3"].str.contains(r"^[A-Z]{3}$").all()
    assert owid.filter(pl.col("entity").str.contains("Ember|World|Asia")).is_empty()
    de = owid.filter((pl.col("iso3") == "DEU") & (pl.col("year") == 2022))
    assert de.height == 1 and 300 < de["g_co2_per_kwh"][0] < 500


def test_eurostat_greece_is_gr(shared: Path) -> None:
    dd = sources.read_eurostat_degree_days(shared)
    assert "EL" not in dd["country"].to_list() and "GR" in dd["country"].to_list()
    assert not dd["country"].str.starts_with("EU").any()
    de = dd.filter((pl.col("country") == "DE") & (pl.col("year") == 2022)).row(0, named=True)
    assert de["hdd"] > 2000 and de["cdd"] >= 0


def test_twin_cities(shared: Path) -> None:
    tw = sources.read_twin_cities(shared)
    assert tw.height == 25_917
    assert tw.columns == ["row", "city1", "country1", "lat1", "lon1", "city2", "country2", "lat2", "lon2"]
    assert not tw.filter((pl.col("city1") == "Munich") & (pl.col("city2") == "Edinburgh")).is_empty()
