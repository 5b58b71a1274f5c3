"""Partner matching: which cities suit one city as a peer, a mentor, a mentee or a neighbour (the
reasons of a suggestion and the figures behind them are domain/match_reasons.py).

Each signal scores a pair of cities from 0 (no affinity) to 1, and a goal weighs the signals:

- conditions: exp(-d / 2), d the Euclidean distance of the standardized framework conditions
  (domain.peers: size, density, heating and cooling degree days, GDP per person, national grid)
  over the conditions both cities know, scaled to all of them; 0 where they share fewer than
  MIN_SHARED (unknown never counts as average);
- ambition: exp(-|a_i - a_j| / 2), a the annual reduction (% a year) that the city's target asks for
  from its base year to its target year; 0 where either city has no target;
- strength (mentor): the evidence that the candidate is ahead of the asking city, 0-1, a weighted
  sum (MENTOR_EVIDENCE) of five parts, each 0-1, each 0 where the candidate has no such evidence
  (unknown is never "ahead"):
  - plan: in the fields where the asking city is weak (activity-profile field scores 0-4, weak <= 1),
    sum of max(0, s_j - s_i) over 4 x their number; an asking city without a plan has unknown
    fields, so the share of fields where the candidate is strong (>= 3) counts instead;
  - cases: the candidate's published best-practice cases in the fields the asking city needs (weak,
    or, when its plan is unknown, those it published no case in itself), min(1, cases / CASES_FULL);
  - target: how much more the candidate's target asks a year, min(1, max(0, a_j - a_i) / 5 points),
    a_i = 0 where the asking city has no target;
  - trend: how much faster its emissions fall, min(1, max(0, t_i - t_j) / 5 points a year), t_i = 0
    where unknown;
  - performance: how far further below what its framework conditions lead to expect it emits,
    min(1, max(0, p_i - p_j) / 50 points), p_i = 0 where unknown.
  A fresh install has no action plans, but published cases, targets, trends and structure-adjusted
  performance, so mentors are found from those. Mentee is the same with the roles turned round;
- language: a shared official language of the two countries; network: a shared network;
- country_ties: the twinning tradition between the two countries, log(1 + their twin links) over
  the log of the strongest pair's (German and French towns, say, twin far more than most);
- distance: exp(-km / L), L = 300 km for neighbours and 2,000 km otherwise;
- same_region: the same first-level administrative area (neighbours);
- twin and past_work: an existing twin-town link, an earlier partnership (added per pair);
- popularity: how open the candidate is to partnerships, log(1 + its twin links) over the log of the
  most-twinned city's (the same for every asking city: it orders candidates, not pairs).

A goal's score is the weighted sum over its signals divided by the sum of the weights, so it stays in
[0, 1]; a secretariat may pass its own weights. A city is never its own partner.

All cities at once: scores are computed for blocks of rows against every city (matrix products for
the conditions, the distance (3-D unit vectors: the chord stands in for the arc, which it matches
within 2.5 % up to 5,000 km, and the score of farther pairs is nil anyway) and the strengths), so
20,000 x 20,000 pairs need no Python loop per pair.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from citypact.domain.geo import EARTH_RADIUS_KM
from citypact.domain.peers import MIN_SHARED, Conditions, standardized

FloatArray = npt.NDArray[np.float64]
Block = npt.NDArray[np.floating[Any]]  # signals and scores of a block of rows x every city (float32)
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SIGNALS: Final = (
    "conditions", "ambition", "strength", "language", "network", "country_ties", "distance", "same_region",
    "twin", "past_work", "popularity",
)  # fmt: skip
GOALS: Final[Mapping[str, Mapping[str, float]]] = {
    # Chosen by recall of hidden twin links on a validation split (docs/matching.md): the old weights
    # (conditions 0.35, ambition 0.2, ...) found 0.6 %, these 3.7 %; popularity and country ties carry
    # most of it, conditions and ambition stay for what twin links cannot show.
    "peer": {"conditions": 0.15, "ambition": 0.1, "language": 0.05, "network": 0.05, "distance": 0.15,
             "country_ties": 0.2, "twin": 0.05, "past_work": 0.05, "popularity": 0.2},
    "mentor": {"strength": 0.5, "conditions": 0.2, "language": 0.1, "network": 0.1, "distance": 0.05,
               "past_work": 0.05},
    "mentee": {"strength": 0.5, "conditions": 0.2, "language": 0.1, "network": 0.1, "distance": 0.05,
               "past_work": 0.05},
    "neighbour": {"distance": 0.6, "same_region": 0.15, "conditions": 0.1, "network": 0.1, "language": 0.05},
}  # fmt: skip
NEIGHBOUR_KM: Final = 300.0
FAR_KM: Final = 2_000.0
WEAK_MAX: Final = 1.0  # a field scored 0 or 1 is weak, as in the activity profile
MAX_FIELD_SCORE: Final = 4.0
STRONG_MIN: Final = 3.0  # a field scored 3 or 4 is strong, as in the activity profile
# The parts of a mentor's evidence (see the module docstring) and their weights (sum 1): the plan and
# the cases name a field of action; target, trend and performance speak of the whole city.
MENTOR_EVIDENCE: Final[Mapping[str, float]] = {
    "plan": 0.3, "cases": 0.25, "target": 0.15, "trend": 0.15, "performance": 0.15,
}  # fmt: skip
CASES_FULL: Final = 3.0  # published cases in the needed fields that count as full evidence
TARGET_FULL: Final = 5.0  # % a year more ambition that counts as full evidence
TREND_FULL: Final = 5.0  # % a year faster fall
PERFORMANCE_FULL: Final = 50.0  # percentage points further below the expected level
BLOCK: Final = 256
SAMPLE: Final = 1_000  # columns sampled per row to bound its k-th best score


@dataclass(frozen=True)
class MatchTable:
    """Everything the matcher knows of many cities, as columns; rows follow ``conditions.ids``."""

    conditions: Conditions
    lat: FloatArray
    lon: FloatArray
    region: npt.NDArray[np.str_]  # first-level administrative area ("" where unknown)
    languages: npt.NDArray[np.uint64]  # bit set of official languages (see bit_sets)
    networks: npt.NDArray[np.uint64]  # bit set of networks
    ambition: FloatArray  # % reduction a year the target asks for; NaN without a target
    fields: FloatArray  # cities x fields, activity-profile scores 0-4; NaN without an action plan
    field_names: tuple[str, ...]
    links: Mapping[str, Mapping[int, frozenset[int]]] = field(default_factory=dict)  # twin, past_work
    trend: FloatArray | None = None  # % change of emissions a year; NaN (or None: all) unknown
    performance: FloatArray | None = None  # % above (+) or below (-) the structure-expected level
    cases: FloatArray | None = None  # cities x fields, published best-practice cases (None: none)
    # Derived once, in the shapes the blocks need (float32 halves the memory traffic of a block):
    z: FloatArray = field(init=False)  # standardized conditions
    _known: npt.NDArray[np.float32] = field(init=False, repr=False)  # 1 where a condition is known
    _pair_left: npt.NDArray[np.float32] = field(init=False, repr=False)  # see __post_init__
    _pair_right: npt.NDArray[np.float32] = field(init=False, repr=False)
    _unit: npt.NDArray[np.float64] = field(init=False, repr=False)  # 3-D unit vectors of the places
    _region: IntArray = field(init=False, repr=False)  # region codes, -1 where unknown
    _country: IntArray = field(init=False, repr=False)
    _ties: npt.NDArray[np.float32] = field(init=False, repr=False)  # country x country twinning ties
    _popularity: npt.NDArray[np.float32] = field(init=False, repr=False)  # per city, 0-1
    _with_ambition: IntArray = field(init=False, repr=False)
    _with_plan: IntArray = field(init=False, repr=False)
    _with_evidence: IntArray = field(init=False, repr=False)  # cities with anything a mentor shows

    def __post_init__(self) -> None:
        def keep(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        n = int(self.conditions.ids.size)
        for name in ("trend", "performance"):
            if getattr(self, name) is None:
                keep(name, np.full(n, np.nan))
        if self.cases is None:
            keep("cases", np.zeros((n, len(self.field_names))))
        assert self.trend is not None and self.performance is not None and self.cases is not None

        matrix = self.conditions.matrix()
        z = standardized(matrix)  # 0 where unknown
        keep("z", z)
        z32, known = z.astype(np.float32), np.isfinite(matrix).astype(np.float32)
        keep("_known", known)
        # Sum over the conditions both cities know of (a - b)^2 = a^2 K_b + K_a b^2 - 2 a b, with z
        # 0 where unknown: one product of [-2a, a^2, K_a] and [b, K_b, b^2] (signal_block).
        keep("_pair_left", np.hstack([-2.0 * z32, z32**2, known]))
        keep("_pair_right", np.hstack([z32, known, z32**2]))
        lat, lon = np.radians(self.lat), np.radians(self.lon)
        unit = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
        # float64: the chord of two near towns is 2 - 2 cos of a tiny angle, which float32 loses
        # (31 km came out 0.1 km off, enough to move a neighbour's score by 1e-4).
        keep("_unit", np.nan_to_num(unit))
        names, region = np.unique(self.region, return_inverse=True)
        keep("_region", np.where(self.region == "", -1, region).astype(np.int64))
        countries, country = np.unique(self.conditions.country, return_inverse=True)
        keep("_country", country.astype(np.int64))
        keep("_ties", country_ties(country.astype(np.int64), countries.size, self.links.get("twin", {})))
        degree = np.zeros(n)
        for r, others in self.links.get("twin", {}).items():
            degree[r] = len(others)
        peak = degree.max() if n else 0.0
        keep("_popularity", (np.log1p(degree) / np.log1p(peak) if peak > 0 else degree).astype(np.float32))
        keep("_with_ambition", np.flatnonzero(np.isfinite(self.ambition)))
        keep("_with_plan", np.flatnonzero(np.isfinite(self.fields).any(axis=1)))
        evidence = (
            np.isfinite(self.fields).any(axis=1)
            | (self.cases.sum(axis=1) > 0)
            | np.isfinite(self.ambition)
            | np.isfinite(self.trend)
            | np.isfinite(self.performance)
        )
        keep("_with_evidence", np.flatnonzero(evidence))

    @property
    def size(self) -> int:
        return int(self.conditions.ids.size)

    def with_past_work(self, extra: Mapping[int, frozenset[int]]) -> MatchTable:
        """The same table with more past-work pairs (rows), e.g. the partnerships only one reader may
        see. The derived columns do not read past work, so they are kept, not computed again."""
        past = {r: frozenset(v) for r, v in self.links.get("past_work", {}).items()}
        for r, others in extra.items():
            past[r] = past.get(r, frozenset()) | others
            for o in others:
                past[o] = past.get(o, frozenset()) | {r}
        copied = copy.copy(self)
        object.__setattr__(copied, "links", {**self.links, "past_work": past})
        return copied

    def row(self, city_id: int) -> int:
        where = np.flatnonzero(self.conditions.ids == city_id)
        if where.size == 0:
            raise KeyError(f"city {city_id} is not in the matching table")
        return int(where[0])


def bit_sets(members: Sequence[Sequence[str]]) -> tuple[npt.NDArray[np.uint64], tuple[str, ...]]:
    """One 64-bit set per row of the labels it has (languages, networks); labels beyond the 64th
    share bits by their position modulo 64, which can only add a false 'shared' between two rarities."""
    labels = tuple(sorted({label for row in members for label in row}))
    bit = {label: np.uint64(1) << np.uint64(i % 64) for i, label in enumerate(labels)}
    out = np.zeros(len(members), dtype=np.uint64)
    for i, row in enumerate(members):
        for label in row:
            out[i] |= bit[label]
    return out, labels


# Reductions of 90 % or more are net-zero targets: at least 90 % of the emissions cut, the residual
# neutralised (the SBTi Corporate Net-Zero Standard's long-term level). They count as a 90 % cut, so
# that "net zero by 2045" is a steep yearly rate, not "100 % a year" (compound rates never reach 0).
NET_ZERO_CUT_PCT: Final = 90.0


def annual_ambition(reduction_pct: FloatArray, base_year: FloatArray, target_year: FloatArray) -> FloatArray:
    """% reduction a year that a target of `reduction_pct` from base to target year asks for
    (compound); a net-zero target (90 % or more) counts as a 90 % cut."""
    years = target_year - base_year
    with np.errstate(invalid="ignore", divide="ignore"):
        kept = 1.0 - np.minimum(reduction_pct, NET_ZERO_CUT_PCT) / 100.0
        rate = np.where(years > 0, (1.0 - kept ** (1.0 / years)) * 100.0, np.nan)
    out: FloatArray = np.where(np.isfinite(reduction_pct) & (years > 0), rate, np.nan)
    return out


def _strength(mentee: FloatArray, mentor: FloatArray) -> FloatArray:
    """strength[i, j]: how far mentor row j is above mentee row i in the mentee's weak fields, 0-1."""
    weak = np.isfinite(mentee) & (mentee <= WEAK_MAX)
    count = weak.sum(axis=1).astype(np.float64)
    level = np.where(weak, mentee, -1.0)
    known_mentor = np.nan_to_num(mentor, nan=-1.0)
    total = np.zeros((mentee.shape[0], mentor.shape[0]))
    # sum_f weak_if max(0, s_jf - s_if) = sum_v (weak & s_i == v) @ max(0, s_j - v)^T over levels v
    for v in (0.0, 1.0):
        chosen = (level == v).astype(np.float64)
        if chosen.any():
            total += chosen @ np.maximum(known_mentor - v, 0.0).T
    with np.errstate(invalid="ignore", divide="ignore"):
        score: FloatArray = np.where(count[:, None] > 0, total / (MAX_FIELD_SCORE * count[:, None]), 0.0)
    return score


