"""Pages of joint infrastructure projects: a city's projects with the form for a new one, a project's
page (partners, the sharing table per partner per year, the rule in words, costs, funding, and the
forms of the lead city and of each partner) and the edit forms; the removals, each asked first, are
in joint_project_removals.py.

What a reader may see and do is the services' decision: the page shows the lead city's forms when
the project says the reader manages it, and a partner's forms for the cities the reader acts for.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.joint_projects import COST_KINDS, KINDS, RULES, STATUSES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.joint_projects import LABELS
from citypact.i18n.labels import FUNDING_SOURCES
from citypact.services.cooperation import joint_projects
from citypact.services.errors import InvalidInput, StaleVersion
from citypact.services.plans import action_plans
from citypact.services.registry import cities
from citypact.web.city_names import one_city
from citypact.web.forms import (
    CHANGED_MEANWHILE,
    FormVersion,
    FormWriter,
    PageForm,
    see_other_done,
    typed,
)
from citypact.web.joint_project_forms import (
    COST_LABELS,
    FUNDING_LABELS,
    LINK_LABELS,
    PARTNER_LABELS,
    PROJECT_LABELS,
    STATUS_LABELS,
    ProjectFields,
    money_of,
)
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=40)]


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
        money=money_of(view, locale_of(request)),
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
    fields: Annotated[ProjectFields, Form()],
) -> Response:
    form = fields.form()
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
    fields: Annotated[ProjectFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
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
                city_id = one_city(session, "city", city)
                joint_projects.add_partner(session, actor, project_id, city_id, inputs)
            return see_other_done(f"/joint-projects/{project_id}#partners", "partner_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _project_page(request, session, actor, project_id, partner=form)


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
