"""Structure-adjusted comparison: synthetic cities whose true drivers are known."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest

from citypact.domain.structure_fit import (
    INTERCEPT,
    StructureModel,
    explain_gap,
    fit,
    performance,
    predict,
)

NAN = float("nan")
TRUE = {INTERCEPT: 1.0, "log_hdd": 0.5, "log_density": -0.3, "grid": 0.8}
Columns = dict[str, npt.NDArray[np.float64]]


def _cities(
    seed: int, n: int = 2000, outlier_share: float = 0.05, outliers_where: str = "anywhere"
) -> tuple[npt.NDArray[np.float64], Columns, npt.NDArray[np.int64]]:
    """log y = 1.0 + 0.5 log(hdd / 1000) - 0.3 log(density / 1000 per km2) + 0.8 grid + N(0, 0.15^2);
    a share of the cities carries a gross error: 20 times the true per-capita emissions (a unit slip,
    double counting). Degree days and density are in thousands so the intercept is a typical city's."""
    rng = np.random.default_rng(seed)
    log_hdd = np.log(rng.uniform(500.0, 5000.0, n) / 1000.0)
    log_density = rng.normal(math.log(2.0), 0.6, n)
    grid = rng.uniform(0.05, 0.9, n)
    log_y = (
        TRUE[INTERCEPT]
        + TRUE["log_hdd"] * log_hdd
        + TRUE["log_density"] * log_density
        + TRUE["grid"] * grid
        + rng.normal(0.0, 0.15, n)
    )
    k = round(outlier_share * n)
    if outliers_where == "anywhere":
        outliers = rng.choice(n, k, replace=False)
    else:  # among the cities with the most carbon-intensive grids
        outliers = rng.choice(np.argsort(grid)[-2 * k :], k, replace=False)
    log_y[outliers] += math.log(20.0)
    return np.exp(log_y), {"log_hdd": log_hdd, "log_density": log_density, "grid": grid}, np.sort(outliers)


def _ols(y: npt.NDArray[np.float64], X: Columns) -> npt.NDArray[np.float64]:
    design = np.column_stack([np.ones(y.size), *X.values()])
    coef: npt.NDArray[np.float64] = np.linalg.lstsq(design, np.log(y), rcond=None)[0]
    return coef


# --- fitting ----------------------------------------------------------------------------------------


def test_recovers_known_drivers_and_downweights_gross_outliers() -> None:
    y, X, outliers = _cities(seed=2026)
    model = fit(y, X)
    assert model.converged
    assert model.n_used == 2000 and model.n_left_out == 0
    assert model.names == (INTERCEPT, "log_hdd", "log_density", "grid")
    for name in ("log_hdd", "log_density", "grid"):
        low, high = model.intervals[name]
        assert low <= TRUE[name] <= high, name
    # One-sided gross errors pull every monotone M-estimator's intercept by about
    # share * c * scale (0.05 * 1.345 * 0.15 = 0.01, one standard error here): Huber bounds the
    # damage but does not remove it. The slopes are untouched because the errors are spread over
    # all conditions.
    b0, se0 = model.coefficients[INTERCEPT], model.standard_errors[INTERCEPT]
    assert abs(b0 - TRUE[INTERCEPT]) < 3 * se0
    assert model.scale == pytest.approx(0.15, rel=0.15)
    # every gross error is down-weighted; few clean cities are (|u| > 2.69 happens for 0.7 % of them)
    assert set(outliers.tolist()) <= set(model.outlier_rows)
    assert len(model.outlier_rows) - outliers.size < 0.02 * (2000 - outliers.size)
    assert np.all(model.robust_weights[outliers] < 0.2)

    # Ordinary least squares on the same data: the intercept is off by about share * log(20) = 0.15
    ols = _ols(y, X)
    assert ols[0] - TRUE[INTERCEPT] > 5 * se0
    assert abs(ols[0] - TRUE[INTERCEPT]) > 3 * abs(b0 - TRUE[INTERCEPT])
    assert not model.ci_low[0] <= ols[0] <= model.ci_high[0]


