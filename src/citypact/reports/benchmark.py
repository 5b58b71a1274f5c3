"""The benchmark of a city as a document: the service's benchmark in the reader's language
(`benchmark_page`, also what the /cities/{id}/benchmark page shows) and the printable report with
its charts inline (`benchmark_report`), the HTML its PDF is made of.

The page compares a city with cities under similar framework conditions and shows how it moves; it
never ranks. The sentences are in reports.benchmark_sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape
from typing import Any

from citypact.domain.activity_profile import MAX_SCORE
from citypact.domain.measures import FIELDS, IMPLEMENTATION, INSTRUMENTS
from citypact.i18n import labels, reasons
from citypact.reports import benchmark_sentences as sentences
from citypact.reports import charts
from citypact.reports.benchmark_page import (
    HEADLINE,
    PLAN_INDICATORS,
    BenchmarkPage,
    IndicatorRow,
    PeerRow,
    SuggestionRow,
)
from citypact.reports.documents import Document, render
from citypact.reports.wording import Words
from citypact.services.benchmarking.benchmark import CityBenchmark
from citypact.services.registry.cities import CityProfile


def _indicator_rows(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
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
                source=sentences.source(i.source, w),
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
            page.headline_source = sentences.source(i.source, w)


def _peers(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
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


def _outlier(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
    _ = w._
    page.excluded_peers = view.excluded_peers
    found = view.outlier
    if found is None:
        return
    because = ", ".join(_(labels.OUTLIER_REASONS[code]) for code in found.reasons)
    side = (
        _("%(value)s t CO₂e per person (%(year)s) is far above the figures of this city's peers.")
        if found.side == "high"
        else _("%(value)s t CO₂e per person (%(year)s) is far below the figures of this city's peers.")
    ) % {"value": w.number(found.value, 1), "year": found.year}
    page.outlier = side + " " + _("It may have a reason (%(reasons)s) or be an error.") % {"reasons": because}
    page.outlier_confirmed = found.confirmed


def _charts(view: CityBenchmark, w: Words, page: BenchmarkPage) -> None:
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


def _profile(view: CityBenchmark, w: Words, page: BenchmarkPage, titles: dict[str, str]) -> None:
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
    w = Words(lang)
    page = BenchmarkPage(view.city_id, view.name, view.peer_group)
    _indicator_rows(view, w, page)
    sentences.performance(view, w, page)
    sentences.gap(view, w, page)
    sentences.movement(view, w, page)
    sentences.target(view, w, page)
    _peers(view, w, page)
    _outlier(view, w, page)
    _charts(view, w, page)
    _profile(view, w, page, titles)
    page.notes = [sentences.note(n, w) for n in view.notes] + page.notes
    sentences.change(view, w, page)
    for name, make in page.chart_makers.items():
        page.charts[name] = make() if chart_url is None else f'<img src="{escape(chart_url(name))}" alt="">'
    return page


def benchmark_report(
    page: BenchmarkPage, city: CityProfile, lang: str, network: str | None = None, nonce: str = ""
) -> Document:
    """The printable report of a benchmark made without `chart_url` (charts inline): `network` names
    the network whose members are the peers, if they are."""
    html = render(
        "benchmark_report.html",
        lang,
        nonce,
        city=city,
        b=page,
        network=network,
        peer_groups=labels.PEER_GROUPS,
    )
    return Document(html, f"citypact-benchmark-{page.city_id}-{lang}")
