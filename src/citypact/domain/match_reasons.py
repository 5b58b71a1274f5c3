"""Why a city suits another as a partner: the score of one pair and its reasons, as codes with the
figures behind them (words are made at the edge, i18n.reasons). The signals and weights are
domain/matching.py."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from citypact.domain.geo import haversine_km
from citypact.domain.matching import (
    CASES_FULL,
    MAX_FIELD_SCORE,
    MENTOR_EVIDENCE,
    STRONG_MIN,
    WEAK_MAX,
    Block,
    MatchTable,
    check_weights,
    mentor_evidence,
    needed_fields,
    signal_block,
    signal_columns,
)
from citypact.domain.peers import Conditions, peer_reasons
from citypact.domain.reasons import Reason


@dataclass(frozen=True)
class Suggestion:
    row: int
    score: float
    signals: dict[str, float]  # each signal of the goal for this pair, 0-1
    reasons: tuple[Reason, ...]  # codes with figures; words are made at the edge (i18n.reasons)


def condition_reasons(c: Conditions, me: int, other: int) -> list[Reason]:
    """Why two cities' framework conditions are alike (domain.peers.peer_reasons, without the world
    region, which matching weighs as a signal of its own): `mine` is the asking city's value."""
    return [r for r in peer_reasons(c, me, other) if r.kind != "same_world_region"]


def _known(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def evidence_reasons(table: MatchTable, mentee: int, mentor: int, goal: str) -> list[Reason]:
    """The evidence that `mentor` is ahead of `mentee`, each naming its field (`note`: a field of
    action, None for the whole city) and its figures, strongest part first. Kinds are
    "mentor_<part>" for the mentor goal and "mentee_<part>" for the mentee goal (parts as in
    MENTOR_EVIDENCE); `mine` is always the asking city's figure, `other` the candidate's."""
    assert table.trend is not None and table.performance is not None and table.cases is not None
    parts = mentor_evidence(table, np.array([mentee]), np.array([mentor]))
    asking_is_mentee = goal == "mentor"
    found: list[tuple[float, Reason]] = []

    def add(
        part: str, weight: float, mentee_value: float | None, mentor_value: float | None, note: str | None
    ) -> None:
        mine, other = (mentee_value, mentor_value) if asking_is_mentee else (mentor_value, mentee_value)
        found.append((MENTOR_EVIDENCE[part] * weight, Reason(f"{goal}_{part}", mine, other, note)))

    weak, strong = table.fields[mentee], table.fields[mentor]
    planned = bool(np.isfinite(weak).any())
    for f, name in enumerate(table.field_names):
        theirs = strong[f]
        if not math.isfinite(theirs):
            continue
        if planned and math.isfinite(weak[f]) and weak[f] <= WEAK_MAX and theirs > weak[f]:
            add("plan", (theirs - weak[f]) / MAX_FIELD_SCORE, float(weak[f]), float(theirs), name)
        elif not planned and theirs >= STRONG_MIN:
            add("plan", theirs / MAX_FIELD_SCORE, None, float(theirs), name)
    needs = needed_fields(table.fields[[mentee]], table.cases[[mentee]])[0]
    for f, name in enumerate(table.field_names):
        count = float(table.cases[mentor, f])
        if needs[f] and count > 0:
            add("cases", min(count / CASES_FULL, 1.0), float(table.cases[mentee, f]), count, name)
    wholes = (
        ("target", table.ambition, "governance"),
        ("trend", table.trend, None),
        ("performance", table.performance, None),
    )
    for part, values, note in wholes:
        value = float(parts[part][0, 0])
        if value > 0:
            add(part, value, _known(values[mentee]), float(values[mentor]), note)
    found.sort(key=lambda x: -x[0])  # by weighted lead; stable: plan, cases, target, trend, performance
    return [r for _, r in found]


def explain(
    table: MatchTable,
    me: int,
    other: int,
    goal: str,
    weights: Mapping[str, float] | None = None,
    signals_of_me: Mapping[str, Block] | None = None,
) -> Suggestion:
    """The pair's score and its reasons as codes with the figures behind them.
    `signals_of_me` (signal_block of `me` against every city) saves recomputing it per candidate."""
    columns = signal_columns(goal, check_weights(goal, weights))
    if signals_of_me is None:
        signals_of_me = signal_block(table, np.array([me], dtype=np.int64), list(columns))
    signals = {name: float(signals_of_me[name][0, other]) for name in columns}
    total = sum(columns.values())
    score = sum(w / total * signals[name] for name, w in columns.items())
    said: list[Reason] = []
    km = float(haversine_km(table.lat[me], table.lon[me], table.lat[other], table.lon[other]))
    if goal == "mentor":
        said += evidence_reasons(table, me, other, goal)
    if goal == "mentee":
        said += evidence_reasons(table, other, me, goal)
    if "conditions" in columns:
        said += condition_reasons(table.conditions, me, other)
    if signals.get("ambition", 0.0) > 0.5:
        said.append(Reason("similar_ambition", float(table.ambition[me]), float(table.ambition[other])))
    if signals.get("language", 0.0) > 0:
        said.append(Reason("shared_language"))
    if signals.get("network", 0.0) > 0:
        said.append(Reason("shared_network"))
    if signals.get("same_region", 0.0) > 0:
        said.append(Reason("same_region", str(table.region[me]), str(table.region[other])))
    if signals.get("twin", 0.0) > 0:
        said.append(Reason("twin_towns"))
    if signals.get("past_work", 0.0) > 0:
        said.append(Reason("past_work"))
    if signals.get("popularity", 0.0) > 0:
        said.append(Reason("twin_links", other=float(len(table.links.get("twin", {}).get(other, ())))))
    if math.isfinite(km):
        said.append(Reason("distance_km", other=km))
    return Suggestion(other, float(score), signals, tuple(said))
