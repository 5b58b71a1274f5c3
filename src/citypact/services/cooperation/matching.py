"""Find partner cities: peers, mentors, mentees, neighbours; and groups of similar towns for a network.

The matching table holds every published city with what the platform knows of it (framework
conditions, coordinates, languages of its country, networks, its target, its action plan's field
scores, its published best-practice cases per field, its emission trend and structure-adjusted
performance from the benchmark, twin towns, earlier public partnerships). It is built once per
database and kept while the figures behind it are unchanged. Everything it holds is public, so
anyone may ask for suggestions; a reader who may see members-only partnerships gets them added as
past joint work for their request only. Forming a network's groups is for its secretariat.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import polars as pl
from babel.languages import get_official_languages
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity_profile import field_instrument_profile
from citypact.domain.groups import form_groups
from citypact.domain.match_reasons import explain
from citypact.domain.matching import (
    MatchTable,
    annual_ambition,
    bit_sets,
    check_weights,
    score_block,
    signal_block,
    signal_columns,
    top_k,
)
from citypact.domain.measures import FIELDS
from citypact.domain.peers import standardized
from citypact.domain.reasons import Reason
from citypact.services import audit
from citypact.services.benchmarking.data import benchmark_data, city_conditions, city_measures
from citypact.services.cached import PerDatabase
from citypact.services.cooperation.partnerships import past_partners, private_past_partners
from citypact.services.errors import InvalidInput, NotFound, StaleVersion, require
from citypact.services.registry.cities import readable_city
from citypact.services.registry.networks import network_by_slug
from citypact.services.registry.public_targets import headline_target, public_targets
from citypact.services.versions import IF_UNCHANGED, check_version, flush_checked
from citypact.storage.models import (
    CaseStudy,
    City,
    CityStatistic,
    DegreeDays,
    GridIntensity,
    Inventory,
    InventoryResult,
    NetworkMatchWeights,
    NetworkMember,
    TwinLink,
    utcnow,
)
from citypact.storage.partnerships import Partnership, PartnershipMember
from citypact.storage.plans import ClimateTarget, PlanMeasure, PublishedTarget

MAX_TOP: Final = 50


@dataclass(frozen=True)
class PartnerSuggestion:
    city_id: int
    name: str
    country: str
    score: float
    signals: dict[str, float]
    reasons: tuple[Reason, ...]  # codes with figures (domain.match_reasons.explain), worded at the edge


@dataclass(frozen=True)
class MatchResult:
    city_id: int
    name: str
    goal: str
    weights: dict[str, float]
    suggestions: list[PartnerSuggestion]


def _languages(country: str) -> tuple[str, ...]:
    return tuple(get_official_languages(country, de_facto=True))


def _pairs(rows: list[tuple[int, int]], row_of: Mapping[int, int]) -> dict[int, frozenset[int]]:
    out: dict[int, set[int]] = {}
    for a, b in rows:
        if a in row_of and b in row_of:
            out.setdefault(row_of[a], set()).add(row_of[b])
            out.setdefault(row_of[b], set()).add(row_of[a])
    return {k: frozenset(v) for k, v in out.items()}


def _past_work(session: Session, twins: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs of cities that partnered in public partnerships (accepted or later), twin towns aside:
    those are a signal of their own. Members-only partnerships are added per reader (match_city): the
    kept table is shared by every reader, so it holds only what anyone may be told."""
    return [
        (a, b)
        for a, others in past_partners(session, public_only=True).items()
        for b in others
        if a < b and (a, b) not in twins
    ]


