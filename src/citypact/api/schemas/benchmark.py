"""JSON shapes of the benchmark endpoints, and their construction from the service results.

The CLI prints the same shapes (`citypact benchmark ... --format json`), so both build them here.
Every float that can be unknown is `Number`: NaN and infinities become null, never 0 and never a
bare NaN (which is not JSON). There is no rank anywhere: peers come most similar first.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

from citypact.api.schemas.base import ReasonOut
from citypact.domain.activity_profile import CatalogueScore, Profile
from citypact.domain.structure_cv import ExpectedLevel
from citypact.domain.structure_fit import Gap, GapPart
from citypact.services.benchmarking.benchmark import CityBenchmark, PeerGroup, PeerView


def _finite_or_none(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool) and not math.isfinite(value):
        return None
    return value


Number = Annotated[float | None, BeforeValidator(_finite_or_none)]


class PointOut(BaseModel):
    year: int
    value: float


class IndicatorOut(BaseModel):
    code: str
    label: str
    unit: str
    direction: Literal["lower", "higher"] = Field(description="which way is better")
    value: Number = Field(description="the city's latest known value; null when unknown")
    year: int | None
    peer_median: Number = Field(description="median of the peers' latest known values")
    peers_with_value: int
    source: str | None
    data_quality: str | None


class PeerOut(BaseModel):
    id: int
    name: str
    country: str
    distance: float = Field(
        description="root mean square difference of the standardized conditions both know; 0 is identical"
    )
    reasons: list[ReasonOut]
    compared: list[str] = Field(description="the conditions both cities know, which they were compared on")
    headline: Number = Field(
        description="territorial emissions per capita, t CO2e/person, in the year nearest the city's own "
        "(within 3 years)"
    )
    latest_year: int | None = Field(description="the year of `headline`")
    trend_pct: Number = Field(description="annual change of the headline, percent per year")
    hdd: Number


class PeerSeriesOut(BaseModel):
    id: int
    points: list[PointOut]


class HeadlineOut(BaseModel):
    code: str = "scope1_per_capita"
    unit: str = "t CO2e/person"
    value: Number
    year: int | None


class TrendOut(BaseModel):
    percent_per_year: Number = Field(description="log-linear annual rate over all known years")
    years: int = Field(description="years with a value that the rate uses")


class PeerRefOut(BaseModel):
    id: int
    name: str
    country: str
    trend_pct: Number


class MovementOut(BaseModel):
    rate_pct: Number
    sentence: str
    faster_than: int = Field(description="peers whose emissions fell more slowly, or rose")
    peers_with_rate: int
    most_improved: list[PeerRefOut] = Field(description="peers with the steepest fall, steepest first")


class IntervalOut(BaseModel):
    low_percent: Number
    high_percent: Number


class PerformanceOut(BaseModel):
    expected: Number = Field(description="t CO2e/person that cities under these conditions emit")
    percent: Number = Field(description="above (+) or below (-) the expected level")
    interval: IntervalOut = Field(description="95% interval of the percent, from out-of-sample errors")
    basis: str = Field(
        description="model (the city's framework conditions), or where the city lacks a condition the "
        "model needs: country_median, region_median, overall_median"
    )
    sentence: str


class GapPartOut(BaseModel):
    name: str
    covariates: list[str]
    percent_points: Number
    log_points: Number


class GapOut(BaseModel):
    sentence: str
    total_percent: Number = Field(description="the city against the average of its peers, percent")
    parts: list[GapPartOut] = Field(description="what the framework conditions explain")
    local: GapPartOut = Field(description="what they do not explain")


class TargetOut(BaseModel):
    base_year: int
    base_emissions_t: float
    target_year: int
    reduction_pct: float
    basis: str = Field(description="the total compared: GPC BASIC or territorial")
    year: int
    actual_t: Number
    on_path_t: Number = Field(description="what the straight path to the target asks for in `year`")
    gap_pct: Number = Field(description="actual above (+) or below (-) the path")
    needed_rate_pct: Number = Field(description="annual change needed from now to reach the target")
    on_track: bool
    origin: str = Field(
        description="own: the city's target; else the source of the published target used because "
        "the city has none of its own (cdp_targets_2021)"
    )
    reported_year: int | None = Field(description="the year a published target was reported")


class EffectsOut(BaseModel):
    population: Number
    energy_per_capita: Number
    energy_mix: Number
    fuel_intensity: Number
    grid_factor: Number


class ChangeOut(BaseModel):
    year_from: int
    year_to: int
    total_change_t: Number
    effects_t: EffectsOut = Field(description="LMDI-I effects, t CO2e; they add up to the total")
    explanation: str


class CellOut(BaseModel):
    field: str
    instrument: str
    score: int = Field(ge=0, le=4)
    measures: int
    expected_reduction_t: Number


class FieldInstrumentOut(BaseModel):
    field: str
    instrument: str


class ProfileOut(BaseModel):
    cells: list[CellOut]
    fields: dict[str, int] = Field(description="field -> score 0-4")
    strengths: list[FieldInstrumentOut]
    weaknesses: list[FieldInstrumentOut]
    weak_fields: list[str]
    out_of_scope: list[FieldInstrumentOut] = Field(
        default_factory=list,
        description="cells the municipality may not decide in its country (national scope of action): "
        "never counted as weaknesses",
    )


class FieldScoreOut(BaseModel):
    field: str
    achieved: Number
    possible: Number
    percent: Number


class CatalogueOut(BaseModel):
    country: str
    percent: Number
    achieved: Number
    possible: Number
    fields: list[FieldScoreOut]
    excluded: list[str] = Field(description="measure types the city cannot decide in its country")


class SuggestionOut(BaseModel):
    code: str
    field: str
    instrument: str
    peers: int = Field(description="peers that implemented it")
    points_possible: Number
    reason: str


class ModelUseOut(BaseModel):
    cities: int = Field(description="panel cities the expected level was cross-validated on")
    chosen: str = Field(description="the expected level chosen out of sample, e.g. country_median")
    out_of_sample_r2: Number = Field(description="5-fold cross-validated R² of log per-capita emissions")
    out_of_sample_mdale: Number = Field(description="cross-validated median absolute log error")
    country_median_mdale: Number = Field(description="the same for the country median, same folds")


class CityBenchmarkOut(BaseModel):
    city_id: int
    name: str
    country: str
    peer_group: PeerGroup
    headline: HeadlineOut
    hdd: Number
    indicators: list[IndicatorOut]
    peers: list[PeerOut] = Field(description="most similar first; never ordered by performance")
    series: list[PointOut] = Field(description="the headline per year")
    peer_series: list[PeerSeriesOut]
    trend: TrendOut
    movement: MovementOut | None
    performance: PerformanceOut | None
    gap: GapOut | None
    target: TargetOut | None
    change: ChangeOut | None
    profile: ProfileOut | None
    catalogue: CatalogueOut | None = Field(description="null: no action plan on citypact, not assessed")
    has_plan: bool = Field(
        description="whether the city has an action plan on citypact; without one its profile, "
        "catalogue score and measures implemented are null (not assessed), never 0"
    )
    peers_with_plan: int = Field(description="peers with an action plan: the suggestions come from theirs")
    suggestions: list[SuggestionOut] = Field(
        description="only types at least one peer with a plan implemented; empty when no peer has a plan"
    )
    model: ModelUseOut
    notes: list[str] = Field(description="why a part is missing")


def _points(series: list[tuple[int, float]]) -> list[PointOut]:
    return [PointOut(year=year, value=value) for year, value in series]


def _gap_part(part: GapPart) -> GapPartOut:
    return GapPartOut(
        name=part.name,
        covariates=list(part.covariates),
        percent_points=part.percent_points,
        log_points=part.log_points,
    )


def _gap(gap: Gap) -> GapOut:
    return GapOut(
        sentence=gap.sentence,
        total_percent=gap.total_percent,
        parts=[_gap_part(p) for p in gap.parts],
        local=_gap_part(gap.local),
    )


def _profile(profile: Profile) -> ProfileOut:
    return ProfileOut(
        cells=[CellOut.model_validate(c, from_attributes=True) for c in profile.cells],
        fields=dict(profile.fields),
        strengths=[FieldInstrumentOut(field=f, instrument=i) for f, i in profile.strengths],
        weaknesses=[FieldInstrumentOut(field=f, instrument=i) for f, i in profile.weaknesses],
        weak_fields=list(profile.weak_fields),
        out_of_scope=[FieldInstrumentOut(field=f, instrument=i) for f, i in sorted(profile.out_of_scope)],
    )


def _catalogue(score: CatalogueScore) -> CatalogueOut:
    return CatalogueOut(
        country=score.country,
        percent=score.percent,
        achieved=score.achieved,
        possible=score.possible,
        fields=[FieldScoreOut.model_validate(f, from_attributes=True) for f in score.fields],
        excluded=list(score.excluded),
    )


def _peer_ref(peer: PeerView) -> PeerRefOut:
    return PeerRefOut(id=peer.id, name=peer.name, country=peer.country, trend_pct=peer.trend_pct)


def benchmark_out(view: CityBenchmark) -> CityBenchmarkOut:
    """The service's view of one city as the JSON the API and the CLI give."""
    movement = view.movement
    target = view.target
    change = view.change
    return CityBenchmarkOut(
        city_id=view.city_id,
        name=view.name,
        country=view.country,
        peer_group=view.peer_group,
        headline=HeadlineOut(value=view.headline, year=view.headline_year),
        hdd=view.hdd,
        indicators=[IndicatorOut.model_validate(i, from_attributes=True) for i in view.indicators],
        peers=[
            PeerOut.model_validate(
                {**vars(p), "reasons": [vars(r) for r in p.reasons], "compared": list(p.compared)}
            )
            for p in view.peers
        ],
        series=_points(view.series),
        peer_series=[
            PeerSeriesOut(id=city_id, points=_points(points)) for city_id, points in view.peer_series.items()
        ],
        trend=TrendOut(percent_per_year=view.trend_pct, years=view.trend_years),
        movement=None
        if movement is None
        else MovementOut(
            rate_pct=movement.rate_pct,
            sentence=movement.sentence(),
            faster_than=movement.faster_than,
            peers_with_rate=movement.peers_with_rate,
            most_improved=[_peer_ref(p) for p in view.most_improved],
        ),
        performance=None
        if view.performance is None
        else PerformanceOut(
            expected=view.performance.expected,
            percent=view.performance.percent,
            interval=IntervalOut(
                low_percent=view.performance.low_percent, high_percent=view.performance.high_percent
            ),
            basis=view.performance.basis,
            sentence=view.performance.sentence,
        ),
        gap=None if view.gap is None else _gap(view.gap),
        target=None
        if target is None
        else TargetOut(
            base_year=target.base_year,
            base_emissions_t=target.base_emissions_t,
            target_year=target.target_year,
            reduction_pct=target.reduction_pct,
            basis=target.basis,
            year=target.progress.year,
            actual_t=target.progress.actual,
            on_path_t=target.progress.on_path,
            gap_pct=target.progress.gap_pct,
            needed_rate_pct=target.progress.needed_rate_pct,
            on_track=target.progress.on_track,
            origin=target.origin,
            reported_year=target.reported_year,
        ),
        change=None
        if change is None
        else ChangeOut(
            year_from=change.year_from,
            year_to=change.year_to,
            total_change_t=change.decomposition.total_change,
            effects_t=EffectsOut(**change.decomposition.effects()),
            explanation=change.decomposition.explain(),
        ),
        profile=None if view.profile is None else _profile(view.profile),
        catalogue=None if view.catalogue is None else _catalogue(view.catalogue),
        has_plan=view.has_plan,
        peers_with_plan=view.peers_with_plan,
        suggestions=[SuggestionOut.model_validate(s, from_attributes=True) for s in view.suggestions],
        model=ModelUseOut(
            cities=view.model_cities,
            chosen=view.model_kind,
            out_of_sample_r2=view.model_r2,
            out_of_sample_mdale=view.model_mdale,
            country_median_mdale=view.country_mdale,
        ),
        notes=list(view.notes),
    )