def needed_fields(fields: FloatArray, cases: FloatArray) -> FloatArray:
    """1 for the fields a city needs help in: its weak ones, or, when its plan is unknown, those in
    which it has published no case of its own."""
    planned = np.asarray(np.isfinite(fields).any(axis=1), dtype=bool)
    weak = np.isfinite(fields) & (fields <= WEAK_MAX)
    out: FloatArray = np.where(planned[:, None], weak, cases <= 0).astype(np.float64)
    return out


def _ahead(mine: FloatArray, theirs: FloatArray, full: float, lower_is_better: bool) -> FloatArray:
    """0-1: how far each `theirs` (columns) is ahead of each `mine` (rows), full at `full`; the
    asking city's unknown value counts as 0, the candidate's unknown value is no evidence (0)."""
    a = np.nan_to_num(mine, nan=0.0)[:, None]
    b = theirs[None, :]
    gap = (a - b) if lower_is_better else (b - a)
    with np.errstate(invalid="ignore"):
        out: FloatArray = np.where(np.isfinite(b), np.clip(gap / full, 0.0, 1.0), 0.0)
    return out


def mentor_evidence(table: MatchTable, mentees: IntArray, mentors: IntArray) -> dict[str, FloatArray]:
    """Each part of MENTOR_EVIDENCE for mentees (rows) x mentors (columns), 0-1 (module docstring)."""
    assert table.trend is not None and table.performance is not None and table.cases is not None
    mine, theirs = table.fields[mentees], table.fields[mentors]
    planned = np.asarray(np.isfinite(mine).any(axis=1), dtype=bool)
    strong_share = (np.nan_to_num(theirs, nan=-1.0) >= STRONG_MIN).sum(axis=1) / max(1, theirs.shape[1])
    plan = np.where(planned[:, None], _strength(mine, theirs), strong_share[None, :])
    needs = needed_fields(mine, table.cases[mentees])
    cases = np.minimum(needs @ table.cases[mentors].T / CASES_FULL, 1.0)
    return {
        "plan": plan,
        "cases": cases,
        "target": _ahead(table.ambition[mentees], table.ambition[mentors], TARGET_FULL, False),
        "trend": _ahead(table.trend[mentees], table.trend[mentors], TREND_FULL, True),
        "performance": _ahead(table.performance[mentees], table.performance[mentors], PERFORMANCE_FULL, True),
    }