def test_outliers_clustered_in_one_condition_bend_least_squares_far_more() -> None:
    y, X, outliers = _cities(seed=7, outliers_where="dirty grids")
    model = fit(y, X)
    ols = _ols(y, X)
    ols_error = abs(ols[3] - TRUE["grid"])
    robust_error = abs(model.coefficients["grid"] - TRUE["grid"])
    assert ols_error > 0.4  # least squares makes the grid look far more important than it is
    assert robust_error < 0.15 * ols_error  # Huber's bounded influence
    assert set(outliers.tolist()) <= set(model.outlier_rows)


# statsmodels 0.15.0: RLM(log_y, add_constant([x1, x2]), M=HuberT()).fit(conv="coefs", tol=1e-14), cov H1
X1 = [2.04, -2.56, 0.42, -0.57, -0.45, -0.22, -2.02, -0.23, -0.87, 3.32, 0.23, -0.35, -0.28, -0.67, -1.06]
X1 += [-0.39, 0.48, -0.24, 0.96, -0.2, 0.02, 1.55, 0.55, -0.51, -0.18, 0.54, 1.94, -0.27, -0.24, 1.0]
X2 = [0.37, 0.09, 0.66, 0.93, 0.21, 0.63, 0.3, 0.74, 0.72, 0.22, 0.83, 0.66, 0.68, 0.82, 0.43]
X2 += [0.76, 0.88, 0.1, 0.85, 0.39, 0.48, 0.15, 0.7, 0.29, 0.87, 0.28, 0.56, 0.4, 0.61, 0.2]
LOG_Y = [1.192, -0.906, 0.284, 1.021, 0.345, -0.373, -0.671, 0.106, -0.049, 1.264, -0.006, 0.03, -0.142]
LOG_Y += [0.058, -0.42, -0.041, -0.046, -0.575, 0.37, 0.112, -0.124, 1.366, 0.451, 0.273, 0.134, 2.618]
LOG_Y += [0.812, -0.008, -0.122, 1.054]


def test_agrees_with_an_independent_implementation() -> None:
    model = fit(np.exp(LOG_Y), {"x1": X1, "x2": X2})
    assert model.coef == pytest.approx([0.33064263, 0.40521589, -0.31257432], abs=1e-6)
    assert model.se == pytest.approx([0.13136359, 0.05071611, 0.22374819], rel=1e-5)
    assert model.scale == pytest.approx(0.25320167, rel=1e-5)
    assert model.robust_weights[[3, 17, 25]] == pytest.approx([0.28098132, 0.43822111, 0.15795293], rel=1e-5)
    assert model.outlier_rows == (3, 17, 25)
    z = (model.ci_high - model.coef) / model.se
    assert z == pytest.approx([1.959964] * 3, rel=1e-6)


def test_exact_line_gives_exact_coefficients_and_unit_weights() -> None:
    # log y = 2 + 0.5 a - 1.5 b, by hand: (a, b) -> log y
    a = [0.0, 1.0, 2.0, 0.0, 4.0]
    b = [0.0, 0.0, 1.0, 2.0, 1.0]
    log_y = [2.0, 2.5, 1.5, -1.0, 2.5]
    model = fit(np.exp(log_y), {"a": a, "b": b})
    assert model.coefficients == pytest.approx({INTERCEPT: 2.0, "a": 0.5, "b": -1.5}, abs=1e-12)
    assert model.robust_weights.tolist() == [1.0] * 5
    assert model.outlier_rows == ()
    assert model.scale == 0.0
    assert model.se.tolist() == [0.0, 0.0, 0.0]
    assert model.pseudo_r2 == 1.0
    assert model.converged


