"""Charts as SVG rendered on the server: Vega-Lite specs (Altair) converted by vl-convert.

The same SVG goes into pages and reports; pages need no JavaScript to show it. Conversions are
cached by spec, since the same inventory is shown many times between changes.
"""

from __future__ import annotations

import json
import logging
import math
import re
from functools import lru_cache
from typing import Any, Literal

import altair as alt
import vl_convert

from citypact.domain.text import scrub

ACCENT = "#1f7a5a"
PALETTE = ["#1f7a5a", "#5fa37f", "#a6cfa9", "#e0a458", "#c45c3b", "#6b7fa8", "#9b8bb4"]


log = logging.getLogger(__name__)


@lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    return str(vl_convert.vegalite_to_svg(json.loads(spec_json)))


# In JSON text (ASCII, as json.dumps writes it) every character `scrub` removes is an escape: \b, \f,
# \u0000-\u001f, \u007f-\u009f, direction controls, surrogates, non-characters. A match can be a
# false alarm (an escaped backslash before "b", an emoji's surrogate pair): then the walk finds nothing.
_MAYBE_HOSTILE = re.compile(
    r"\\(?:b|f|u00[01][0-9a-f]|u007f|u00[89][0-9a-f]|u202[a-e]|u206[6-9]|ud[89a-f][0-9a-f]{2}|ufd[de]|ufff[ef])"
)


def _xml_safe(value: Any) -> Any:
    """Every string of a spec without the characters XML cannot hold: vl-convert panics on them
    and aborts the whole process (a Rust panic across the FFI), so they never reach it."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {_xml_safe(k): _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


# Checking each spec against the Vega-Lite schema took most of a benchmark page's time: pages skip it,
# the tests (tests/web/conftest.py) turn it on, so every chart the pages draw is still validated.
VALIDATE_SPECS = False


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG, or "" when it cannot be drawn (pages then show no figure)."""
    spec = json.dumps(chart.to_dict(validate=VALIDATE_SPECS), sort_keys=True)
    if _MAYBE_HOSTILE.search(spec):  # rare: walk the spec only then (it costs ~40 us a data point)
        spec = json.dumps(_xml_safe(json.loads(spec)), sort_keys=True)
    try:
        return _svg(spec)
    except Exception:  # a chart that cannot be drawn must not cost the page (and is not cached)
        log.exception("vl-convert could not draw a chart")
        return ""


def bar_chart(values: dict[str, float], value_title: str, category_title: str) -> str:
    """A horizontal bar per category (e.g. GPC sector or scope), largest first."""
    data = [{"category": k, "value": v} for k, v in values.items()]
    chart = (
        alt.Chart(alt.InlineData(values=data))
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(format="~s")),
            y=alt.Y("category:N", sort="-x", title=category_title, axis=alt.Axis(labelLimit=320)),
            tooltip=["category:N", alt.Tooltip("value:Q", format=",.1f")],
        )
    )
    return to_svg(chart.properties(width=420, height=alt.Step(26), padding=12).configure_view(stroke=None))


def stacked_years(rows: list[dict[str, Any]], value_title: str, stack_title: str) -> str:
    """Bars per year stacked by part (e.g. sector): rows of year, part, value."""
    chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format="~s")),
            color=alt.Color("part:N", title=stack_title, scale=alt.Scale(range=PALETTE)),
            tooltip=["year:O", "part:N", alt.Tooltip("value:Q", format=",.1f")],
        )
    )
    return to_svg(chart.properties(width=420, height=220, padding=12).configure_view(stroke=None))


def line_chart(rows: list[dict[str, Any]], value_title: str, series_title: str) -> str:
    """Lines per series over the years (e.g. baseline, target path, plan): rows of year, series, value."""
    chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format="~s")),
            color=alt.Color("series:N", title=series_title, scale=alt.Scale(range=PALETTE[::2])),
            tooltip=["year:O", "series:N", alt.Tooltip("value:Q", format=",.0f")],
        )
    )
    return to_svg(chart.properties(width=420, height=220, padding=12).configure_view(stroke=None))