def _evidence_total(table: MatchTable, mentees: IntArray, mentors: IntArray) -> Block:
    """sum over MENTOR_EVIDENCE of weight x part (mentor_evidence), as float32, each part computed
    only on the mentors that have its evidence (most have none): the blocks of all pairs stay cheap."""
    assert table.trend is not None and table.performance is not None and table.cases is not None
    w = MENTOR_EVIDENCE
    total = np.zeros((mentees.size, mentors.size), dtype=np.float32)
    mine, theirs = table.fields[mentees], table.fields[mentors]
    with_plan = np.flatnonzero(np.isfinite(theirs).any(axis=1))
    if with_plan.size:
        planned = np.asarray(np.isfinite(mine).any(axis=1), dtype=bool)
        strong_share = (np.nan_to_num(theirs[with_plan], nan=-1.0) >= STRONG_MIN).sum(axis=1) / theirs.shape[
            1
        ]
        plan = np.where(planned[:, None], _strength(mine, theirs[with_plan]), strong_share[None, :])
        total[:, with_plan] += np.float32(w["plan"]) * plan.astype(np.float32)
    with_cases = np.flatnonzero(table.cases[mentors].sum(axis=1) > 0)
    if with_cases.size:
        needs = needed_fields(mine, table.cases[mentees])
        cases = np.minimum(needs @ table.cases[mentors[with_cases]].T / CASES_FULL, 1.0)
        total[:, with_cases] += np.float32(w["cases"]) * cases.astype(np.float32)
    for part, values, full, lower in (
        ("target", table.ambition, TARGET_FULL, False),
        ("trend", table.trend, TREND_FULL, True),
        ("performance", table.performance, PERFORMANCE_FULL, True),
    ):
        known = np.flatnonzero(np.isfinite(values[mentors]))
        if known.size:
            ahead = _ahead(values[mentees], values[mentors[known]], full, lower)
            total[:, known] += np.float32(w[part]) * ahead.astype(np.float32)
    return total


