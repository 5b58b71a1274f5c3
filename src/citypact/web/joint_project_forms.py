"""What the pages of joint projects share: the forms' labels and the project form's fields, money in
the reader's language, and the project a removal page asks about."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import ZERO_DECIMAL_CURRENCIES, from_minor_units
from citypact.i18n.catalog import formatter
from citypact.i18n.labels import N_
from citypact.services.cooperation import joint_projects
from citypact.services.cooperation.joint_projects import ProjectView
from citypact.services.errors import PermissionDenied
from citypact.web.forms import PageForm, typed

PROJECT_LABELS = {
    "title": N_("Title"),
    "kind": N_("Kind"),
    "description": N_("Description"),
    "start_year": N_("First year"),
    "end_year": N_("Last year"),
    "currency": N_("Currency (ISO 4217, e.g. EUR)"),
    "rule": N_("Cost-sharing rule"),
    "input_unit": N_("What a partner's use or benefit counts (e.g. MWh heat a year)"),
    "reduction_t": N_("Expected reduction, t CO2e a year (the whole project)"),
    "reduction_basis": N_("How the reduction was estimated, and its source"),
}


class ProjectFields(BaseModel):
    """The project form's fields as posted (new and edit share them), strings as typed."""

    title: str = Field("", max_length=300)
    kind: str = Field("", max_length=40)
    description: str = Field("", max_length=20_000)
    start_year: str = Field("", max_length=40)
    end_year: str = Field("", max_length=40)
    currency: str = Field("", max_length=40)
    rule: str = Field("", max_length=40)
    input_unit: str = Field("", max_length=40)
    reduction_t: str = Field("", max_length=40)
    reduction_basis: str = Field("", max_length=20_000)

    def form(self) -> PageForm:
        return PageForm("project", PROJECT_LABELS, typed(**self.model_dump()))


PARTNER_LABELS = {
    "city": N_("City (name or id)"),
    "use_quantity": N_("Use"),
    "benefit": N_("Benefit"),
    "agreed_share_pct": N_("Agreed share, %"),
    "refresh_population": N_("Take the registry's current population again"),
}
COST_LABELS = {
    "kind": N_("Kind of cost"),
    "label": N_("What it is for"),
    "year_from": N_("Year (capex) or first year (opex)"),
    "year_to": N_("Last year (optional)"),
    "amount": N_("Amount (opex: a year)"),
}
FUNDING_LABELS = {"source": N_("Source"), "label": N_("Programme or lender"), "amount": N_("Amount")}
STATUS_LABELS = {"status": N_("Status")}
LINK_LABELS = {"plan_measure_id": N_("Measure of your city's plan")}


def money_of(view: ProjectView, lang: str) -> Callable[[int | None], str]:
    """Minor units of the project's currency as the reader's language writes the amount."""
    fmt = formatter(lang)
    digits = 0 if view.currency in ZERO_DECIMAL_CURRENCIES else 2

    def money(minor: int | None) -> str:
        if minor is None:
            return "–"
        return f"{fmt.number(from_minor_units(minor, view.currency), digits)} {view.currency}"

    return money


def managed(session: Session, actor: Actor, project_id: int) -> ProjectView:
    """The project for a removal page: only its managers are asked (others are refused at once)."""
    view = joint_projects.get_project(session, actor, project_id)
    if not view.manages:
        raise PermissionDenied("Only the lead city's editors manage this project.")
    return view