def _ambitions(session: Session) -> dict[int, float]:
    """Each city's target as % reduction a year (domain.matching.annual_ambition): the evidence of
    ambition, read in this one place. The city's own target (ClimateTarget) wins; a city without
    one takes its published headline target (CDP 2021, services.public_targets)."""
    own = {
        t.city_id: (t.reduction_pct, t.base_year, t.target_year)
        for t in session.scalars(select(ClimateTarget))
    }
    published_ids = set(session.scalars(select(PublishedTarget.city_id).distinct())) - own.keys()
    targets: dict[int, tuple[float | None, int | None, int | None]] = dict(own)
    for city_id, published in public_targets(session, published_ids).items():
        headline = headline_target(published)
        if headline is not None:
            targets[city_id] = (headline.reduction_pct, headline.base_year, headline.target_year)
    if not targets:
        return {}
    ids = list(targets)
    pct, base, year = (np.array([float(targets[i][k] or np.nan) for i in ids]) for k in range(3))
    rates = annual_ambition(pct, base, year)
    return {i: float(r) for i, r in zip(ids, rates, strict=True) if math.isfinite(r)}


def load_match_table(session: Session) -> tuple[MatchTable, dict[int, tuple[str, str]]]:
    """The matching table of every published city, and each city's name and country."""
    cities = session.execute(
        select(
            City.id,
            City.name,
            City.country,
            City.admin_area,
            City.lat,
            City.lon,
            City.population,
            City.area_km2,
        )
        .where(City.is_published)
        .order_by(City.id)
    ).all()
    ids = np.array([c.id for c in cities], dtype=np.int64)
    row_of = {int(i): r for r, i in enumerate(ids.tolist())}
    country = np.array([c.country for c in cities])
    # One definition of every condition (services.conditions): the grid of the year of the city's
    # latest emissions figure, as the benchmark shows it.
    conditions = city_conditions(session, ids.tolist())
    by_country = {c: _languages(c) for c in set(country.tolist())}
    languages, _ = bit_sets([by_country[c] for c in country.tolist()])
    memberships: dict[int, list[str]] = {}
    for network_id, city_id in session.execute(select(NetworkMember.network_id, NetworkMember.city_id)):
        memberships.setdefault(city_id, []).append(str(network_id))
    networks, _ = bit_sets([memberships.get(i, []) for i in ids.tolist()])
    ambition = np.full(ids.size, np.nan)
    for city_id, rate in _ambitions(session).items():
        if city_id in row_of:
            ambition[row_of[city_id]] = rate
    fields = np.full((ids.size, len(FIELDS)), np.nan)
    planners = [i for (i,) in session.execute(select(PlanMeasure.city_id).distinct()) if i in row_of]
    for city_id, measures in city_measures(session, planners).items():
        scores = field_instrument_profile(measures).fields
        fields[row_of[city_id]] = [scores[f] for f in FIELDS]
    trend, performance = np.full(ids.size, np.nan), np.full(ids.size, np.nan)
    data = benchmark_data(session)
    if data is not None:
        rows = np.array([row_of.get(int(i), -1) for i in data.conditions.ids.tolist()], dtype=np.int64)
        found = rows >= 0
        for target, column in ((trend, "trend_pct_per_year"), (performance, "performance_pct")):
            values = data.network.cities[column].cast(pl.Float64).fill_null(np.nan).to_numpy()
            target[rows[found]] = values[found]
    cases = np.zeros((ids.size, len(FIELDS)))
    field_index = {f: k for k, f in enumerate(FIELDS)}
    published = (
        select(CaseStudy.city_id, CaseStudy.field, func.count())
        .where(CaseStudy.is_published)
        .group_by(CaseStudy.city_id, CaseStudy.field)
    )
    for city_id, case_field, count in session.execute(published):
        if city_id in row_of and case_field in field_index:
            cases[row_of[city_id], field_index[case_field]] = count
    twins = [(a, b) for a, b in session.execute(select(TwinLink.city_a_id, TwinLink.city_b_id))]
    past = _past_work(session, set(twins))
    table = MatchTable(
        conditions=conditions,
        lat=np.array([c.lat for c in cities], dtype=np.float64),
        lon=np.array([c.lon for c in cities], dtype=np.float64),
        region=np.array([c.admin_area or "" for c in cities]),
        languages=languages,
        networks=networks,
        ambition=ambition,
        fields=fields,
        field_names=tuple(FIELDS),
        links={"twin": _pairs(twins, row_of), "past_work": _pairs(past, row_of)},
        trend=trend,
        performance=performance,
        cases=cases,
    )
    return table, {c.id: (c.name, c.country) for c in cities}