def country_ties(
    country: IntArray, countries: int, twins: Mapping[int, frozenset[int]]
) -> npt.NDArray[np.float32]:
    """How strong the twinning tradition between two countries is, 0-1: log(1 + twin links between
    them) over the log of the strongest pair's, from the twin links the table knows."""
    counts = np.zeros((countries, countries))
    for a, others in twins.items():
        for b in others:
            counts[country[a], country[b]] += 1.0
    peak = counts.max()
    ties = np.log1p(counts) / np.log1p(peak) if peak > 0 else counts
    out: npt.NDArray[np.float32] = ties.astype(np.float32)
    return out


def signal_block(table: MatchTable, rows: IntArray, signals: Sequence[str]) -> dict[str, Block]:
    """Each named signal for rows x every city (0-1, float32: a block of 512 x 20,000 is 40 MB)."""
    out: dict[str, Block] = {}
    n = table.size
    if "conditions" in signals:
        # Over the conditions both cities know: the sum of squared differences and their count,
        # each one matrix product (see MatchTable.__post_init__).
        known = table._known
        shared = known[rows] @ known.T
        d = table._pair_left[rows] @ table._pair_right.T
        np.maximum(d, 0.0, out=d)
        # Scaled to all conditions, so that fewer shared conditions do not make a pair closer.
        d *= np.float32(known.shape[1]) / np.maximum(shared, 1.0)
        np.sqrt(d, out=d)
        d *= -0.5
        similarity = np.exp(d, out=d)
        similarity[shared < MIN_SHARED] = 0.0  # similar on too little: not similar
        out["conditions"] = similarity
    if "ambition" in signals:
        block = np.zeros((rows.size, n), dtype=np.float32)
        with_target, cols, values = _ambition(table, rows)
        block[np.ix_(with_target, cols)] = values
        out["ambition"] = block
    if "strength" in signals:
        # Only cities with some evidence can be ahead: the rest stay 0.
        block = np.zeros((rows.size, n), dtype=np.float32)
        cols = table._with_evidence
        if cols.size:
            block[:, cols] = _evidence_total(table, rows, cols)
        out["strength"] = block
    if "mentee_strength" in signals:
        # Any city may learn from one of `rows`, if that one is ahead of it.
        block = np.zeros((rows.size, n), dtype=np.float32)
        mentors = np.flatnonzero(np.isin(rows, table._with_evidence))
        if mentors.size:
            block[mentors] = _evidence_total(table, np.arange(n, dtype=np.int64), rows[mentors]).T
        out["mentee_strength"] = block
    for name in ("language", "network", "same_region"):
        if name in signals:
            out[name] = _shared(table, rows, name).astype(np.float32)
    if "country_ties" in signals:
        out["country_ties"] = table._ties[table._country[rows]][:, table._country]
    if "popularity" in signals:
        out["popularity"] = np.repeat(table._popularity[None, :], rows.size, axis=0)
    if "distance" in signals or "near" in signals:
        chord = table._unit[rows] @ table._unit.T
        chord *= -2.0
        chord += 2.0
        np.maximum(chord, 0.0, out=chord)
        np.sqrt(chord, out=chord)
        chord *= -EARTH_RADIUS_KM
        chord = chord.astype(np.float32)
        if "distance" in signals:
            out["distance"] = np.exp(chord / FAR_KM)
        if "near" in signals:
            out["near"] = np.exp(chord / NEIGHBOUR_KM)
    for name in ("twin", "past_work"):
        if name in signals:
            block = np.zeros((rows.size, n), dtype=np.float32)
            block[_linked(table, rows, name)] = 1.0
            out[name] = block
    return out


