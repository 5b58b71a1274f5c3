"""The benchmark in plain words: the sentences of the benchmark page and report, written from the
service's figures in the reader's language (the service's own English notes are matched and
written again, unknown ones kept as they are)."""

from __future__ import annotations

import math
import re

from citypact.domain.lmdi import EFFECTS
from citypact.domain.structure_cv import COUNTRY_MEDIAN
from citypact.i18n import labels
from citypact.reports.benchmark_page import BenchmarkPage
from citypact.reports.plan_gap import gap_sentences, path_position
from citypact.reports.wording import Words
from citypact.services.benchmarking.benchmark import CityBenchmark

_NO_DECOMPOSITION = re.compile(r"No decomposition: (\d{4}) uses (\w+), (\d{4}) (\w+)\.")


def note(text: str, w: Words) -> str:
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


def source(text: str | None, w: Words) -> str:
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


def performance(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
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


def gap(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
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


def movement(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
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


def target(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
    _ = w._
    t = view.target
    if t is None:
        return
    p = t.progress
    if view.plan_gap is not None:  # the city's own target: the plan's gap, in the plan's words
        head = _("Target: %(pct)s%% less than %(base)s t CO₂e (%(base_year)s) by %(year)s.") % {
            "pct": w.number(t.reduction_pct, 0),
            "base": w.fmt.number(t.base_emissions_t),
            "base_year": t.base_year,
            "year": t.target_year,
        }
        page.target = " ".join([head, *gap_sentences(view.plan_gap, w)])
        return
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
    tail = path_position(p, w)
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


def change(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
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
