"""A tender evaluation as a document: the ranking of each lot, the method and its inputs (schedule
name and version, discount rate, country, year, GWP set, factor library), where every tonne came
from, and the sensitivity chart (evaluated cost against a constant CO2 price, switching prices
marked). The same page section serves the "try the method" page and stored evaluations.

`evaluation_document(result, language, subject=...)` is the entry point for other parts (BIDS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt

from citypact.domain.procurement.result import Evaluation, LotResult
from citypact.reports import charts
from citypact.reports.documents import Document, render
from citypact.reports.wording import Words

MAX_CURVES = 12  # bids drawn in one chart; a lot with more shows the best twelve


@dataclass(frozen=True)
class BidRow:
    rank: int
    supplier: str
    evaluated_cost: str
    lcc: str
    co2e_t: str
    co2_cost: str
    score: str | None


@dataclass(frozen=True)
class TonneRow:
    supplier: str
    carrier: str
    amount: str
    co2e_t_per_year: str
    factor: str
    source: str


@dataclass
class LotSection:
    lot: str
    bids: list[BidRow] = field(default_factory=list)
    switches: list[str] = field(default_factory=list)
    tonnes: list[TonneRow] = field(default_factory=list)
    chart: str = ""


@dataclass
class EvaluationPage:
    subject: str
    method: str
    inputs: list[tuple[str, str]]
    lots: list[LotSection] = field(default_factory=list)
    currency: str = "EUR"


def method_words(method: str, w: Words) -> str:
    """What the method ranks by, in the reader's language."""
    _ = w._
    return {
        "price": _("Lowest price: the acquisition price alone."),
        "lcc": _(
            "Life-cycle cost (EU Directive 2014/24 Art. 68): acquisition plus discounted yearly energy, "
            "maintenance and operation over the lifetime, plus end-of-life cost, minus residual value."
        ),
        "lcc-co2": _(
            "Life-cycle cost plus a CO2 shadow price: each year's tonnes times that year's price, "
            "discounted as the schedule's rule says."
        ),
        "ladder": _(
            "CO2 Performance Ladder: the bid price less the fictitious discount of the certified level."
        ),
        "meat": _("Weighted scoring (most economically advantageous tender): cost, CO2 and quality points."),
    }.get(method, method)


def _switch_sentence(lot: LotResult, index: int, w: Words, currency: str) -> str:
    switch = lot.switching_prices[index]
    said = w._(
        "At %(price)s %(currency)s/t CO₂e the order of the first two changes: %(before)s, then %(after)s."
    )
    return said % {
        "price": w.fmt.number(switch.co2_price, 2),
        "currency": currency,
        "before": " › ".join(switch.first_two_below),
        "after": " › ".join(switch.first_two_above),
    }


def sensitivity_chart(lot: LotResult, w: Words, currency: str) -> str:
    """Evaluated cost of each bid against a constant CO2 price, switching prices as dashed rules."""
    sens = lot.sensitivity
    best = [bid.supplier for bid in lot.ranking[:MAX_CURVES]]
    if not sens.prices:
        return ""
    # Each bid's cost is a straight line in the price (lcc + price x discounted tonnes): its two
    # ends draw it exactly.
    ends = (sens.prices[0], sens.prices[-1])
    rows = [
        {"price": price, "cost": lcc + price * tonnes, "supplier": supplier}
        for supplier, lcc, tonnes in zip(sens.suppliers, sens.lcc, sens.discounted_t_co2e, strict=True)
        if supplier in best
        for price in ends
    ]
    if not rows:
        return ""
    price_title = w._("CO2 price (%(currency)s per t CO2e)") % {"currency": currency}
    cost_title = w._("Evaluated cost (%(currency)s)") % {"currency": currency}
    lines = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_line()
        .encode(
            x=alt.X("price:Q", title=price_title),
            y=alt.Y("cost:Q", title=cost_title, axis=alt.Axis(format="~s"), scale=alt.Scale(zero=False)),
            color=alt.Color("supplier:N", title=w._("Bid"), scale=alt.Scale(range=charts.PALETTE)),
        )
    )
    layers: list[alt.Chart] = [lines]
    marks = [{"price": s.co2_price} for s in lot.switching_prices if s.co2_price <= max(sens.prices)]
    if marks:
        layers.append(
            alt.Chart(alt.InlineData(values=marks))
            .mark_rule(strokeDash=[4, 3], color=charts.MUTED)
            .encode(x="price:Q")
        )
    chart = alt.layer(*layers).properties(width=420, height=240, padding=12).configure_view(stroke=None)
    return charts.to_svg(chart)


