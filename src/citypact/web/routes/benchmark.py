"""A city's benchmark: the page, the printable report and its PDF.

The page compares a city with cities under similar framework conditions and shows how it moves; it
never ranks. The service returns figures (and English sentences); the sentences shown here are
written from the figures in the reader's language, so German and Japanese readers get them too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from html import escape
from typing import Annotated, Any
from urllib.parse import urlencode

from babel.lists import format_list
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity_profile import MAX_SCORE
from citypact.domain.lmdi import EFFECTS
from citypact.domain.measures import FIELDS, IMPLEMENTATION, INSTRUMENTS
from citypact.domain.structure_cv import COUNTRY_MEDIAN
from citypact.http.deps import CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.i18n import labels, reasons
from citypact.i18n.catalog import Formatter, formatter, translations
from citypact.services import cities, measures
from citypact.services.benchmark import PEER_GROUPS, CityBenchmark, city_benchmark
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.networks import list_networks
from citypact.web import charts, pdf
from citypact.web.chart_views import BENCHMARK_CHARTS
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute, prefix="/cities/{city_id}/benchmark")
HEADLINE = "scope1_per_capita"
PLAN_INDICATORS = frozenset({"catalogue_score", "measures_implemented"})  # unknown without an action plan
Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]

PeersParam = Annotated[str, Query(max_length=10)]
NetworkParam = Annotated[str, Query(max_length=12)]
IdsParam = Annotated[str, Query(max_length=600)]


# --- the peer group chosen in the form ---------------------------------------------------------------


@dataclass(frozen=True)
class PeerChoice:
    peers: str
    network: int | None
    ids: tuple[int, ...]
    ids_text: str

    def query(self) -> str:
        """The choice as a query string for the report links."""
        parts = [f"peers={self.peers}"]
        if self.network is not None:
            parts.append(f"network={self.network}")
        if self.ids:
            parts.append("ids=" + ",".join(str(i) for i in self.ids))
        return "&".join(parts)


def _choice(peers: str, network: str, ids: str) -> PeerChoice:
    peers = peers.strip() or "nearest"
    if peers not in PEER_GROUPS:
        raise InvalidInput("peers", f"use one of {', '.join(PEER_GROUPS)}.")
    network_id = None
    if peers == "network" and network.strip():
        if not network.strip().isdigit():
            raise InvalidInput("network", "choose a network from the list.")
        network_id = int(network)
    found: list[int] = []
    if peers == "custom":
        for part in re.split(r"[\s,;]+", ids.strip()):
            if not part:
                continue
            if not part.isdigit():
                raise InvalidInput("ids", f"{part!r} is not a city id; list ids such as 12, 57, 301.")
            found.append(int(part))
    return PeerChoice(peers, network_id, tuple(dict.fromkeys(found)), ids.strip())


# --- what the templates show -----------------------------------------------------------------------


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


class _Words:
    """The reader's language: catalog, number formats and a few composite phrases."""

    def __init__(self, lang: str) -> None:
        catalog = translations(lang)
        self._: Gettext = catalog.gettext
        self.n: Ngettext = catalog.ngettext
        self.fmt: Formatter = formatter(lang)
        self.lang = lang

    def number(self, value: float, digits: int | None = None) -> str:
        if digits is None and value == int(value) and abs(value) < 1e15:
            digits = 0  # a count, or a round figure: no decimals of zeros
        if digits is None:
            size = abs(value)
            digits = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
        return self.fmt.number(value, digits)

    def signed(self, value: float, digits: int = 0) -> str:
        text = self.fmt.number(abs(value), digits)
        if text.strip("0.,") == "":
            return text
        return ("+" if value > 0 else "\u2212") + text

    def listing(self, items: Sequence[str]) -> str:
        return format_list(list(items), locale=self.lang) if items else ""

    def field(self, code: str) -> str:
        return self._(FIELDS.get(code, code))

    def instrument(self, code: str, short: bool = False) -> str:
        label = self._(INSTRUMENTS.get(code, code))
        return re.split(r" \(|（", label)[0] if short else label


