"""Charts as SVG rendered on the server: Vega-Lite specs (Altair) converted by vl-convert.

The same SVG goes into pages and reports; pages need no JavaScript to show it. Conversions are
cached by spec, since the same inventory is shown many times between changes.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert

ACCENT = "#1f7a5a"
PALETTE = ["#1f7a5a", "#5fa37f", "#a6cfa9", "#e0a458", "#c45c3b", "#6b7fa8", "#9b8bb4"]


@lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    return str(vl_convert.vegalite_to_svg(json.loads(spec_json)))


def to_svg(chart: alt.TopLevelMixin) -> str:
    return _svg(json.dumps(chart.to_dict(), sort_keys=True))


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
