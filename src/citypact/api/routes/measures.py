"""/api/v1: the measures catalogue and its taxonomy, best-practice cases, and cities' action plans."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile

from citypact.api.schemas.measures import (
    CancelIn,
    CaseIn,
    DoneIn,
    KpiIn,
    KpiValueIn,
    MilestoneIn,
    PlanMeasureIn,
    TargetIn,
)
from citypact.domain.measures import AXES, TAGS
from citypact.http.deps import (
    DB,
    CurrentActor,
    IfMatch,
    OptionalIfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
)
from citypact.http.downloads import attachment
from citypact.services import scopes
from citypact.services.plans import action_plans, cases, measures, plan_files
from citypact.services.plans.action_plans import ActionPlan, PlanMeasureView
from citypact.services.plans.cases import CasePage, CaseView
from citypact.services.plans.measures import MeasureView

router = APIRouter(route_class=ReleasingRoute, tags=["measures and plans"])
Lang = Annotated[Literal["en", "de", "ja"], Query(description="language of the titles")]
Text = Annotated[str, Query(max_length=60)]


@router.get("/measures/taxonomy")
def taxonomy() -> dict[str, dict[str, str]]:
    """Every classification axis and tag kind with its codes and English labels."""
    return {**{k: dict(v) for k, v in AXES.items()}, **{k: dict(v) for k, v in TAGS.items()}}


@router.get("/measures", response_model=list[MeasureView])
def list_measures(
    session: ReadDB,
    actor: CurrentActor,
    lang: Lang = "en",
    field: Text = "",
    instrument: Text = "",
    municipal_role: Text = "",
    decision_level: Text = "",
    co_benefits: Text = "",
    green_deal: Text = "",
    sdgs: Text = "",
    gpc_sectors: Text = "",
    city: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="the city for scope=can_do")] = None,
    scope: Annotated[Literal["", "can_do"], Query(description="can_do: what the city can do")] = "",
) -> list[MeasureView]:
    """The catalogue of measure types, filtered by any axis or tag; with `city` and `scope=can_do`, to
    what the city can do in its country (its national scope of action)."""
    filters = {
        "field": field,
        "instrument": instrument,
        "municipal_role": municipal_role,
        "decision_level": decision_level,
        "co_benefits": co_benefits,
        "green_deal": green_deal,
        "sdgs": sdgs,
        "gpc_sectors": gpc_sectors,
    }
    return scopes.can_do_filter(session, actor, city, scope, measures.list_measures(session, filters, lang))[
        0
    ]


@router.get("/cases", response_model=CasePage)
def search_cases(
    session: ReadDB,
    q: Annotated[str, Query(max_length=200, description="words in any language")] = "",
    lang: Lang = "en",
    field: Text = "",
    instrument: Text = "",
    municipal_role: Text = "",
    implementation: Text = "",
    decision_level: Text = "",
    co_benefits: Text = "",
    green_deal: Text = "",
    sdgs: Text = "",
    gpc_sectors: Text = "",
    country: Annotated[str, Query(pattern="^([A-Za-z]{2})?$")] = "",
    measure: Text = "",
    limit: Annotated[int, Query(ge=1, le=cases.MAX_PAGE)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CasePage:
    """Best-practice cases matching every word of `q` and every filter."""
    filters = {
        "field": field,
        "instrument": instrument,
        "municipal_role": municipal_role,
        "implementation": implementation,
        "decision_level": decision_level,
        "co_benefits": co_benefits,
        "green_deal": green_deal,
        "sdgs": sdgs,
        "gpc_sectors": gpc_sectors,
        "country": country,
        "measure": measure,
    }
    return cases.search_cases(session, q, filters, lang=lang, limit=limit, offset=offset)


@router.get("/cases/{case_id}", response_model=CaseView)
def get_case(case_id: PathId, session: ReadDB, lang: Lang = "en") -> CaseView:
    return cases.get_case(session, case_id, lang)


@router.get("/cities/{city_id}/cases-like-mine")
def cases_like_mine(
    city_id: PathId, session: ReadDB, limit: Annotated[int, Query(ge=1, le=50)] = 10, lang: Lang = "en"
) -> list[dict[str, Any]]:
    """Cases from the cities most like this one, nearest first, with the reasons and the distance."""
    return [
        {"case": found.case, "distance": found.distance, "reasons": list(found.reasons)}
        for found in cases.cases_like_mine(session, city_id, limit=limit, lang=lang)
    ]


@router.post("/cities/{city_id}/cases", response_model=CaseView, status_code=201)
def add_case(city_id: PathId, body: CaseIn, db: DB, actor: Writer) -> CaseView:
    with db.write() as session:
        case_id = cases.save_case(session, actor, city_id, body.model_dump()).id
    with db.read() as session:
        return cases.get_case(session, case_id)


@router.get("/cities/{city_id}/plan", response_model=ActionPlan)
def get_plan(city_id: PathId, session: ReadDB, actor: CurrentActor) -> ActionPlan:
    """The city's action plan: measures with progress, milestones, KPIs and history; target and wedge."""
    return action_plans.get_plan(session, actor, city_id)


