"""What the pages of joint projects share: the forms' labels, money in the reader's language, a
city named in a form, and the project a removal page asks about."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import ZERO_DECIMAL_CURRENCIES, from_minor_units
from citypact.domain.text import fold
from citypact.i18n.catalog import formatter
from citypact.i18n.labels import N_
from citypact.services.cooperation import joint_projects
from citypact.services.cooperation.joint_projects import ProjectView
from citypact.services.errors import InvalidInput, PermissionDenied
from citypact.services.registry import cities

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


def city_named(session: Session, text: str) -> int:
    """A city named by its id or by a name (any spelling the registry knows); a name that fits
    several cities is refused with their ids, so the reader can pick one."""
    token = text.strip()
    if token.isdigit():
        return int(token)
    page = cities.search_cities(session, q=token, limit=5) if token else None
    exact = [c for c in page.items if fold(c.name) == fold(token)] if page else []
    choices = exact or (page.items if page else [])
    if len(choices) == 1:
        return choices[0].id
    if not choices:
        raise InvalidInput("city", f"no city named {token!r}; check the spelling or give the city's id.")
    listed = "; ".join(f"{c.name} ({c.country}): {c.id}" for c in choices)
    raise InvalidInput("city", f"{token!r} fits several cities ({listed}); give the id instead.")


def managed(session: Session, actor: Actor, project_id: int) -> ProjectView:
    """The project for a removal page: only its managers are asked (others are refused at once)."""
    view = joint_projects.get_project(session, actor, project_id)
    if not view.manages:
        raise PermissionDenied("Only the lead city's editors manage this project.")
    return view