MUTED = "#8a9a97"
GRID = "#d7e0de"
LOG_AXIS = alt.Axis(values=[0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100], format="~g")


def peer_scatter(points: list[dict[str, Any]], x_title: str, y_title: str) -> str:
    """Per-capita emissions against heating degree days: one labelled point per city.

    `points`: name, hdd, value and `own` (true for the city itself, drawn larger in the accent
    colour; its peers in a muted one). Cities without one of the two figures are left out by the caller.
    """
    base = alt.Chart(alt.InlineData(values=points)).encode(
        x=alt.X("hdd:Q", title=x_title, scale=alt.Scale(zero=False, nice=True), axis=alt.Axis(format="~s")),
        # Per-capita emissions spread over orders of magnitude (0.5 to 50 t): a log axis keeps a port
        # city's 48 t from flattening everyone else into the floor.
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log", nice=False), axis=LOG_AXIS),
    )
    own = alt.datum.own
    dots = base.mark_circle(opacity=0.9).encode(
        color=alt.condition(own, alt.value(ACCENT), alt.value(MUTED)),
        size=alt.condition(own, alt.value(160), alt.value(60)),
        tooltip=["name:N", alt.Tooltip("hdd:Q", format=",.0f"), alt.Tooltip("value:Q", format=",.2f")],
    )
    labels = _own_and_peer_labels(base, align="left", dx=7, dy=-5)
    chart = alt.layer(dots, *labels).properties(width=420, height=260, padding=12)
    return to_svg(chart.configure_view(stroke=None))


def trend_lines(rows: list[dict[str, Any]], y_title: str) -> str:
    """The city's series and its peers' over the years: rows of year, name, value and `own`.

    The city's line is thick in the accent colour, the peers' thin and muted; each line is labelled
    at its last year, so no legend is needed.
    """
    own = alt.datum.own
    base = alt.Chart(alt.InlineData(values=rows)).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log", nice=False), axis=LOG_AXIS),
        detail="name:N",
    )
    lines = base.mark_line(point=alt.OverlayMarkDef(size=30)).encode(
        color=alt.condition(own, alt.value(ACCENT), alt.value(MUTED)),
        strokeWidth=alt.condition(own, alt.value(3.5), alt.value(1.2)),
        order=alt.Order("year:O"),
        tooltip=["name:N", "year:O", alt.Tooltip("value:Q", format=",.2f")],
    )
    ends = _own_and_peer_labels(base.transform_filter(alt.datum.last), align="left", dx=6)
    chart = alt.layer(lines, *ends).properties(
        width=420, height=240, padding={"left": 12, "top": 12, "bottom": 12, "right": 90}
    )
    return to_svg(chart.configure_view(stroke=None))


def _own_and_peer_labels(base: alt.Chart, **mark: Any) -> list[alt.Chart]:
    """Name labels: the city's bold in the accent colour, its peers' plain."""
    return [
        base.transform_filter(alt.datum.own)
        .mark_text(fontSize=12, fontWeight="bold", color=ACCENT, **mark)
        .encode(text="name:N"),
        base.transform_filter(~alt.datum.own)
        .mark_text(fontSize=11, color="#1d2b2a", **mark)
        .encode(text="name:N"),
    ]


def _polar(index: int, count: int, radius: float) -> tuple[float, float]:
    """x, y of a point on spoke `index` of `count`, the first spoke pointing up, clockwise."""
    angle = 2 * math.pi * index / count - math.pi / 2
    return radius * math.cos(angle), -radius * math.sin(angle)


