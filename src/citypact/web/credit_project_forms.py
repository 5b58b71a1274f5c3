"""What the pages of carbon-credit projects share: the forms' labels and fields, the methodology
parameters as form fields (one group per methodology), and the words of the codes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from citypact.domain.credit_methodologies import SCHEMAS
from citypact.i18n.credit_labels import CREDIT_LABELS
from citypact.i18n.labels import N_
from citypact.web.forms import PageForm, typed

PARAMETER_LABELS = {
    "eg_mwh": N_("Net electricity delivered to the grid, MWh"),
    "ef_grid_t_per_mwh": N_("Grid emission factor, t CO2/MWh (empty: the platform's factor)"),
    "ef_grid_source": N_("Source of the grid factor"),
    "energy_unit": N_("Energy unit"),
    "e_ref": N_("Reference energy use"),
    "e_project": N_("Energy use with the project"),
    "ef_t_per_mwh": N_("Emission factor of the energy, t CO2e/MWh"),
    "ef_source": N_("Source of the emission factor"),
    "ch4_destroyed_t": N_("Methane destroyed, t CH4"),
    "project_emissions_t": N_("Project emissions, t CO2e"),
    "gwp_set": N_("GWP set (empty: AR5)"),
    "reported_t": N_("Reductions reported, t CO2e"),
    "report_reference": N_("Reference of the external report"),
}
PROJECT_LABELS = {
    "city_id": N_("Host city"),
    "title": N_("Title"),
    "description": N_("Description"),
    "methodology": N_("Methodology"),
    "crediting_start": N_("Crediting period starts"),
    "crediting_end": N_("Crediting period ends"),
    "buffer_percent": N_("Buffer for reversals, %"),
    "authorisation": N_("Article 6 authorisation of the credits"),
    **PARAMETER_LABELS,
}
PARTY_LABELS = {
    "city_id": N_("Partner city (its number)"),
    "organisation_id": N_("Organisation (its number)"),
    "share_percent": N_("Share, %"),
    "shares": N_("Shares"),
}
DOCUMENT_LABELS = {"kind": N_("Kind"), "title": N_("Title"), "url": N_("Web address"), "public": N_("Public")}
CLOSE_LABELS = {"reason": N_("Why the project closes")}
REPORT_LABELS = {"period_start": N_("Period starts"), "period_end": N_("Period ends"), **PARAMETER_LABELS}
SUBMIT_LABELS = {"verifier_id": N_("Verifier")}
VERIFY_LABELS = {
    "verified_t": N_("Verified reductions, t CO2e"),
    "reference": N_("Reference of your verification report"),
    "statement": N_("Statement (needed when above the monitored figure)"),
}
REJECT_LABELS = {"reason": N_("Why the report is rejected")}
PARAMETER_GROUPS = {m: [p.name for p in params] for m, params in SCHEMAS.items()}
NUMBER_PARAMETERS = {p.name for params in SCHEMAS.values() for p in params if p.kind == "number"}
CHOICES = {p.name: p.choices for params in SCHEMAS.values() for p in params if p.kind == "choice"}


class ParameterFields(BaseModel):
    """Every methodology's parameters as posted; the route keeps those of the chosen one."""

    eg_mwh: str = Field("", max_length=40)
    ef_grid_t_per_mwh: str = Field("", max_length=40)
    ef_grid_source: str = Field("", max_length=300)
    energy_unit: str = Field("", max_length=10)
    e_ref: str = Field("", max_length=40)
    e_project: str = Field("", max_length=40)
    ef_t_per_mwh: str = Field("", max_length=40)
    ef_source: str = Field("", max_length=300)
    ch4_destroyed_t: str = Field("", max_length=40)
    project_emissions_t: str = Field("", max_length=40)
    gwp_set: str = Field("", max_length=10)
    reported_t: str = Field("", max_length=40)
    report_reference: str = Field("", max_length=300)


class ProjectFields(ParameterFields):
    city_id: str = Field("", max_length=12)
    title: str = Field("", max_length=300)
    description: str = Field("", max_length=20_000)
    methodology: str = Field("", max_length=30)
    crediting_start: str = Field("", max_length=40)
    crediting_end: str = Field("", max_length=40)
    buffer_percent: str = Field("", max_length=40)
    authorisation: str = Field("", max_length=16)

    def form(self) -> PageForm:
        return PageForm("project", PROJECT_LABELS, typed(**self.model_dump()))


class ReportFields(ParameterFields):
    period_start: str = Field("", max_length=40)
    period_end: str = Field("", max_length=40)

    def form(self) -> PageForm:
        return PageForm("report", REPORT_LABELS, typed(**self.model_dump()))


def parameters(form: PageForm, methodology: str) -> dict[str, Any]:
    """The chosen methodology's parameters as typed: numbers read at the edge, empty ones left
    out (the methodology says which are required)."""
    found: dict[str, Any] = {}
    for name in PARAMETER_GROUPS.get(methodology, []):
        if not form.text(name):
            continue
        found[name] = form.number(name) if name in NUMBER_PARAMETERS else form.text(name)
    return found


def project_values(form: PageForm) -> dict[str, Any]:
    methodology = form.text("methodology")
    return {
        "title": form.text("title"),
        "description": form.text("description"),
        "methodology": methodology,
        "crediting_start": form.date("crediting_start"),
        "crediting_end": form.date("crediting_end"),
        "buffer_percent": form.number("buffer_percent") or 0,
        "authorisation": form.text("authorisation") or "none",
        "ex_ante_parameters": parameters(form, methodology),
    }


def stored_parameters(values: dict[str, Any]) -> dict[str, str]:
    return typed(**{k: v for k, v in values.items() if k in PARAMETER_LABELS})


def words() -> dict[str, Any]:
    return {**CREDIT_LABELS, "parameters": PARAMETER_LABELS}
