"""Structure-adjusted comparison: what do cities like this one emit per person?

A robust log-linear model of per-capita emissions on framework conditions,

    log y_i = b_0 + sum_k b_k x_ik + e_i,

fitted by Huber M-estimation, so that a few gross errors in reported inventories (a wrong unit, a
missing sector) do not bend the comparison for everyone else. The caller passes covariates already
transformed (log heating degree days, log population, log density, log GDP per capita, grid intensity
in kg/kWh, country or region dummies); the intercept is added here.

Estimation (iteratively reweighted least squares, vectorized over all rows):

1. Start from ordinary least squares.
2. Each iteration: robust scale s = MAD / 0.6745 with MAD = median |r_i| (residuals about zero, as
   statsmodels' RLM does); standardized residuals u_i = r_i / s; Huber weights
   w_i = min(1, c / |u_i|) with c = 1.345 (95 % efficiency under normal errors); weighted least
   squares gives the next coefficients.
3. Stop when no coefficient moves by more than ``tol * (1 + max |b|)`` (coefficients on the
   internally centred and scaled covariates, so the test does not depend on their units), or after
   ``max_iter`` iterations (then ``converged`` is false). The reported scale and weights are those
   of the final residuals.

If more than half the residuals are exactly zero (MAD = 0) but not all, the scale falls back to the
root mean square residual; if every residual is zero the fit is exact, the scale is 0, every weight 1
and the standard errors 0.

Optional ``weights`` are precision weights as in weighted least squares (residual variance
proportional to 1 / weight): the rows are multiplied by sqrt(weight) and the Huber fit runs on the
transformed rows. The reported scale is that of a row of weight 1.

Standard errors: Huber's (Robust Statistics, 1981, ch. 7) asymptotic covariance with his
small-sample correction, the one statsmodels' RLM calls "H1" (its default):

    V = K^2 * [sum psi(u_i)^2 / (n - p)] * s^2 / m^2 * (X'X)^-1,
    m = mean psi'(u_i),  K = 1 + (p / n) * var psi'(u_i) / m^2,

with psi(u) = clip(u, -c, c) and psi'(u) = 1 where |u| <= c, else 0. 95 % intervals are
b +/- 1.959964 * se (asymptotic normality).

Pseudo-R^2: 1 - (s / s_y)^2, with s the robust residual scale above and s_y = MAD(log y) / 0.6745
(median absolute deviation about the median). It is the ordinary R^2 = 1 - var(residual) / var(log y)
with both standard deviations replaced by their robust (MAD) counterparts, so on clean normal data it
agrees with the least-squares R^2, and a handful of outliers cannot move it much. It is at most 1 and
can be negative for a useless model. With precision weights both medians are weighted medians.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Column = npt.ArrayLike | Sequence[float | None]  # one value per row; None or NaN where missing

INTERCEPT: Final = "intercept"
HUBER_C: Final = 1.345
MAD_NORMAL: Final = 0.6744897501960817  # Phi^-1(3/4) = median |Z| of a standard normal Z, "0.6745"
Z_95: Final = 1.959963984540054
OUTLIER_WEIGHT: Final = 0.5  # rows whose final Huber weight is below this are reported as outliers


@dataclass(frozen=True)
class StructureModel:
    """A fitted robust log-linear model. Arrays over parameters follow ``names`` (intercept first);
    arrays over rows follow the rows given to :func:`fit` (NaN for rows left out)."""

    names: tuple[str, ...]
    coef: FloatArray
    se: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    cov: FloatArray  # H1 covariance of the coefficients
    scale: float  # robust residual scale of log y (MAD / 0.6745) for a row of weight 1
    pseudo_r2: float
    n_used: int
    n_left_out: int
    left_out_rows: tuple[int, ...]  # rows with a missing value in y, a covariate or the weights
    outlier_rows: tuple[int, ...]  # rows with final Huber weight < 0.5
    robust_weights: FloatArray  # final Huber weight per input row (NaN where left out)
    residuals: FloatArray  # log y - fitted, per input row (NaN where left out)
    iterations: int
    converged: bool
    tuning: float

    @property
    def covariates(self) -> tuple[str, ...]:
        return self.names[1:]

    @property
    def coefficients(self) -> dict[str, float]:
        return {name: float(b) for name, b in zip(self.names, self.coef, strict=True)}

    @property
    def standard_errors(self) -> dict[str, float]:
        return {name: float(e) for name, e in zip(self.names, self.se, strict=True)}

    @property
    def intervals(self) -> dict[str, tuple[float, float]]:
        return {
            name: (float(lo), float(hi))
            for name, lo, hi in zip(self.names, self.ci_low, self.ci_high, strict=True)
        }


@dataclass(frozen=True)
class Performance:
    """How each city compares with what cities like it emit (arrays per city; NaN where a value is missing).

    ``ratio`` = actual / expected = exp(residual); ``percent`` = 100 (ratio - 1); ``low_percent`` and
    ``high_percent`` bound the deviation at about 95 %: residual +/- 1.96 sqrt(se_fit^2 + scale^2),
    where se_fit is the standard error of the prediction (coefficient uncertainty) and scale the robust
    residual scale (how far cities like it scatter). ``within_expected`` is true where that interval
    holds 0, i.e. the city is within the usual scatter of cities like it.
    ``expected`` is exp(expected_log), the median per-capita emissions of cities like it (t CO2e/person).
    """

    expected_log: FloatArray
    expected: FloatArray
    ratio: FloatArray
    percent: FloatArray
    low_percent: FloatArray
    high_percent: FloatArray
    se_fit: FloatArray
    within_expected: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class GapPart:
    name: str
    covariates: tuple[str, ...]
    log_points: float  # sum of b_k (x_k,city - x_k,ref) over the part's covariates
    percent_points: float  # share of the total percentage gap (see explain_gap)


@dataclass(frozen=True)
class Gap:
    actual_log: float
    reference_log: float  # predicted log per-capita emissions of the reference
    expected_log: float  # predicted log per-capita emissions of the city
    total_log: float  # actual_log - reference_log
    total_percent: float  # 100 (exp(total_log) - 1): the gap in percent of the reference level
    parts: tuple[GapPart, ...]  # framework conditions, in the order of the groups, then ungrouped covariates
    local: GapPart  # the residual: what the conditions do not explain
    sentence: str


# --- input handling ---------------------------------------------------------------------------------


def _column(values: Column, field: str, *, scalar_ok: bool = False) -> FloatArray:
    try:
        array = np.asarray(values, dtype=np.float64)
        if scalar_ok:
            array = np.atleast_1d(array)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{field}: values must be numbers (or None/NaN where missing): {exc}") from exc
    if array.ndim != 1:
        raise ValueError(f"{field}: expected one value per row (1-D), got shape {array.shape}")
    return array


def _check_finite(values: FloatArray, field: str) -> None:
    bad = np.flatnonzero(np.isinf(values))
    if bad.size:
        raise ValueError(f"{field}: infinite value in row {int(bad[0])}; use NaN for a missing value")


def _covariate_names(X: Mapping[str, Column]) -> tuple[str, ...]:
    names = tuple(X)
    for name in names:
        if not isinstance(name, str) or not name:
            raise ValueError(f"covariate names must be non-empty strings, got {name!r}")
        if name == INTERCEPT:
            raise ValueError(f"covariate '{INTERCEPT}': the name is reserved; the intercept is added here")
    return names


def _weighted_median(values: FloatArray, weights: FloatArray) -> float:
    if np.all(weights == weights[0]):
        return float(np.median(values))
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    half = 0.5 * cumulative[-1]
    below = int(np.searchsorted(cumulative, half, side="left"))
    if math.isclose(float(cumulative[below]), float(half), rel_tol=1e-12) and below + 1 < values.size:
        return float(0.5 * (values[order[below]] + values[order[below + 1]]))
    return float(values[order[below]])


def _standardized_design(design: FloatArray, names: tuple[str, ...]) -> tuple[FloatArray, FloatArray]:
    """The design with covariates centred and scaled (intercept kept), and the matrix T with
    b = T g mapping coefficients g on the standardized design back to the original covariates.

    Raises ValueError naming the covariate when the model cannot be identified from these rows."""
    n, p = design.shape
    if n <= p:
        raise ValueError(
            f"rows: {n} rows with all values known, but the model has {p} parameters "
            f"({', '.join(names)}); it needs more rows than parameters"
        )
    for k in range(1, p):
        column = design[:, k]
        if np.ptp(column) == 0.0:
            raise ValueError(
                f"covariate '{names[k]}' is constant ({column[0]:g}) over the {n} rows used; "
                "the intercept already carries a constant: leave it out"
            )
    mean = design[:, 1:].mean(axis=0)
    spread = design[:, 1:].std(axis=0)
    standardized = design.copy()
    standardized[:, 1:] = (design[:, 1:] - mean) / spread
    gram = standardized.T @ standardized / n  # correlation matrix of the covariates, 1 for the intercept
    for k in range(2, p + 1):
        eigen = np.linalg.eigvalsh(gram[:k, :k])
        if eigen[0] <= 1e-10 * eigen[-1]:
            raise ValueError(
                f"covariate '{names[k - 1]}' is a linear combination of {', '.join(names[: k - 1])} "
                "(collinear); leave one of them out"
            )
    back = np.diag(np.concatenate(([1.0], 1.0 / spread)))
    back[0, 1:] = -mean / spread
    return standardized, back


# --- fitting ----------------------------------------------------------------------------------------


def _robust_scale(resid: FloatArray, n_params: int, exact: float) -> float:
    """MAD / 0.6745 of the residuals about zero; RMS if the MAD is 0; 0 for an exact fit."""
    mad_scale = float(np.median(np.abs(resid))) / MAD_NORMAL
    if mad_scale > exact:
        return mad_scale
    rms = math.sqrt(float(resid @ resid) / max(resid.size - n_params, 1))
    return rms if rms > exact else 0.0


def _wls(design: FloatArray, target: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted least squares by the normal equations (the design is standardized, so well conditioned)."""
    weighted = design * weights[:, None]
    coef: FloatArray = np.linalg.solve(weighted.T @ design, weighted.T @ target).astype(np.float64)
    return coef