def profile_radar(scores: list[tuple[str, int]], maximum: int = 4) -> str:
    """A radar of field scores (0 to `maximum`): one spoke per field, rings at every step.

    Vega-Lite has no radar mark, so the spokes, rings, polygon and labels are lines, rules, points
    and text on x/y coordinates computed here. `scores`: (translated field label, score) in order.
    """
    count = len(scores)
    if count < 3:
        raise ValueError(f"a radar needs at least 3 fields, got {count}")
    rings = [
        {"ring": r, "i": i, "x": x, "y": y}
        for r in range(1, maximum + 1)
        for i in range(count + 1)
        for x, y in [_polar(i % count, count, r)]
    ]
    spokes = [
        {"x": 0.0, "y": 0.0, "x2": x, "y2": y} for i in range(count) for x, y in [_polar(i, count, maximum)]
    ]
    shape = [
        {"i": i, "x": x, "y": y, "label": scores[i % count][0], "score": scores[i % count][1]}
        for i in range(count + 1)
        for x, y in [_polar(i % count, count, scores[i % count][1])]
    ]
    labels = []
    for i, (label, score) in enumerate(scores):
        x, y = _polar(i, count, maximum + 0.45)
        side = "center" if abs(x) < 0.5 else "left" if x > 0 else "right"
        labels.append({"x": x, "y": y, "text": f"{label} ({score})", "side": side})
    reach = maximum + 0.8
    scale = alt.Scale(domain=[-reach, reach])
    hidden = alt.Axis(labels=False, ticks=False, domain=False, grid=False, title=None)

    def xy(data: list[dict[str, Any]]) -> alt.Chart:
        return alt.Chart(alt.InlineData(values=data)).encode(
            x=alt.X("x:Q", scale=scale, axis=hidden), y=alt.Y("y:Q", scale=scale, axis=hidden)
        )

    layers: list[alt.Chart] = [
        xy(rings).mark_line(color=GRID, strokeWidth=1).encode(detail="ring:N", order="i:Q"),
        alt.Chart(alt.InlineData(values=spokes))
        .mark_rule(color=GRID)
        .encode(
            x=alt.X("x:Q", scale=scale, axis=hidden),
            y=alt.Y("y:Q", scale=scale, axis=hidden),
            x2="x2:Q",
            y2="y2:Q",
        ),
        xy(shape)
        .mark_line(color=ACCENT, strokeWidth=2.5, point=alt.OverlayMarkDef(color=ACCENT, size=40))
        .encode(order="i:Q", tooltip=["label:N", "score:Q"]),
    ]
    sides: tuple[Literal["left", "center", "right"], ...] = ("left", "center", "right")
    for side in sides:
        chosen = [label for label in labels if label["side"] == side]
        if chosen:
            layers.append(
                xy(chosen)
                .mark_text(align=side, baseline="middle", fontSize=11, color="#1d2b2a")
                .encode(text="text:N")
            )
    chart = alt.layer(*layers).properties(
        width=300, height=300, padding={"left": 150, "right": 150, "top": 12, "bottom": 12}
    )
    return to_svg(chart.configure_view(stroke=None))


def profile_heatmap(cells: list[dict[str, Any]], field_title: str, instrument_title: str) -> str:
    """Fields x instruments, each cell coloured and labelled with its score 0-4.

    `cells`: field, instrument (translated labels), score, and `forder`/`iorder` to keep the
    taxonomy's order rather than the alphabet's.
    """
    base = alt.Chart(alt.InlineData(values=cells)).encode(
        x=alt.X(
            "instrument:N",
            title=instrument_title,
            sort=alt.EncodingSortField("iorder", order="ascending"),
            axis=alt.Axis(orient="top", labelAngle=0, labelLimit=160, labelFontSize=11),
        ),
        y=alt.Y(
            "field:N",
            title=field_title,
            sort=alt.EncodingSortField("forder", order="ascending"),
            axis=alt.Axis(labelLimit=220),
        ),
    )
    squares = base.mark_rect(stroke="#fff", strokeWidth=2).encode(
        color=alt.Color(
            "score:Q",
            scale=alt.Scale(domain=[0, 4], range=["#f1f4f3", ACCENT]),
            legend=None,
        ),
        tooltip=["field:N", "instrument:N", "score:Q"],
    )
    text = base.mark_text(fontSize=11).encode(
        text="score:Q",
        color=alt.condition(alt.datum.score >= 3, alt.value("#fff"), alt.value("#1d2b2a")),
    )
    chart = (squares + text).properties(width=alt.Step(165), height=alt.Step(22), padding=12)
    return to_svg(chart.configure_view(stroke=None))


