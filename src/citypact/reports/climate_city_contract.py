"""A city's Climate City Contract as a document (HTML, and PDF from it) and as an XLSX workbook, in
the reader's language: its three parts (commitments, action plan, investment plan) and what is
missing. Money is shown in the currency it is held in; currencies are never added."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from citypact.domain.action_plans import ZERO_DECIMAL_CURRENCIES, from_minor_units
from citypact.domain.climate_city_contract import CurrencyTotal, MeasureMoney, Missing
from citypact.domain.text import scrub
from citypact.i18n.catalog import formatter, translations
from citypact.i18n.contract_labels import ASSUMPTION_LABELS, BASIS_LABELS, MISSING_LABELS
from citypact.i18n.green_deal_labels import (
    COMMITMENT_KIND_LABELS,
    COST_KIND_LABELS,
    DEAL_STATUS_LABELS,
    FUNDING_STATUS_LABELS,
)
from citypact.i18n.labels import FUNDING_SOURCES, N_
from citypact.reports.documents import Document, render
from citypact.services.plans.climate_city_contract import ContractView

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = (N_("Commitments"), N_("Action plan"), N_("Investment plan"), N_("Missing"))


def _digits(currency: str) -> int:
    return 0 if currency in ZERO_DECIMAL_CURRENCIES else 2


def money_text(lang: str) -> Callable[[int, str], str]:
    """Minor units as the reader writes the amount, with the currency code."""
    fmt = formatter(lang)

    def text(minor: int, currency: str) -> str:
        return f"{fmt.number(from_minor_units(minor, currency), _digits(currency))} {currency}"

    return text


def missing_text(lang: str, item: Missing) -> str:
    words = translations(lang).gettext(MISSING_LABELS[item.code])
    return f"{words}: {item.name}" if item.name else words


def contract_name(view: ContractView, lang: str) -> str:
    return f"citypact-climate-city-contract-{view.city_id}-{lang}"


def contract_context(view: ContractView, lang: str) -> dict[str, Any]:
    """What the contract's templates read: the page's and the document's alike."""
    return {
        "v": view,
        "c": view.contract,
        "money": money_text(lang),
        "missing_text": lambda item: missing_text(lang, item),
        "missing_labels": MISSING_LABELS,
        "assumption_labels": ASSUMPTION_LABELS,
        "basis_labels": BASIS_LABELS,
        "kind_labels": COMMITMENT_KIND_LABELS,
        "status_labels": DEAL_STATUS_LABELS,
        "cost_labels": COST_KIND_LABELS,
        "funding_status_labels": FUNDING_STATUS_LABELS,
        "funding_sources": FUNDING_SOURCES,
    }


def contract_document(view: ContractView, lang: str, nonce: str = "") -> Document:
    html = render("climate_city_contract.html", lang, nonce, **contract_context(view, lang))
    return Document(html, contract_name(view, lang))


def _sheet_title(text: str) -> str:
    """An Excel sheet title: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]


def _cell(value: Any) -> Any:
    return scrub(value, multiline=False) if isinstance(value, str) else value  # openpyxl refuses controls


@dataclass(frozen=True)
class _Money:
    """An amount for a sheet: a number in the currency's major unit, shown with its decimals."""

    value: int | float
    digits: int


def _major(minor: int, currency: str) -> _Money:
    value = minor if currency in ZERO_DECIMAL_CURRENCIES else from_minor_units(minor, currency)
    return _Money(value, _digits(currency))


def _commitment_rows(view: ContractView, _: Callable[[str], str]) -> list[list[Any]]:
    c = view.contract.commitments
    rows: list[list[Any]] = [[_("Climate City Contract"), view.city_name, view.as_of.isoformat()], []]
    if c.target is None:
        rows.append([_(MISSING_LABELS["no_target"])])
    else:
        rows.append(
            [
                _("Base year"),
                _("Base emissions (t CO2e)"),
                _("Target year"),
                _("Reduction (%)"),
                _("Emissions allowed in the target year (t CO2e)"),
                _("Source"),
            ]
        )
        t = c.target
        rows.append(
            [t.base_year, t.base_emissions_t, t.target_year, t.reduction_pct, c.goal_t, view.target_source]
        )
    rows.append([])
    rows.append(
        [
            _("Deal"),
            _("Party"),
            _("Kind"),
            _("Commitment"),
            _("Due date"),
            _("Indicator"),
            _("Unit"),
            _("Target value"),
            _("Target year"),
            _("Expected reduction (t CO2e/a)"),
        ]
    )
    for s in c.signed:
        k = s.commitment
        rows.append(
            [
                s.deal_title,
                k.party or view.city_name,
                _(COMMITMENT_KIND_LABELS[k.kind]),
                k.title,
                k.due_date.isoformat() if k.due_date else None,
                k.kpi_name or None,
                k.kpi_unit or None,
                k.kpi_target,
                k.kpi_target_year,
                k.expected_reduction_t,
            ]
        )
    return rows