def _plan_measure(db: DB, actor: Writer, city_id: int, plan_id: int) -> PlanMeasureView:
    with db.read() as session:
        plan = action_plans.get_plan(session, actor, city_id)
    return next(m for m in plan.measures if m.id == plan_id)


@router.post("/cities/{city_id}/plan/measures", response_model=PlanMeasureView, status_code=201)
def add_plan_measure(city_id: PathId, body: PlanMeasureIn, db: DB, actor: Writer) -> PlanMeasureView:
    with db.write() as session:
        plan_id = action_plans.save_plan_measure(
            session, actor, city_id, body.model_dump(exclude_unset=True)
        ).id
    return _plan_measure(db, actor, city_id, plan_id)


@router.patch("/cities/{city_id}/plan/measures/{plan_id}", response_model=PlanMeasureView)
def change_plan_measure(
    city_id: PathId, plan_id: PathId, body: PlanMeasureIn, db: DB, actor: Writer, version: IfMatch
) -> PlanMeasureView:
    """If-Match: the measure's `version` as the plan lists it (412 stale, 428 missing)."""
    with db.write() as session:
        action_plans.save_plan_measure(
            session, actor, city_id, body.model_dump(exclude_unset=True), plan_id, expected_version=version
        )
    return _plan_measure(db, actor, city_id, plan_id)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/cancel", status_code=204)
def cancel_plan_measure(
    city_id: PathId, plan_id: PathId, body: CancelIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> Response:
    with db.write() as session:
        action_plans.set_cancelled(session, actor, city_id, plan_id, body.cancelled, expected_version=version)
    return Response(status_code=204)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/milestones", status_code=201)
def add_milestone(
    city_id: PathId, plan_id: PathId, body: MilestoneIn, db: DB, actor: Writer
) -> dict[str, int]:
    with db.write() as session:
        return {"id": action_plans.add_milestone(session, actor, city_id, plan_id, **body.model_dump()).id}


@router.post("/cities/{city_id}/plan/milestones/{milestone_id}/done", status_code=204)
def milestone_done(
    city_id: PathId, milestone_id: PathId, body: DoneIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> Response:
    with db.write() as session:
        action_plans.complete_milestone(
            session, actor, city_id, milestone_id, body.done_date, expected_version=version
        )
    return Response(status_code=204)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/kpis", status_code=201)
def add_kpi(city_id: PathId, plan_id: PathId, body: KpiIn, db: DB, actor: Writer) -> dict[str, int]:
    with db.write() as session:
        return {"id": action_plans.add_kpi(session, actor, city_id, plan_id, **body.model_dump()).id}


@router.post("/cities/{city_id}/plan/kpis/{kpi_id}/values", status_code=204)
def add_kpi_value(city_id: PathId, kpi_id: PathId, body: KpiValueIn, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        action_plans.record_kpi_value(session, actor, city_id, kpi_id, **body.model_dump())
    return Response(status_code=204)


@router.put("/cities/{city_id}/target", status_code=204)
def set_target(city_id: PathId, body: TargetIn, db: DB, actor: Writer, version: IfMatch) -> Response:
    """The city's emission target: the wedge chart compares the plan with its path. Changing it
    takes If-Match: the target's `version` from the plan (a first target needs none)."""
    with db.write() as session:
        action_plans.set_target(session, actor, city_id, **body.model_dump(), expected_version=version)
    return Response(status_code=204)


@router.get("/cities/{city_id}/plan/export")
def export_plan(
    city_id: PathId, session: ReadDB, actor: CurrentActor, format: Literal["csv", "json"] = "json"
) -> Response:
    plan = action_plans.get_plan(session, actor, city_id)
    if format == "csv":
        return Response(
            plan_files.export_csv(plan),
            media_type="text/csv",
            headers=attachment(f"plan-{city_id}.csv"),
        )
    body = {"city": {"id": plan.city_id, "name": plan.city_name}, "measures": plan_files.export_rows(plan)}
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


@router.post("/cities/{city_id}/plan/import")
def import_plan(
    city_id: PathId, db: DB, actor: Writer, file: Annotated[UploadFile, File(description="plan CSV or JSON")]
) -> dict[str, int]:
    """Add every measure of a plan file (the export's columns); a bad row anywhere writes nothing."""
    return {"added": plan_files.import_upload(db, actor, city_id, file.file, file.filename or "plan.csv")}