def contributions(parts: list[tuple[str, float]], value_title: str, *, own: str) -> str:
    """Horizontal bars of what adds up to a change or a gap (negative to the left), in the given order;
    the part named `own` (what the city itself moves) in the accent colour, the others grey."""
    data = [
        {"part": name, "value": value, "own": name == own, "order": i}
        for i, (name, value) in enumerate(parts)
    ]
    chart = (
        alt.Chart(alt.InlineData(values=data))
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(format="~s")),
            y=alt.Y("part:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.condition("datum.own", alt.value(ACCENT), alt.value("#9aa5a0")),
            tooltip=["part:N", alt.Tooltip("value:Q", format="+,.1f")],
        )
    )
    zero = alt.Chart(alt.InlineData(values=[{"x": 0}])).mark_rule(color="#444").encode(x="x:Q")
    return to_svg(
        (chart + zero).properties(width=380, height=alt.Step(24), padding=12).configure_view(stroke=None)
    )


def tour_route(
    stops: list[dict[str, Any]], legs: list[str], *, round_trip: bool, x_title: str, y_title: str
) -> str:
    """The City Climate Tour on longitude and latitude: the stops labelled "1 Heidelberg", joined in
    visiting order (back to the start on a round trip), each leg labelled at its middle (`legs`, one
    text per leg in order, e.g. "211 km").

    `stops`: name, lat, lon in visiting order. A plain equirectangular sketch, not a map: the plot's
    height follows the latitude span times cos(latitude), so a region keeps roughly its shape.
    Longitudes are unwrapped along the route (a tour from Sapporo to Portland crosses the Pacific,
    not the whole chart) and the axis labels wrap them back to -180..180.
    """
    lon = [float(s["lon"]) for s in stops]
    for i in range(1, len(lon)):  # each step the short way round the globe
        lon[i] -= 360.0 * round((lon[i] - lon[i - 1]) / 360.0)
    lats = [float(s["lat"]) for s in stops]
    points: list[dict[str, Any]] = [
        {"lon": x, "lat": lat, "label": f"{k} {s['name']}", "k": k}
        for k, (s, x, lat) in enumerate(zip(stops, lon, lats, strict=True), start=1)
    ]
    path = [*points, {**points[0], "k": len(points) + 1}] if round_trip else points
    middles = [
        {"lon": (a["lon"] + b["lon"]) / 2, "lat": (a["lat"] + b["lat"]) / 2, "label": text}
        for a, b, text in zip(path, path[1:], legs, strict=False)
    ]
    span_lon = max(lon) - min(lon) or 1.0
    span_lat = max(lats) - min(lats) or 1.0
    shape = span_lat / (span_lon * max(math.cos(math.radians(sum(lats) / len(lats))), 0.2))
    width = 480
    height = int(min(max(width * shape, 160), 480))
    wrap = "format(((datum.value + 540) % 360) - 180, '~g') + '°'"
    degrees = "format(datum.value, '~g') + '°'"
    x = alt.X(
        "lon:Q",
        title=x_title,
        scale=alt.Scale(zero=False, nice=False, padding=30),
        axis=alt.Axis(labelExpr=wrap, gridColor=GRID, tickCount=6),
    )
    y = alt.Y(
        "lat:Q",
        title=y_title,
        scale=alt.Scale(zero=False, nice=False, padding=24),
        axis=alt.Axis(labelExpr=degrees, gridColor=GRID, tickCount=5),
    )

    def layer(data: list[dict[str, Any]]) -> alt.Chart:
        return alt.Chart(alt.InlineData(values=data)).encode(x=x, y=y)

    chart = alt.layer(
        layer(path).mark_line(color=ACCENT, strokeWidth=2).encode(order="k:Q"),
        layer(middles).mark_text(fontSize=10, color=MUTED, dy=-6).encode(text="label:N"),
        layer(points).mark_circle(color=ACCENT, size=70, opacity=1).encode(tooltip=["label:N"]),
        layer(points)
        .mark_text(align="left", dx=7, dy=-7, fontSize=12, color="#1d2b2a")
        .encode(text="label:N"),
    ).properties(width=width, height=height, padding={"left": 12, "top": 12, "bottom": 12, "right": 110})
    return to_svg(chart.configure_view(stroke=None))
