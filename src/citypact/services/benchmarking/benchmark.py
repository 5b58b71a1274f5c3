"""One city's benchmark: where it stands against cities under similar framework conditions, how it
moves over time, what its measures add up to and what it could learn from its peers.

There is no rank anywhere: peers are listed by how similar they are, never by how well they do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import polars as pl
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity_profile import (
    CatalogueScore,
    CityMeasure,
    Profile,
    Suggestion,
    catalogue_score,
    field_instrument_profile,
    suggestions,
)
from citypact.domain.benchmark import HEADLINE
from citypact.domain.calculation import compute_emissions
from citypact.domain.indicators import INDICATORS, carriers
from citypact.domain.lmdi import Decomposition, EnergyAccount, decompose
from citypact.domain.peers import compared, peer_reasons
from citypact.domain.reasons import Reason
from citypact.domain.structure_cv import COUNTRY_MEDIAN
from citypact.domain.structure_fit import Gap, explain_gap
from citypact.domain.trends import PeerMovement, TargetProgress, movement_among_peers, target_progress
from citypact.reference.factor_library import default_library, gwp_set
from citypact.services.benchmarking.data import (
    BenchmarkData,
    benchmark_data,
    catalogue_types,
    city_measures,
    gap_groups,
)
from citypact.services.benchmarking.outliers import Outlier, outliers
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.inventory.inventories import activity_frame
from citypact.services.plans.action_plans.gap import PlanGap, load_gap
from citypact.services.registry.cities import readable_city
from citypact.services.registry.public_targets import PublicTarget, headline_target, public_targets
from citypact.services.scopes import profile_of_country, same_scope_countries
from citypact.storage.models import City, Inventory, InventoryResult, Network, NetworkMember, TwinLink
from citypact.storage.plans import ClimateTarget

PeerGroup = Literal["nearest", "country", "network", "twins", "custom", "scope"]
PEER_GROUPS: Final = ("nearest", "country", "network", "twins", "custom", "scope")
MAX_PEERS: Final = 50
PEER_YEARS: Final = 3  # a peer's figure counts within this many years of the city's own
IMPLEMENTED: Final = ("implemented", "evaluated")
SUGGESTIONS: Final = 6
# Indicators that are framework conditions, not figures of the inventory: their source is their own.
CONTEXT_SOURCES: Final = {
    "grid_kg_per_kwh": "national grid intensity (Ember; Our World in Data), latest year up to this one",
    "renewable_share_pct": "city statistics, latest year known",
}


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    label: str
    unit: str
    direction: str
    value: float | None
    year: int | None
    peer_median: float | None
    peers_with_value: int
    source: str | None
    data_quality: str | None


@dataclass(frozen=True)
class PeerView:
    id: int
    name: str
    country: str
    distance: float
    reasons: tuple[Reason, ...]
    headline: float | None  # the value of `latest_year`: nearest the city's own year (PEER_YEARS)
    latest_year: int | None
    trend_pct: float | None
    hdd: float | None
    compared: tuple[str, ...] = ()  # the conditions both cities know (domain.peers codes)


@dataclass(frozen=True)
class PerformanceView:
    expected: float  # t CO2e per person that cities under these conditions emit (model median)
    percent: float
    low_percent: float
    high_percent: float
    sentence: str
    # What the expected level is for this city: "model" (its framework conditions), or where it lacks
    # a condition the model needs, "country_median", "region_median" or "overall_median".
    basis: str = "model"


@dataclass(frozen=True)
class TargetView:
    base_year: int
    base_emissions_t: float
    target_year: int
    reduction_pct: float
    basis: str  # which total the progress compares: "GPC BASIC" or "territorial"
    progress: TargetProgress
    # "own": the city's target (ClimateTarget); else a published target's source code
    # (services.public_targets, e.g. "cdp_targets_2021"), used only when the city has none of its own
    origin: str = "own"
    reported_year: int | None = None  # the year a published target was reported


@dataclass(frozen=True)
class ChangeView:
    year_from: int
    year_to: int
    decomposition: Decomposition


@dataclass
class CityBenchmark:
    city_id: int
    name: str
    country: str
    peer_group: str
    headline_year: int | None = None
    headline: float | None = None
    indicators: list[IndicatorValue] = field(default_factory=list)
    series: list[tuple[int, float]] = field(default_factory=list)
    peer_series: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    trend_pct: float | None = None
    trend_years: int = 0
    movement: PeerMovement | None = None
    most_improved: list[PeerView] = field(default_factory=list)
    performance: PerformanceView | None = None
    gap: Gap | None = None
    target: TargetView | None = None
    plan_gap: PlanGap | None = None  # with the city's own target: the same gap as its plan page
    change: ChangeView | None = None
    profile: Profile | None = None
    catalogue: CatalogueScore | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    peers: list[PeerView] = field(default_factory=list)
    hdd: float | None = None
    notes: list[str] = field(default_factory=list)
    model_cities: int = 0  # panel cities the expected level was validated on
    model_kind: str = ""  # the chosen expected level (domain.structure_cv), e.g. "country_median"
    model_r2: float = math.nan  # out-of-sample R², mean over repeats
    model_mdale: float = math.nan  # out-of-sample median absolute log error, mean over repeats
    country_mdale: float = math.nan  # the same for the country median, on the same folds
    has_plan: bool = False  # without an action plan the profile, catalogue score and measures are unknown
    peers_with_plan: int = 0  # peers whose action plans the suggestions and the measure medians read
    outlier: Outlier | None = None  # the city's own headline, if far outside its peers'
    excluded_peers: tuple[int, ...] = ()  # peers whose unconfirmed outlier is kept out of the medians


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _group_candidates(
    session: Session, data: BenchmarkData, city: City, group: str, network_id: int | None, ids: Sequence[int]
) -> list[int]:
    if group == "country":
        return [i for i, (_, country) in data.names.items() if country == city.country]
    if group == "scope":  # cities whose country has the same national scope of action
        same = same_scope_countries(session, city.country)
        if not same:
            raise InvalidInput(
                "peers", f"no scope of action is known for {city.country}; choose another peer group."
            )
        return [i for i, (_, country) in data.names.items() if country in same]
    if group == "network":
        if network_id is None:
            raise InvalidInput("network", "name the network whose members are the peers (network=ID).")
        if session.get(Network, network_id) is None:
            raise NotFound("network", network_id)
        return list(
            session.scalars(select(NetworkMember.city_id).where(NetworkMember.network_id == network_id))
        )
    if group == "twins":
        links = session.execute(
            select(TwinLink.city_a_id, TwinLink.city_b_id).where(
                or_(TwinLink.city_a_id == city.id, TwinLink.city_b_id == city.id)
            )
        ).all()
        return [b if a == city.id else a for a, b in links]
    if group == "custom":
        if not ids:
            raise InvalidInput("ids", "list the peer cities' ids, e.g. ids=12,57,301.")
        return list(ids)
    raise InvalidInput("peers", f"use one of {', '.join(PEER_GROUPS)}.")


def _peer_rows(
    session: Session,
    data: BenchmarkData,
    city: City,
    me: int,
    group: str,
    network_id: int | None,
    ids: Sequence[int],
) -> list[tuple[int, float]]:
    """(row in the benchmark data, distance) of the peers, most similar first."""
    if group == "nearest":  # found for every city when the benchmark data was built
        cities = data.network.cities
        nearest = zip(cities["peer_ids"][me].to_list(), cities["peer_distances"][me].to_list(), strict=True)
        return [(row, d) for i, d in nearest if i >= 0 and (row := data.row(i)) is not None]
    wanted = set(_group_candidates(session, data, city, group, network_id, ids)) - {city.id}
    rows = np.flatnonzero(np.isin(data.conditions.ids, list(wanted)))
    distance = np.sqrt(((data.z[rows] - data.z[me]) ** 2).sum(axis=1))
    order = np.lexsort((rows, distance))[:MAX_PEERS]
    return [(int(rows[i]), float(distance[i])) for i in order]


def _peer_view(data: BenchmarkData, me: int, row: int, distance: float) -> PeerView:
    cities = data.network.cities
    city_id = int(data.conditions.ids[row])
    name, country = data.names[city_id]
    own_year = cities["latest_year"][me]
    if own_year is None:  # the city has no figure: the peer's latest stands
        year, value = cities["latest_year"][row], _finite(cities[HEADLINE][row])
    else:
        year, value = _nearest_year(data, row, int(own_year))
    return PeerView(
        id=city_id,
        name=name,
        country=country,
        distance=distance,
        reasons=peer_reasons(data.conditions, me, row),
        headline=value,
        latest_year=int(year) if year is not None else None,
        trend_pct=_finite(cities["trend_pct_per_year"][row]),
        hdd=_finite(data.conditions.hdd[row]),
        compared=compared(data.conditions, me, row),
    )


def _nearest_year(data: BenchmarkData, row: int, year: int) -> tuple[int | None, float | None]:
    """A peer's headline in the year nearest `year` within PEER_YEARS (the later on a tie), so a peer
    with only 1994 data does not set the median for a 2015 figure; (None, None) when it has none."""
    years = np.asarray(data.network.years, dtype=np.int64)
    values = data.network.series[row]
    near = np.isfinite(values) & (np.abs(years - year) <= PEER_YEARS)
    if not near.any():
        return None, None
    gap = np.where(near, np.abs(years - year) * 2 - (years > year), np.iinfo(np.int64).max)
    best = int(np.argmin(gap))
    return int(years[best]), float(values[best])


def _series(data: BenchmarkData, row: int) -> list[tuple[int, float]]:
    values = data.network.series[row]
    return [(y, float(v)) for y, v in zip(data.network.years, values, strict=True) if math.isfinite(v)]


def _indicators(data: BenchmarkData, city_id: int, peer_ids: list[int]) -> list[IndicatorValue]:
    # Only the city and its peers: joining the whole network's table costs ~60 ms at 20,000 cities.
    wanted = pl.col("city_id").is_in([city_id, *peer_ids])
    table = data.network.indicators.filter(wanted).join(
        data.city_years.filter(wanted).select("city_id", "year", "source", "computed"),
        on=["city_id", "year"],
        how="left",
    )
    mine = table.filter(pl.col("city_id") == city_id).sort("year")
    peer_rows = table.filter(pl.col("city_id").is_in(peer_ids))
    out = []
    for indicator in INDICATORS:
        known = mine.filter(pl.col(indicator.code).is_not_null())
        peer_known = peer_rows.filter(pl.col(indicator.code).is_not_null())
        if known.height:  # each peer's value nearest the city's own year, within PEER_YEARS
            own_year = int(known["year"][-1])
            gap = (pl.col("year") - own_year).abs()
            peer_known = peer_known.filter(gap <= PEER_YEARS).sort(
                gap * 2 - (pl.col("year") > own_year).cast(pl.Int64)
            )
        else:
            peer_known = peer_known.sort("year", descending=True)
        peer_values = peer_known.group_by("city_id", maintain_order=True).first()[indicator.code]
        last = known.row(-1, named=True) if known.height else None
        computed = bool(last["computed"]) if last else False
        context = CONTEXT_SOURCES.get(indicator.numerator) if indicator.denominator is None else None
        out.append(
            IndicatorValue(
                code=indicator.code,
                label=indicator.label,
                unit=indicator.unit,
                direction=indicator.direction,
                value=_finite(last[indicator.code]) if last else None,
                year=int(last["year"]) if last else None,
                peer_median=_finite(peer_values.median()) if peer_values.len() else None,
                peers_with_value=peer_values.len(),
                source=(context or last["source"]) if last else None,
                # Computed here: activity data with its own quality; reported elsewhere: not verified.
                data_quality=("as entered per activity" if computed else "reported, not verified")
                if last and not context
                else None,
            )
        )
    return out


def _performance(data: BenchmarkData, me: int, peer_rows: list[int], view: CityBenchmark) -> None:
    cities = data.network.cities
    percent = _finite(cities["performance_pct"][me])
    headline = view.headline
    if percent is None or headline is None:
        view.notes.append(
            "No structure-adjusted comparison: it needs territorial emissions per capita, heating and "
            "cooling degree days, population, area, the national grid and a world region the model knows."
        )
        return
    model = data.model
    expected = float(cities["expected"][me])
    low, high = float(cities["performance_low_pct"][me]), float(cities["performance_high_pct"][me])
    direction = "above" if percent >= 0 else "below"
    within = " (within the usual scatter of such cities)" if low <= 0 <= high else ""
    sentence = (
        f"{abs(percent):.0f}% {direction} what cities under its framework conditions emit "
        f"({headline:.2f} against {expected:.2f} t per person; "
        f"95% interval {low:+.0f}% to {high:+.0f}%){within}."
    )
    basis = str(cities["expected_basis"][me])
    if basis != "model":
        sentence += f" Expected level: the {basis.replace('_', ' ')}."
    view.performance = PerformanceView(expected, percent, low, high, sentence, basis)
    if model is None or basis != "model":
        return  # the expected level is a median: no conditions to split the gap by
    X = {name: float(data.covariates[name][me]) for name in model.covariates}
    # The reference is the peers' actual (geometric) average level: the model at their mean conditions
    # plus their mean residual; the local part is then what the city does differently from them.
    scored = cities["performance_pct"].to_numpy()
    usable = [
        r
        for r in peer_rows
        if math.isfinite(scored[r]) and all(math.isfinite(data.covariates[n][r]) for n in model.covariates)
    ]
    if usable:
        reference = {n: float(np.mean(data.covariates[n][usable])) for n in model.covariates}
        residual = float(np.mean(np.log1p(scored[usable] / 100.0)))
        view.gap = explain_gap(
            model, X, reference, math.log(headline), gap_groups(model), reference_residual=residual
        )


def _target(session: Session, city_id: int, data: BenchmarkData, view: CityBenchmark) -> None:
    own = session.scalar(select(ClimateTarget).where(ClimateTarget.city_id == city_id))
    if own is not None:
        # the city's own target: the plan's one gap figure (plans.action_plans.gap), so that the plan,
        # the city page and this page agree
        view.plan_gap = load_gap(session, city_id)
        if view.plan_gap is not None:
            g = view.plan_gap
            view.target = TargetView(
                g.base_year, g.base_emissions_t, own.target_year, own.reduction_pct, g.basis, g.gap.progress
            )
        return
    target: ClimateTarget | PublicTarget | None = own
    if own is None:
        # the city's own target wins; without one, the target it published (CDP 2021) stands in
        target = headline_target(public_targets(session, [city_id]).get(city_id, []))
    if target is None:
        return
    assert target.base_year is not None and target.base_emissions_t is not None  # headline_target's rule
    assert target.target_year is not None and target.reduction_pct is not None
    years = data.city_years.filter(pl.col("city_id") == city_id).sort("year")
    with_basic = years.filter(pl.col("basic_t").is_not_null())
    basis, column = ("GPC BASIC", "basic_t") if with_basic.height else ("territorial", "scope1_t")
    known = years.filter(pl.col(column).is_not_null())
    if known.is_empty() or target.target_year <= target.base_year or target.base_emissions_t <= 0:
        return
    last = known.row(-1, named=True)
    goal = target.base_emissions_t * (1 - target.reduction_pct / 100)
    progress = target_progress(
        target.base_year,
        target.base_emissions_t,
        target.target_year,
        goal,
        int(last["year"]),
        float(last[column]),
    )
    view.target = TargetView(
        target.base_year,
        target.base_emissions_t,
        target.target_year,
        target.reduction_pct,
        basis,
        progress,
        origin=target.source if isinstance(target, PublicTarget) else "own",
        reported_year=target.reported_year if isinstance(target, PublicTarget) else None,
    )


def _account(session: Session, inventory: Inventory, country: str, population: float) -> EnergyAccount | None:
    rows = activity_frame(session, inventory.id)
    if rows.is_empty():
        return None
    emissions = compute_emissions(
        rows, default_library(), gwp_set(inventory.gwp), country=country, year=inventory.year
    )
    energy, emitted = carriers(emissions)
    if not sum(energy.values()) > 0:
        return None
    return EnergyAccount(population, energy, emitted)


def _change(session: Session, city: City, view: CityBenchmark) -> None:
    """LMDI between the first and the latest submitted inventory computed from activity data."""
    inventories = session.scalars(
        select(Inventory)
        .join(InventoryResult, (InventoryResult.inventory_id == Inventory.id) & InventoryResult.is_current)
        .where(Inventory.city_id == city.id, Inventory.status.in_(("submitted", "verified")))
        .order_by(Inventory.year)
    ).all()
    if len(inventories) < 2:
        return
    first, last = inventories[0], inventories[-1]
    if first.gwp != last.gwp:
        view.notes.append(f"No decomposition: {first.year} uses {first.gwp}, {last.year} {last.gwp}.")
        return
    accounts = []
    for inventory in (first, last):
        population = inventory.population or city.population
        account = _account(session, inventory, city.country, float(population)) if population else None
        if account is None:
            return
        accounts.append(account)
    view.change = ChangeView(first.year, last.year, decompose(accounts[0], accounts[1]))


def _measure_indicator(
    code: str, label: str, unit: str, mine: float | None, peers: Sequence[float | None]
) -> IndicatorValue:
    known = [v for v in peers if v is not None]
    return IndicatorValue(
        code=code,
        label=label,
        unit=unit,
        direction="higher",
        value=mine,
        year=None,
        peer_median=float(np.median(known)) if known else None,
        peers_with_value=len(known),
        source="the city's action plan on citypact" if mine is not None else None,
        data_quality="as entered by the city" if mine is not None else None,
    )


def _profile(session: Session, city: City, peers: list[PeerView], view: CityBenchmark) -> None:
    """The activity profile, catalogue score and suggestions. A city without an action plan (no
    measure in it on citypact) is not assessed: its profile, score and count of measures are unknown
    (None), never 0; the peers' medians are over the peers with a plan, and suggestions come only from
    what peers with a plan implemented."""
    catalogue = catalogue_types(session)
    measures = city_measures(session, [city.id, *(p.id for p in peers)])
    planned = {c for c, listed in measures.items() if listed}
    view.has_plan = city.id in planned
    with_plan = [p for p in peers if p.id in planned]
    view.peers_with_plan = len(with_plan)
    scores = {
        c: catalogue_score(measures[c], catalogue, country).percent
        for c, country in ((city.id, city.country), *((p.id, p.country) for p in with_plan))
        if c in planned
    } if catalogue else {}  # fmt: skip

    def done(city_id: int) -> list[CityMeasure]:
        return [m for m in measures[city_id] if m.implementation in IMPLEMENTED and not m.cancelled]

    def count(city_id: int) -> float | None:
        return float(len(done(city_id))) if city_id in planned else None

    if view.has_plan:
        mine = measures[city.id]
        scope = profile_of_country(session, city.country)
        view.profile = field_instrument_profile(mine, scope.no_say() if scope is not None else frozenset())
        if catalogue:
            view.catalogue = catalogue_score(mine, catalogue, city.country)
        implemented: dict[str, int] = {}
        for peer in with_plan:
            for code in {m.code for m in done(peer.id) if m.code}:
                implemented[code] = implemented.get(code, 0) + 1
        view.suggestions = suggestions(
            view.profile, catalogue, implemented, SUGGESTIONS, peers=len(with_plan), country=city.country
        )
    # Measures-based indicators: what the city does, beside what it emits.
    view.indicators.append(
        _measure_indicator(
            "catalogue_score", "Catalogue score (points achieved of points possible in its country)", "%",
            scores.get(city.id), [scores.get(p.id) for p in peers],
        )
    )  # fmt: skip
    view.indicators.append(
        _measure_indicator(
            "measures_implemented", "Measures implemented", "measures",
            count(city.id), [count(p.id) for p in peers],
        )
    )  # fmt: skip


def city_benchmark(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    peers: str = "nearest",
    network_id: int | None = None,
    ids: Sequence[int] = (),
) -> CityBenchmark:
    """The benchmark page of one city against the chosen peer group."""
    if peers not in PEER_GROUPS:
        raise InvalidInput("peers", f"use one of {', '.join(PEER_GROUPS)}.")
    city = readable_city(session, actor, city_id)
    view = CityBenchmark(city.id, city.name, city.country, peers)
    data = benchmark_data(session)
    me = data.row(city_id) if data is not None else None
    peer_ids: list[int] = []
    if data is None or me is None:
        view.notes.append(
            "No submitted or verified emissions yet: submit an inventory (or have reported totals loaded) "
            "to be compared with other cities. Drafts are not benchmarked."
        )
        view.indicators = [
            IndicatorValue(i.code, i.label, i.unit, i.direction, None, None, None, 0, None, None)
            for i in INDICATORS
        ]
    else:
        cities = data.network.cities
        validation = data.level.validation
        used, country = validation.score(validation.chosen), validation.score(COUNTRY_MEDIAN)
        view.model_cities, view.model_kind = validation.cities, validation.chosen
        view.model_r2, view.model_mdale = used.r2_mean, used.mdale_mean
        view.country_mdale = country.mdale_mean
        year = cities["latest_year"][me]
        view.headline_year = int(year) if year is not None else None
        view.headline = _finite(cities[HEADLINE][me])
        view.trend_pct = _finite(cities["trend_pct_per_year"][me])
        view.trend_years = int(cities["trend_years"][me])
        view.hdd = _finite(data.conditions.hdd[me])
        chosen = _peer_rows(session, data, city, me, peers, network_id, ids)
        view.peers = [_peer_view(data, me, row, distance) for row, distance in chosen]
        peer_ids = [p.id for p in view.peers]
        peer_rows = [row for row, _ in chosen]
        view.series = _series(data, me)
        view.peer_series = {p.id: _series(data, row) for p, (row, _) in zip(view.peers, chosen, strict=True)}
        # Unconfirmed outliers among the peers stay listed but out of the medians (services/outliers).
        marked = outliers(session, data)
        view.outlier = marked.get(city.id)
        view.excluded_peers = tuple(i for i in peer_ids if i in marked and not marked[i].confirmed)
        view.indicators = _indicators(data, city_id, [i for i in peer_ids if i not in view.excluded_peers])
        rates = [p.trend_pct if p.trend_pct is not None else math.nan for p in view.peers]
        if view.trend_pct is not None:
            view.movement = movement_among_peers(view.trend_pct, peer_ids, rates)
            by_id = {p.id: p for p in view.peers}
            view.most_improved = [by_id[i] for i in view.movement.most_improved]
        else:
            view.notes.append("No trend yet: it needs territorial emissions in at least two years.")
        _performance(data, me, peer_rows, view)
        _target(session, city_id, data, view)
    _change(session, city, view)
    _profile(session, city, view.peers, view)
    return view