def fit(
    y: Column,
    X: Mapping[str, Column],
    weights: Column | None = None,
    *,
    tuning: float = HUBER_C,
    tol: float = 1e-8,
    max_iter: int = 100,
) -> StructureModel:
    """Huber M-estimate of log(y) on the covariates in X (plus an intercept) by IRLS.

    y: per-capita emissions (t CO2e/person), > 0; NaN/None where unknown. X: covariate name -> column,
    already transformed. weights: optional precision weights (> 0). Rows with a missing value anywhere
    are left out and counted. Raises ValueError naming the field for bad input.
    """
    if not tuning > 0:
        raise ValueError(f"tuning: must be > 0, got {tuning}")
    if not tol > 0:
        raise ValueError(f"tol: must be > 0, got {tol}")
    if max_iter < 1:
        raise ValueError(f"max_iter: must be at least 1, got {max_iter}")

    y_arr = _column(y, "y")
    n_rows = y_arr.size
    _check_finite(y_arr, "y")
    bad = np.flatnonzero(y_arr <= 0)
    if bad.size:
        raise ValueError(
            f"y: per-capita emissions must be > 0 (the model is on log y); row {int(bad[0])} is "
            f"{y_arr[bad[0]]:g} ({bad.size} such rows)"
        )
    names = _covariate_names(X)
    columns = []
    for name in names:
        column = _column(X[name], f"covariate '{name}'")
        if column.size != n_rows:
            raise ValueError(f"covariate '{name}' has {column.size} rows, y has {n_rows}")
        _check_finite(column, f"covariate '{name}'")
        columns.append(column)
    if weights is None:
        w_arr = np.ones(n_rows)
    else:
        w_arr = _column(weights, "weights")
        if w_arr.size != n_rows:
            raise ValueError(f"weights has {w_arr.size} rows, y has {n_rows}")
        _check_finite(w_arr, "weights")
        bad = np.flatnonzero(w_arr <= 0)
        if bad.size:
            raise ValueError(f"weights: must be > 0; row {int(bad[0])} is {w_arr[bad[0]]:g}")

    full = np.column_stack([np.ones(n_rows), *columns]) if columns else np.ones((n_rows, 1))
    used = np.isfinite(y_arr) & np.isfinite(w_arr) & np.isfinite(full).all(axis=1)
    all_names = (INTERCEPT, *names)
    design = full[used]
    standardized, back = _standardized_design(design, all_names)
    n, p = design.shape

    # The fit runs on standardized covariates (coefficients g, b = back @ g) and on sqrt(w)-scaled rows
    # (precision weights); residuals and scale do not depend on the standardization.
    root_w = np.sqrt(w_arr[used])
    log_y = np.log(y_arr[used])
    xt = standardized * root_w[:, None]
    yt = log_y * root_w
    exact = 1e-12 * max(1.0, float(np.max(np.abs(yt))))

    coef = _wls(xt, yt, np.ones(n))
    resid: FloatArray = yt - xt @ coef
    iterations = 0
    converged = False
    while iterations < max_iter:
        scale = _robust_scale(resid, p, exact)
        if scale == 0.0:
            converged = True
            break
        iterations += 1
        huber = tuning / np.maximum(np.abs(resid) / scale, tuning)
        new = _wls(xt, yt, huber)
        step = float(np.max(np.abs(new - coef)))
        coef = new
        resid = yt - xt @ coef
        if step <= tol * (1.0 + float(np.max(np.abs(coef)))):
            converged = True
            break

    scale = _robust_scale(resid, p, exact)
    xtx_inv = np.linalg.inv(xt.T @ xt)
    if scale == 0.0:
        huber = np.ones(n)
        cov = np.zeros((p, p))
    else:
        u = resid / scale
        huber = tuning / np.maximum(np.abs(u), tuning)
        psi = np.clip(u, -tuning, tuning)
        psi_prime = (np.abs(u) <= tuning).astype(np.float64)
        m = float(psi_prime.mean())
        if m == 0.0:
            raise ValueError("rows: no residual lies within the Huber band; the fit did not settle")
        k = 1.0 + p / n * float(psi_prime.var()) / m**2
        cov = k**2 * (float(psi @ psi) / (n - p)) * scale**2 / m**2 * xtx_inv
    coef = back @ coef
    cov = back @ cov @ back.T
    se = np.sqrt(np.diag(cov))

    raw_resid = log_y - design @ coef
    w_used = w_arr[used]
    centre = _weighted_median(log_y, w_used)
    spread_y = _weighted_median(np.abs(log_y - centre), w_used) / MAD_NORMAL
    spread_r = _weighted_median(np.abs(raw_resid), w_used) / MAD_NORMAL if scale > 0 else 0.0
    pseudo_r2 = 1.0 - (spread_r / spread_y) ** 2 if spread_y > 0 else float("nan")

    rows = np.flatnonzero(used)
    robust_weights = np.full(n_rows, np.nan)
    robust_weights[used] = huber
    residuals = np.full(n_rows, np.nan)
    residuals[used] = raw_resid
    return StructureModel(
        names=all_names,
        coef=coef,
        se=se,
        ci_low=coef - Z_95 * se,
        ci_high=coef + Z_95 * se,
        cov=cov,
        scale=scale,
        pseudo_r2=pseudo_r2,
        n_used=n,
        n_left_out=n_rows - n,
        left_out_rows=tuple(int(i) for i in np.flatnonzero(~used)),
        outlier_rows=tuple(int(i) for i in rows[huber < OUTLIER_WEIGHT]),
        robust_weights=robust_weights,
        residuals=residuals,
        iterations=iterations,
        converged=converged,
        tuning=tuning,
    )


