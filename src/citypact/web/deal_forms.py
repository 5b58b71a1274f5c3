"""What the deal pages share: the forms' labels and fields, the next steps a deal may take, and
money in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from citypact.domain.action_plans import ZERO_DECIMAL_CURRENCIES, from_minor_units
from citypact.domain.deals import ENDS_EARLY_FROM, STEPS
from citypact.i18n.catalog import formatter
from citypact.i18n.labels import N_
from citypact.web.forms import PageForm, typed

DEAL_LABELS = {
    "title": N_("Title"),
    "summary": N_("What the deal is about"),
    "action_field": N_("Action field"),
    "sdg_targets": N_("SDG goals and targets (e.g. 7;7.2;13)"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
}
COMMITMENT_LABELS = {
    "kind": N_("Kind of commitment"),
    "title": N_("What the party commits to"),
    "description": N_("Description"),
    "due_date": N_("Due date"),
    "kpi_name": N_("Indicator (KPI)"),
    "kpi_unit": N_("Unit of the indicator"),
    "kpi_baseline": N_("Baseline value"),
    "kpi_baseline_year": N_("Baseline year"),
    "kpi_target": N_("Target value"),
    "kpi_target_year": N_("Target year"),
    "expected_reduction_t": N_("Expected reduction, t CO2e a year"),
    "gpc_sectors": N_("GPC sectors (e.g. I;II)"),
    "plan_measure_id": N_("Measure of the city's action plan (its number)"),
    "amount": N_("Amount (funding)"),
    "currency": N_("Currency (ISO 4217, e.g. EUR)"),
}
PARTY_LABELS = {"organisation": N_("Organisation (name or number)")}
SIGNATURE_LABELS = {
    "signatory_name": N_("Signatory's name"),
    "signatory_title": N_("Signatory's position"),
    "signed_on": N_("Date of signing"),
}
STEP_LABELS = {"status": N_("Status"), "status_reason": N_("Why the deal ends early")}
BENEFIT_LABELS = {
    "kind": N_("Co-benefit"),
    "description": N_("What it brings"),
    "quantity": N_("Quantity"),
    "unit": N_("Unit (e.g. FTE, EUR/a)"),
}
MILESTONE_LABELS = {"title": N_("Milestone"), "due_date": N_("Due date"), "done_on": N_("Done on")}
REVIEW_LABELS = {"due_date": N_("Review date"), "held_on": N_("Held on"), "findings": N_("Findings")}
PUBLIC_LABELS = {"public_parts": N_("What the public sees")}
IDEA_DEAL_LABELS = {**DEAL_LABELS, "organisation_ids": N_("Organisations that supported the idea")}


class DealFields(BaseModel):
    """The deal form's fields as posted (new and edit share them), strings as typed."""

    title: str = Field("", max_length=300)
    summary: str = Field("", max_length=20_000)
    action_field: str = Field("", max_length=40)
    sdg_targets: str = Field("", max_length=400)
    start_date: str = Field("", max_length=40)
    end_date: str = Field("", max_length=40)

    def form(self) -> PageForm:
        return PageForm("deal", DEAL_LABELS, typed(**self.model_dump()))


def deal_values(form: PageForm) -> dict[str, Any]:
    """The deal's values for the service, dates checked at the edge."""
    return {
        "title": form.text("title"),
        "summary": form.text("summary"),
        "action_field": form.text("action_field"),
        "sdg_targets": form.text("sdg_targets"),
        "start_date": form.date("start_date"),
        "end_date": form.date("end_date"),
    }


class CommitmentFields(BaseModel):
    """The commitment form's fields as posted, strings as typed."""

    kind: str = Field("", max_length=40)
    title: str = Field("", max_length=300)
    description: str = Field("", max_length=20_000)
    due_date: str = Field("", max_length=40)
    kpi_name: str = Field("", max_length=200)
    kpi_unit: str = Field("", max_length=40)
    kpi_baseline: str = Field("", max_length=40)
    kpi_baseline_year: str = Field("", max_length=40)
    kpi_target: str = Field("", max_length=40)
    kpi_target_year: str = Field("", max_length=40)
    expected_reduction_t: str = Field("", max_length=40)
    gpc_sectors: str = Field("", max_length=40)
    plan_measure_id: str = Field("", max_length=40)
    amount: str = Field("", max_length=40)
    currency: str = Field("", max_length=40)

    def form(self) -> PageForm:
        return PageForm("commitment", COMMITMENT_LABELS, typed(**self.model_dump()))


def commitment_values(form: PageForm) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: form.text(name)
        for name in ("kind", "title", "description", "kpi_name", "kpi_unit", "gpc_sectors")
    }
    values["due_date"] = form.date("due_date")
    for name in ("kpi_baseline", "kpi_target", "expected_reduction_t"):
        values[name] = form.number(name)
    for name in ("kpi_baseline_year", "kpi_target_year"):
        values[name] = form.year(name, required=False)
    values["plan_measure_id"] = form.whole_number("plan_measure_id")
    if values["kind"] == "funding":
        values["amount"] = form.text("amount")
        values["currency"] = form.text("currency").upper()
    return values


def next_steps(status: str) -> list[str]:
    """The steps the city's editors may take from `status` (besides ending early)."""
    return list(STEPS.get(status, ()))


def may_end_early(status: str) -> bool:
    return status in ENDS_EARLY_FROM


def money_in(lang: str) -> Callable[[int | None, str | None], str]:
    """Minor units of a currency as the reader's language writes the amount."""
    fmt = formatter(lang)

    def money(minor: int | None, currency: str | None) -> str:
        if minor is None or not currency:
            return "–"
        digits = 0 if currency in ZERO_DECIMAL_CURRENCIES else 2
        return f"{fmt.number(from_minor_units(minor, currency), digits)} {currency}"

    return money


def amount_text(minor: int, currency: str) -> str:
    """Minor units as a form shows the amount again (digits and a point, no grouping)."""
    if currency in ZERO_DECIMAL_CURRENCIES:
        return str(minor)
    return f"{minor // 100}.{minor % 100:02d}"
