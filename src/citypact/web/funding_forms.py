"""What the pages of the funding catalogue and of applications share: the forms' labels and
fields, the stored values as a form shows them again, and the words of the codes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from citypact.domain.action_plans import ZERO_DECIMAL_CURRENCIES
from citypact.domain.funding import SIZE_BAND_CODES
from citypact.domain.measures import FIELDS, GPC_SECTORS
from citypact.i18n.funding_labels import FUNDING_LABELS
from citypact.i18n.labels import N_
from citypact.services.funding.catalogue import ProgrammeView
from citypact.web.forms import PageForm, typed

PROGRAMME_LABELS = {
    "city_id": N_("Suggested by the city"),
    "name": N_("Name of the programme"),
    "funder_name": N_("Funder"),
    "funder_level": N_("Level of the funder"),
    "instrument": N_("Instrument"),
    "summary": N_("Summary in your own words"),
    "countries": N_("Eligible countries (codes such as DE, JP; EU for all member states; empty: any)"),
    "size_bands": N_("Municipality sizes (codes; empty: any)"),
    "joint_required": N_("Only joint applications of several cities"),
    "min_cities": N_("At least this many cities (the lead counted)"),
    "min_countries": N_("From at least this many countries"),
    "fields": N_("Fields of action (codes; empty: any)"),
    "gpc_sectors": N_("GPC sectors (I to VI; empty: any)"),
    "measure_types": N_("Measure types of the catalogue (codes; empty: any)"),
    "amount_min": N_("Smallest amount, in the currency"),
    "amount_max": N_("Largest amount, in the currency"),
    "currency": N_("Currency (ISO 4217, e.g. EUR)"),
    "funding_rate_percent": N_("Share of the costs it pays at most, %"),
    "source_url": N_("Published source page (https://)"),
    "checked_on": N_("Checked against the source on"),
    "maintainer_network_id": N_("Network that keeps the entry"),
}
CALL_LABELS = {
    "title": N_("Title of the call"),
    "opens_on": N_("Opens on (empty: open already)"),
    "closes_on": N_("Closes on (empty: rolling)"),
    "budget": N_("Budget, in the programme's currency"),
    "url": N_("Web address of the call (https://)"),
    "note": N_("Note"),
}
REASON_LABELS = {"reason": N_("Reason")}
APPLICATION_LABELS = {
    "programme_id": N_("Programme"),
    "call_id": N_("Call"),
    "lead_city_id": N_("Lead city (its number)"),
    "partner_city_ids": N_("Partner cities (their numbers, separated by commas)"),
    "network": N_("Formed by the network (its short name)"),
    "title": N_("Title of the application"),
    "amount_sought": N_("Amount sought, in the programme's currency"),
    "note": N_("Note"),
    "cities": N_("Cities"),
    "status": N_("Status"),
    "city_id": N_("Partner city (its number)"),
    "plan_measure_id": N_("Measure of its action plan (its number)"),
}
ORDER_RULE = N_(
    "Order: programmes with an open call first, the one closing soonest first; then those open all year "
    "(rolling), then those opening soon, then closed ones. Nothing is ever ordered by payment."
)
STALE_NOTICE = N_(
    "This entry was last checked against its source more than 12 months ago: dates and amounts may have "
    "changed. Read the source page before you apply."
)
CLOSED_NOTICE = N_("All calls of this programme have passed: it is closed for now.")


class ProgrammeFields(BaseModel):
    name: str = Field("", max_length=300)
    funder_name: str = Field("", max_length=200)
    funder_level: str = Field("", max_length=20)
    instrument: str = Field("", max_length=30)
    summary: str = Field("", max_length=4000)
    countries: str = Field("", max_length=800)
    size_bands: str = Field("", max_length=200)
    joint_required: str = Field("", max_length=5)
    min_cities: str = Field("", max_length=6)
    min_countries: str = Field("", max_length=6)
    fields: str = Field("", max_length=400)
    gpc_sectors: str = Field("", max_length=40)
    measure_types: str = Field("", max_length=4000)
    amount_min: str = Field("", max_length=40)
    amount_max: str = Field("", max_length=40)
    currency: str = Field("", max_length=3)
    funding_rate_percent: str = Field("", max_length=10)
    source_url: str = Field("", max_length=500)
    checked_on: str = Field("", max_length=40)
    maintainer_network_id: str = Field("", max_length=12)
    city_id: str = Field("", max_length=12)

    def form(self) -> PageForm:
        return PageForm("programme", PROGRAMME_LABELS, typed(**self.model_dump()))


class CallFields(BaseModel):
    title: str = Field("", max_length=300)
    opens_on: str = Field("", max_length=40)
    closes_on: str = Field("", max_length=40)
    budget: str = Field("", max_length=40)
    url: str = Field("", max_length=500)
    note: str = Field("", max_length=2000)

    def form(self, prefix: str = "call") -> PageForm:
        return PageForm(prefix, CALL_LABELS, typed(**self.model_dump()))


def programme_values(form: PageForm) -> dict[str, Any]:
    """The typed fields as the service takes them (it cleans and checks each, naming the field)."""
    values: dict[str, Any] = {
        name: form.text(name)
        for name in PROGRAMME_LABELS
        if name not in ("city_id", "maintainer_network_id", "joint_required", "checked_on")
    }
    values["joint_required"] = bool(form.text("joint_required"))
    values["checked_on"] = form.date("checked_on") or ""
    return values


def call_values(form: PageForm) -> dict[str, Any]:
    return {
        "title": form.text("title"), "opens_on": form.date("opens_on"), "closes_on": form.date("closes_on"),
        "budget": form.text("budget"), "url": form.text("url"), "note": form.text("note"),
    }  # fmt: skip


def amount_text(minor: int | None, currency: str) -> str:
    """Minor units as a form shows the amount again (digits and a point, no grouping)."""
    if minor is None:
        return ""
    if currency in ZERO_DECIMAL_CURRENCIES:
        return str(minor)
    return f"{minor // 100}.{minor % 100:02d}".removesuffix(".00")


def stored_programme(view: ProgrammeView) -> dict[str, str]:
    rate = "" if view.funding_rate_bp is None else f"{view.funding_rate_bp / 100:g}"
    return typed(
        name=view.name, funder_name=view.funder_name, funder_level=view.funder_level,
        instrument=view.instrument,
        summary=view.summary, countries=", ".join(view.countries), size_bands=", ".join(view.size_bands),
        joint_required=view.joint_required, min_cities=view.min_cities, min_countries=view.min_countries,
        fields=", ".join(view.fields), gpc_sectors=", ".join(view.gpc_sectors),
        measure_types=", ".join(view.measure_types),
        amount_min=amount_text(view.amount_min_minor, view.currency),
        amount_max=amount_text(view.amount_max_minor, view.currency), currency=view.currency,
        funding_rate_percent=rate, source_url=view.source_url, checked_on=view.checked_on,
    )  # fmt: skip


def words() -> dict[str, Any]:
    """The codes' words for the templates (English message ids, translated there)."""
    return {
        **FUNDING_LABELS,
        "fields": dict(FIELDS),
        "gpc_sectors": dict(GPC_SECTORS),
        "size_band_codes": SIZE_BAND_CODES,
    }
