"""Pages of the measures catalogue, the case library and a city's action plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.action_plans import FUNDING_SOURCES
from citypact.domain.measures import AXES, TAGS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.reasons import peer_reasons
from citypact.reports import charts
from citypact.reports.plan_gap import gap_sentences
from citypact.reports.wording import Words
from citypact.services.errors import InvalidInput
from citypact.services.paging import Page
from citypact.services.plans import action_plans, cases, measures, plan_files
from citypact.services.plans.action_plans.views import PlanMeasureView
from citypact.services.registry import cities
from citypact.web.forms import FormVersion, FormWriter, optional_number, see_other
from citypact.web.measure_form import measure_codes
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
FilterText = Annotated[str, Query(max_length=60)]
PAGE = 20


def _filters(request: Request) -> dict[str, str]:
    names = (*AXES, *TAGS, "country", "measure")
    return {k: v for k, v in request.query_params.items() if k in names and v and len(v) <= 60}


@router.get("/measures", response_class=HTMLResponse)
def catalogue(request: Request, session: ReadDB) -> HTMLResponse:
    filters = _filters(request)
    found = measures.list_measures(session, filters, locale_of(request))
    return render(request, "measures.html", measures=found, filters=filters)


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
    measure: Annotated[str, Form(max_length=80)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
    field: Annotated[str, Form(max_length=30)] = "",
    instrument: Annotated[str, Form(max_length=30)] = "",
    owner_department: Annotated[str, Form(max_length=200)] = "",
    start_date: Annotated[str, Form(max_length=10)] = "",
    end_date: Annotated[str, Form(max_length=10)] = "",
    capex: Annotated[str, Form(max_length=20)] = "",
    currency: Annotated[str, Form(max_length=3)] = "",
    expected_reduction_t: Annotated[str, Form(max_length=20)] = "",
    opex_per_year: Annotated[str, Form(max_length=20)] = "",
    funding_source: Annotated[str, Form(max_length=20)] = "",
    funding: Annotated[str, Form(max_length=2000)] = "",
    gpc_sector: Annotated[str, Form(max_length=3)] = "",
    responsible: Annotated[str, Form(max_length=300)] = "",
    co_benefits: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    values: dict[str, Any] = {
        "measure": measure,
        "title": title,
        "field": field,
        "instrument": instrument,
        "owner_department": owner_department,
        "start_date": start_date,
        "end_date": end_date,
        "currency": currency,
    }
    values.update(measure_codes(funding_source, funding, gpc_sector, responsible, co_benefits))
    for name, text in (
        ("capex", capex),
        ("expected_reduction_t", expected_reduction_t),
        ("opex_per_year", opex_per_year),
    ):
        if text.strip():
            number = optional_number(text)
            if number is None:
                raise InvalidInput(name, f"{text!r} is not a number; write one such as 12500.")
            values[name] = number
    with db.write() as session:
        action_plans.save_plan_measure(session, actor, city_id, {k: v for k, v in values.items() if v != ""})
    return see_other(f"/cities/{city_id}/plan")


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
    with db.write() as session:
        action_plans.add_milestone(session, actor, city_id, plan_id, title=title, due_date=due_date)
    return see_other(f"/cities/{city_id}/plan#measure-{plan_id}")


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
    years = {
        name: optional_number(text) for name, text in (("base_year", base_year), ("target_year", target_year))
    }
    for name, value in years.items():
        if not isinstance(value, int):
            raise InvalidInput(name, "give a year such as 2030.")
    with db.write() as session:
        action_plans.set_target(
            session,
            actor,
            city_id,
            base_year=int(years["base_year"] or 0),
            target_year=int(years["target_year"] or 0),
            base_emissions_t=optional_number(base_emissions_t),
            reduction_pct=optional_number(reduction_pct),
            source=source,
            expected_version=version,
            from_inventory=bool(from_inventory),
        )
    return see_other(f"/cities/{city_id}/plan")


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
