"""Indicators, peers and the whole-network benchmark on cities whose figures are known by hand."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.benchmark import HEADLINE, benchmark_network, headline_series
from citypact.domain.indicators import BY_CODE, INDICATORS, carriers, final_energy, indicator_table
from citypact.domain.peers import (
    Conditions,
    climate_zone,
    compared,
    nearest_all,
    nearest_known,
    peer_median_errors,
    peer_reasons,
    same_country_errors,
    standardized,
)
from citypact.domain.reasons import Reason
from citypact.domain.structure_fit import fit


def _conditions(n: int, seed: int = 1) -> Conditions:
    rng = np.random.default_rng(seed)
    return Conditions(
        ids=np.arange(100, 100 + n, dtype=np.int64),
        country=np.array(["DE", "JP", "US"])[rng.integers(0, 3, n)],
        population=np.exp(rng.uniform(9, 15, n)),
        density=np.exp(rng.uniform(5, 9, n)),
        hdd=rng.uniform(0, 5000, n),
        cdd=rng.uniform(0, 1500, n),
        gdp_per_capita=np.exp(rng.uniform(8, 11, n)),
        grid=rng.uniform(0.05, 0.9, n),
    )


def test_indicators_by_hand_and_missing_stays_missing() -> None:
    frame = pl.DataFrame(
        {
            "city_id": [1, 2, 3],
            "year": [2020, 2020, 2020],
            "population": [200_000, None, 0],
            "gdp_usd": [10e9, 5e9, 1e9],
            "scope1_t": [1_000_000.0, 500.0, 10.0],
            "basic_t": [1_600_000.0, None, 20.0],
            "transport_t": [None, 10.0, 0.0],
            "renewable_share_pct": [42.0, float("nan"), None],
        }
    )
    table = indicator_table(frame)
    first = table.row(0, named=True)
    assert first["scope1_per_capita"] == pytest.approx(5.0)  # 1,000,000 t / 200,000 people
    assert first["basic_per_capita"] == pytest.approx(8.0)
    assert first["basic_per_gdp"] == pytest.approx(0.16)  # 1.6e9 kg / 1e10 USD
    assert first["transport_per_capita"] is None  # not reported: missing, not zero
    assert first["stationary_per_capita"] is None  # column absent: missing
    assert first["renewable_electricity_share"] == 42.0
    second, third = table.row(1, named=True), table.row(2, named=True)
    assert second["scope1_per_capita"] is None  # no population
    assert second["basic_per_gdp"] is None  # no BASIC total
    assert second["renewable_electricity_share"] is None  # NaN counts as missing
    assert third["scope1_per_capita"] is None  # population 0: no per-capita figure
    assert set(table.columns) == {"city_id", "year", *BY_CODE}


def test_every_indicator_names_unit_and_direction() -> None:
    for indicator in INDICATORS:
        assert indicator.unit and indicator.direction in ("lower", "higher")
    assert BY_CODE["renewable_electricity_share"].direction == "higher"


@given(st.floats(1.0, 1e7), st.floats(1.0, 1e9), st.floats(1e-3, 1e3))
def test_per_capita_is_invariant_to_scaling_city_size(population: float, emissions: float, k: float) -> None:
    frame = pl.DataFrame(
        {"city_id": [1, 2], "year": [2020, 2020], "population": [population, population * k],
         "scope1_t": [emissions, emissions * k]}
    )  # fmt: skip
    values = indicator_table(frame)[HEADLINE].to_list()
    assert values[1] == pytest.approx(values[0], rel=1e-12)


def test_headline_series_places_each_city_year() -> None:
    indicators = pl.DataFrame(
        {"city_id": [7, 7, 5, 9], "year": [2018, 2020, 2019, 2019], HEADLINE: [4.0, 3.0, None, 6.0]}
    )
    years, series = headline_series(indicators, np.array([9, 7, 5]))
    assert years == (2018, 2019, 2020)
    np.testing.assert_array_equal(
        series, [[np.nan, 6.0, np.nan], [4.0, np.nan, 3.0], [np.nan, np.nan, np.nan]]
    )


def test_standardized_counts_a_missing_condition_as_average() -> None:
    z = standardized(np.array([[1.0, np.nan], [3.0, 10.0], [5.0, 20.0]]))
    np.testing.assert_allclose(z[:, 0], [-1.224744871, 0.0, 1.224744871])
    np.testing.assert_allclose(z[:, 1], [0.0, -1.0, 1.0])  # mean 15, sd 5 over the known values


def test_bulk_and_single_peers_agree() -> None:
    z = standardized(_conditions(2_000).matrix())
    index, distance = nearest_all(z, 10)
    for me in (0, 17, 1999):  # against a brute force: every distance, sorted
        d = np.sqrt(((z - z[me]) ** 2).sum(axis=1))
        d[me] = np.inf
        one = np.lexsort((np.arange(d.size), d))[:10]
        assert one.tolist() == index[me].tolist()
        np.testing.assert_allclose(d[one], distance[me])
    assert not (index == np.arange(2000)[:, None]).any()  # never its own peer
    assert (np.diff(distance, axis=1) >= 0).all()


def test_peers_with_fewer_cities_than_asked() -> None:
    index, distance = nearest_all(np.array([[0.0], [1.0], [3.0]]), 5)
    assert index[0].tolist() == [1, 2, -1, -1, -1]
    assert distance[2].tolist()[:2] == [2.0, 3.0] and math.isinf(distance[2][2])


def test_reasons_name_only_what_both_cities_know() -> None:
    c = Conditions(
        ids=np.array([1, 2]),
        country=np.array(["DE", "DE"]),
        population=np.array([160_000.0, 150_000.0]),
        density=np.array([1_500.0, np.nan]),
        hdd=np.array([2_800.0, 2_900.0]),
        cdd=np.array([0.0, 5.0]),
        gdp_per_capita=np.array([np.nan, 50_000.0]),
        grid=np.array([0.38, 0.38]),
    )
    said = peer_reasons(c, 0, 1)
    assert said[0] == Reason("same_country", "DE", "DE")
    assert said[1] == Reason("similar_size", 160_000.0, 150_000.0)
    assert not any(r.kind in ("similar_density", "similar_gdp") for r in said)
    assert Reason("same_climate_zone", 2_800.0, 2_900.0, "temperate") in said
    assert climate_zone(3500, 0) == "cold" and climate_zone(200, 1500) == "hot"
    assert climate_zone(float("nan"), 0) is None


def _synthetic_network(n: int, years: int, seed: int = 3) -> tuple[pl.DataFrame, Conditions, np.ndarray]:
    """Cities whose per-capita emissions follow log y = 0.5 + 0.3 log(1+HDD) + 0.8 grid + local,
    each falling at its own known rate."""
    c = _conditions(n, seed)
    rng = np.random.default_rng(seed)
    local = rng.normal(0.0, 0.2, n)
    rate = rng.uniform(-0.06, 0.01, n)
    level = np.exp(0.5 + 0.3 * np.log1p(c.hdd) + 0.8 * c.grid + local)
    t = np.arange(years)
    per_capita = level[:, None] * np.exp(rate[:, None] * t)
    frame = pl.DataFrame(
        {
            "city_id": np.repeat(c.ids, years),
            "year": np.tile(2000 + t, n),
            "population": np.repeat(c.population, years),
            "scope1_t": (per_capita * c.population[:, None]).ravel(),
        }
    )
    return frame, c, local


def test_network_benchmark_recovers_trends_performance_and_peer_movement() -> None:
    frame, c, local = _synthetic_network(3_000, 6)
    X = {"log_hdd": np.log1p(c.hdd), "grid": c.grid}
    latest = frame.filter(pl.col("year") == 2005)
    model = fit((latest["scope1_t"] / latest["population"]).to_numpy(), X)
    assert model.coefficients["log_hdd"] == pytest.approx(0.3, abs=0.03)
    assert model.coefficients["grid"] == pytest.approx(0.8, abs=0.06)
    result = benchmark_network(frame, c, model=model, covariates=X)
    cities = result.cities
    assert cities["city_id"].to_list() == c.ids.tolist()
    assert cities["latest_year"].unique().to_list() == [2005]
    # Known annual rates come back exactly (a clean exponential series).
    rng = np.random.default_rng(3)
    rng.normal(0.0, 0.2, 3_000)
    log_rate = rng.uniform(-0.06, 0.01, 3_000)
    np.testing.assert_allclose(cities["trend_pct_per_year"].to_numpy(), np.expm1(log_rate) * 100, atol=1e-9)
    # Performance is what the conditions do not explain: the local part plus 5 years of the city's own
    # trend (the model was fitted on the same year, so its intercept absorbs the average of those).
    residual = np.log1p(cities["performance_pct"].to_numpy() / 100)
    assert np.corrcoef(residual, local + 5 * log_rate)[0, 1] > 0.95
    assert (cities["performance_low_pct"] <= cities["performance_pct"]).all()
    # Movement among peers: the count of peers falling faster is what the rates say.
    row = cities.row(42, named=True)
    peer_rates = cities.filter(pl.col("city_id").is_in(row["peer_ids"]))["trend_pct_per_year"]
    assert row["faster_than_peers"] == int((peer_rates > row["trend_pct_per_year"]).sum())
    assert row["peers_with_trend"] == 10


def test_cities_without_data_get_no_figures_not_zeros() -> None:
    frame, c, _ = _synthetic_network(50, 3)
    frame = frame.with_columns(
        scope1_t=pl.when(pl.col("city_id") == 100).then(None).otherwise(pl.col("scope1_t"))
    )
    frame = frame.filter(~((pl.col("city_id") == 101) & (pl.col("year") > 2000)))
    cities = benchmark_network(frame, c).cities
    first, second = cities.row(0, named=True), cities.row(1, named=True)
    assert first[HEADLINE] is None and first["latest_year"] is None
    assert first["trend_pct_per_year"] is None and first["trend_years"] == 0
    assert second["latest_year"] == 2000 and second["trend_pct_per_year"] is None
    assert first["performance_pct"] is None  # no model given, no performance


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31))
def test_peer_counts_never_exceed_the_peers(seed: int) -> None:
    frame, c, _ = _synthetic_network(30, 3, seed)
    cities = benchmark_network(frame, c, peers=5).cities
    assert (cities["faster_than_peers"] <= cities["peers_with_trend"]).all()
    assert (cities["peers_with_trend"] <= 5).all()


def test_final_energy_counts_end_use_only() -> None:
    rows = pl.DataFrame(
        {
            "inventory": [1, 1, 1, 1, 1, 2],
            "gpc_ref": ["I.1.1", "I.2.2", "I.4.1", "I.1.3", "II.1.1", "III.1.1"],
            "fuel": ["Natural Gas", "electricity", "Natural Gas", "electricity", "Gas/Diesel Oil", None],
            "activity_tj": [3.6, 0.36, 100.0, 0.036, 7.2, None],
            "co2e_t": [200.0, 30.0, 5_000.0, 3.0, 500.0, 12.0],
        }
    )
    energy = final_energy(rows).row(0, named=True)
    # 3.6 TJ = 1,000 MWh; energy industries (I.4), T&D losses (I.x.3) and waste are not final energy.
    assert energy["stationary_mwh"] == pytest.approx(1_100.0)
    assert energy["transport_mwh"] == pytest.approx(2_000.0)
    assert energy["electricity_mwh"] == pytest.approx(100.0)
    used, emitted = carriers(rows)
    assert used == {"natural gas": pytest.approx(1_000.0), "electricity": pytest.approx(100.0),
                    "gas/diesel oil": pytest.approx(2_000.0)}  # fmt: skip
    assert emitted["natural gas"] == 200.0


def _sparse_conditions(n: int, seed: int) -> Conditions:
    """Conditions with holes: each numeric condition unknown for about a third of the cities."""
    c = _conditions(n, seed)
    rng = np.random.default_rng(seed + 1)

    def holes(values: np.ndarray) -> np.ndarray:
        return np.where(rng.random(n) < 0.35, np.nan, values)

    return Conditions(
        ids=c.ids,
        country=c.country,
        population=holes(c.population),
        density=holes(c.density),
        hdd=holes(c.hdd),
        cdd=holes(c.cdd),
        gdp_per_capita=holes(c.gdp_per_capita),
        grid=holes(c.grid),
        region=np.array(["Europe", "East Asia", ""])[rng.integers(0, 3, n)],
    )


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31), st.integers(1, 6), st.integers(1, 5))
def test_peers_compare_only_known_conditions_as_brute_force(seed: int, k: int, min_shared: int) -> None:
    c = _sparse_conditions(40, seed)
    index, distance, shared = nearest_known(c, k, min_shared)
    # Brute force: z-scores over the cities that know each condition; per pair the conditions both
    # know (region: 0 if the same, 1 if not); RMS of the differences over them, if at least min_shared.
    z = standardized(c.matrix())
    known = np.column_stack([np.isfinite(c.matrix()), c.region != ""])
    n = len(c.ids)
    for i in range(n):
        pairs = []
        for j in range(n):
            both = known[i] & known[j]
            if i == j or both.sum() < min_shared:
                continue
            squares = ((z[i] - z[j]) ** 2)[both[:6]].sum() + (both[6] and c.region[i] != c.region[j])
            pairs.append((float(np.sqrt(squares / both.sum())), j, int(both.sum())))
        pairs.sort()
        expect = pairs[:k]
        got = [(d, j, s) for d, j, s in zip(distance[i], index[i], shared[i], strict=True) if j >= 0]
        assert len(got) == len(expect)  # fewer peers where few cities share enough conditions
        np.testing.assert_allclose([d for d, _, _ in got], [d for d, _, _ in expect], rtol=1e-9, atol=1e-12)
        brute = {j: (d, s) for d, j, s in pairs}
        for d, j, s in got:  # each peer found is a pair the brute force allows, at its distance
            assert brute[int(j)][1] == s and brute[int(j)][0] == pytest.approx(d, rel=1e-9, abs=1e-12)


def test_a_city_known_on_too_few_conditions_gets_no_peers_rather_than_any() -> None:
    c = Conditions(
        ids=np.array([1, 2, 3]),
        country=np.array(["MC", "US", "US"]),
        population=np.array([38_000.0, 17_000.0, 20_000.0]),
        density=np.array([np.nan, 4_000.0, 3_500.0]),
        hdd=np.array([np.nan, 2_500.0, 2_600.0]),
        cdd=np.array([np.nan, 700.0, 650.0]),
        gdp_per_capita=np.full(3, np.nan),
        grid=np.array([np.nan, 0.37, 0.37]),
        region=np.array(["", "North America", "North America"]),
    )
    index, distance, shared = nearest_known(c, 2)
    assert index[0].tolist() == [-1, -1]  # Monaco shares only its size with the others
    assert index[1].tolist() == [2, -1] and shared[1, 0] == 6  # both know 5 figures and the region
    assert compared(c, 1, 2) == ("log_population", "log_density", "hdd", "cdd", "grid", "region")
    # By hand: z of log population over 3 cities, density/hdd/cdd over 2 (z = +-1), grid equal (sd 0:
    # z 0), region the same: squares (z_pop diff)^2 + 4 + 4 + 4 + 0 + 0 over 6 conditions.
    logs = np.log([38_000.0, 17_000.0, 20_000.0])
    zp = (logs - logs.mean()) / logs.std()
    assert distance[1, 0] == pytest.approx(np.sqrt(((zp[1] - zp[2]) ** 2 + 12) / 6))


def test_peer_reasons_are_codes_with_both_values() -> None:
    c = Conditions(
        ids=np.array([1, 2]),
        country=np.array(["DE", "AT"]),
        population=np.array([160_000.0, 150_000.0]),
        density=np.array([1_500.0, np.nan]),
        hdd=np.array([3_100.0, 3_300.0]),
        cdd=np.array([0.0, 5.0]),
        gdp_per_capita=np.array([np.nan, 50_000.0]),
        grid=np.array([0.38, 0.10]),
        region=np.array(["Europe", "Europe"]),
    )
    assert peer_reasons(c, 0, 1) == (
        Reason("same_world_region", "Europe", "Europe"),
        Reason("similar_size", 160_000.0, 150_000.0),
        Reason("same_climate_zone", 3_100.0, 3_300.0, "cold"),
    )  # density and GDP: one city lacks them; grid 0.38 vs 0.10 is not within 25 %


def test_leave_one_out_errors_by_hand() -> None:
    log_value = np.log(np.array([1.0, 2.0, 4.0, 8.0]))
    year = np.array([2015.0, 2014.0, 2010.0, 2016.0])
    index = np.array([[1, 2], [0, 3], [0, -1], [1, 2]])
    errors = peer_median_errors(log_value, year, index, 3)
    # City 0 (2015): peers 1 (2014, within 3) and 2 (2010, out): |log 1 - log 2| = log 2.
    # City 1 (2014): peers 0 and 3 both within: median (log 1 + log 8) / 2 = 1.5 log 2; error 0.5 log 2.
    # City 2 (2010): peer 0 is 5 years off: no comparable peer, NaN. City 3 (2016): peer 1 (2 years):
    # |log 8 - log 2| = 2 log 2.
    l2 = np.log(2.0)
    np.testing.assert_allclose(errors, [l2, 0.5 * l2, np.nan, 2 * l2])
    # Same country: DE = cities 0, 1, 2 (log values 0, l2, 2 l2). City 0 against the median of the
    # others, 1.5 l2: error 1.5 l2; city 1 against (0 + 2 l2) / 2 = l2: 0; city 2 against 0.5 l2:
    # 1.5 l2. FR has no other city: NaN.
    country = np.array(["DE", "DE", "DE", "FR"])
    np.testing.assert_allclose(same_country_errors(log_value, country), [1.5 * l2, 0.0, 1.5 * l2, np.nan])
