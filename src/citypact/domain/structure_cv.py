"""Which expected level to trust: candidate models judged out of sample, and the chosen one.

A city's "expected" per-capita emissions are only worth showing if they predict cities the model has
not seen better than the plainest guess, the median of the city's own country. So the candidates are
judged by repeated k-fold cross-validation (folds stratified by world region), all on the same folds:

* ``country_median``: the median log per-capita emissions of the city's country in the training
  folds; a country with no training city takes its region's median, then the overall median.
* ``region_median``: the same by world region.
* a structure model (:func:`citypact.domain.structure_fit.fit`, Huber) on a set of covariates,
  optionally with ``pooled`` country effects: the training residuals' country means shrunk toward
  zero by empirical Bayes (James-Stein): effect_c = B_c * mean_c with B_c = tau^2 / (tau^2 + s^2/n_c),
  s^2 the pooled within-country residual variance and tau^2 = max(0, var(mean_c) - mean(s^2/n_c))
  (var with n - 1)
  the between-country variance (method of moments). A small country moves its cities little, a large
  one with a clear offset moves them fully: a random intercept for the country.
  Where a test city lacks a covariate the model cannot predict it, and the country median stands in
  (so every candidate predicts every city and the errors compare like with like).

Per repeat: out-of-sample R^2 = 1 - sum (log y - pred)^2 / sum (log y - mean log y)^2 over all cities,
and the median absolute log error (MdALE) = median |log y - pred|; both summarized over repeats as mean
and standard deviation. The choice follows the one-standard-error rule (Hastie, Tibshirani, Friedman,
The Elements of Statistical Learning, 7.10): the first of the country median, the region median and
the candidates (in the order given, simplest first) whose mean MdALE is within one standard deviation
of the lowest. So a model must beat the country median by more than the spread over repeats, else the
expected level is the country median. The chosen one's out-of-sample residuals (all repeats pooled)
give the 2.5 % and 97.5 % quantiles that bound the "usual scatter".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from citypact.domain.structure_fit import StructureModel, fit, predict

FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.str_]
COUNTRY_MEDIAN: Final = "country_median"
REGION_MEDIAN: Final = "region_median"
BASELINES: Final = (COUNTRY_MEDIAN, REGION_MEDIAN)
INTERVAL: Final = (0.025, 0.975)


@dataclass(frozen=True)
class Candidate:
    """A structure model to try: its covariates, and whether country effects are partially pooled."""

    name: str
    covariates: tuple[str, ...]
    pooled: bool = False


@dataclass(frozen=True)
class Score:
    """Out-of-sample figures of one candidate: per repeat, then mean and standard deviation."""

    name: str
    r2: tuple[float, ...]
    mdale: tuple[float, ...]

    @property
    def r2_mean(self) -> float:
        return float(np.mean(self.r2))

    @property
    def r2_sd(self) -> float:
        return float(np.std(self.r2, ddof=1)) if len(self.r2) > 1 else 0.0

    @property
    def mdale_mean(self) -> float:
        return float(np.mean(self.mdale))

    @property
    def mdale_sd(self) -> float:
        return float(np.std(self.mdale, ddof=1)) if len(self.mdale) > 1 else 0.0


@dataclass(frozen=True)
class CrossValidation:
    folds: int
    repeats: int
    seed: int
    cities: int
    scores: tuple[Score, ...]  # baselines first, then the candidates in the order given
    chosen: str
    # Paired differences to the country median (country MdALE - chosen MdALE) per repeat: the margin.
    margin: tuple[float, ...]
    residuals: FloatArray  # the chosen candidate's out-of-sample residuals, all repeats pooled

    def score(self, name: str) -> Score:
        return next(s for s in self.scores if s.name == name)

    @property
    def margin_mean(self) -> float:
        return float(np.mean(self.margin))

    @property
    def margin_sd(self) -> float:
        return float(np.std(self.margin, ddof=1)) if len(self.margin) > 1 else 0.0


_EMPTY: Final = CrossValidation(0, 0, 0, 0, (), "", (), np.empty(0))  # a fit not (yet) validated


@dataclass(frozen=True)
class ExpectedLevel:
    """The chosen way to say what a city's per-capita emissions are expected to be.

    ``model`` is None when a median was chosen. ``country_effect`` holds the shrunk country effects of
    a pooled model (log points). ``country_level`` and ``region_level`` are the median log levels per
    country and region, ``overall_level`` the overall one: where the model lacks a covariate of a city,
    or no model was chosen, the expected level is the city's country median, else its region's, else
    the overall median, exactly as in the cross-validation.
    ``interval`` holds the out-of-sample residual quantiles (2.5 %, 97.5 %)."""

    kind: str
    model: StructureModel | None
    country_effect: dict[str, float]
    country_level: dict[str, float]
    region_level: dict[str, float]
    overall_level: float
    interval: tuple[float, float]
    validation: CrossValidation

    def expected(
        self, X: Mapping[str, FloatArray], country: StrArray, region: StrArray
    ) -> tuple[FloatArray, StrArray]:
        """Expected log per-capita emissions per city, and its basis per city: "model",
        "country_median", "region_median" or "overall_median"."""
        country = np.asarray(country, dtype=str)
        region = np.asarray(region, dtype=str)
        n = country.size
        by_region = _lookup(region, self.region_level, math.nan)
        has_region = np.isfinite(by_region)
        level = np.where(has_region, by_region, self.overall_level)
        basis = np.where(has_region, "region_median", "overall_median")
        if self.kind != REGION_MEDIAN:
            by_country = _lookup(country, self.country_level, math.nan)
            has_country = np.isfinite(by_country)
            level = np.where(has_country, by_country, level)
            basis = np.where(has_country, "country_median", basis)
        if self.model is None:
            return level, basis
        columns = {k: np.asarray(X[k], dtype=np.float64).reshape(n) for k in self.model.covariates}
        known = np.ones(n, dtype=bool)
        for column in columns.values():
            known &= np.isfinite(column)
        if known.any():
            predicted = predict(self.model, {k: v[known] for k, v in columns.items()})
            level[known] = predicted + _lookup(country[known], self.country_effect, 0.0)
            basis = np.where(known, "model", basis)
        return level, basis

    def expected_log(self, X: Mapping[str, FloatArray], country: StrArray, region: StrArray) -> FloatArray:
        """Expected log per-capita emissions per city (see :meth:`expected`)."""
        return self.expected(X, country, region)[0]


def _lookup(keys: StrArray, table: Mapping[str, float], missing: float) -> FloatArray:
    return np.array([table.get(str(k), missing) for k in keys], dtype=np.float64)


def _medians(values: FloatArray, groups: StrArray) -> dict[str, float]:
    order = np.argsort(groups, kind="stable")
    keys, starts = np.unique(groups[order], return_index=True)
    parts = np.split(values[order], starts[1:])
    return {str(k): float(np.median(p)) for k, p in zip(keys, parts, strict=True) if k != ""}


def median_levels(
    log_y: FloatArray, country: StrArray, region: StrArray
) -> tuple[dict[str, float], dict[str, float], float]:
    """Median log level per country, per region and overall."""
    return _medians(log_y, country), _medians(log_y, region), float(np.median(log_y))


def shrunk_country_effects(residuals: FloatArray, country: StrArray) -> dict[str, float]:
    """Empirical-Bayes (James-Stein) shrinkage of each country's mean residual toward 0 (module doc)."""
    known = np.isfinite(residuals) & (country != "")
    r, c = residuals[known], country[known]
    if r.size < 2:
        return {}
    keys, inverse, counts = np.unique(c, return_inverse=True, return_counts=True)
    means = np.bincount(inverse, weights=r) / counts
    within = float(((r - means[inverse]) ** 2).sum()) / max(r.size - keys.size, 1)
    noise = within / counts
    tau2 = max(0.0, float(np.var(means, ddof=1)) - float(np.mean(noise))) if keys.size > 1 else 0.0
    factor = tau2 / (tau2 + noise) if tau2 > 0 else np.zeros(keys.size)
    return {str(k): float(f * m) for k, f, m in zip(keys, factor, means, strict=True)}