def test_missing_values_are_left_out_and_counted() -> None:
    y, X, _ = _cities(seed=11, n=200, outlier_share=0.0)
    y_gappy = y.copy()
    y_gappy[4] = NAN
    hdd: list[float | None] = X["log_hdd"].tolist()
    hdd[9] = None
    weights = np.ones(200)
    weights[15] = NAN
    model = fit(y_gappy, {**X, "log_hdd": hdd}, weights=weights)
    assert (model.n_used, model.n_left_out, model.left_out_rows) == (197, 3, (4, 9, 15))
    assert np.isnan(model.robust_weights[[4, 9, 15]]).all()
    assert np.isnan(model.residuals[[4, 9, 15]]).all()
    keep = np.setdiff1d(np.arange(200), [4, 9, 15])
    complete = fit(y[keep], {name: column[keep] for name, column in X.items()})
    assert model.coef == pytest.approx(complete.coef, rel=1e-12)


def test_uniform_precision_weights_change_nothing_but_the_unit_scale() -> None:
    y, X, _ = _cities(seed=3, n=300)
    plain = fit(y, X)
    weighted = fit(y, X, weights=np.full(300, 4.0))
    assert weighted.coef == pytest.approx(plain.coef, rel=1e-10)
    assert weighted.se == pytest.approx(plain.se, rel=1e-10)
    assert weighted.scale == pytest.approx(2.0 * plain.scale, rel=1e-10)  # a row of weight 1 scatters more
    assert weighted.pseudo_r2 == pytest.approx(plain.pseudo_r2, rel=1e-10)


def test_pseudo_r2_is_high_for_a_good_model_and_low_for_noise() -> None:
    y, X, _ = _cities(seed=5)
    assert 0.8 < fit(y, X).pseudo_r2 <= 1.0
    rng = np.random.default_rng(5)
    assert fit(y, {"noise": rng.normal(size=2000)}).pseudo_r2 < 0.05


def test_fits_twenty_thousand_cities_with_eight_conditions_and_heavy_tails() -> None:
    rng = np.random.default_rng(20_000)
    n = 20_000
    X = {f"condition_{k}": rng.normal(size=n) for k in range(8)}
    log_y = 0.5 + sum(0.1 * (k + 1) * column for k, column in enumerate(X.values()))
    log_y = log_y + 0.2 * rng.standard_t(3, n)
    log_y[:1000] += 3.0
    y = np.exp(log_y)
    model = fit(y, X)  # speed is measured by make bench, not asserted here
    assert model.converged and model.n_used == n


