"""The registry built from ../shared/data, and the bundle shipped with citypact."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from citypact.reference import sources
from citypact.reference.registry import (
    BUNDLE_DIR,
    SCHEMAS,
    MatchReport,
    Registry,
    build_registry,
    read_bundle,
    write_bundle,
)

SOURCE_IDS = {"simplemaps", "geonames", "nangini2019", "nangini2019_gea", "nangini2019_clim", "wikidata",
              "owid_ember", "electricitymaps", "eurostat_chdd", "twin_wikipedia", "cdp",
              "cdp_targets_2021"}  # fmt: skip


@pytest.fixture(scope="module")
def built() -> tuple[Registry, MatchReport]:
    shared = sources.shared_data_dir()
    if not shared.is_dir():
        pytest.skip(
            f"../shared/data absent: {shared} not found (set CITYPACT_SHARED_DATA to the raw public data)"
        )
    return build_registry(shared)


@pytest.fixture(scope="module")
def registry(built: tuple[Registry, MatchReport]) -> Registry:
    return built[0]


def _city(registry: Registry, name_ascii: str, country: str) -> dict[str, object]:
    """The most populous registry city of that ASCII name in the country (homonyms exist)."""
    found = registry.cities.filter((pl.col("name_ascii") == name_ascii) & (pl.col("country") == country))
    assert found.height >= 1, f"{name_ascii}, {country} not in the registry"
    return found.sort("population", descending=True, nulls_last=True).row(0, named=True)


def test_frames_have_exactly_the_documented_schema(registry: Registry) -> None:
    for name, frame in registry.frames().items():
        assert dict(frame.schema) == SCHEMAS[name], name


def test_every_simplemaps_city_is_there_with_unique_keys(registry: Registry) -> None:
    keys = registry.cities["key"]
    assert keys.n_unique() == keys.len()
    assert keys.str.starts_with("sm:").sum() == 26_569
    assert keys.str.contains(r"^(sm:\d+|nangini:[a-z0-9-]+)$").all()
    assert registry.cities["country"].is_in(registry.countries["iso2"].implode()).all()


def test_tokyo(registry: Registry) -> None:
    tokyo = _city(registry, "Tokyo", "JP")
    assert tokyo["lat"] == pytest.approx(35.69, abs=0.01)
    assert tokyo["geonames_id"] == 1850147
    assert "東京" in str(tokyo["alt_names"]).split("|")


def test_munich_is_found_by_its_other_names(registry: Registry) -> None:
    munich = _city(registry, "Munich", "DE")
    alt = str(munich["alt_names"]).split("|")
    assert "München" in alt and "ミュンヘン" in alt
    assert all(len(a) <= 40 for a in alt)
    assert len({a.casefold() for a in alt}) == len(alt)
    assert munich["unlocode"] == "DEMUC"


def test_berlin_has_a_population_series(registry: Registry) -> None:
    berlin = _city(registry, "Berlin", "DE")
    series = registry.city_statistics.filter(
        (pl.col("key") == berlin["key"])
        & (pl.col("variable") == "population")
        & (pl.col("source") == "wikidata")
    )
    assert series.height >= 10
    assert series["year"].is_between(1800, 2030).all()
    assert 3_000_000 < berlin["population"] < 4_000_000  # type: ignore[operator]
    assert berlin["population_source"] == "wikidata" and berlin["unlocode"] == "DEBER"


def test_statistics_are_unique_and_have_consistent_units(registry: Registry) -> None:
    stats = registry.city_statistics
    assert not stats.select("key", "year", "variable", "source").is_duplicated().any()
    units = dict(stats.select("variable", "unit").unique().iter_rows())
    assert units == {"population": "persons", "area_km2": "km2", "gdp_ppp_usd": "USD", "hdd": "degC*day",
                     "cdd": "degC*day"}  # fmt: skip
    assert stats["key"].is_in(registry.cities["key"].implode()).all()
    hdd = stats.filter(pl.col("variable") == "hdd")
    assert hdd["note"].str.contains("15.5 °C").all()
    # Each city's degree days name the column they came from (domain.degree_days).
    assert set(hdd["source"]) <= {"nangini2019_gea", "nangini2019_clim"}


def test_grid_intensity_and_degree_days(registry: Registry) -> None:
    grid = registry.grid_intensity
    assert not grid.filter((pl.col("country") == "DE") & (pl.col("year") == 2022)).is_empty()
    assert grid["country"].str.contains(r"^[A-Z]{2}$").all()
    assert not grid.select("country", "year").is_duplicated().any()
    dd = registry.degree_days
    assert not dd.filter(
        (pl.col("country") == "DE") & (pl.col("year") == 2022) & (pl.col("hdd") > 0)
    ).is_empty()
    assert "GR" in dd["country"].to_list() and "EL" not in dd["country"].to_list()


def test_twin_links_are_symmetric_and_known_pairs_present(registry: Registry) -> None:
    links = registry.twin_links
    assert (links["key_a"] < links["key_b"]).all()
    assert not links.select("key_a", "key_b").is_duplicated().any()
    assert links["key_a"].is_in(registry.cities["key"].implode()).all()
    assert links["key_b"].is_in(registry.cities["key"].implode()).all()

    def linked(a: str, b: str) -> bool:
        pair = sorted([a, b])
        return not links.filter((pl.col("key_a") == pair[0]) & (pl.col("key_b") == pair[1])).is_empty()

    munich, edinburgh = _city(registry, "Munich", "DE"), _city(registry, "Edinburgh", "GB")
    kyoto, boston = _city(registry, "Kyoto", "JP"), _city(registry, "Boston", "US")
    assert linked(str(munich["key"]), str(edinburgh["key"]))
    assert linked(str(boston["key"]), str(kyoto["key"]))  # either order finds the pair


def test_networks_and_members(registry: Registry) -> None:
    assert set(registry.networks["slug"]) == {"c40", "cdp-cities", "carbonn"}
    members = registry.network_members
    assert members["network"].is_in(registry.networks["slug"].implode()).all()
    assert members["key"].is_in(registry.cities["key"].implode()).all()
    assert not members.select("network", "key").is_duplicated().any()
    c40 = set(members.filter(pl.col("network") == "c40")["key"])
    assert _city(registry, "London", "GB")["key"] in c40
    assert members.filter(pl.col("network") == "carbonn").height > 40


def test_sources_cover_every_source_column(registry: Registry) -> None:
    listed = set(registry.sources["id"])
    assert listed == SOURCE_IDS
    used: set[str] = set()
    for name, frame in registry.frames().items():
        if "source" in frame.columns:
            used |= set(frame["source"].drop_nulls())
        if name == "cities":
            used |= {s for row in frame["sources"] for s in row.split(",") if s}
    assert used <= listed
    licenses = dict(registry.sources.select("id", "license").iter_rows())
    assert licenses["twin_wikipedia"] == "CC BY-SA 4.0"


def test_match_report(built: tuple[Registry, MatchReport]) -> None:
    report = built[1]
    summary = report.summary()
    for source in ("geonames", "nangini2019", "wikidata", "cdp", "twin_wikipedia"):
        assert source in summary
    nangini = next(s for s in report.sources if s.source == "nangini2019")
    assert nangini.read == 343 and nangini.matched + nangini.added + nangini.unmatched.height == 343
    rows = report.unmatched
    assert rows and all(r.reason for r in rows)
    assert report.unmatched_frame("wikidata").height == sum(1 for r in rows if r.source == "wikidata")


def test_bundle_round_trip_is_identical_and_deterministic(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "a", tmp_path / "b"
    write_bundle(registry, first)
    back = read_bundle(first)
    for name, frame in registry.frames().items():
        assert_frame_equal(frame, back.frames()[name])
    write_bundle(back, second)
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    payload = (first / "cities.csv.gz").read_bytes()
    assert payload[4:8] == b"\0\0\0\0"  # gzip mtime
    assert sum(p.stat().st_size for p in first.iterdir()) < 4_000_000


def test_shipped_bundle_is_current(registry: Registry) -> None:
    shipped = read_bundle()
    for name, frame in registry.frames().items():
        assert_frame_equal(frame, shipped.frames()[name])


# ------------------------------------------------------------- without ../shared/data


def test_shipped_bundle_reads_without_shared_data(tmp_path: Path) -> None:
    code = (
        "from citypact.reference.registry import read_bundle\n"
        "r = read_bundle()\n"
        "print(r.cities.height, r.twin_links.height)\n"
    )
    env = {**os.environ, "CITYPACT_SHARED_DATA": str(tmp_path / "nowhere")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    cities, links = (int(v) for v in out.stdout.split())
    assert cities > 26_569 and links > 5_000


def test_shipped_manifest_describes_the_files() -> None:
    manifest = json.loads((BUNDLE_DIR / "manifest.json").read_text(encoding="utf-8"))
    # the registry's tables and those derived beside it (reference.benchmark_panel, reported_emissions,
    # the inventory's grid factors, the published targets)
    assert set(manifest["tables"]) == set(SCHEMAS) | {
        "benchmark_panel",
        "reported_emissions",
        "grid_factors",
        "public_targets",
    }
    assert set(manifest["source_ids"]) == SOURCE_IDS
    for name, entry in manifest["tables"].items():
        with gzip.open(BUNDLE_DIR / entry["file"], "rt", encoding="utf-8") as fh:
            assert sum(1 for _ in fh) - 1 >= entry["rows"] > 0, name  # header + rows (text may span lines)