def stratified_folds(strata: StrArray, folds: int, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """A fold number per row, each stratum dealt round the folds in random order."""
    fold = np.empty(strata.size, dtype=np.int64)
    offset = 0
    for key in np.unique(strata):
        rows = np.flatnonzero(strata == key)
        rows = rows[rng.permutation(rows.size)]
        fold[rows] = (np.arange(rows.size) + offset) % folds
        offset += rows.size  # the next stratum continues where this one stopped, so folds stay even
    return fold


def fit_level(
    candidate: Candidate | str,
    log_y: FloatArray,
    X: Mapping[str, FloatArray],
    country: StrArray,
    region: StrArray,
    interval: tuple[float, float] = (math.nan, math.nan),
    validation: CrossValidation | None = None,
) -> ExpectedLevel:
    """Fit one candidate (or a baseline, by name) on these cities."""
    countries, regions, overall = median_levels(log_y, country, region)
    name = candidate if isinstance(candidate, str) else candidate.name
    model, effects = None, {}
    if isinstance(candidate, Candidate):
        model = fit(np.exp(log_y), {k: X[k] for k in candidate.covariates})
        effects = shrunk_country_effects(model.residuals, country) if candidate.pooled else {}
    return ExpectedLevel(name, model, effects, countries, regions, overall, interval, validation or _EMPTY)


def cross_validate(
    y: FloatArray,
    X: Mapping[str, FloatArray],
    country: Sequence[str] | StrArray,
    region: Sequence[str] | StrArray,
    candidates: Sequence[Candidate],
    *,
    folds: int = 5,
    repeats: int = 10,
    seed: int = 0,
) -> CrossValidation:
    """Repeated k-fold out-of-sample errors of the baselines and the candidates (module docstring).
    `y` per-capita emissions (> 0) per city; `country`/`region` codes ("" where unknown)."""
    y = np.asarray(y, dtype=np.float64)
    if y.size < folds * 2 or not np.all(np.isfinite(y) & (y > 0)):
        raise ValueError(f"y: needs at least {folds * 2} cities, each with per-capita emissions > 0")
    if folds < 2 or repeats < 1:
        raise ValueError(f"folds must be >= 2 and repeats >= 1, got {folds} and {repeats}")
    log_y = np.log(y)
    c = np.asarray(country, dtype=str)
    r = np.asarray(region, dtype=str)
    names = [*BASELINES, *(k.name for k in candidates)]
    r2: dict[str, list[float]] = {n: [] for n in names}
    mdale: dict[str, list[float]] = {n: [] for n in names}
    residuals: dict[str, list[FloatArray]] = {n: [] for n in names}
    specs: tuple[Candidate | str, ...] = (*BASELINES, *candidates)
    rng = np.random.default_rng(seed)
    total = float(((log_y - log_y.mean()) ** 2).sum())
    for _ in range(repeats):
        fold = stratified_folds(r, folds, rng)
        predictions = {n: np.empty(y.size) for n in names}
        for f in range(folds):
            test, train = fold == f, fold != f
            Xtr = {k: np.asarray(v, dtype=np.float64)[train] for k, v in X.items()}
            Xte = {k: np.asarray(v, dtype=np.float64)[test] for k, v in X.items()}
            args = (log_y[train], Xtr, c[train], r[train])
            for spec in specs:
                level = fit_level(spec, *args)
                predictions[level.kind][test] = level.expected_log(Xte, c[test], r[test])
        for n in names:
            error = log_y - predictions[n]
            r2[n].append(1.0 - float((error**2).sum()) / total)
            mdale[n].append(float(np.median(np.abs(error))))
            residuals[n].append(error)
    scores = tuple(Score(n, tuple(r2[n]), tuple(mdale[n])) for n in names)
    # One-standard-error rule: the first (simplest) of the country median, the region median and the
    # candidates in the order given whose mean error is within one spread of the best one's.
    best = min(scores, key=lambda s: s.mdale_mean)
    chosen = next(s.name for s in scores if s.mdale_mean <= best.mdale_mean + best.mdale_sd)
    country_score = scores[0]
    margin = tuple(a - b for a, b in zip(country_score.mdale, mdale[chosen], strict=True))
    return CrossValidation(
        folds, repeats, seed, int(y.size), scores, chosen, margin, np.concatenate(residuals[chosen])
    )


def choose(
    y: FloatArray,
    X: Mapping[str, FloatArray],
    country: Sequence[str] | StrArray,
    region: Sequence[str] | StrArray,
    candidates: Sequence[Candidate],
    *,
    folds: int = 5,
    repeats: int = 10,
    seed: int = 0,
) -> ExpectedLevel:
    """Cross-validate, then fit the chosen candidate on every city, with its out-of-sample interval."""
    validation = cross_validate(y, X, country, region, candidates, folds=folds, repeats=repeats, seed=seed)
    c, r = np.asarray(country, dtype=str), np.asarray(region, dtype=str)
    log_y = np.log(np.asarray(y, dtype=np.float64))
    spec: Candidate | str = next((k for k in candidates if k.name == validation.chosen), validation.chosen)
    low, high = np.quantile(validation.residuals, INTERVAL)
    return fit_level(spec, log_y, X, c, r, (float(low), float(high)), validation)