def _aggregates() -> list[Select[Any]]:
    return [
        select(func.count()).select_from(City).where(City.is_published),
        select(func.sum(City.population)),
        select(func.max(City.updated_at)),
        select(func.count()).select_from(CityStatistic),
        select(func.max(CityStatistic.id)),
        select(func.count()).select_from(NetworkMember),
        select(func.count()).select_from(ClimateTarget),
        select(func.sum(ClimateTarget.reduction_pct + ClimateTarget.target_year)),
        select(func.count()).select_from(PublishedTarget),
        select(func.max(PublishedTarget.id)),
        select(func.count()).select_from(PlanMeasure),
        select(func.max(PlanMeasure.updated_at)),
        select(func.count()).select_from(TwinLink),
        select(func.max(GridIntensity.year)),
        select(func.count()).select_from(DegreeDays),
        select(func.max(Partnership.updated_at)),
        select(func.count()).select_from(PartnershipMember),
        # The benchmark's trends and performance, and the published cases, are mentor evidence.
        select(func.max(Inventory.updated_at)),
        select(func.max(Inventory.id)),
        select(func.max(InventoryResult.id)),
        select(func.count()).select_from(CaseStudy).where(CaseStudy.is_published),
        select(func.max(CaseStudy.id)),
    ]


_TABLE: PerDatabase[tuple[MatchTable, dict[int, tuple[str, str]]]] = PerDatabase(
    _aggregates, load_match_table
)


def match_table(session: Session) -> tuple[MatchTable, dict[int, tuple[str, str]]]:
    """The matching table of the session's database and each city's name and country, built again
    only after a change."""
    return _TABLE.get(session)


def _checked(goal: str, weights: Mapping[str, float] | None) -> dict[str, float]:
    try:
        return check_weights(goal, weights)
    except ValueError as error:
        field, _, message = str(error).partition(": ")
        raise InvalidInput(field, message) from None


def match_city(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    goal: str = "peer",
    top: int = 10,
    weights: Mapping[str, float] | None = None,
    network: str | None = None,
) -> MatchResult:
    """The `top` best partners of a published city for `goal`, best first, each with its reasons.
    Weights: the caller's, else those the secretariat of `network` set for the goal, else the goal's."""
    if weights is None and network:
        weights = network_weights(session, network).get(goal)
    chosen = _checked(goal, weights)
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput("top", f"ask for 1 to {MAX_TOP} suggestions.")
    city = readable_city(session, actor, city_id)
    table, names = match_table(session)
    try:
        me = table.row(city_id)
    except KeyError:
        raise NotFound("city", city_id) from None  # unpublished: not matched with anyone
    private = {table.row(o) for o in private_past_partners(session, actor, city_id) if o in names}
    if private:  # members-only partnerships this reader may see
        table = table.with_past_work({me: frozenset(private)})
    rows = np.array([me], dtype=np.int64)
    best, values = top_k(score_block(table, rows, goal, chosen), top)
    signals = signal_block(table, rows, list(signal_columns(goal, chosen)))
    suggestions = []
    for other, value in zip(best[0].tolist(), values[0].tolist(), strict=True):
        if other < 0 or not math.isfinite(value):
            continue
        found = explain(table, me, other, goal, chosen, signals)
        other_id = int(table.conditions.ids[other])
        name, country = names[other_id]
        suggestions.append(PartnerSuggestion(other_id, name, country, value, found.signals, found.reasons))
    return MatchResult(city.id, city.name, goal, chosen, suggestions)