def evaluation_page(result: Evaluation, lang: str, subject: str = "") -> EvaluationPage:
    """The evaluation in the reader's language: inputs, ranking, tonnes' origins and charts."""
    w = Words(lang)
    _ = w._
    currency = result.currency
    if result.co2_schedule is None:
        schedule = _("none")
    elif result.co2_schedule == "constant":
        schedule = _("constant %(name)s") % {"name": result.co2_schedule_name}
    else:
        schedule = _("%(name)s, version %(version)s (%(key)s)") % {
            "name": result.co2_schedule_name,
            "version": result.co2_schedule_version,
            "key": result.co2_schedule,
        }
    discounting = {"like_costs": _("discounted like costs"), "undiscounted": _("undiscounted")}
    inputs = [
        (_("Method"), method_words(result.method, w)),
        (_("CO2 price"), schedule),
        (_("Discount rate"), f"{w.fmt.number(result.discount_rate * 100, 2)} %"),
        (_("Country and year"), f"{w.fmt.country(result.country)}, {result.year}"),
        (_("GWP set"), result.gwp),
        (_("Emission factors"), result.factor_library),
        (_("Money"), currency),
    ]
    if result.co2_discounting:
        inputs.insert(2, (_("CO2 cost"), discounting.get(result.co2_discounting, result.co2_discounting)))
    page = EvaluationPage(subject=subject, method=result.method, inputs=inputs, currency=currency)
    for lot in result.lots:
        section = LotSection(lot=lot.lot)
        for bid in lot.ranking:
            section.bids.append(
                BidRow(
                    rank=bid.rank,
                    supplier=bid.supplier,
                    evaluated_cost=w.fmt.number(bid.evaluated_cost, 0),
                    lcc=w.fmt.number(bid.lcc, 0),
                    co2e_t=w.fmt.number(bid.co2e_t, 1),
                    co2_cost=w.fmt.number(bid.co2_cost, 0),
                    score=w.fmt.number(bid.score, 1) if bid.score is not None else None,
                )
            )
            for source in bid.sources:
                embodied = source.factor_kind == "declared"
                section.tonnes.append(
                    TonneRow(
                        supplier=bid.supplier,
                        carrier=_("embodied (declared)") if embodied else source.carrier,
                        amount="" if embodied else f"{w.number(source.amount_per_year)} {source.unit}",
                        co2e_t_per_year=w.fmt.number(source.co2e_t_per_year, 3),
                        factor=""
                        if source.t_co2e_per_unit is None or embodied
                        else f"{w.fmt.number(source.t_co2e_per_unit * 1000, 4)} kg/{source.unit}",
                        source=source.factor_source,
                    )
                )
        section.switches = [_switch_sentence(lot, i, w, currency) for i in range(len(lot.switching_prices))]
        section.chart = sensitivity_chart(lot, w, currency)
        page.lots.append(section)
    return page


def evaluation_document(result: Evaluation, lang: str, subject: str = "", nonce: str = "") -> Document:
    """The evaluation as a self-contained document (HTML, and its PDF through `Document.pdf`)."""
    page = evaluation_page(result, lang, subject)
    return Document(render("procurement_evaluation.html", lang, nonce, e=page), f"citypact-evaluation-{lang}")
