"""What the benchmark page and report show: the service's benchmark (services.benchmark.CityBenchmark)
turned into rows and sentences in the reader's language (reports.benchmark builds it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

HEADLINE = "scope1_per_capita"
PLAN_INDICATORS = frozenset({"catalogue_score", "measures_implemented"})  # unknown without an action plan


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    label: str
    value: str | None  # None: missing
    absent: str  # what a missing value says: "missing", or "not assessed" for what needs an action plan
    unit: str
    year: str
    better: str
    peer_median: str
    peers_with_value: int
    source: str
    quality: str


@dataclass(frozen=True)
class PeerRow:
    id: int
    name: str
    country: str
    reasons: list[str]
    value: str
    year: str
    trend: str
    compared: str = ""  # the conditions both cities know, in the reader's language


@dataclass(frozen=True)
class SuggestionRow:
    code: str
    title: str
    field: str
    instrument: str
    reason: str


@dataclass
class BenchmarkPage:
    city_id: int
    name: str
    peer_group: str
    headline: str | None = None
    headline_source: str | None = None
    performance: str | None = None
    performance_note: str | None = None
    gap: str | None = None
    movement: str | None = None
    learn_from: str | None = None
    target: str | None = None
    change: str | None = None
    indicators: list[IndicatorRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    peers: list[PeerRow] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)  # name -> inline SVG, or an <img> of it
    chart_makers: dict[str, Callable[[], str]] = field(default_factory=dict)  # name -> its SVG
    strengths: list[str] = field(default_factory=list)
    weak_fields: list[str] = field(default_factory=list)
    catalogue: str | None = None
    suggestions: list[SuggestionRow] = field(default_factory=list)
    has_measures: bool = False
    plan_note: str | None = None  # why the profile and the suggestions are not shown
    notes: list[str] = field(default_factory=list)
    model: str | None = None
    outlier: str | None = None  # the city's own figure far outside its peers', in words
    outlier_confirmed: bool = False
    excluded_peers: tuple[int, ...] = ()  # peers kept out of the medians as unconfirmed outliers