# --- using the model --------------------------------------------------------------------------------


def _design(model: StructureModel, X: Mapping[str, Column], field: str) -> FloatArray:
    columns = []
    for name in model.covariates:
        if name not in X:
            raise ValueError(f"{field}: covariate '{name}' of the model is missing")
        columns.append(_column(X[name], f"{field}: covariate '{name}'", scalar_ok=True))
    n = columns[0].size if columns else 1
    for name, column in zip(model.covariates, columns, strict=True):
        if column.size != n:
            raise ValueError(f"{field}: covariate '{name}' has {column.size} rows, expected {n}")
        _check_finite(column, f"{field}: covariate '{name}'")
    return np.column_stack([np.ones(n), *columns]) if columns else np.ones((n, 1))


def predict(model: StructureModel, X: Mapping[str, Column]) -> FloatArray:
    """Expected log per-capita emissions for each row of X (NaN where a covariate is missing).
    Covariates in X that the model does not use are ignored."""
    prediction: FloatArray = _design(model, X, "X") @ model.coef
    return prediction


def performance(model: StructureModel, y: Column, X: Mapping[str, Column]) -> Performance:
    """Each city's per-capita emissions against what cities like it emit (see :class:`Performance`)."""
    design = _design(model, X, "X")
    y_arr = _column(y, "y", scalar_ok=True)
    if y_arr.size != design.shape[0]:
        raise ValueError(f"y has {y_arr.size} rows, the covariates {design.shape[0]}")
    _check_finite(y_arr, "y")
    bad = np.flatnonzero(y_arr <= 0)
    if bad.size:
        raise ValueError(f"y: per-capita emissions must be > 0; row {int(bad[0])} is {y_arr[bad[0]]:g}")
    expected_log = design @ model.coef
    se_fit = np.sqrt(np.einsum("ij,jk,ik->i", design, model.cov, design))
    resid = np.log(y_arr) - expected_log
    half = Z_95 * np.sqrt(se_fit**2 + model.scale**2)
    with np.errstate(invalid="ignore"):
        within = np.abs(resid) <= half
    return Performance(
        expected_log=expected_log,
        expected=np.exp(expected_log),
        ratio=np.exp(resid),
        percent=100.0 * np.expm1(resid),
        low_percent=100.0 * np.expm1(resid - half),
        high_percent=100.0 * np.expm1(resid + half),
        se_fit=se_fit,
        within_expected=within,
    )