_NO_DECOMPOSITION = re.compile(r"No decomposition: (\d{4}) uses (\w+), (\d{4}) (\w+)\.")


def _note(text: str, w: _Words) -> str:
    """A note of the service in the reader's language (unknown ones as they are)."""
    _ = w._
    if text.startswith("No structure-adjusted comparison"):
        return _(
            "No structure-adjusted comparison yet: it needs territorial emissions per person, heating and "
            "cooling degree days, population, area, the national grid and a world region the model knows."
        )
    if text.startswith("No submitted or verified emissions yet"):
        return _(
            "No submitted or verified emissions yet: submit an inventory (or have reported totals loaded) to "
            "be compared with other cities. Drafts are not compared."
        )
    if text.startswith("No trend yet"):
        return _("No trend yet: it needs territorial emissions in at least two years.")
    found = _NO_DECOMPOSITION.fullmatch(text)
    if found:
        return _(
            "The change is not explained: %(first)s uses %(first_gwp)s, %(last)s %(last_gwp)s; recalculate "
            "one of them with the same GWP set."
        ) % {"first": found[1], "first_gwp": found[2], "last": found[3], "last_gwp": found[4]}
    return text


def _source(text: str | None, w: _Words) -> str:
    _ = w._
    if not text:
        return "–"
    if text in labels.SOURCE_LABELS:
        return _(labels.SOURCE_LABELS[text])
    computed = re.fullmatch(r"GPC inventory computed with citypact \((submitted|verified)\)", text)
    if computed:
        status = _("submitted") if computed[1] == "submitted" else _("verified")
        return _("GPC inventory computed with citypact (%(status)s)") % {"status": status}
    return text