class CoefficientOut(BaseModel):
    name: str = Field(description="the intercept, or a covariate")
    coefficient: float = Field(description="effect on log emissions per capita")
    standard_error: Number
    ci_low: Number = Field(description="95% interval")
    ci_high: Number


class ScoreOut(BaseModel):
    name: str = Field(description="country_median, region_median or a structure model's code")
    r2_mean: Number = Field(description="out-of-sample R² of log per-capita emissions, mean over repeats")
    r2_sd: Number = Field(description="its standard deviation over repeats")
    mdale_mean: Number = Field(description="out-of-sample median absolute log error, mean over repeats")
    mdale_sd: Number


class ValidationOut(BaseModel):
    folds: int
    repeats: int
    seed: int
    cities: int = Field(description="panel cities (plausible per-capita figures) predicted out of sample")
    scores: list[ScoreOut] = Field(description="the baselines first, then the candidate models")
    margin_mean: Number = Field(
        description="country median's error minus the chosen one's (same folds), mean over repeats"
    )
    margin_sd: Number
    interval_low: Number = Field(description="2.5% quantile of the chosen one's out-of-sample log errors")
    interval_high: Number = Field(description="97.5% quantile")


class StructureModelOut(BaseModel):
    description: str
    chosen: str = Field(description="the expected level chosen by out-of-sample error")
    validation: ValidationOut
    response: str = "log territorial emissions per capita (t CO2e/person)"
    coefficients: list[CoefficientOut] = Field(
        description="the chosen model's, the intercept first; empty where the country median was chosen"
    )
    scale: Number = Field(description="robust in-sample residual scale (not a predictive figure)")
    n_used: int = Field(description="panel rows the chosen model was fitted on")
    n_left_out: int = Field(description="panel rows left out for a missing value")
    outliers: int = Field(description="rows the robust fit weighed down below one half")
    converged: bool
    iterations: int