# --- explaining a gap -------------------------------------------------------------------------------


def _point(model: StructureModel, values: Mapping[str, float], field: str) -> FloatArray:
    point = np.empty(len(model.covariates))
    for k, name in enumerate(model.covariates):
        if name not in values:
            raise ValueError(f"{field}: covariate '{name}' of the model is missing")
        value = float(values[name])
        if not math.isfinite(value):
            raise ValueError(f"{field}: covariate '{name}' must be a finite number, got {value}")
        point[k] = value
    return point


def _rounded_parts(values: Sequence[float], target: int) -> list[int]:
    """Integers near `values` that add up to `target` (largest remainder)."""
    floors = [math.floor(v) for v in values]
    short = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: values[i] - floors[i], reverse=True)
    for i in order[: max(short, 0)]:
        floors[i] += 1
    return floors


def _sentence(gap_percent: float, parts: Sequence[GapPart], local: GapPart, reference_label: str) -> str:
    direction = 1.0 if gap_percent >= 0 else -1.0
    total = math.floor(abs(gap_percent) + 0.5)
    shown = _rounded_parts([direction * p.percent_points for p in (*parts, local)], total)
    if total == 0:
        head = f"level with {reference_label}"
        text = [f"{v:+d}" for v in shown]
    else:
        head = f"{total}% {'above' if direction > 0 else 'below'} {reference_label}"
        text = [f"{v:d}" for v in shown]
    local_text = f"{text[-1]} point{'' if abs(shown[-1]) == 1 else 's'}"
    if not parts:
        return f"{head}; all of it ({local_text}) is local"
    explained = [f"{parts[0].name} explains {text[0]} point{'' if abs(shown[0]) == 1 else 's'}"]
    explained += [f"{part.name} {value}" for part, value in zip(parts[1:], text[1:-1], strict=True)]
    return f"{head}; {', '.join(explained)}, the rest ({local_text}) is local"


