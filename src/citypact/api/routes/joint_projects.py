"""/api/v1: joint infrastructure projects (partners, cost lines, funding, status, the partners'
confirmations and plan links) and the sharing table per partner per year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.joint_projects import (
    CostIn,
    FundingIn,
    PartnerIn,
    PartnerPatch,
    PlanLinkIn,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ProjectSummaryOut,
    StatusIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import (
    DB,
    MAX_ID,
    CurrentActor,
    IfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
    etag,
)
from citypact.services.cooperation import joint_projects
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["joint projects"])


def _project(db: Database, actor: Actor, project_id: int) -> ProjectOut:
    """The project as the actor now sees it, read after the write committed."""
    with db.read() as session:
        return ProjectOut.model_validate(joint_projects.get_project(session, actor, project_id))


@router.get("/joint-projects", response_model=list[ProjectSummaryOut])
def list_projects(
    session: ReadDB,
    actor: CurrentActor,
    city_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this partner city's")] = None,
) -> list[ProjectSummaryOut]:
    """The projects you may see: those of the cities whose staff you are (and of the cities that
    confirmed a network you run)."""
    return [
        ProjectSummaryOut.model_validate(p) for p in joint_projects.list_projects(session, actor, city_id)
    ]


@router.post("/joint-projects", response_model=ProjectOut, status_code=201)
def create(body: ProjectIn, db: DB, actor: Writer) -> ProjectOut:
    """A project led by your city, which is its first partner."""
    with db.write() as session:
        values = body.model_dump(exclude={"lead_city_id"})
        project_id = joint_projects.create_project(session, actor, body.lead_city_id, values).id
    return _project(db, actor, project_id)


@router.get("/joint-projects/{project_id}", response_model=ProjectOut)
def detail(project_id: PathId, session: ReadDB, actor: CurrentActor, response: Response) -> ProjectOut:
    """The project with its sharing table; the ETag is its version, for If-Match on PATCH."""
    found = ProjectOut.model_validate(joint_projects.get_project(session, actor, project_id))
    response.headers.update(etag(found.version))
    return found


@router.patch("/joint-projects/{project_id}", response_model=ProjectOut)
def change(
    project_id: PathId, body: ProjectPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> ProjectOut:
    """The lead city's editors. If-Match on every change of a project or its parts: the project's
    ETag read (412 stale; 428 missing once the project changed; * overwrites)."""
    with db.write() as session:
        joint_projects.update_project(
            session, actor, project_id, body.model_dump(exclude_unset=True), expected_version=version
        )
    found = _project(db, actor, project_id)
    response.headers.update(etag(found.version))
    return found


@router.delete("/joint-projects/{project_id}", status_code=204)
def delete(project_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Delete the project with its partners, costs and funding (the lead city's editors)."""
    with db.write() as session:
        joint_projects.delete_project(session, actor, project_id, expected_version=version)
    return Response(status_code=204)


@router.post("/joint-projects/{project_id}/status", response_model=ProjectOut)
def status(project_id: PathId, body: StatusIn, db: DB, actor: Writer) -> ProjectOut:
    """One step on (idea, planned, building, operating, closed), or closed from any status."""
    with db.write() as session:
        joint_projects.set_status(session, actor, project_id, body.status)
    return _project(db, actor, project_id)


@router.post("/joint-projects/{project_id}/partners", response_model=ProjectOut, status_code=201)
def add_partner(project_id: PathId, body: PartnerIn, db: DB, actor: Writer) -> ProjectOut:
    """Name a partner city (the lead city's editors); its population is the registry's."""
    with db.write() as session:
        inputs = body.model_dump(exclude={"city_id"}, exclude_unset=True)
        joint_projects.add_partner(session, actor, project_id, body.city_id, inputs)
    return _project(db, actor, project_id)


@router.patch("/joint-projects/{project_id}/partners/{city_id}", response_model=ProjectOut)
def change_partner(
    project_id: PathId, city_id: PathId, body: PartnerPatch, db: DB, actor: Writer, version: IfMatch
) -> ProjectOut:
    """A partner's figures for the rule (the lead city's editors)."""
    with db.write() as session:
        inputs = body.model_dump(exclude={"refresh_population"}, exclude_unset=True)
        joint_projects.update_partner(
            session, actor, project_id, city_id, inputs, refresh_population=body.refresh_population,
            expected_version=version,
        )  # fmt: skip
    return _project(db, actor, project_id)


@router.delete("/joint-projects/{project_id}/partners/{city_id}", status_code=204)
def remove_partner(project_id: PathId, city_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    with db.write() as session:
        joint_projects.remove_partner(session, actor, project_id, city_id, expected_version=version)
    return Response(status_code=204)


@router.post("/joint-projects/{project_id}/partners/{city_id}/confirm", response_model=ProjectOut)
def confirm(project_id: PathId, city_id: PathId, db: DB, actor: Writer) -> ProjectOut:
    """The partner city's editors confirm its participation."""
    with db.write() as session:
        joint_projects.confirm(session, actor, project_id, city_id)
    return _project(db, actor, project_id)


@router.put("/joint-projects/{project_id}/partners/{city_id}/plan-link", response_model=ProjectOut)
def plan_link(
    project_id: PathId, city_id: PathId, body: PlanLinkIn, db: DB, actor: Writer, version: IfMatch
) -> ProjectOut:
    """The partner city's editors link a measure of its own plan (it takes the city's attributed
    reduction as its expected reduction) or unlink it (null)."""
    with db.write() as session:
        joint_projects.link_plan_measure(
            session, actor, project_id, city_id, body.plan_measure_id, expected_version=version
        )
    return _project(db, actor, project_id)


@router.post("/joint-projects/{project_id}/costs", response_model=ProjectOut, status_code=201)
def add_cost(project_id: PathId, body: CostIn, db: DB, actor: Writer) -> ProjectOut:
    with db.write() as session:
        joint_projects.add_cost(session, actor, project_id, body.model_dump() | {"amount": str(body.amount)})
    return _project(db, actor, project_id)


@router.delete("/joint-projects/{project_id}/costs/{cost_id}", status_code=204)
def remove_cost(project_id: PathId, cost_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    with db.write() as session:
        joint_projects.remove_cost(session, actor, project_id, cost_id, expected_version=version)
    return Response(status_code=204)


@router.post("/joint-projects/{project_id}/funding", response_model=ProjectOut, status_code=201)
def add_funding(project_id: PathId, body: FundingIn, db: DB, actor: Writer) -> ProjectOut:
    with db.write() as session:
        joint_projects.add_funding(
            session, actor, project_id, body.model_dump() | {"amount": str(body.amount)}
        )
    return _project(db, actor, project_id)


@router.delete("/joint-projects/{project_id}/funding/{funding_id}", status_code=204)
def remove_funding(
    project_id: PathId, funding_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    with db.write() as session:
        joint_projects.remove_funding(session, actor, project_id, funding_id, expected_version=version)
    return Response(status_code=204)
