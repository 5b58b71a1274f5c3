"""Pages of the measures catalogue, the case library and a city's action plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import FUNDING_SOURCES
from citypact.domain.measures import AXES, TAGS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.reasons import peer_reasons
from citypact.reports import charts
from citypact.reports.plan_gap import gap_sentences
from citypact.reports.wording import Words
from citypact.services import scopes
from citypact.services.errors import InvalidInput, StaleVersion
from citypact.services.my_city import my_cities
from citypact.services.paging import Page
from citypact.services.plans import action_plans, cases, measures, plan_files
from citypact.services.plans.action_plans.views import PlanMeasureView
from citypact.services.registry import cities
from citypact.web.forms import (
    CHANGED_MEANWHILE,
    DATE,
    FormVersion,
    FormWriter,
    PageForm,
    see_other,
    see_other_done,
    typed,
)
from citypact.web.pages import locale_of, render
from citypact.web.plan_forms import (
    DUE_BEFORE_START,
    MEASURE_LABELS,
    TARGET_LABELS,
    MeasureFields,
    milestone_form,
    parse_measure,
    parse_target,
)

router = APIRouter(route_class=ReleasingRoute)
FilterText = Annotated[str, Query(max_length=60)]
PAGE = 20


def _filters(request: Request) -> dict[str, str]:
    names = (*AXES, *TAGS, "country", "measure")
    return {k: v for k, v in request.query_params.items() if k in names and v and len(v) <= 60}


@router.get("/measures", response_class=HTMLResponse)
def catalogue(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    city: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    scope: FilterText = "",
) -> HTMLResponse:
    filters = _filters(request)
    found, scoped = scopes.can_do_filter(
        session, actor, city, scope, measures.list_measures(session, filters, locale_of(request))
    )
    return render(
        request,
        "measures.html",
        measures=found,
        filters=filters,
        scoped=scoped,
        scope=scope,
        city=city,
        my_cities=my_cities(session, actor),
    )


@router.get("/cases", response_class=HTMLResponse)
def case_library(
    request: Request,
    session: ReadDB,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    filters = _filters(request)
    result = cases.search_cases(
        session, q, filters, lang=locale_of(request), limit=PAGE, offset=(page - 1) * PAGE
    )
    return render(
        request,
        "cases.html",
        result=result,
        q=q,
        filters=filters,
        pager=Page(result.items, result.total, (page - 1) * PAGE, PAGE),
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: PathId, session: ReadDB) -> HTMLResponse:
    return render(request, "case.html", case=cases.get_case(session, case_id, locale_of(request)))


@router.get("/cities/{city_id}/plan", response_class=HTMLResponse)
def plan_page(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return plan_view(request, session, actor, city_id)


def plan_view(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    target_form: PageForm | None = None,
    measure_form: PageForm | None = None,
    milestone: PageForm | None = None,
) -> HTMLResponse:
    """The plan page; with the target or the add-measure form as typed and refused (422) when given."""
    plan = action_plans.get_plan(session, actor, city_id)
    city = cities.get_profile(session, actor, city_id)
    _ = translations(locale_of(request)).gettext
    chart = None
    if plan.wedge is not None:
        rows: list[dict[str, Any]] = []
        for name, series in (
            (_("Baseline"), plan.wedge.baseline),
            (_("Target path"), plan.wedge.target),
            (_("Plan"), plan.wedge.plan),
        ):
            rows += [
                {"year": y, "series": name, "value": v} for y, v in zip(plan.wedge.years, series, strict=True)
            ]
        if plan.gap is not None and plan.gap.stakeholders is not None:  # their own line, beside the plan
            name = _("Plan with stakeholder commitments")
            rows += [
                {"year": y, "series": name, "value": v}
                for y, v in zip(plan.wedge.years, plan.gap.stakeholders.plan_with, strict=True)
            ]
        chart = charts.line_chart(rows, _("t CO2e"), _("Path"))
    like = cases.cases_like_mine(session, city_id, limit=5, lang=locale_of(request))
    catalogue_measures = measures.list_measures(session, lang=locale_of(request)) if plan.can_edit else []
    return render(
        request,
        "plan.html",
        actor=actor,
        plan=plan,
        city=city,
        chart=chart,
        like=like,
        like_reasons=[peer_reasons(found.reasons, locale_of(request)) for found in like],
        catalogue=catalogue_measures,
        gap_words=gap_sentences(plan.gap, Words(locale_of(request))) if plan.gap else [],
        funding_sources=FUNDING_SOURCES,
        gap_sectors=plan.gap.by_sector if plan.gap else (),
        gap_year=plan.gap.gap.target_year if plan.gap else None,
        shown_titles=_shown_titles(session, plan.measures, locale_of(request)),
        status_code=max((f.status_code for f in (target_form, measure_form, milestone) if f), default=200),
        target_form=target_form or PageForm("target", TARGET_LABELS, _target_values(plan.target)),
        measure_form=measure_form or PageForm("measure", MEASURE_LABELS),
        milestone_forms={
            m.id: milestone if milestone and milestone.prefix == f"milestone-{m.id}" else milestone_form(m.id)
            for m in plan.measures
        },
    )


def _target_values(target: action_plans.TargetView | None) -> dict[str, str]:
    if target is None:
        return {}
    return typed(
        base_year=target.base_year,
        base_emissions_t=target.base_emissions_t,
        target_year=target.target_year,
        reduction_pct=target.reduction_pct,
        source=target.source,
    )


def _shown_titles(session: Session, planned: Sequence[PlanMeasureView], lang: str) -> dict[int, str]:
    """A measure taken from the catalogue keeps the catalogue's English title unless the city named it
    otherwise: such titles show in the reader's language; the city's own words stay as typed."""
    codes = {m.measure_code for m in planned if m.measure_code}
    english, local = (
        measures.measure_titles(session, codes, "en"),
        measures.measure_titles(session, codes, lang),
    )
    return {
        m.id: local[m.measure_code]
        for m in planned
        if m.measure_code and m.measure_code in local and m.title == english.get(m.measure_code)
    }


@router.post("/cities/{city_id}/plan/measures", response_model=None)
def add_plan_measure(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[MeasureFields, Form()],
) -> Response:
    form = PageForm("measure", MEASURE_LABELS, fields.typed(with_measure=True))
    values = parse_measure(form)
    if form.ok:
        try:
            with db.write() as session:
                plan_id = action_plans.save_plan_measure(session, actor, city_id, values).id
            return see_other_done(f"/cities/{city_id}/plan#measure-{plan_id}", "measure_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return plan_view(request, session, actor, city_id, measure_form=form)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/status", response_model=None)
def change_status(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    db: DB,
    actor: FormWriter,
    implementation: Annotated[str, Form(max_length=30)] = "",
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        action_plans.save_plan_measure(
            session, actor, city_id, {"implementation": implementation}, plan_id, expected_version=version
        )
    return see_other(f"/cities/{city_id}/plan#measure-{plan_id}")


@router.post("/cities/{city_id}/plan/measures/{plan_id}/milestones", response_model=None)
def add_milestone(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Annotated[str, Form(max_length=300)] = "",
    due_date: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    form = milestone_form(plan_id, typed(title=title, due_date=due_date))
    due = form.date("due_date")
    if due is None:
        form.problem("due_date", DATE)
    if form.ok:
        try:
            with db.write() as session:
                action_plans.add_milestone(session, actor, city_id, plan_id, title=title, due_date=due)
            return see_other_done(f"/cities/{city_id}/plan#measure-{plan_id}", "milestone_added")
        except InvalidInput as error:
            if error.field == "due_date":  # its message names the date in English: said in words here
                form.problem("due_date", DUE_BEFORE_START)
            form.refuse(error)
    with db.read() as session:
        return plan_view(request, session, actor, city_id, milestone=form)


@router.post("/cities/{city_id}/plan/milestones/{milestone_id}/done", response_model=None)
def milestone_done(
    request: Request,
    city_id: PathId,
    milestone_id: PathId,
    db: DB,
    actor: FormWriter,
    done_date: Annotated[str, Form(max_length=10)] = "",
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        action_plans.complete_milestone(
            session, actor, city_id, milestone_id, done_date or None, expected_version=version
        )
    return see_other(f"/cities/{city_id}/plan")


@router.post("/cities/{city_id}/target", response_model=None)
def set_target(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    base_year: Annotated[str, Form(max_length=4)] = "",
    base_emissions_t: Annotated[str, Form(max_length=20)] = "",
    target_year: Annotated[str, Form(max_length=4)] = "",
    reduction_pct: Annotated[str, Form(max_length=6)] = "",
    source: Annotated[str, Form(max_length=300)] = "",
    version: FormVersion = None,
    from_inventory: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    if from_inventory:  # "Set the target from an inventory": its year is the base year
        base_year = from_inventory
    typed_values = typed(
        base_year=base_year, base_emissions_t=base_emissions_t, target_year=target_year,
        reduction_pct=reduction_pct, source=source,
    )  # fmt: skip
    form = PageForm("target", TARGET_LABELS, typed_values)
    values = parse_target(form)
    if form.ok:
        try:
            with db.write() as session:
                action_plans.set_target(
                    session,
                    actor,
                    city_id,
                    **values,
                    expected_version=version,
                    from_inventory=bool(from_inventory),
                )
            return see_other_done(f"/cities/{city_id}/plan#target", "target_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)  # the page carries the new version
    with db.read() as session:
        return plan_view(request, session, actor, city_id, target_form=form)


@router.post("/cities/{city_id}/plan/import", response_model=None)
def import_plan(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    file: Annotated[UploadFile, File()],
) -> Response:
    plan_files.import_upload(db, actor, city_id, file.file, file.filename or "plan.csv")
    return see_other(f"/cities/{city_id}/plan")