def network_weights(session: Session, slug: str) -> dict[str, dict[str, float]]:
    """The weights a network's secretariat set, by goal (goals it did not set are left out)."""
    network = network_by_slug(session, slug)
    rows = session.scalars(select(NetworkMatchWeights).where(NetworkMatchWeights.network_id == network.id))
    return {r.goal: dict(r.weights) for r in rows}


def network_weight_versions(session: Session, slug: str) -> dict[str, int]:
    """The version of each goal's weights the secretariat set (services.versions)."""
    network = network_by_slug(session, slug)
    rows = session.execute(
        select(NetworkMatchWeights.goal, NetworkMatchWeights.version).where(
            NetworkMatchWeights.network_id == network.id
        )
    )
    return {str(goal): int(version) for goal, version in rows}


def set_network_weights(
    session: Session,
    actor: Actor,
    slug: str,
    goal: str,
    weights: Mapping[str, float] | None,
    *,
    expected_version: int | None = None,
) -> None:
    """The secretariat sets its network's weights for a goal (None: back to the goal's own). A
    change of weights it set takes `expected_version` (services.versions); setting them first
    takes none, and a version of weights reset meanwhile is stale."""
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id), actor.is_authenticated, "The network's secretariat sets its weights."
    )
    chosen = _checked(goal, weights) if weights is not None else None
    row = session.get(NetworkMatchWeights, (network.id, goal))
    what = f"matching weights for {goal} of network"
    if row is not None:
        check_version(what, slug, row.version, expected_version)
    elif expected_version not in (None, IF_UNCHANGED):
        raise StaleVersion(what, slug, expected_version or 0, None)
    before = {"weights": row.weights} if row is not None else None
    if chosen is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(NetworkMatchWeights(network_id=network.id, goal=goal, weights=chosen))
    else:
        row.weights, row.updated_at = chosen, utcnow()
    flush_checked(session, what, slug, expected_version)
    audit.record(
        session, actor, "match_weights", "network", network.id, network_id=network.id,
        before=before, after={"goal": goal, "weights": chosen},
    )  # fmt: skip


@dataclass(frozen=True)
class GroupMember:
    city_id: int
    name: str
    country: str


@dataclass(frozen=True)
class NetworkGroups:
    network_slug: str
    max_size: int
    max_per_country: int | None
    spread: float
    groups: list[list[GroupMember]]


def network_groups(
    session: Session, actor: Actor, slug: str, *, max_size: int = 6, max_per_country: int | None = None
) -> NetworkGroups:
    """Split a network's published members into groups of similar towns (its secretariat only)."""
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id),
        actor.is_authenticated,
        "Groups are formed by the network's secretariat.",
    )
    if not 2 <= max_size <= 100:
        raise InvalidInput("max_size", "groups hold 2 to 100 cities.")
    table, names = match_table(session)
    members = set(
        session.scalars(select(NetworkMember.city_id).where(NetworkMember.network_id == network.id))
    )
    rows = np.array([r for r, i in enumerate(table.conditions.ids.tolist()) if i in members], dtype=np.int64)
    if rows.size == 0:
        return NetworkGroups(slug, max_size, max_per_country, math.nan, [])
    z = standardized(table.conditions.matrix()[rows])  # standardized among the members
    try:
        grouping = form_groups(z, table.conditions.country[rows], max_size, max_per_country=max_per_country)
    except ValueError as error:
        field, _, message = str(error).partition(": ")
        raise InvalidInput(field, message) from None

    def member(row: int) -> GroupMember:
        city_id = int(table.conditions.ids[row])
        return GroupMember(city_id, *names[city_id])

    groups = [
        sorted((member(int(r)) for r in rows[grouping.labels == g]), key=lambda m: m.name)
        for g in range(grouping.groups)
    ]
    return NetworkGroups(slug, max_size, max_per_country, grouping.spread, [g for g in groups if g])