# The sparse and yes/no signals, which score_block adds without a dense block of each.


def _ambition(table: MatchTable, rows: IntArray) -> tuple[IntArray, IntArray, Block]:
    """Only the few cities with a target are compared (the rest score 0): positions in `rows` with a
    target, the columns with one, and their signal."""
    with_target = np.flatnonzero(np.isfinite(table.ambition[rows]))
    cols = table._with_ambition
    gap = np.abs(table.ambition[rows[with_target]][:, None] - table.ambition[cols][None, :])
    return with_target, cols, np.exp(-gap.astype(np.float32) / 2.0)


def _shared(table: MatchTable, rows: IntArray, name: str) -> npt.NDArray[np.bool_]:
    """Whether each pair shares an official language, a network or a region."""
    if name == "same_region":
        region = table._region
        same: npt.NDArray[np.bool_] = (region[rows][:, None] == region[None, :]) & (
            region[rows][:, None] >= 0
        )
        return same
    bits = table.languages if name == "language" else table.networks
    shared: npt.NDArray[np.bool_] = (bits[rows][:, None] & bits[None, :]) != 0
    return shared


def _linked(table: MatchTable, rows: IntArray, name: str) -> tuple[IntArray, IntArray]:
    """(position in `rows`, column) of the pairs already linked as twins or by past work."""
    pairs = table.links.get(name, {})
    at, cols = [], []
    for k, r in enumerate(rows.tolist()):
        others = pairs.get(r, ())
        at += [k] * len(others)
        cols += list(others)
    return np.array(at, dtype=np.int64), np.array(cols, dtype=np.int64)