def _indicator_rows(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _ = w._
    for i in view.indicators:
        label = _(i.label)
        unit = _(labels.UNIT_LABELS[i.unit]) if i.unit in labels.UNIT_LABELS else i.unit
        page.indicators.append(
            IndicatorRow(
                code=i.code,
                label=label,
                value=w.number(i.value) if i.value is not None else None,
                absent=_("not assessed") if i.code in PLAN_INDICATORS else _("missing"),
                unit=unit,
                year=str(i.year) if i.year is not None else "–",
                better=_(labels.DIRECTION_LABELS[i.direction]),
                peer_median=w.number(i.peer_median) if i.peer_median is not None else "–",
                peers_with_value=i.peers_with_value,
                source=_source(i.source, w),
                quality=_(labels.DATA_QUALITY_LABELS.get(i.data_quality, i.data_quality))
                if i.data_quality
                else "–",
            )
        )
        if i.value is None and i.code not in PLAN_INDICATORS:
            page.missing.append(label)
        if i.code == HEADLINE and i.value is not None and i.year is not None:
            page.headline = _("%(value)s t CO₂e per person in %(year)s") % {
                "value": w.number(i.value, 2),
                "year": i.year,
            }
            page.headline_source = _source(i.source, w)


def _performance(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _ = w._
    p = view.performance
    if p is None or view.headline is None:
        return
    values = {
        "city": view.name,
        "pct": w.number(abs(p.percent), 0),
        "actual": w.number(view.headline, 2),
        "expected": w.number(p.expected, 2),
        "low": w.signed(p.low_percent),
        "high": w.signed(p.high_percent),
    }
    if p.percent >= 0:
        text = _(
            "%(city)s emits %(pct)s%% more per person than cities under its framework conditions typically "
            "do (%(actual)s against %(expected)s t CO₂e per person; 95%% interval %(low)s%% to %(high)s%%)."
        )
    else:
        text = _(
            "%(city)s emits %(pct)s%% less per person than cities under its framework conditions typically "
            "do (%(actual)s against %(expected)s t CO₂e per person; 95%% interval %(low)s%% to %(high)s%%)."
        )
    page.performance = text % values
    if p.basis == "country_median":
        page.performance += " " + _(
            "For this city the expected level is the median of its country: it lacks a condition the "
            "model needs (degree days, density, the national grid)."
        )
    elif p.basis in ("region_median", "overall_median"):
        page.performance += " " + _(
            "For this city the expected level is the median of its world region: it lacks a condition "
            "the model needs, and no city of its country is in the panel."
        )
    if p.low_percent <= 0 <= p.high_percent:
        page.performance_note = _(
            "That is within the usual scatter of such cities: climate, size and the national grid leave "
            "plenty of room for what a city does itself."
        )
    elif p.percent > 0:
        page.performance_note = _(
            "That is more than the usual scatter of such cities: there is room to catch up, and the "
            "measures of similar cities below show where."
        )
    else:
        page.performance_note = _(
            "That is less than the usual scatter of such cities: what works here is worth sharing with "
            "the peers."
        )
    figures = {
        "cities": w.fmt.number(view.model_cities),
        "r2": w.number(view.model_r2, 2),
        "error": w.number(view.model_mdale, 2),
        "country": w.number(view.country_mdale, 2),
    }
    if view.model_kind == COUNTRY_MEDIAN:
        text = _(
            "The expected level is the median of the city's own country: tested on %(cities)s "
            "cities not used to fit them, no model of framework conditions predicted better (median "
            "error of the country median %(country)s log points)."
        )
    else:
        text = _(
            "The comparison uses a robust model of emissions per person on framework conditions. "
            "Tested on %(cities)s cities not used to fit it (5-fold cross-validation), it explains "
            "%(r2)s of the variance (R²) with a median error of %(error)s log points, against "
            "%(country)s for the median of the city's own country. It explains part of the "
            "differences between cities, not all."
        )
    page.model = text % figures


def _gap(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _ = w._
    gap = view.gap
    if gap is None:
        return
    parts = [
        _("%(part)s %(points)s points")
        % {"part": _(labels.GAP_PARTS.get(p.name, p.name)), "points": w.signed(p.percent_points)}
        for p in gap.parts
    ]
    values = {
        "city": view.name,
        "reference": w.number(math.exp(gap.reference_log), 2),
        "pct": w.number(abs(gap.total_percent), 0),
        "parts": w.listing(parts),
        "local": w.signed(gap.local.percent_points),
    }
    if gap.total_percent >= 0:
        text = _(
            "Against the average of its peers (their geometric mean, %(reference)s t CO₂e per person), "
            "%(city)s emits %(pct)s%% more. Of that, framework conditions explain: %(parts)s; the remaining "
            "%(local)s points are local: what the city does differently from its peers, where its own "
            "measures count."
        )
    else:
        text = _(
            "Against the average of its peers (their geometric mean, %(reference)s t CO₂e per person), "
            "%(city)s emits %(pct)s%% less. Of that, framework conditions explain: %(parts)s; the remaining "
            "%(local)s points are local: what the city does differently from its peers, where its own "
            "measures count."
        )
    page.gap = text % values


def _movement(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _, ngettext = w._, w.n
    m = view.movement
    if m is None or view.trend_pct is None:
        return
    rate = w.number(abs(m.rate_pct), 1)
    years = view.trend_years
    if m.peers_with_rate == 0:
        head = (
            _("Emissions per person are falling by %(rate)s%% a year (over %(years)s years).")
            if m.rate_pct < 0
            else _("Emissions per person are rising by %(rate)s%% a year (over %(years)s years).")
        )
        none = _("No peer has a trend yet to compare.")
        page.movement = f"{head % {'rate': rate, 'years': years}} {none}"
        return
    faster = m.peers_with_rate - m.faster_than
    if m.rate_pct < 0:
        text = ngettext(
            "Emissions per person are falling by %(rate)s%% a year (over %(years)s years): faster than "
            "%(slower)s of %(num)s peer with a trend.",
            "Emissions per person are falling by %(rate)s%% a year (over %(years)s years): faster than "
            "%(slower)s of %(num)s peers with a trend.",
            m.peers_with_rate,
        ) % {"rate": rate, "years": years, "slower": m.faster_than, "num": m.peers_with_rate}
    else:
        text = ngettext(
            "Emissions per person are rising by %(rate)s%% a year (over %(years)s years); %(faster)s of "
            "%(num)s peer with a trend reduces faster, and its experience can help.",
            "Emissions per person are rising by %(rate)s%% a year (over %(years)s years); %(faster)s of "
            "%(num)s peers with a trend reduce faster, and their experience can help.",
            m.peers_with_rate,
        ) % {"rate": rate, "years": years, "faster": faster, "num": m.peers_with_rate}
    page.movement = text
    # Named in the order of similarity, as everywhere on the page: a hint whom to ask, not a podium.
    improving = {p.id for p in view.most_improved if p.trend_pct is not None and p.trend_pct < 0}
    names = [p.name for p in view.peers if p.id in improving]
    if names:
        page.learn_from = _("Peers whose emissions per person fell fastest, to ask how: %(names)s.") % {
            "names": w.listing(names)
        }


def _target(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _ = w._
    t = view.target
    if t is None:
        return
    p = t.progress
    basis = _("GPC BASIC") if t.basis == "GPC BASIC" else _("territorial")
    head = _(
        "Target: %(pct)s%% less than %(base)s t CO₂e (%(base_year)s) by %(year)s. In %(now)s emissions "
        "(%(basis)s) were %(actual)s t CO₂e; the straight path to the target asks for %(path)s t."
    ) % {
        "pct": w.number(t.reduction_pct, 0),
        "base": w.fmt.number(t.base_emissions_t),
        "base_year": t.base_year,
        "year": t.target_year,
        "now": p.year,
        "basis": basis,
        "actual": w.fmt.number(p.actual),
        "path": w.fmt.number(p.on_path),
    }
    if p.on_track:
        tail = _("That is %(gap)s%% below the path: on track.") % {"gap": w.number(abs(p.gap_pct), 0)}
    else:
        tail = _("That is %(gap)s%% above the path.") % {"gap": w.number(p.gap_pct, 0)}
    if math.isfinite(p.needed_rate_pct):
        tail += " " + _("Reaching the target takes %(rate)s%% a year from now on.") % {
            "rate": w.signed(p.needed_rate_pct, 1)
        }
    page.target = f"{head} {tail}"
    if t.origin != "own":
        page.target += " " + _(
            "The city has set no target here; this is the target it reported to CDP in %(year)s "
            "(self-reported, not verified)."
        ) % {"year": t.reported_year}


def _change(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _ = w._
    c = view.change
    if c is None:
        page.notes.append(
            _(
                "No change explained yet: that needs two submitted inventories computed here from activity "
                "data (reported totals carry no energy use)."
            )
        )
        return
    d = c.decomposition
    effects = d.effects()
    largest = max(abs(v) for v in [d.total_change, *effects.values()])
    digits = 0 if largest >= 100 else 1 if largest >= 10 else 2
    total = w.fmt.number(abs(d.total_change), digits)
    values = {"from": c.year_from, "to": c.year_to, "total": total}
    if total.strip("0.,") == "":
        head = _("From %(from)s to %(to)s emissions did not change") % values
    elif d.total_change > 0:
        head = _("From %(from)s to %(to)s emissions rose by %(total)s t CO₂e") % values
    else:
        head = _("From %(from)s to %(to)s emissions fell by %(total)s t CO₂e") % values
    parts = [
        _("%(effect)s %(value)s") % {"effect": _(labels.CHANGE_EFFECTS[name]), "value": w.signed(v, digits)}
        for name, v in effects.items()
        if name in EFFECTS
    ]
    page.change = (
        _("%(head)s: %(parts)s.") % {"head": head, "parts": w.listing(parts)}
        + " "
        + _("Each part is what that factor alone changed, in t CO₂e; together they add up to the change.")
    )


def _peers(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _ = w._
    for p in view.peers:  # most similar first, as the service orders them
        page.peers.append(
            PeerRow(
                id=p.id,
                name=p.name,
                country=w.fmt.country(p.country),
                reasons=[reasons.peer_reason(r, w.lang) for r in p.reasons],
                compared=reasons.compared(p.compared, w.lang),
                value=w.number(p.headline, 2) if p.headline is not None else "–",
                year=str(p.latest_year) if p.latest_year is not None else "–",
                trend=(_("%(rate)s%% a year") % {"rate": w.signed(p.trend_pct, 1)})
                if p.trend_pct is not None
                else "–",
            )
        )


def _charts(view: CityBenchmark, w: _Words, page: BenchmarkPage) -> None:
    _, ngettext = w._, w.n
    per_person = _("t CO₂e per person")
    points = [
        {"name": p.name, "hdd": p.hdd, "value": p.headline, "own": False}
        for p in view.peers
        if p.hdd is not None and p.headline is not None
    ]
    if view.hdd is not None and view.headline is not None and points:
        points.append({"name": view.name, "hdd": view.hdd, "value": view.headline, "own": True})
        page.chart_makers["scatter"] = partial(
            charts.peer_scatter, points, _("Heating degree days"), per_person
        )
        left_out = len(view.peers) + 1 - len(points)
        if left_out:
            page.notes.append(
                ngettext(
                    "%(num)s peer without heating degree days or emissions per person is not in the chart.",
                    "%(num)s peers without heating degree days or emissions per person are not in the chart.",
                    left_out,
                )
                % {"num": left_out}
            )
    elif view.peers and view.headline is not None:
        page.notes.append(
            _(
                "The chart of emissions against heating degree days needs the city's heating degree days: "
                "add them as a figure on the city's page."
            )
        )
    rows: list[dict[str, Any]] = []
    series = [(view.name, True, view.series)] + [
        (p.name, False, view.peer_series.get(p.id, [])) for p in view.peers
    ]
    for name, own, values in series:
        rows += [
            {"year": year, "name": name, "value": value, "own": own, "last": k == len(values) - 1}
            for k, (year, value) in enumerate(values)
        ]
    if view.series and len({r["year"] for r in rows}) >= 2:
        page.chart_makers["trend"] = partial(charts.trend_lines, rows, per_person)
    if view.gap is not None:
        local = _("local")
        parts = [(_(labels.GAP_PARTS.get(p.name, p.name)), p.percent_points) for p in view.gap.parts]
        page.chart_makers["gap"] = partial(
            charts.contributions,
            [*parts, (local, view.gap.local.percent_points)],
            _("percentage points of the gap"),
            own=local,
        )
    if view.change is not None:
        effects = view.change.decomposition.effects()
        page.chart_makers["change"] = partial(
            charts.contributions,
            [(_(labels.CHANGE_EFFECTS[k]), v) for k, v in effects.items()],
            _("t CO₂e"),
            own="",  # no part is the city's alone: it moves energy use and mix, not population or the grid
        )
    profile = view.profile
    if profile is not None and any(profile.fields.values()):
        page.chart_makers["radar"] = partial(
            charts.profile_radar, [(w.field(f), profile.fields[f]) for f in FIELDS]
        )
        cells = [
            {
                "field": w.field(c.field),
                "instrument": w.instrument(c.instrument, short=True),
                "score": c.score,
                "forder": list(FIELDS).index(c.field),
                "iorder": list(INSTRUMENTS).index(c.instrument),
            }
            for c in profile.cells
        ]
        page.chart_makers["heatmap"] = partial(
            charts.profile_heatmap, cells, _("Field of action"), _("Instrument")
        )


def _profile(view: CityBenchmark, w: _Words, page: BenchmarkPage, titles: dict[str, str]) -> None:
    _, ngettext = w._, w.n
    if not view.has_plan:
        page.plan_note = _(
            "%(city)s has no action plan on citypact: its activity profile, catalogue score and measures "
            "implemented are not assessed (unknown, not zero)."
        ) % {"city": view.name}
    elif view.peers and not view.peers_with_plan:
        page.plan_note = _(
            "None of the peers has an action plan on citypact, so there are no suggestions from them."
        )
    profile = view.profile
    if profile is None:
        return
    page.has_measures = any(c.measures for c in profile.cells)
    page.strengths = [
        f"{w.field(f)} · {w.instrument(i, short=True)} ({profile.cell(f, i).score} / {MAX_SCORE})"
        for f, i in profile.strengths
    ]
    page.weak_fields = [w.field(f) for f in profile.weak_fields]
    if view.catalogue is not None and view.catalogue.percent is not None:
        page.catalogue = _(
            "Catalogue score: %(pct)s%% of the points a city in %(country)s can reach with the measures of "
            "the catalogue (what the nation decides counts less)."
        ) % {"pct": w.number(view.catalogue.percent, 0), "country": w.fmt.country(view.catalogue.country)}
    peers = view.peers_with_plan  # the suggestions count among the peers whose plans are known
    for s in view.suggestions:
        reason = ngettext(
            "implemented by %(num)s of %(peers)s peer with an action plan",
            "implemented by %(num)s of %(peers)s peers with an action plan",
            peers,
        ) % {"num": s.peers, "peers": peers}
        reason += "; " + _("your profile in %(field)s: %(score)s of %(max)s") % {
            "field": w.field(s.field),
            "score": profile.fields.get(s.field, 0),
            "max": MAX_SCORE,
        }
        stage = profile.stages.get(s.code)
        if stage is not None:
            reason += "; " + _("in your plan as: %(stage)s") % {"stage": _(IMPLEMENTATION[stage])}
        elif s.code in profile.cancelled_codes:
            reason += "; " + _("you cancelled it before")
        page.suggestions.append(
            SuggestionRow(
                code=s.code,
                title=titles.get(s.code, s.code),
                field=w.field(s.field),
                instrument=w.instrument(s.instrument, short=True),
                reason=reason,
            )
        )


def benchmark_page(
    view: CityBenchmark, lang: str, titles: dict[str, str], chart_url: Callable[[str], str] | None = None
) -> BenchmarkPage:
    """The service's benchmark in the reader's language. Charts are inline SVG (reports), or with
    `chart_url` images the browser fetches on its own (pages): drawing a chart costs 20-60 ms in
    vl-convert, so the page comes first and its charts follow in parallel."""
    w = _Words(lang)
    page = BenchmarkPage(view.city_id, view.name, view.peer_group)
    _indicator_rows(view, w, page)
    _performance(view, w, page)
    _gap(view, w, page)
    _movement(view, w, page)
    _target(view, w, page)
    _peers(view, w, page)
    _charts(view, w, page)
    _profile(view, w, page, titles)
    page.notes = [_note(n, w) for n in view.notes] + page.notes
    _change(view, w, page)
    for name, make in page.chart_makers.items():
        page.charts[name] = make() if chart_url is None else f'<img src="{escape(chart_url(name))}" alt="">'
    return page


# --- routes ------------------------------------------------------------------------------------------


def _load(
    session: Session,
    actor: Actor,
    city_id: int,
    choice: PeerChoice,
    lang: str,
    chart_url: Callable[[str], str] | None = None,
) -> BenchmarkPage:
    view = city_benchmark(
        session, actor, city_id, peers=choice.peers, network_id=choice.network, ids=choice.ids
    )
    titles = measures.measure_titles(session, [s.code for s in view.suggestions], lang)
    return benchmark_page(view, lang, titles, chart_url)


def _chart_url(
    city_id: int, peers: str, network: str, ids: str, lang: str, view: str = ""
) -> Callable[[str], str]:
    fields = {"peers": peers, "network": network, "ids": ids, "lang": lang} | ({"view": view} if view else {})
    query = urlencode(fields)
    return lambda name: f"/cities/{city_id}/benchmark/charts/{name}.svg?{query}"


def _error_text(error: InvalidInput, w: _Words) -> str:
    _ = w._
    if error.field == "network":
        return _("Choose the network whose member cities are the peers.")
    if error.field == "ids":
        return _("List the peer cities by their ids, separated by commas, e.g. 12, 57, 301.")
    return _("Choose one of the groups of peers.")


@router.get("", response_class=HTMLResponse)
def benchmark(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
) -> HTMLResponse:
    lang = locale_of(request)
    city = cities.get_profile(session, actor, city_id)  # 404 before anything else for a hidden city
    error: InvalidInput | None = None
    page = None
    choice = PeerChoice(peers if peers in PEER_GROUPS else "nearest", None, (), ids)
    try:
        choice = _choice(peers, network, ids)
        view = BENCHMARK_CHARTS.token()  # the chart links carry it: their requests draw from this view
        page = _load(
            session, actor, city_id, choice, lang, _chart_url(city_id, peers, network, ids, lang, view)
        )
        BENCHMARK_CHARTS.keep(view, actor.user_id, city_id, page.chart_makers)
    except InvalidInput as refused:  # a peer group the form cannot use: said at the form
        error = refused
    if page is not None and choice.peers != "custom":
        # The ids of the peers shown, as a start for an own list.
        choice = PeerChoice(choice.peers, choice.network, (), ", ".join(str(p.id) for p in page.peers))
    return render(
        request,
        "benchmark.html",
        status_code=422 if error else 200,
        actor=actor,
        city=city,
        b=page,
        choice=choice,
        error=error,
        error_text=_error_text(error, _Words(lang)) if error else None,
        networks=list_networks(session),
        peer_groups=labels.PEER_GROUPS,
    )


def _report_html(
    request: Request, session: Session, actor: Actor, city_id: int, peers: str, network: str, ids: str
) -> tuple[str, BenchmarkPage]:
    lang = locale_of(request)
    choice = _choice(peers, network, ids)
    page = _load(session, actor, city_id, choice, lang)
    city = cities.get_profile(session, actor, city_id)
    html = render(
        request,
        "benchmark_report.html",
        actor=actor,
        city=city,
        b=page,
        choice=choice,
        peer_groups=labels.PEER_GROUPS,
        networks={n.id: n.name for n in list_networks(session)},
    ).body
    return bytes(html).decode("utf-8"), page


@router.get("/report", response_class=HTMLResponse)
def report(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
) -> HTMLResponse:
    html, _page = _report_html(request, session, actor, city_id, peers, network, ids)
    return HTMLResponse(html)


@router.get("/charts/{name}.svg", response_class=Response)
def chart(
    request: Request,
    city_id: PathId,
    name: str,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
    view: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """One chart of the benchmark page as SVG: the page links its charts, so it is not kept waiting.
    With the page's `view` token the chart is drawn from that page's computation (web.chart_views);
    without it, or once it expired, the benchmark is computed for the chart."""
    cities.get_profile(session, actor, city_id)  # 404 for a hidden city, before any kept view is read
    makers = BENCHMARK_CHARTS.makers(view, actor.user_id, city_id) if view else None
    if makers is None:
        makers = _load(
            session,
            actor,
            city_id,
            _choice(peers, network, ids),
            locale_of(request),
            _chart_url(city_id, peers, network, ids, locale_of(request)),
        ).chart_makers
    make = makers.get(name)
    if make is None:
        raise NotFound("chart", name)
    svg = make()
    if not svg:  # the chart library failed on it (logged); the page around it stands
        return Response("The chart could not be drawn.", status_code=500, media_type="text/plain")
    # Private: a chart of a city's internal data must not sit in a shared cache.
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})


@router.get("/report.pdf", response_class=Response)
def report_pdf(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
) -> Response:
    html, page = _report_html(request, session, actor, city_id, peers, network, ids)
    document = pdf.html_to_pdf(html)
    name = f"citypact-benchmark-{page.city_id}-{locale_of(request)}.pdf"
    return Response(
        document,
        media_type="application/pdf",
        headers=attachment(name),
    )
