"""Removals on the joint project pages, each asked first on a page that says what goes: the
project, a partner, a cost line, a funding source."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.joint_projects import COST_KINDS as COST_KIND_WORDS
from citypact.i18n.labels import FUNDING_SOURCES, N_
from citypact.services.cooperation import joint_projects
from citypact.services.cooperation.joint_projects import ProjectView
from citypact.services.errors import InvalidInput
from citypact.web.forms import FormVersion, FormWriter, see_other_done
from citypact.web.joint_project_forms import managed, money_of
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)


def _confirm_page(
    request: Request, actor: Actor, view: ProjectView, *, heading: str, facts: list[tuple[str, Any]],
    consequence: str, action: str, confirm_label: str,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "confirm_delete.html", actor=actor, heading=heading, facts=facts, consequence=consequence,
        action=action, record_version=view.version, cancel=f"/joint-projects/{view.id}",
        confirm=confirm_label,
    )  # fmt: skip


@router.get("/joint-projects/{project_id}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request, project_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = managed(session, actor, project_id)
    return _confirm_page(
        request, actor, view, heading=N_("Delete this joint project?"),
        facts=[(N_("Title"), view.title), (N_("Partners"), ", ".join(p.city_name for p in view.partners)),
               (N_("Cost lines"), len(view.costs)), (N_("Funding sources"), len(view.funding))],
        consequence=N_(
            "The project, its partners, cost lines and funding sources are deleted. Linked plan measures "
            "stay in the partners' plans with the reduction they last took."
        ),
        action=f"/joint-projects/{project_id}/delete", confirm_label=N_("Delete the project"),
    )  # fmt: skip


@router.post("/joint-projects/{project_id}/delete", response_model=None)
def delete_project(project_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None) -> Response:
    with db.write() as session:
        lead = joint_projects.get_project(session, actor, project_id).lead_city_id
        joint_projects.delete_project(session, actor, project_id, expected_version=version)
    return see_other_done(f"/cities/{lead}/joint-projects", "joint_project_deleted")


@router.get("/joint-projects/{project_id}/partners/{city_id}/remove", response_class=HTMLResponse)
def confirm_remove_partner(
    request: Request, project_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = managed(session, actor, project_id)
    partner = next((p for p in view.partners if p.city_id == city_id and not p.is_lead), None)
    if partner is None:
        raise InvalidInput("city_id", f"city {city_id} is not a partner that can be removed.")
    return _confirm_page(
        request, actor, view, heading=N_("Remove this partner?"),
        facts=[(N_("Project"), view.title), (N_("City"), partner.city_name)],
        consequence=N_(
            "The city no longer shares the costs; the other partners' shares are computed again. Its linked "
            "plan measure keeps the reduction it last took."
        ),
        action=f"/joint-projects/{project_id}/partners/{city_id}/remove",
        confirm_label=N_("Remove the partner"),
    )  # fmt: skip


@router.post("/joint-projects/{project_id}/partners/{city_id}/remove", response_model=None)
def remove_partner(
    project_id: PathId, city_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        joint_projects.remove_partner(session, actor, project_id, city_id, expected_version=version)
    return see_other_done(f"/joint-projects/{project_id}#partners", "partner_removed")


@router.get("/joint-projects/{project_id}/costs/{cost_id}/delete", response_class=HTMLResponse)
def confirm_remove_cost(
    request: Request, project_id: PathId, cost_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = managed(session, actor, project_id)
    cost = next((c for c in view.costs if c.id == cost_id), None)
    if cost is None:
        raise InvalidInput("cost_id", f"no cost line {cost_id} in this project.")
    money, words = money_of(view, locale_of(request)), translations(locale_of(request)).gettext
    return _confirm_page(
        request, actor, view, heading=N_("Delete this cost line?"),
        facts=[(N_("Kind of cost"), words(COST_KIND_WORDS[cost.kind])), (N_("What it is for"), cost.label),
               (N_("Amount"), money(cost.amount_minor))],
        consequence=N_("The partners' shares are computed again without it."),
        action=f"/joint-projects/{project_id}/costs/{cost_id}/delete", confirm_label=N_("Delete"),
    )  # fmt: skip


@router.post("/joint-projects/{project_id}/costs/{cost_id}/delete", response_model=None)
def remove_cost(
    project_id: PathId, cost_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        joint_projects.remove_cost(session, actor, project_id, cost_id, expected_version=version)
    return see_other_done(f"/joint-projects/{project_id}#costs", "cost_removed")


@router.get("/joint-projects/{project_id}/funding/{funding_id}/delete", response_class=HTMLResponse)
def confirm_remove_funding(
    request: Request, project_id: PathId, funding_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = managed(session, actor, project_id)
    funding = next((f for f in view.funding if f.id == funding_id), None)
    if funding is None:
        raise InvalidInput("funding_id", f"no funding source {funding_id} in this project.")
    money, words = money_of(view, locale_of(request)), translations(locale_of(request)).gettext
    return _confirm_page(
        request, actor, view, heading=N_("Delete this funding source?"),
        facts=[(N_("Source"), words(FUNDING_SOURCES[funding.source])),
               (N_("Programme or lender"), funding.label),
               (N_("Amount"), money(funding.amount_minor))],
        consequence=N_("The project's funding total no longer counts it."),
        action=f"/joint-projects/{project_id}/funding/{funding_id}/delete", confirm_label=N_("Delete"),
    )  # fmt: skip


@router.post("/joint-projects/{project_id}/funding/{funding_id}/delete", response_model=None)
def remove_funding(
    project_id: PathId, funding_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        joint_projects.remove_funding(session, actor, project_id, funding_id, expected_version=version)
    return see_other_done(f"/joint-projects/{project_id}#funding", "funding_removed")
