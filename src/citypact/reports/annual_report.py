"""A network's annual report as a document: the figures of services.annual_reports (a draft or the
frozen snapshot) in the reader's language, with the members' emissions over the years and per
inhabitant as charts (vl-convert SVG), as HTML and PDF."""

from __future__ import annotations

from typing import Any

from citypact.i18n.annual_report_labels import ANNUAL_REPORT_LABELS
from citypact.i18n.catalog import translations
from citypact.reports import charts
from citypact.reports.climate_city_contract import money_text
from citypact.reports.documents import Document, render
from citypact.services.annual_reports import ReportView


def report_charts(figures: dict[str, Any], lang: str) -> dict[str, str]:
    """SVG charts: the reported totals per year, and t CO2e per inhabitant per member city."""
    _ = translations(lang).gettext
    inv = figures.get("inventories", {})
    by_year = inv.get("by_year", [])
    per_capita = {
        c["city"]: c["per_capita_t"] for c in inv.get("cities", []) if c.get("per_capita_t") is not None
    }
    out = {}
    if by_year:
        series = _("Members' reported totals")
        rows = [{"year": y, "series": series, "value": t} for y, _count, t in by_year]
        out["years"] = charts.line_chart(rows, _("t CO₂e"), "")
    if per_capita:
        out["per_capita"] = charts.bar_chart(per_capita, _("t CO₂e per inhabitant"), _("City"))
    awarded: dict[str, float] = {}
    for p in (figures.get("procurement") or {}).get("list", []):
        if p["awards"]:
            awarded[p["title"]] = awarded.get(p["title"], 0.0) + sum(a["co2e_t"] for a in p["awards"])
    if awarded:
        out["procurement"] = charts.bar_chart(
            awarded, _("t CO₂e over the awarded bids' lives"), _("Joint procurement")
        )
    return out


def annual_report_file(view: ReportView, lang: str, nonce: str = "") -> Document:
    html = render(
        "annual_report.html",
        lang,
        nonce,
        r=view,
        f=view.figures,
        charts=report_charts(view.figures, lang),
        labels=ANNUAL_REPORT_LABELS,
        money=money_text(lang),
    )
    return Document(html, f"citypact-{view.network_slug}-report-{view.year}-{lang}")