def _plan_rows(view: ContractView, _: Callable[[str], str]) -> list[list[Any]]:
    p = view.contract.action_plan
    rows: list[list[Any]] = [
        [
            _("Kind"),
            _("Title"),
            _("Start"),
            _("End"),
            _("Expected reduction (t CO2e/a)"),
            _("Counted in the plan"),
        ]
    ]
    for line in p.lines:
        rows.append(
            [
                _("Measure") if line.item == "measure" else _("Deal commitment"),
                line.title,
                line.start.isoformat() if line.start else None,
                line.end.isoformat() if line.end else None,
                line.reduction_t,
                _("yes") if line.counted else _("no: counted in its plan measure"),
            ]
        )
    rows += [
        [],
        [_("Sum of the measures (t CO2e/a)"), p.measures_t],
        [_("Sum of the deals' commitments (t CO2e/a)"), p.commitments_t],
    ]
    if p.latest_year is not None:
        rows.append([_("Latest inventory") + f" ({p.latest_year}, t CO2e)", p.latest_t])
    if p.gap is not None and p.city_gap is not None:
        rows += [
            [_("Emissions allowed in the target year (t CO2e)"), p.gap.goal_t],
            [_("Expected in the target year with the city's measures (t CO2e)"), p.city_gap.expected_t],
            [_("Expected in the target year with the deals too (t CO2e)"), p.gap.expected_t],
            [_("Cut by the plan from the latest inventory (t CO2e)"), p.closed_t],
            [_("Still open in the target year (t CO2e)"), p.gap.to_find_t],
        ]
    return rows


def _investment_rows(view: ContractView, _: Callable[[str], str]) -> list[list[Any]]:
    money = view.contract.investment
    if money is None:
        return [[_("The investment plan is shown to the city's staff only.")]]
    years = list(money.years)
    rows: list[list[Any]] = [[_("Measure"), _("Currency"), _("Cost"), _("Basis"), *years, _("Total")]]

    def by_year(m: MeasureMoney | CurrencyTotal, kind: str) -> list[Any]:
        values = m.capex_by_year if kind == "capex" else m.opex_by_year
        cells = [_major(values[y], m.currency) if y in values else None for y in years]
        return [*cells, _major(sum(values.values()), m.currency)]

    for m in money.measures:
        for kind in ("capex", "opex"):
            rows.append(
                [m.title, m.currency, _(COST_KIND_LABELS[kind]), _(BASIS_LABELS[m.basis]), *by_year(m, kind)]
            )
        if m.unscheduled_minor:
            rows.append(
                [
                    m.title,
                    m.currency,
                    _(COST_KIND_LABELS["capex"]),
                    _(BASIS_LABELS[m.basis]),
                    *[None] * len(years),
                    _major(m.unscheduled_minor, m.currency),
                ]
            )
    rows += [[], [_("Totals per currency")], [_("Currency"), _("Cost"), *years, _("Total")]]
    for t in money.totals:
        for kind in ("capex", "opex"):
            rows.append([t.currency, _(COST_KIND_LABELS[kind]), *by_year(t, kind)])
    rows += [[], [_("Funding"), _("Currency"), _("Source"), _("Status"), _("Amount")]]
    for t in money.totals:
        for status, found in (("secured", t.secured_by_source), ("sought", t.sought_by_source)):
            for source, minor in found.items():
                rows.append(
                    [
                        "",
                        t.currency,
                        _(FUNDING_SOURCES[source]),
                        _(FUNDING_STATUS_LABELS[status]),
                        _major(minor, t.currency),
                    ]
                )
    rows += [
        [],
        [
            _("Currency"),
            _("Costs"),
            _("Funding secured"),
            _("Funding sought"),
            _("Funding gap after secured funding"),
            _("Funding gap after secured and sought funding"),
        ],
    ]
    for t in money.totals:
        rows.append(
            [
                t.currency,
                *(
                    _major(v, t.currency)
                    for v in (
                        t.cost_minor,
                        t.secured_minor,
                        t.sought_minor,
                        t.gap_after_secured_minor,
                        t.gap_after_sought_minor,
                    )
                ),
            ]
        )
    if money.assumptions:
        rows += [[], [_("Assumptions")]]
        rows += [[a.title, _(ASSUMPTION_LABELS[a.code])] for a in money.assumptions]
    return rows


def _missing_rows(view: ContractView, _: Callable[[str], str]) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("What is missing"), _("Item"), _("Code")]]
    rows += [[_(MISSING_LABELS[m.code]), m.name or view.city_name, m.code] for m in view.contract.missing]
    return rows


def contract_workbook(view: ContractView, lang: str) -> bytes:
    """The contract as XLSX: a sheet per part and one of what is missing; figures are numbers, the
    units stand in the headers (money in the currency named in its row)."""
    from openpyxl import Workbook

    _ = translations(lang).gettext
    book = Workbook()
    parts: Sequence[Callable[[ContractView, Callable[[str], str]], list[list[Any]]]] = (
        _commitment_rows,
        _plan_rows,
        _investment_rows,
        _missing_rows,
    )
    for index, (title, rows_of) in enumerate(zip(SHEETS, parts, strict=True)):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = _sheet_title(_(title))
        for row in rows_of(view, _):
            sheet.append([v.value if isinstance(v, _Money) else _cell(v) for v in row])
            for column, v in enumerate(row, start=1):
                if isinstance(v, _Money):
                    cell = sheet.cell(row=sheet.max_row, column=column)
                    cell.number_format = "#,##0.00" if v.digits else "#,##0"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