# --- bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("y", "X", "message"),
    [
        ([1.0, 2.0, 0.0, 3.0, 4.0], {"a": [1.0, 2.0, 3.0, 4.0, 5.0]}, r"y: .*> 0.*row 2"),
        ([1.0, -2.0, 1.0, 3.0, 4.0], {"a": [1.0, 2.0, 3.0, 4.0, 5.0]}, r"y: .*row 1"),
        ([1.0, 2.0, 3.0, 4.0], {"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 2.0]}, r"covariate 'b' has 2 rows"),
        ([1.0, 2.0, 3.0], {"a": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.0]}, r"rows: 3 rows .* 3 parameters"),
        ([1.0, 2.0, 3.0, NAN], {"a": [1.0, 2.0, 3.0, 4.0], "b": [3.0, 1.0, 2.0, 0.0]}, r"rows: 3 rows"),
        (
            [1.0, 2.0, 3.0, 4.0],
            {"a": [1.0, 2.0, 3.0, 4.0], "b": [7.0, 7.0, 7.0, 7.0]},
            r"covariate 'b' is constant",
        ),
        (
            [1.0, 2.0, 3.0, 4.0],
            {"a": [1.0, 2.0, 3.0, 4.0], "b": [2.0, 4.0, 6.0, 8.0]},
            r"covariate 'b' .*collinear",
        ),
        ([1.0, 2.0, 3.0, 4.0], {"a": [1.0, 2.0, math.inf, 4.0]}, r"covariate 'a': infinite value in row 2"),
        ([1.0, 2.0, 3.0, 4.0], {"a": ["x", 2.0, 3.0, 4.0]}, r"covariate 'a': values must be numbers"),
        ([1.0, 2.0, 3.0, 4.0], {INTERCEPT: [1.0, 2.0, 3.0, 4.0]}, r"covariate 'intercept'.*reserved"),
    ],
)
def test_bad_input_names_the_field(y: list[float], X: dict[str, list[float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fit(y, X)


def test_constant_covariate_over_the_rows_used_is_named() -> None:
    # 'b' varies only in the row that is left out for a missing y
    with pytest.raises(ValueError, match=r"covariate 'b' is constant \(1\) over the 4 rows used"):
        fit([1.0, 2.0, 3.0, 4.0, NAN], {"a": [1.0, 2.0, 3.0, 5.0, 4.0], "b": [1.0, 1.0, 1.0, 1.0, 9.0]})


def test_bad_weights_and_settings_are_named() -> None:
    y, X = [1.0, 2.0, 3.0, 4.0], {"a": [1.0, 2.0, 3.0, 5.0]}
    with pytest.raises(ValueError, match=r"weights: must be > 0; row 1"):
        fit(y, X, weights=[1.0, 0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"weights has 3 rows"):
        fit(y, X, weights=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"tuning"):
        fit(y, X, tuning=0.0)
    with pytest.raises(ValueError, match=r"max_iter"):
        fit(y, X, max_iter=0)


# --- prediction and performance ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> StructureModel:
    y, X, _ = _cities(seed=42)
    return fit(y, X)


def test_predict_uses_the_coefficients_and_ignores_other_columns(model: StructureModel) -> None:
    X = {"log_hdd": [0.0, 1.0], "log_density": [0.0, 0.5], "grid": [0.0, 0.2], "name_length": [4.0, 5.0]}
    b = model.coefficients
    expected = [b[INTERCEPT], b[INTERCEPT] + b["log_hdd"] + 0.5 * b["log_density"] + 0.2 * b["grid"]]
    assert predict(model, X) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match=r"covariate 'grid' of the model is missing"):
        predict(model, {"log_hdd": [0.0], "log_density": [0.0]})


def test_a_city_exactly_on_the_model_performs_at_ratio_one(model: StructureModel) -> None:
    X = {
        "log_hdd": np.array([0.9, 0.9, 0.3]),
        "log_density": np.array([0.7, 0.7, NAN]),
        "grid": np.array([0.4] * 3),
    }
    expected_log = predict(model, X)
    on_model = math.exp(expected_log[0])
    result = performance(model, [on_model, 2.0 * on_model, 5.0], X)
    assert result.ratio[0] == pytest.approx(1.0, abs=1e-12)
    assert result.percent[0] == pytest.approx(0.0, abs=1e-9)
    assert result.expected[0] == pytest.approx(on_model, rel=1e-12)
    assert result.ratio[1] == pytest.approx(2.0, rel=1e-12)
    assert result.percent[1] == pytest.approx(100.0, rel=1e-12)
    # the interval: residual +/- 1.96 sqrt(se_fit^2 + scale^2), in percent
    half = 1.959964 * math.sqrt(result.se_fit[0] ** 2 + model.scale**2)
    assert result.low_percent[0] == pytest.approx(100 * math.expm1(-half), rel=1e-6)
    assert result.high_percent[0] == pytest.approx(100 * math.expm1(half), rel=1e-6)
    assert 0 < result.se_fit[0] < model.scale  # 2,000 cities pin the model down better than one city
    assert result.within_expected.tolist() == [True, False, False]  # doubling is > 4 scales away
    assert math.isnan(result.ratio[2])  # density unknown: no comparison


def test_performance_rejects_non_positive_emissions(model: StructureModel) -> None:
    X = {"log_hdd": [0.9, 0.9], "log_density": [0.7, 0.7], "grid": [0.4, 0.4]}
    with pytest.raises(ValueError, match=r"y: .*row 1"):
        performance(model, [1.0, 0.0], X)
    with pytest.raises(ValueError, match=r"y has 3 rows"):
        performance(model, [1.0, 2.0, 3.0], X)


# --- explaining a gap -------------------------------------------------------------------------------


def _exact_model() -> StructureModel:
    """log y = 1 + 0.5 log_hdd + 0.1 log_cdd + 0.8 grid - 0.3 log_density, exactly."""
    rng = np.random.default_rng(0)
    X = {name: rng.normal(size=50) for name in ("log_hdd", "log_cdd", "grid", "log_density")}
    log_y = 1.0 + 0.5 * X["log_hdd"] + 0.1 * X["log_cdd"] + 0.8 * X["grid"] - 0.3 * X["log_density"]
    return fit(np.exp(log_y), X)


GROUPS = {"climate": ["log_hdd", "log_cdd"], "the national grid": ["grid"]}
PEERS = {"log_hdd": 0.0, "log_cdd": 0.0, "grid": 0.5, "log_density": 1.0}


def _city_for(percent_points: dict[str, float], total_percent: float) -> tuple[dict[str, float], float]:
    """A city whose gap splits into the given percentage points (proportional allocation)."""
    total_log = math.log1p(total_percent / 100)
    per_point = total_log / total_percent
    city = dict(PEERS)
    city["log_hdd"] += percent_points["climate"] * per_point / 0.5
    city["grid"] += percent_points["grid"] * per_point / 0.8
    city["log_density"] -= percent_points["density"] * per_point / 0.3
    reference_log = 1.0 + 0.8 * 0.5 - 0.3 * 1.0
    return city, reference_log + total_log


def test_gap_parts_add_up_and_read_as_a_sentence() -> None:
    model = _exact_model()
    city, actual_log = _city_for({"climate": 12.0, "grid": 10.0, "density": 0.0}, total_percent=30.0)
    gap = explain_gap(model, city, PEERS, actual_log, GROUPS)
    assert gap.total_percent == pytest.approx(30.0, rel=1e-9)
    assert math.fsum([*(p.log_points for p in gap.parts), gap.local.log_points]) == pytest.approx(
        gap.total_log, abs=1e-14
    )
    assert math.fsum([*(p.percent_points for p in gap.parts), gap.local.percent_points]) == pytest.approx(
        gap.total_percent, abs=1e-9
    )
    assert [p.name for p in gap.parts] == ["climate", "the national grid", "log_density"]
    assert gap.parts[0].covariates == ("log_hdd", "log_cdd")
    assert [p.percent_points for p in gap.parts] == pytest.approx([12.0, 10.0, 0.0], abs=1e-9)
    assert gap.local.percent_points == pytest.approx(8.0, abs=1e-9)
    assert gap.sentence == (
        "30% above the average of its peers; climate explains 12 points, the national grid 10, "
        "log_density 0, the rest (8 points) is local"
    )
    # the city's own expected level: the reference's plus the framework conditions' part
    assert gap.expected_log - gap.reference_log == pytest.approx(math.fsum(p.log_points for p in gap.parts))


def test_gap_below_peers_with_a_condition_pulling_the_other_way() -> None:
    model = _exact_model()
    groups = {**GROUPS, "density": ["log_density"]}
    city, actual_log = _city_for({"climate": -25.0, "grid": 5.0, "density": -3.0}, total_percent=-20.0)
    gap = explain_gap(model, city, PEERS, actual_log, groups, reference_label="cities like it")
    assert gap.local.percent_points == pytest.approx(3.0, abs=1e-9)
    assert gap.sentence == (
        "20% below cities like it; climate explains 25 points, the national grid -5, density 3, "
        "the rest (-3 points) is local"
    )


def test_rounded_points_still_add_up_to_the_rounded_total() -> None:
    model = _exact_model()
    city, actual_log = _city_for({"climate": 10.3, "grid": 10.4, "density": 10.45}, total_percent=32.0)
    gap = explain_gap(model, city, PEERS, actual_log, {"climate": ["log_hdd", "log_cdd"]})
    # 10.3 + 10.4 + 10.45 + 0.85 = 32; each rounded alone: 10 + 10 + 10 + 1 = 31. The largest
    # remainders (local 0.85, then density 0.45) get the two points that rounding down left over.
    assert gap.sentence == (
        "32% above the average of its peers; climate explains 10 points, grid 10, log_density 11, "
        "the rest (1 point) is local"
    )


def test_gap_with_no_total_still_splits_into_points() -> None:
    model = _exact_model()
    city = {**PEERS, "log_hdd": 0.2}  # colder: +0.1 log points, all offset locally
    reference_log = float(predict(model, {name: [value] for name, value in PEERS.items()})[0])
    gap = explain_gap(model, city, PEERS, reference_log, GROUPS)
    assert gap.total_log == 0.0 and gap.total_percent == 0.0
    assert gap.parts[0].percent_points == pytest.approx(10.0, rel=1e-9)
    assert gap.local.percent_points == pytest.approx(-10.0, rel=1e-9)
    assert gap.sentence == (
        "level with the average of its peers; climate explains +10 points, the national grid +0, "
        "log_density +0, the rest (-10 points) is local"
    )


def test_gap_without_conditions_is_all_local() -> None:
    model = fit(np.exp([1.0, 1.2, 0.8, 1.1]), {})
    gap = explain_gap(model, {}, {}, float(model.coef[0]) + math.log(1.5))
    assert gap.parts == ()
    assert gap.sentence == "50% above the average of its peers; all of it (50 points) is local"


def test_gap_bad_input_is_named() -> None:
    model = _exact_model()
    with pytest.raises(ValueError, match=r"city: covariate 'grid' of the model is missing"):
        explain_gap(model, {"log_hdd": 0.0, "log_cdd": 0.0, "log_density": 0.0}, PEERS, 1.0)
    with pytest.raises(ValueError, match=r"reference: covariate 'log_cdd' must be a finite number"):
        explain_gap(model, PEERS, {**PEERS, "log_cdd": NAN}, 1.0)
    with pytest.raises(ValueError, match=r"groups: 'climate' names covariate 'log_hd'"):
        explain_gap(model, PEERS, PEERS, 1.0, {"climate": ["log_hd"]})
    with pytest.raises(ValueError, match=r"covariate 'grid' is in both 'a' and 'b'"):
        explain_gap(model, PEERS, PEERS, 1.0, {"a": ["grid"], "b": ["grid"]})
    with pytest.raises(ValueError, match=r"actual_log_y"):
        explain_gap(model, PEERS, PEERS, NAN)


def test_gap_against_the_peers_actual_geometric_mean() -> None:
    model = _exact_model()
    # Three peers at known conditions with their own local parts (residuals) +0.2, -0.1 and +0.2.
    peers = [
        {"log_hdd": 1.0, "log_cdd": 0.0, "grid": 0.2, "log_density": 1.0},
        {"log_hdd": 0.0, "log_cdd": 1.0, "grid": 0.6, "log_density": 0.5},
        {"log_hdd": -1.0, "log_cdd": 2.0, "grid": 0.7, "log_density": 1.5},
    ]
    residuals = [0.2, -0.1, 0.2]

    def log_level(x: dict[str, float]) -> float:
        return 1.0 + 0.5 * x["log_hdd"] + 0.1 * x["log_cdd"] + 0.8 * x["grid"] - 0.3 * x["log_density"]

    peer_logs = [log_level(x) + r for x, r in zip(peers, residuals, strict=True)]
    mean = {k: sum(p[k] for p in peers) / 3 for k in peers[0]}
    city = {"log_hdd": 0.5, "log_cdd": 0.5, "grid": 0.9, "log_density": 1.0}
    actual = log_level(city) + 0.4  # the city's own residual
    gap = explain_gap(model, city, mean, actual, GROUPS, reference_residual=sum(residuals) / 3)
    assert gap.reference_log == pytest.approx(sum(peer_logs) / 3, abs=1e-9)  # their geometric mean
    assert gap.total_log == pytest.approx(actual - sum(peer_logs) / 3, abs=1e-9)
    assert gap.local.log_points == pytest.approx(0.4 - 0.1, abs=1e-9)  # own residual minus the peers' mean
    with pytest.raises(ValueError, match="reference_residual"):
        explain_gap(model, city, mean, actual, GROUPS, reference_residual=float("nan"))