def explain_gap(
    model: StructureModel,
    city: Mapping[str, float],
    reference: Mapping[str, float],
    actual_log_y: float,
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    reference_label: str = "the average of its peers",
    reference_residual: float = 0.0,
) -> Gap:
    """Split the gap between a city's log per-capita emissions and the reference's predicted level.

    With ``reference_residual`` the reference level is predict(reference) + reference_residual. Given
    the peers' mean covariates and their mean residual, that is exactly the peers' mean log emissions
    (the model is linear), i.e. their geometric mean; the local part is then the city's residual minus
    the peers' mean residual: what the city does differently from its peers beyond its conditions.

    Gap = actual_log_y - predict(reference) = sum_k b_k (x_k,city - x_k,ref) + local, where local is the
    city's residual. Covariates are summed within the named ``groups`` (e.g. {"climate": ["log_hdd",
    "log_cdd"]}); a covariate in no group is a part of its own. The log parts and the local part add up
    to the total log gap (the local part is computed as the remainder).

    Percentage points: the total gap in percent of the reference level is 100 (exp(total_log) - 1).
    Each part gets the same share of it as of the log gap (proportional allocation): part_pct =
    part_log * 100 (exp(t) - 1) / t, with t the total log gap (the factor is 100 as t -> 0), so the parts
    add up to the total percentage. The sentence rounds the points to integers that still add up to the
    rounded total (largest remainder); points are counted in the direction of the gap, so a condition
    pulling the other way shows as negative.
    """
    if not math.isfinite(actual_log_y):
        raise ValueError(f"actual_log_y: must be a finite number, got {actual_log_y}")
    x_city = _point(model, city, "city")
    x_ref = _point(model, reference, "reference")
    beta = model.coef[1:]
    contributions = beta * (x_city - x_ref)
    if not math.isfinite(reference_residual):
        raise ValueError(f"reference_residual: must be a finite number, got {reference_residual}")
    reference_log = float(model.coef[0] + beta @ x_ref) + reference_residual
    expected_log = float(model.coef[0] + beta @ x_city)
    total_log = actual_log_y - reference_log

    covariates = model.covariates
    index = {name: k for k, name in enumerate(covariates)}
    grouping: list[tuple[str, tuple[str, ...]]] = []
    seen: dict[str, str] = {}
    for group, members in (groups or {}).items():
        if group == "local":
            raise ValueError("groups: 'local' is reserved for the unexplained part")
        members_tuple = (members,) if isinstance(members, str) else tuple(members)
        for name in members_tuple:
            if name not in index:
                raise ValueError(f"groups: '{group}' names covariate '{name}', which the model does not have")
            if name in seen:
                raise ValueError(f"groups: covariate '{name}' is in both '{seen[name]}' and '{group}'")
            seen[name] = group
        grouping.append((group, members_tuple))
    grouping += [(name, (name,)) for name in covariates if name not in seen]

    part_logs = [math.fsum(float(contributions[index[m]]) for m in members) for _, members in grouping]
    local_log = total_log - math.fsum(part_logs)
    factor = 100.0 * (math.expm1(total_log) / total_log if total_log != 0.0 else 1.0)
    parts = tuple(
        GapPart(name, members, log_points, log_points * factor)
        for (name, members), log_points in zip(grouping, part_logs, strict=True)
    )
    local = GapPart("local", (), local_log, local_log * factor)
    total_percent = 100.0 * math.expm1(total_log)
    return Gap(
        actual_log=float(actual_log_y),
        reference_log=reference_log,
        expected_log=expected_log,
        total_log=total_log,
        total_percent=total_percent,
        parts=parts,
        local=local,
        sentence=_sentence(total_percent, parts, local, reference_label),
    )
