"""The plan page's forms (the target, a measure added or changed): their labels and the parsing
of what was typed, shared by the plan page and a measure's edit page."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from citypact.domain.action_plans import FUNDING_SOURCES
from citypact.domain.gpc import SECTOR_NAMES
from citypact.domain.measures import AXES, CO_BENEFITS
from citypact.i18n.labels import N_
from citypact.web.forms import CHOICE, PageForm, typed

TARGET_LABELS = {
    "base_year": N_("Base year"),
    "base_emissions_t": N_("Base-year emissions (t CO2e)"),
    "target_year": N_("Target year"),
    "reduction_pct": N_("Reduction (%)"),
    "source": N_("Source"),
}
MEASURE_LABELS = {
    "measure": N_("From the catalogue"),
    "title": N_("Title"),
    "field": N_("Field of action"),
    "instrument": N_("Instrument"),
    "owner_department": N_("Owner department"),
    "start_date": N_("Start"),
    "end_date": N_("End"),
    "capex": N_("Investment"),
    "currency": N_("Currency"),
    "expected_reduction_t": N_("Expected t CO2e/yr"),
    "opex_per_year": N_("Operating cost per year"),
    "funding_source": N_("Funding source"),
    "funding": N_("Funding: programme, amount, conditions"),
    "gpc_sector": N_("GPC sector it reduces"),
    "responsible": N_("Responsible party"),
    "co_benefits": N_("Co-benefits"),
}


class MeasureFields(BaseModel):
    """A measure's form fields as posted (add and edit share them; `measure`, the catalogue entry, is
    only on the add form). Strings as typed: `parse_measure` reads numbers and dates in the form."""

    measure: str = Field("", max_length=80)
    title: str = Field("", max_length=300)
    field: str = Field("", max_length=30)
    instrument: str = Field("", max_length=30)
    owner_department: str = Field("", max_length=200)
    start_date: str = Field("", max_length=10)
    end_date: str = Field("", max_length=10)
    capex: str = Field("", max_length=20)
    currency: str = Field("", max_length=3)
    expected_reduction_t: str = Field("", max_length=20)
    opex_per_year: str = Field("", max_length=20)
    funding_source: str = Field("", max_length=20)
    funding: str = Field("", max_length=2000)
    gpc_sector: str = Field("", max_length=3)
    responsible: str = Field("", max_length=300)
    co_benefits: list[Annotated[str, StringConstraints(max_length=30)]] = Field(
        default_factory=list, max_length=20
    )

    def typed(self, *, with_measure: bool) -> dict[str, str]:
        """The values as typed, co-benefits as their codes joined by ","."""
        values = self.model_dump()
        values["co_benefits"] = ",".join(self.co_benefits)
        if not with_measure:
            del values["measure"]
        return typed(**values)


MILESTONE_LABELS = {"title": N_("Milestone"), "due_date": N_("Due")}
# The service refuses a well-formed due date only when it is before the measure's start.
DUE_BEFORE_START = N_("the milestone is due before the measure starts; give a date on or after its start")


def milestone_form(plan_id: int, values: dict[str, str] | None = None) -> PageForm:
    """The add-milestone form of one measure of the plan (each row has its own ids)."""
    return PageForm(f"milestone-{plan_id}", MILESTONE_LABELS, values or {})


def parse_target(form: PageForm) -> dict[str, Any]:
    """The target's values for the service; problems are noted in the form."""
    return {
        "base_year": form.year("base_year"),
        "target_year": form.year("target_year"),
        "base_emissions_t": form.number("base_emissions_t"),
        "reduction_pct": form.number("reduction_pct"),
        "source": form.text("source"),
    }


def parse_measure(form: PageForm, clearing: bool = False) -> dict[str, Any]:
    """A measure's values for the service; problems are noted in the form. A new measure leaves
    empty fields out (a catalogue measure supplies them); a change (`clearing`) sends them, so an
    emptied field is cleared (an empty title, field or instrument keeps the stored one)."""
    values: dict[str, Any] = {
        "measure": form.text("measure"),
        "title": form.text("title"),
        "field": form.choice("field", AXES["field"]),
        "instrument": form.choice("instrument", AXES["instrument"]),
        "owner_department": form.text("owner_department"),
        "start_date": form.date("start_date"),
        "end_date": form.date("end_date"),
        "capex": form.number("capex"),
        "currency": form.text("currency"),
        "expected_reduction_t": form.number("expected_reduction_t"),
        "opex_per_year": form.number("opex_per_year"),
        "funding_source": form.choice("funding_source", FUNDING_SOURCES),
        "funding": form.text("funding"),
        "gpc_sector": form.choice("gpc_sector", SECTOR_NAMES),
        "responsible": form.text("responsible"),
        "co_benefits": form.text("co_benefits"),  # codes joined by ","; the service checks them
    }
    if len(values["co_benefits"].split(",")) > len(CO_BENEFITS):  # more ticks than there are boxes
        form.problem("co_benefits", CHOICE)
    if clearing:
        return {k: v for k, v in values.items() if k != "measure"}
    return {k: v for k, v in values.items() if v not in ("", None)}
