"""The expected level chosen out of sample (domain.structure_cv)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from citypact.domain.structure_cv import (
    COUNTRY_MEDIAN,
    Candidate,
    choose,
    cross_validate,
    median_levels,
    shrunk_country_effects,
    stratified_folds,
)


def test_shrunk_country_effects_by_hand() -> None:
    # Residuals A: 0.2, 0.4 (mean 0.3); B: -0.1, -0.3 (mean -0.2); C: 0.0, 0.2 (mean 0.1).
    # Within-country variance s^2 = (6 deviations of 0.1)^2 summed / (6 - 3) = 0.06 / 3 = 0.02;
    # noise of a mean s^2 / n = 0.01. Means' variance (n - 1): mean 1/15, squares 0.054444 + 0.071111
    # + 0.001111 = 0.126667, / 2 = 0.063333; tau^2 = 0.063333 - 0.01 = 0.053333;
    # B = 0.053333 / 0.063333 = 0.842105: A 0.252632, B -0.168421, C 0.084211.
    residuals = np.array([0.2, 0.4, -0.1, -0.3, 0.0, 0.2, np.nan])
    country = np.array(["A", "A", "B", "B", "C", "C", "C"])
    effects = shrunk_country_effects(residuals, country)
    assert effects == pytest.approx({"A": 0.252632, "B": -0.168421, "C": 0.0842105}, abs=1e-6)


def test_no_between_country_variance_shrinks_to_zero() -> None:
    # Means 0.1, 0.0, -0.1 with noise s^2/n = (0.2^2 * 6 / 3) / 2 = 0.04: var(means) 0.01 < 0.04, tau^2 = 0.
    residuals = np.array([0.3, -0.1, 0.2, -0.2, 0.1, -0.3])
    effects = shrunk_country_effects(residuals, np.array(["A", "A", "B", "B", "C", "C"]))
    assert effects == {"A": 0.0, "B": 0.0, "C": 0.0}


def test_median_levels_by_hand() -> None:
    log_y = np.log(np.array([1.0, 3.0, 4.0, 10.0]))
    countries, regions, overall = median_levels(
        log_y, np.array(["DE", "DE", "FR", "US"]), np.array(["Europe", "Europe", "Europe", ""])
    )
    # DE: median of log 1 and log 3 = (0 + 1.098612) / 2; Europe: log 3; overall: (log 3 + log 4) / 2.
    assert countries == pytest.approx({"DE": np.log(3.0) / 2, "FR": np.log(4.0), "US": np.log(10.0)})
    assert regions == pytest.approx({"Europe": np.log(3.0)})  # "" is no region
    assert overall == pytest.approx((np.log(3.0) + np.log(4.0)) / 2)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from("abcd"), min_size=1, max_size=60), st.integers(2, 6), st.integers(0, 2**31))
def test_folds_deal_every_stratum_evenly(strata: list[str], folds: int, seed: int) -> None:
    s = np.array(strata)
    fold = stratified_folds(s, folds, np.random.default_rng(seed))
    assert fold.min() >= 0 and fold.max() < folds
    for key in set(strata):
        counts = np.bincount(fold[s == key], minlength=folds)
        assert counts.max() - counts.min() <= 1  # each stratum spread over the folds
    total = np.bincount(fold, minlength=folds)
    assert total.max() - total.min() <= 1  # and the folds even overall


def _synthetic_panel(
    seed: int, countries: int = 30, per_country: int = 15
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """log y = 1.0 + 0.3 log_hdd - 0.1 log_population + 0.8 grid + country effect (sd 0.3)
    + the city's own performance (sd 0.3)."""
    rng = np.random.default_rng(seed)
    n = countries * per_country
    country_index = np.repeat(np.arange(countries), per_country)
    country = np.array([f"C{i:02d}" for i in country_index])
    region = np.array([f"R{i % 5}" for i in country_index])
    grid = rng.uniform(0.05, 0.9, countries)[country_index]  # national: one value per country
    X = {
        "log_hdd": np.log1p(rng.uniform(200, 5000, n)),
        "log_population": np.log(rng.uniform(2e4, 5e6, n)),
        "grid": grid,
    }
    effect = rng.normal(0.0, 0.3, countries)[country_index]
    performance = rng.normal(0.0, 0.3, n)
    log_y = 1.0 + 0.3 * X["log_hdd"] - 0.1 * X["log_population"] + 0.8 * X["grid"] + effect + performance
    return X, np.exp(log_y), country, region, performance


CONDITIONS = ("log_hdd", "log_population", "grid")


def test_the_chosen_model_recovers_known_coefficients_and_city_performance() -> None:
    X, y, country, region, performance = _synthetic_panel(seed=11)
    candidates = (
        Candidate("conditions", CONDITIONS),
        Candidate("conditions_pooled", CONDITIONS, pooled=True),
    )
    level = choose(y, X, country, region, candidates, folds=5, repeats=5, seed=1)
    # Country effects of sd 0.3 over 15 cities each are real: the pooled model predicts best, and
    # beats the country median (which cannot see the cities' own conditions).
    assert level.kind == "conditions_pooled"
    validation = level.validation
    assert validation.score("conditions_pooled").mdale_mean < validation.score(COUNTRY_MEDIAN).mdale_mean
    assert validation.margin_mean > 0 and len(validation.margin) == 5
    assert level.model is not None
    coefficients = level.model.coefficients
    assert coefficients["log_hdd"] == pytest.approx(0.3, abs=0.06)
    assert coefficients["log_population"] == pytest.approx(-0.1, abs=0.03)
    recovered = np.log(y) - level.expected_log(X, country, region)
    rho = spearmanr(performance, recovered).statistic
    assert rho >= 0.9
    # The interval holds about 95 % of the cities' out-of-sample errors, on both sides of 0.
    low, high = level.interval
    assert low < 0 < high
    inside = np.mean((validation.residuals >= low) & (validation.residuals <= high))
    assert inside == pytest.approx(0.95, abs=0.01)


def test_where_no_model_beats_the_country_median_it_is_the_expected_level() -> None:
    rng = np.random.default_rng(5)
    n = 300
    country = np.array([f"C{i % 20:02d}" for i in range(n)])
    region = np.array([f"R{i % 4}" for i in range(n)])
    level_of_country = rng.normal(1.5, 0.6, 20)
    y = np.exp(level_of_country[np.arange(n) % 20] + rng.normal(0, 0.2, n))
    X = {"noise": rng.normal(size=n)}  # a covariate unrelated to the level
    level = choose(y, X, country, region, (Candidate("noise", ("noise",)),), repeats=4)
    assert level.kind == COUNTRY_MEDIAN and level.model is None
    # Its expected level is each country's median log level over all cities.
    expected = level.expected_log(X, country, region)
    first = country == "C00"
    assert expected[first] == pytest.approx(np.full(first.sum(), np.median(np.log(y[first]))))
    # A country the panel does not know takes its region's median.
    assert level.expected_log(X, np.array(["ZZ"]), np.array(["R1"]))[0] == pytest.approx(
        np.median(np.log(y[region == "R1"]))
    )


def test_cross_validation_refuses_too_few_cities() -> None:
    with pytest.raises(ValueError, match="at least 10 cities"):
        cross_validate(np.ones(5), {}, ["A"] * 5, ["R"] * 5, ())