def signal_columns(goal: str, weights: Mapping[str, float]) -> dict[str, float]:
    """The signal columns a goal reads, with their weights (the neighbour's distance is the near one,
    the mentee's strength the turned-round one)."""
    rename = {"distance": "near"} if goal == "neighbour" else {}
    if goal == "mentee":
        rename["strength"] = "mentee_strength"
    return {rename.get(name, name): w for name, w in weights.items() if w > 0}


def check_weights(goal: str, weights: Mapping[str, float] | None) -> dict[str, float]:
    """The goal's weights, or the caller's checked ones; ValueError names the bad one."""
    if goal not in GOALS:
        raise ValueError(f"goal: use one of {', '.join(GOALS)}")
    chosen = dict(GOALS[goal] if weights is None else weights)
    for name, w in chosen.items():
        if name not in SIGNALS:
            raise ValueError(f"weights: unknown signal {name!r}; use {', '.join(SIGNALS)}")
        if not (math.isfinite(w) and w >= 0):
            raise ValueError(f"weights: {name} must be a number >= 0, got {w!r}")
    if not sum(chosen.values()) > 0:
        raise ValueError("weights: at least one weight must be above 0")
    return chosen


def score_block(
    table: MatchTable, rows: IntArray, goal: str, weights: Mapping[str, float] | None = None
) -> Block:
    """Scores (0-1) of every city as a partner of each of `rows` for `goal`; -inf for the row itself
    and, for mentors and mentees, for cities that are not stronger where it matters."""
    columns = signal_columns(goal, check_weights(goal, weights))
    total = sum(columns.values())
    score = np.zeros((rows.size, table.size), dtype=np.float32)
    strength: Block | None = None
    # One signal at a time, added in place: a block holds two arrays, not one per signal.
    for name, weight in columns.items():
        w = np.float32(weight / total)
        if name == "ambition":
            with_target, cols, values = _ambition(table, rows)
            score[np.ix_(with_target, cols)] += w * values
        elif name in ("language", "network", "same_region"):
            np.add(score, w, out=score, where=_shared(table, rows, name))
        elif name in ("twin", "past_work"):
            score[_linked(table, rows, name)] += w
        elif name == "popularity":
            score += w * table._popularity[None, :]
        else:
            signal = signal_block(table, rows, [name])[name]
            if name.endswith("strength"):
                strength = signal.copy()  # kept for the mask below
            signal *= w
            score += signal
    if strength is not None:
        score[strength <= 0] = -np.inf
    score[np.arange(rows.size), rows] = -np.inf
    return score


