"""Pages of joint infrastructure projects: a city's projects with the form for a new one, a project's
page (partners, the sharing table per partner per year, the rule in words, costs, funding, and the
forms of the lead city and of each partner), the edit form, and the confirmations before removal.

What a reader may see and do is the services' decision: the page shows the lead city's forms when
the project says the reader manages it, and a partner's forms for the cities the reader acts for.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import ZERO_DECIMAL_CURRENCIES, from_minor_units
from citypact.domain.joint_projects import COST_KINDS, KINDS, RULES, STATUSES
from citypact.domain.text import fold
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import formatter, translations
from citypact.i18n.joint_projects import COST_KINDS as COST_KIND_WORDS
from citypact.i18n.joint_projects import LABELS
from citypact.i18n.labels import FUNDING_SOURCES, N_
from citypact.services.cooperation import joint_projects
from citypact.services.cooperation.joint_projects import ProjectView
from citypact.services.errors import InvalidInput, PermissionDenied, StaleVersion
from citypact.services.plans import action_plans
from citypact.services.registry import cities
from citypact.web.forms import (
    CHANGED_MEANWHILE,
    FormVersion,
    FormWriter,
    PageForm,
    see_other_done,
    typed,
)
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=40)]

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


def _money(view: ProjectView, lang: str) -> Any:
    fmt = formatter(lang)
    digits = 0 if view.currency in ZERO_DECIMAL_CURRENCIES else 2

    def money(minor: int | None) -> str:
        if minor is None:
            return "–"
        return f"{fmt.number(from_minor_units(minor, view.currency), digits)} {view.currency}"

    return money


def _project_page(
    request: Request, session: Session, actor: Actor, project_id: int, **forms: PageForm
) -> HTMLResponse:
    view = joint_projects.get_project(session, actor, project_id)
    plans = {
        city_id: [
            (m.id, m.title)
            for m in action_plans.get_plan(session, actor, city_id).measures
            if not m.cancelled
        ]
        for city_id in sorted(view.acts_for)
    }
    defaults = {
        "partner": PageForm("partner", PARTNER_LABELS),
        "cost": PageForm("cost", COST_LABELS, {"kind": "capex"}),
        "funding": PageForm("funding", FUNDING_LABELS),
        "status": PageForm("status", STATUS_LABELS),
    }
    defaults.update(forms)
    failed = next((f for f in forms.values() if not f.ok), None)
    return render(
        request,
        "joint_project.html",
        status_code=failed.status_code if failed else 200,
        actor=actor,
        p=view,
        labels=LABELS,
        money=_money(view, locale_of(request)),
        plans=plans,
        next_status=_next_status(view.status),
        page_forms=defaults,
        failed=failed,
    )


def _next_status(status: str) -> list[str]:
    if status == "closed":
        return []
    following = STATUSES[STATUSES.index(status) + 1]
    return [following] if following == "closed" else [following, "closed"]


# --- a city's projects and a new one ------------------------------------------------------------------


def _city_page(
    request: Request, session: Session, actor: Actor, city_id: int, form: PageForm | None
) -> HTMLResponse:
    city = cities.get_profile(session, actor, city_id)
    found = joint_projects.list_projects(session, actor, city_id)
    form = form or PageForm("project", PROJECT_LABELS, {"currency": "EUR", "rule": "population"})
    return render(
        request,
        "joint_projects.html",
        status_code=form.status_code,
        actor=actor,
        city=city,
        found=found,
        form=form,
        labels=LABELS,
    )


@router.get("/cities/{city_id}/joint-projects", response_class=HTMLResponse)
def city_projects(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """The joint projects of a city the reader may see, and the form for a new one its editors lead."""
    return _city_page(request, session, actor, city_id, None)


def _project_values(form: PageForm) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": form.text("title"),
        "kind": form.choice("kind", KINDS),
        "description": form.text("description"),
        "rule": form.choice("rule", RULES),
        "input_unit": form.text("input_unit"),
        "currency": form.text("currency").upper(),
        "reduction_basis": form.text("reduction_basis"),
        "reduction_t": form.number("reduction_t"),
    }
    for name in ("start_year", "end_year"):
        values[name] = form.year(name)
    return values


@router.post("/cities/{city_id}/joint-projects", response_model=None)
def create_project(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    kind: Short = "",
    description: LongText = "",
    start_year: Short = "",
    end_year: Short = "",
    currency: Short = "",
    rule: Short = "",
    input_unit: Short = "",
    reduction_t: Short = "",
    reduction_basis: LongText = "",
) -> Response:
    form = PageForm(
        "project",
        PROJECT_LABELS,
        typed(
            title=title, kind=kind, description=description, start_year=start_year, end_year=end_year,
            currency=currency, rule=rule, input_unit=input_unit, reduction_t=reduction_t,
            reduction_basis=reduction_basis,
        ),
    )  # fmt: skip
    values = _project_values(form)
    if form.ok:
        try:
            with db.write() as session:
                project_id = joint_projects.create_project(session, actor, city_id, values).id
            return see_other_done(f"/joint-projects/{project_id}", "joint_project_created")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _city_page(request, session, actor, city_id, form)


# --- one project --------------------------------------------------------------------------------------


@router.get("/joint-projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, project_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _project_page(request, session, actor, project_id)


def _edit_page(
    request: Request, session: Session, actor: Actor, project_id: int, form: PageForm | None
) -> HTMLResponse:
    view = joint_projects.get_project(session, actor, project_id)
    if form is None:
        stored = {name: getattr(view, name) for name in PROJECT_LABELS}
        form = PageForm("project", PROJECT_LABELS, typed(**stored))
    return render(
        request, "joint_project_edit.html", status_code=form.status_code, actor=actor, p=view, form=form,
        labels=LABELS,
    )  # fmt: skip


@router.get("/joint-projects/{project_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, project_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _edit_page(request, session, actor, project_id, None)


@router.post("/joint-projects/{project_id}/edit", response_model=None)
def edit_project(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    kind: Short = "",
    description: LongText = "",
    start_year: Short = "",
    end_year: Short = "",
    currency: Short = "",
    rule: Short = "",
    input_unit: Short = "",
    reduction_t: Short = "",
    reduction_basis: LongText = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        "project",
        PROJECT_LABELS,
        typed(
            title=title, kind=kind, description=description, start_year=start_year, end_year=end_year,
            currency=currency, rule=rule, input_unit=input_unit, reduction_t=reduction_t,
            reduction_basis=reduction_basis,
        ),
    )  # fmt: skip
    values = _project_values(form)
    if form.ok:
        try:
            with db.write() as session:
                joint_projects.update_project(session, actor, project_id, values, expected_version=version)
            return see_other_done(f"/joint-projects/{project_id}", "joint_project_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _edit_page(request, session, actor, project_id, form)


@router.post("/joint-projects/{project_id}/status", response_model=None)
def change_status(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("status", STATUS_LABELS, typed(status=status))
    try:
        with db.write() as session:
            joint_projects.set_status(session, actor, project_id, status, expected_version=version)
        return see_other_done(f"/joint-projects/{project_id}#status", "joint_project_saved")
    except InvalidInput as error:
        form.refuse(error)
    except StaleVersion:
        form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _project_page(request, session, actor, project_id, status=form)


def _input(form: PageForm, name: str) -> float | None:
    return form.number(name)


@router.post("/joint-projects/{project_id}/partners", response_model=None)
def add_partner(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    city: Text = "",
    use_quantity: Short = "",
    benefit: Short = "",
    agreed_share_pct: Short = "",
) -> Response:
    form = PageForm(
        "partner", PARTNER_LABELS,
        typed(city=city, use_quantity=use_quantity, benefit=benefit, agreed_share_pct=agreed_share_pct),
    )  # fmt: skip
    inputs = {name: _input(form, name) for name in ("use_quantity", "benefit", "agreed_share_pct")}
    if form.ok:
        try:
            with db.write() as session:
                city_id = _city_named(session, city)
                joint_projects.add_partner(session, actor, project_id, city_id, inputs)
            return see_other_done(f"/joint-projects/{project_id}#partners", "partner_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _project_page(request, session, actor, project_id, partner=form)


def _city_named(session: Session, text: str) -> int:
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


def _partner_page(
    request: Request, session: Session, actor: Actor, project_id: int, city_id: int, form: PageForm | None
) -> HTMLResponse:
    view = joint_projects.get_project(session, actor, project_id)
    partner = next((p for p in view.partners if p.city_id == city_id), None)
    if partner is None:
        raise InvalidInput("city_id", f"city {city_id} is not a partner of this project.")
    if form is None:
        form = PageForm(
            "partner", PARTNER_LABELS,
            typed(use_quantity=partner.use_quantity, benefit=partner.benefit,
                  agreed_share_pct=partner.agreed_share_pct),
        )  # fmt: skip
    return render(
        request, "joint_project_partner.html", status_code=form.status_code, actor=actor, p=view,
        partner=partner, form=form, labels=LABELS,
    )  # fmt: skip


@router.get("/joint-projects/{project_id}/partners/{city_id}/edit", response_class=HTMLResponse)
def partner_form(
    request: Request, project_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _partner_page(request, session, actor, project_id, city_id, None)


@router.post("/joint-projects/{project_id}/partners/{city_id}/edit", response_model=None)
def edit_partner(
    request: Request,
    project_id: PathId,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    use_quantity: Short = "",
    benefit: Short = "",
    agreed_share_pct: Short = "",
    refresh_population: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        "partner", PARTNER_LABELS,
        typed(use_quantity=use_quantity, benefit=benefit, agreed_share_pct=agreed_share_pct,
              refresh_population=refresh_population),
    )  # fmt: skip
    inputs = {name: _input(form, name) for name in ("use_quantity", "benefit", "agreed_share_pct")}
    if form.ok:
        try:
            with db.write() as session:
                joint_projects.update_partner(
                    session, actor, project_id, city_id, inputs, refresh_population=bool(refresh_population),
                    expected_version=version,
                )  # fmt: skip
            return see_other_done(f"/joint-projects/{project_id}#partners", "partner_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _partner_page(request, session, actor, project_id, city_id, form)


@router.post("/joint-projects/{project_id}/partners/{city_id}/confirm", response_model=None)
def confirm(project_id: PathId, city_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        joint_projects.confirm(session, actor, project_id, city_id)
    return see_other_done(f"/joint-projects/{project_id}#partners", "participation_confirmed")


@router.post("/joint-projects/{project_id}/partners/{city_id}/plan-link", response_model=None)
def plan_link(
    request: Request,
    project_id: PathId,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    plan_measure_id: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("link", LINK_LABELS, typed(plan_measure_id=plan_measure_id))
    measure = form.whole_number("plan_measure_id")
    if form.ok:
        try:
            with db.write() as session:
                joint_projects.link_plan_measure(
                    session, actor, project_id, city_id, measure, expected_version=version
                )
            return see_other_done(f"/joint-projects/{project_id}#partners", "plan_linked")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _project_page(request, session, actor, project_id, link=form)


@router.post("/joint-projects/{project_id}/costs", response_model=None)
def add_cost(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    label: Text = "",
    year_from: Short = "",
    year_to: Short = "",
    amount: Short = "",
) -> Response:
    form = PageForm(
        "cost",
        COST_LABELS,
        typed(kind=kind, label=label, year_from=year_from, year_to=year_to, amount=amount),
    )
    values = {
        "kind": form.choice("kind", COST_KINDS),
        "label": form.text("label"),
        "year_from": form.year("year_from"),
        "year_to": form.year("year_to", required=False),
        "amount": form.text("amount"),
    }
    if form.ok:
        try:
            with db.write() as session:
                joint_projects.add_cost(session, actor, project_id, values)
            return see_other_done(f"/joint-projects/{project_id}#costs", "cost_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _project_page(request, session, actor, project_id, cost=form)


@router.post("/joint-projects/{project_id}/funding", response_model=None)
def add_funding(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    source: Short = "",
    label: Text = "",
    amount: Short = "",
) -> Response:
    form = PageForm("funding", FUNDING_LABELS, typed(source=source, label=label, amount=amount))
    values = {
        "source": form.choice("source", FUNDING_SOURCES),
        "label": form.text("label"),
        "amount": form.text("amount"),
    }
    if form.ok:
        try:
            with db.write() as session:
                joint_projects.add_funding(session, actor, project_id, values)
            return see_other_done(f"/joint-projects/{project_id}#funding", "funding_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _project_page(request, session, actor, project_id, funding=form)


# --- removals, each asked first -----------------------------------------------------------------------


def _confirm_page(
    request: Request, actor: Actor, view: ProjectView, *, heading: str, facts: list[tuple[str, Any]],
    consequence: str, action: str, confirm_label: str,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "confirm_delete.html", actor=actor, heading=heading, facts=facts, consequence=consequence,
        action=action, record_version=view.version, cancel=f"/joint-projects/{view.id}",
        confirm=confirm_label,
    )  # fmt: skip


def _managed(session: Session, actor: Actor, project_id: int) -> ProjectView:
    """The project for a removal page: only its managers are asked (others are refused at once)."""
    view = joint_projects.get_project(session, actor, project_id)
    if not view.manages:
        raise PermissionDenied("Only the lead city's editors manage this project.")
    return view


@router.get("/joint-projects/{project_id}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request, project_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = _managed(session, actor, project_id)
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
    view = _managed(session, actor, project_id)
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
    view = _managed(session, actor, project_id)
    cost = next((c for c in view.costs if c.id == cost_id), None)
    if cost is None:
        raise InvalidInput("cost_id", f"no cost line {cost_id} in this project.")
    money, words = _money(view, locale_of(request)), translations(locale_of(request)).gettext
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
    view = _managed(session, actor, project_id)
    funding = next((f for f in view.funding if f.id == funding_id), None)
    if funding is None:
        raise InvalidInput("funding_id", f"no funding source {funding_id} in this project.")
    money, words = _money(view, locale_of(request)), translations(locale_of(request)).gettext
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
