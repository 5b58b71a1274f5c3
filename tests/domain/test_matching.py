"""Partner matching and groups of similar towns, on cities whose figures are known by hand."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.geo import haversine_km
from citypact.domain.groups import form_groups
from citypact.domain.match_reasons import explain
from citypact.domain.matching import (
    GOALS,
    MatchTable,
    annual_ambition,
    bit_sets,
    check_weights,
    match_all,
    score_block,
    signal_block,
)
from citypact.domain.peers import Conditions
from citypact.domain.reasons import Reason
from citypact.domain.twin_recovery import twin_recovery

FIELDS = ("energy_supply", "transport", "buildings_residential")


def _table(
    lat: list[float],
    lon: list[float],
    *,
    population: list[float] | None = None,
    country: list[str] | None = None,
    fields: list[list[float]] | None = None,
    ambition: list[float] | None = None,
    languages: list[list[str]] | None = None,
    region: list[str] | None = None,
    links: dict[str, dict[int, frozenset[int]]] | None = None,
) -> MatchTable:
    n = len(lat)
    nan = np.full(n, np.nan)
    conditions = Conditions(
        ids=np.arange(1, n + 1, dtype=np.int64),
        country=np.array(country or ["DE"] * n),
        population=np.array(population or [100_000.0] * n),
        density=nan.copy(),
        hdd=nan.copy(),
        cdd=nan.copy(),
        gdp_per_capita=nan.copy(),
        grid=nan.copy(),
    )
    langs, _ = bit_sets(languages or [["de"]] * n)
    nets, _ = bit_sets([[] for _ in range(n)])
    return MatchTable(
        conditions=conditions,
        lat=np.array(lat),
        lon=np.array(lon),
        region=np.array(region or [""] * n),
        languages=langs,
        networks=nets,
        ambition=np.array(ambition if ambition is not None else [np.nan] * n),
        fields=np.array(fields if fields is not None else [[np.nan] * 3] * n, dtype=np.float64),
        field_names=FIELDS,
        links=links or {},
    )


def test_annual_ambition_by_hand() -> None:
    # -55 % from 1990 to 2030: 0.45^(1/40) = 0.98023..., so 1.977 % a year. Net zero (-100 %, and
    # -95 %) from 2020 to 2045 counts as a 90 % cut: 1 - 0.1^(1/25) = 8.799 % a year.
    rate = annual_ambition(
        np.array([55.0, 100.0, 95.0, np.nan]),
        np.array([1990.0, 2020, 2020, 2020]),
        np.array([2030.0, 2045, 2045, 2030]),
    )
    assert rate[0] == pytest.approx((1 - 0.45 ** (1 / 40)) * 100)
    assert rate[1] == rate[2] == pytest.approx(8.799, abs=1e-3)
    assert math.isnan(rate[3])


def test_bit_sets_share_labels() -> None:
    bits, labels = bit_sets([["de", "fr"], ["fr"], ["ja"], []])
    assert labels == ("de", "fr", "ja")
    assert bits[0] & bits[1] and not bits[0] & bits[2] and bits[3] == 0


def test_neighbours_are_the_nearest_and_the_score_by_hand() -> None:
    # Heidelberg, Mannheim (18 km), Karlsruhe (48 km), Munich (240 km).
    lat, lon = [49.4122, 49.4875, 49.0069, 48.1372], [8.71, 8.466, 8.4037, 11.5755]
    table = _table(lat, lon, region=["BW", "BW", "BW", "BY"])
    index, values = match_all(table, "neighbour", k=3)
    assert index[0].tolist() == [1, 2, 3]
    # distance 0.6 x exp(-km/300) (chord), same region 0.15, language 0.05, conditions 0.1 x 0: the
    # cities know only their population, fewer than MIN_SHARED conditions, so they are not "similar".
    km = float(haversine_km(lat[0], lon[0], lat[1], lon[1]))
    expected = (0.6 * math.exp(-km / 300) + 0.15 + 0.05 + 0.1 * 0.0) / 1.0
    signals = explain(table, 0, 1, "neighbour").signals
    assert signals["same_region"] == 1.0 and signals["language"] == 1.0
    assert signals["near"] == pytest.approx(math.exp(-km / 300), rel=1e-4)  # the chord stands in for the arc
    assert values[0, 0] == pytest.approx(expected, rel=1e-3)
    reasons = explain(table, 0, 1, "neighbour").reasons
    assert Reason("same_region", "BW", "BW") in reasons
    assert Reason("distance_km", other=pytest.approx(km)) in reasons  # type: ignore[arg-type]


def test_mentors_are_strong_where_the_city_is_weak() -> None:
    fields = [
        [0.0, 1.0, 4.0],  # the asking city: weak in supply and transport
        [4.0, 4.0, 0.0],  # strong in both: the best mentor
        [2.0, 1.0, 4.0],  # a little stronger in supply
        [0.0, 0.0, 4.0],  # nothing to teach where it matters
        [np.nan] * 3,  # no action plan, no other evidence: no mentor
    ]
    table = _table([50.0] * 5, [8.0, 8.1, 8.2, 8.3, 8.4], fields=fields)
    scores = score_block(table, np.array([0]), "mentor")[0]
    # plan part: (4 - 0) + (4 - 1) = 7 over 4 x 2 weak fields = 0.875; city 2: (2 - 0) / 8 = 0.25;
    # the plan weighs 0.3 of the evidence and nothing else is known: 0.2625 and 0.075.
    assert explain(table, 0, 1, "mentor").signals["strength"] == pytest.approx(0.3 * 0.875)
    assert explain(table, 0, 2, "mentor").signals["strength"] == pytest.approx(0.3 * 0.25)
    assert np.isinf(scores[[0, 3, 4]]).all() and scores[1] > scores[2]
    reasons = explain(table, 0, 1, "mentor").reasons
    assert reasons[:2] == (  # the field and the figures, the larger lead first
        Reason("mentor_plan", 0.0, 4.0, "energy_supply"),
        Reason("mentor_plan", 1.0, 4.0, "transport"),
    )
    # The mentee goal turns it round: city 1 is strong where city 0 is weak, so 0 is its mentee.
    mentee = score_block(table, np.array([1]), "mentee")[0]
    assert np.isfinite(mentee[[0, 2, 3]]).all()  # each weak in supply or transport, where 1 has 4 of 4
    assert np.isinf(mentee[1])  # itself
    # City 4's plan is unknown: city 1, strong (>= 3) in 2 of 3 fields, is ahead of it by 0.3 x 2/3.
    assert explain(table, 1, 4, "mentee").signals["mentee_strength"] == pytest.approx(0.3 * 2 / 3)
    assert Reason("mentee_plan", 4.0, None, "energy_supply") in explain(table, 1, 4, "mentee").reasons


def test_mentors_without_action_plans_from_cases_targets_trends_and_performance() -> None:
    # A fresh install: no plans; cases in fields, targets, trends and performance.
    table = dataclasses.replace(
        _table([50.0] * 4, [8.0, 8.1, 8.2, 8.3], ambition=[2.0, 4.5, np.nan, 1.0]),
        trend=np.array([-1.0, -3.0, np.nan, 2.0]),
        performance=np.array([10.0, -15.0, np.nan, 40.0]),
        cases=np.array([[0, 0, 0], [1, 0, 0], [0, 6, 0], [0, 0, 0]], dtype=np.float64),
    )
    # City 1 against city 0, by hand (MENTOR_EVIDENCE weights):
    #   cases 0.25 x min(1, 1 / 3) = 0.08333 (city 0 has no plan: every field is needed)
    #   target 0.15 x (4.5 - 2.0) / 5 = 0.075; trend 0.15 x (-1 - -3) / 5 = 0.06;
    #   performance 0.15 x (10 - -15) / 50 = 0.075; in all 0.29333.
    strength = explain(table, 0, 1, "mentor").signals["strength"]
    assert strength == pytest.approx(0.25 / 3 + 0.075 + 0.06 + 0.075)
    # City 2: six cases in transport, full evidence: 0.25; nothing else known.
    assert explain(table, 0, 2, "mentor").signals["strength"] == pytest.approx(0.25)
    # City 3 is behind on every count: not a mentor.
    assert np.isinf(score_block(table, np.array([0]), "mentor")[0, 3])
    reasons = explain(table, 0, 1, "mentor").reasons
    evidence = [r for r in reasons if r.kind.startswith("mentor_")]
    assert evidence == [  # strongest first, each with its field (None: the whole city) and figures
        Reason("mentor_cases", 0.0, 1.0, "energy_supply"),
        Reason("mentor_target", 2.0, 4.5, "governance"),
        Reason("mentor_performance", 10.0, -15.0, None),
        Reason("mentor_trend", -1.0, -3.0, None),
    ]
    # Unknown figures of the asking city count as 0 and say so (None), never as a figure.
    assert Reason("mentor_target", None, 4.5, "governance") in explain(table, 2, 1, "mentor").reasons
    # A field the asking city published a case in itself is no need: city 2's cases teach city 1
    # transport (needed), city 1's energy-supply case is not evidence for city 1 against itself.
    assert Reason("mentor_cases", 0.0, 6.0, "transport") in explain(table, 1, 2, "mentor").reasons
    assert explain(table, 1, 2, "mentor").signals["strength"] == pytest.approx(0.25)
    with_case = dataclasses.replace(table, cases=np.array([[1, 0, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]]))
    assert not any(r.kind == "mentor_cases" for r in explain(with_case, 0, 1, "mentor").reasons)


def test_peers_share_ambition_and_language() -> None:
    table = _table(
        [50.0, 50.1, 50.2], [8.0, 8.1, 8.2], ambition=[3.0, 3.0, 9.0], languages=[["de"], ["de"], ["fr"]]
    )
    s1, s2 = explain(table, 0, 1, "peer"), explain(table, 0, 2, "peer")
    assert s1.signals["ambition"] == 1.0 and s2.signals["ambition"] == pytest.approx(math.exp(-3.0))
    assert s1.score > s2.score
    assert Reason("similar_ambition", 3.0, 3.0) in s1.reasons


def test_weights_are_checked() -> None:
    assert check_weights("peer", None) == dict(GOALS["peer"])
    with pytest.raises(ValueError, match="goal"):
        check_weights("friend", None)
    with pytest.raises(ValueError, match="unknown signal 'luck'"):
        check_weights("peer", {"luck": 1.0})
    with pytest.raises(ValueError, match="at least one"):
        check_weights("peer", {"conditions": 0.0})


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31))
def test_blocks_give_the_same_as_one_city_at_a_time(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 40
    table = _table(
        list(rng.uniform(30, 60, n)), list(rng.uniform(-10, 140, n)),
        population=list(np.exp(rng.uniform(9, 15, n))), ambition=list(rng.uniform(1, 8, n)),
    )  # fmt: skip
    index, values = match_all(table, "peer", k=5, block=7)
    for me in (0, 13, 39):
        row = score_block(table, np.array([me]), "peer")[0]
        best = np.argsort(-row, kind="stable")[:5]
        np.testing.assert_allclose(values[me], row[best])
        assert me not in index[me]


def test_twin_recovery_finds_links_that_follow_the_signals() -> None:
    # 300 cities on a line; each is twinned with its nearest neighbour on the line: geography finds them.
    n = 300
    lon = np.linspace(0.0, 30.0, n)
    table = _table([45.0] * n, list(lon), population=list(np.exp(np.random.default_rng(1).uniform(9, 14, n))))
    pairs = np.array([[i, i + 1] for i in range(0, n - 1, 2)], dtype=np.int64)
    rankings = {"near": ("neighbour", None), "conditions only": ("peer", {"conditions": 1.0})}
    result = twin_recovery(table, pairs, rankings, hidden_share=0.3, k=10, seed=4)
    assert result.hidden > 0
    assert result.recall("near") == 1.0  # every hidden partner is among the 10 nearest
    assert result.found["conditions only"] < result.found["near"]
    assert result.random_expected == pytest.approx(result.hidden * 10 / (n - 1), rel=0.05)


def test_groups_respect_size_and_country_caps() -> None:
    rng = np.random.default_rng(7)
    z = np.vstack([rng.normal(0, 0.3, (12, 2)), rng.normal(5, 0.3, (12, 2))])
    country = np.array(["DE", "FR", "JP"] * 8)
    grouping = form_groups(z, country, max_size=6, max_per_country=2)
    assert grouping.groups == 4
    sizes = np.bincount(grouping.labels)
    assert sizes.max() <= 6 and sizes.sum() == 24
    for g in range(4):
        _, counts = np.unique(country[grouping.labels == g], return_counts=True)
        assert counts.max() <= 2
    # The two clusters never share a group: similar towns stay together.
    assert set(grouping.labels[:12]).isdisjoint(grouping.labels[12:])
    with pytest.raises(ValueError, match="max_per_country"):
        form_groups(z, np.array(["DE"] * 24), max_size=6, max_per_country=2)


def test_country_ties_by_hand() -> None:
    from citypact.domain.matching import country_ties

    # Cities 0, 1 in country 0 (DE); 2, 3 in 1 (FR); 4 in 2 (JP). Three DE-FR twin pairs, one DE-JP.
    country = np.array([0, 0, 1, 1, 2])
    twins = {
        0: frozenset({2, 3, 4}),
        1: frozenset({2}),
        2: frozenset({0, 1}),
        3: frozenset({0}),
        4: frozenset({0}),
    }
    ties = country_ties(country, 3, twins)
    assert ties[0, 1] == pytest.approx(1.0) and ties[1, 0] == pytest.approx(1.0)  # log 4 / log 4
    assert ties[0, 2] == pytest.approx(math.log(2) / math.log(4))
    assert ties[1, 2] == 0.0 and ties[0, 0] == 0.0


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31), st.sampled_from(["peer", "mentor", "mentee", "neighbour"]))
def test_the_block_score_is_the_weighted_mean_of_the_explained_signals(seed: int, goal: str) -> None:
    rng = np.random.default_rng(seed)
    n = 30
    fields = np.where(rng.random((n, 3)) < 0.7, rng.integers(0, 5, (n, 3)).astype(float), np.nan)
    table = _table(
        list(rng.uniform(30, 60, n)), list(rng.uniform(0, 40, n)),
        population=list(np.exp(rng.uniform(9, 15, n))),
        ambition=list(np.where(rng.random(n) < 0.5, rng.uniform(1, 8, n), np.nan)),
        languages=[["de"] if rng.random() < 0.5 else ["fr"] for _ in range(n)],
        region=[f"r{int(k)}" for k in rng.integers(0, 4, n)], fields=fields.tolist(),
        links={"twin": {0: frozenset({1}), 1: frozenset({0})},
               "past_work": {2: frozenset({0}), 0: frozenset({2})}},
    )  # fmt: skip
    block = score_block(table, np.array([0, 1, 2]), goal)
    for i, me in enumerate((0, 1, 2)):
        for other in range(n):
            if np.isfinite(block[i, other]):
                # The block is float32 (about 7 digits, summed over the signals), explain float64.
                assert explain(table, me, other, goal).score == pytest.approx(
                    float(block[i, other]), abs=1e-4
                )


def test_popularity_counts_visible_twin_links_only() -> None:
    # City 1 has 3 twin links, city 2 one, city 3 one (with 1): log(1 + n) / log(1 + 3).
    twins = {1: frozenset({2, 3, 4}), 2: frozenset({1}), 3: frozenset({1}), 4: frozenset({1})}
    table = _table([50.0] * 5, [8.0, 8.1, 8.2, 8.3, 8.4], links={"twin": twins})
    score = score_block(table, np.array([0]), "peer", {"popularity": 1.0})[0]
    assert score[1] == pytest.approx(1.0) and score[2] == pytest.approx(math.log(2) / math.log(4))
    assert score[0] == -np.inf and score[4] == pytest.approx(math.log(2) / math.log(4))
    assert Reason("twin_links", other=3.0) in explain(table, 0, 1, "peer", {"popularity": 1.0}).reasons
    # Hiding city 1's link to city 2: popularity learns from the visible links only (city 1: 2,
    # cities 3 and 4: 1, cities 0 and 2: none). City 2 finds its hidden partner 1, the most popular;
    # city 1 cannot tell 0 and 2 apart (both 0; ties go to the lower column, 0) and misses it.
    pairs = np.array([[1, 2], [1, 3], [1, 4]])
    found = twin_recovery(
        table, pairs, {"pop": ("peer", {"popularity": 1.0})}, k=1, hide=np.array([1, 0, 0], bool)
    )
    assert (found.hidden, found.found["pop"]) == (2, 1)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_the_fast_evidence_is_the_weighted_sum_of_its_parts(seed: int) -> None:
    from citypact.domain.matching import MENTOR_EVIDENCE, _evidence_total, mentor_evidence

    rng = np.random.default_rng(seed)
    n = 30
    fields = np.where(rng.random((n, 3)) < 0.5, rng.integers(0, 5, (n, 3)).astype(float), np.nan)
    fields[rng.random(n) < 0.5] = np.nan  # half without a plan
    table = dataclasses.replace(
        _table(list(rng.uniform(40, 60, n)), list(rng.uniform(0, 20, n)), fields=[list(r) for r in fields],
               ambition=list(np.where(rng.random(n) < 0.4, rng.uniform(0, 8, n), np.nan))),
        trend=np.where(rng.random(n) < 0.4, rng.normal(-2, 3, n), np.nan),
        performance=np.where(rng.random(n) < 0.4, rng.normal(0, 40, n), np.nan),
        cases=np.where(rng.random((n, 3)) < 0.1, rng.integers(1, 4, (n, 3)), 0).astype(float),
    )  # fmt: skip
    rows, cols = np.arange(n), np.arange(n)
    parts = mentor_evidence(table, rows, cols)
    expected = sum(w * parts[name] for name, w in MENTOR_EVIDENCE.items())
    assert np.allclose(_evidence_total(table, rows, cols), expected, atol=1e-6)


def test_conditions_compare_only_what_both_cities_know() -> None:
    """Unknown conditions never count as average: the distance runs over the conditions both cities
    know, scaled to all six, and a pair sharing fewer than MIN_SHARED is not similar at all."""
    table = _table([50.0, 51.0, 52.0, 53.0], [8.0, 9.0, 10.0, 11.0], population=[1e5, 1e5, 4e5, 1e5])
    nan = math.nan
    c = table.conditions
    c.density[:] = [1000.0, 1000.0, 4000.0, nan]
    c.hdd[:] = [3000.0, 3000.0, 2000.0, nan]
    c.grid[:] = [0.4, 0.4, 0.2, nan]
    table = MatchTable(
        conditions=c, lat=table.lat, lon=table.lon, region=table.region, languages=table.languages,
        networks=table.networks, ambition=table.ambition, fields=table.fields, field_names=FIELDS,
    )  # fmt: skip
    block = signal_block(table, np.array([0]), ["conditions"])["conditions"][0]
    # Cities 0 and 1 agree on the four conditions they know: distance 0, similarity 1.
    assert block[1] == pytest.approx(1.0)
    # City 3 knows only its population: one shared condition, not similar.
    assert block[3] == 0.0
    # City 2: over the four shared conditions, z differences by hand (population sd over the four
    # cities' logs; density, hdd, grid over the three that know them), scaled by 6/4.
    z = table.z
    diff = z[0, :] - z[2, :]
    shared = np.isfinite(c.matrix()[0]) & np.isfinite(c.matrix()[2])
    d = math.sqrt((diff[shared] ** 2).sum() * 6 / shared.sum())
    assert block[2] == pytest.approx(math.exp(-d / 2), rel=1e-4)