def top_k(score: Block, k: int) -> tuple[IntArray, Block]:
    """Per row the k best columns (best first, ties by column) and their scores; index -1 and score
    -inf where fewer than k columns have a finite score.

    A full partition of every row costs ~10 ns a pair; instead the k-th best of a sample of columns
    (a lower bound of the row's k-th best) marks the few candidates, and only those are sorted."""
    rows, n = score.shape
    k = min(k, n)
    index = np.full((rows, k), -1, dtype=np.int64)
    values = np.full((rows, k), -np.inf, dtype=score.dtype)
    sample = np.arange(0, n, max(1, n // SAMPLE))
    if sample.size > 2 * k:
        floor = -np.partition(-score[:, sample], k - 1, axis=1)[:, k - 1]
    else:
        floor = np.full(rows, -np.inf, dtype=score.dtype)
    row, col = np.nonzero((score >= floor[:, None]) & np.isfinite(score))
    order = np.lexsort((col, -score[row, col], row))  # by row, best first, ties by column
    row, col = row[order], col[order]
    rank = np.arange(row.size) - np.searchsorted(row, np.arange(rows))[row]
    keep = rank < k
    index[row[keep], rank[keep]] = col[keep]
    values[row[keep], rank[keep]] = score[row[keep], col[keep]]
    return index, values


def match_all(
    table: MatchTable,
    goal: str,
    k: int = 10,
    weights: Mapping[str, float] | None = None,
    block: int = BLOCK,
    threads: int = 2,
) -> tuple[IntArray, FloatArray]:
    """The top-k partners of every city (rows of the table), block by block; numpy releases the GIL
    in the large array operations, so `threads` blocks run at once on as many cores."""
    index = np.full((table.size, k), -1, dtype=np.int64)
    values = np.full((table.size, k), -np.inf)
    starts = range(0, table.size, block)

    def one(start: int) -> None:
        rows = np.arange(start, min(start + block, table.size), dtype=np.int64)
        index[rows], values[rows] = top_k(score_block(table, rows, goal, weights), k)

    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        list(pool.map(one, starts))
    return index, values