def model_out(level: ExpectedLevel, description: str) -> StructureModelOut:
    v = level.validation
    validation = ValidationOut(
        folds=v.folds,
        repeats=v.repeats,
        seed=v.seed,
        cities=v.cities,
        scores=[
            ScoreOut(
                name=s.name, r2_mean=s.r2_mean, r2_sd=s.r2_sd, mdale_mean=s.mdale_mean, mdale_sd=s.mdale_sd
            )
            for s in v.scores
        ],
        margin_mean=v.margin_mean,
        margin_sd=v.margin_sd,
        interval_low=level.interval[0],
        interval_high=level.interval[1],
    )
    model = level.model
    if model is None:
        return StructureModelOut(
            description=description, chosen=level.kind, validation=validation, coefficients=[],
            scale=None, n_used=v.cities, n_left_out=0, outliers=0, converged=True, iterations=0,
        )  # fmt: skip
    errors, intervals = model.standard_errors, model.intervals
    return StructureModelOut(
        description=description,
        chosen=level.kind,
        validation=validation,
        coefficients=[
            CoefficientOut(
                name=name,
                coefficient=b,
                standard_error=errors[name],
                ci_low=intervals[name][0],
                ci_high=intervals[name][1],
            )
            for name, b in model.coefficients.items()
        ],
        scale=model.scale,
        n_used=model.n_used,
        n_left_out=model.n_left_out,
        outliers=len(model.outlier_rows),
        converged=model.converged,
        iterations=model.iterations,
    )
