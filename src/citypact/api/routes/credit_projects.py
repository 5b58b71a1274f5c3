"""/api/v1/credit-projects: joint carbon-credit projects (parties and shares, documents,
registration, closing) and their monitoring reports (submitted to a named independent verifier,
verified or rejected by them). Who may do what: services/credits/projects.py and monitoring.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.credits import (
    CloseIn,
    DocumentIn,
    PartyIn,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ProjectSummaryOut,
    RejectIn,
    ReportFields,
    ReportIn,
    ReportOut,
    ShareIn,
    SubmitIn,
    VerifyIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import (
    DB,
    CurrentActor,
    IfMatch,
    OptionalIfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
    etag,
)
from citypact.services.credits import monitoring, projects
from citypact.services.credits.project_views import get_project, get_report, list_projects
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["credit projects"])


def _project(db: Database, actor: Actor, project_id: int, response: Response | None = None) -> ProjectOut:
    """The project as the actor now sees it, read after the write committed; its ETag on `response`."""
    with db.read() as session:
        found = ProjectOut.model_validate(get_project(session, actor, project_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


def _report(db: Database, actor: Actor, project_id: int, report_id: int, response: Response) -> ReportOut:
    with db.read() as session:
        found = ReportOut.model_validate(get_report(session, actor, project_id, report_id)[1])
    response.headers.update(etag(found.version))
    return found


@router.get("/credit-projects", response_model=list[ProjectSummaryOut])
def list_all(
    session: ReadDB,
    actor: CurrentActor,
    host_country: Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2")] = None,
    methodology: Annotated[str | None, Query(max_length=30)] = None,
    status: Annotated[str | None, Query(max_length=12)] = None,
) -> list[ProjectSummaryOut]:
    """Registered and closed projects, and the drafts you take part in (the registry: all)."""
    found = list_projects(session, actor, host_country=host_country, methodology=methodology, status=status)
    return [ProjectSummaryOut.model_validate(p) for p in found]


@router.post("/credit-projects", response_model=ProjectOut, status_code=201)
def create(body: ProjectIn, db: DB, actor: Writer, response: Response) -> ProjectOut:
    """A draft project hosted by your city; the city is its host party with 100 % until partners
    are named."""
    with db.write() as session:
        project = projects.create_project(
            session,
            actor,
            body.city_id,
            body.model_dump(mode="json", exclude_unset=True, exclude={"city_id"}),
        )
        project_id = project.id
    return _project(db, actor, project_id, response)


@router.get("/credit-projects/{project_id}", response_model=ProjectOut)
def detail(project_id: PathId, db: DB, actor: CurrentActor, response: Response) -> ProjectOut:
    """The public parts of a registered or closed project; participants and the registry also see
    drafts, every document and every report. The ETag is its version."""
    return _project(db, actor, project_id, response)


@router.patch("/credit-projects/{project_id}", response_model=ProjectOut)
def change(
    project_id: PathId, body: ProjectPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> ProjectOut:
    """Change the draft (participants); If-Match: the project's ETag (412 stale; 428 missing)."""
    with db.write() as session:
        projects.update_project(
            session,
            actor,
            project_id,
            body.model_dump(mode="json", exclude_unset=True),
            expected_version=version,
        )
    return _project(db, actor, project_id, response)


@router.post("/credit-projects/{project_id}/parties", response_model=ProjectOut, status_code=201)
def add_party(project_id: PathId, body: PartyIn, db: DB, actor: Writer) -> ProjectOut:
    """A partner city or a confirmed organisation with its share in % (participants, draft)."""
    with db.write() as session:
        projects.add_party(
            session, actor, project_id, city_id=body.city_id, organisation_id=body.organisation_id,
            share_percent=body.share_percent,
        )  # fmt: skip
    return _project(db, actor, project_id)


@router.put("/credit-projects/{project_id}/parties/{party_id}/share", response_model=ProjectOut)
def set_share(
    project_id: PathId, party_id: PathId, body: ShareIn, db: DB, actor: Writer, version: IfMatch
) -> ProjectOut:
    """A party's share in %; If-Match: the party's version."""
    with db.write() as session:
        projects.set_share(session, actor, project_id, party_id, body.share_percent, expected_version=version)
    return _project(db, actor, project_id)


@router.delete("/credit-projects/{project_id}/parties/{party_id}", status_code=204)
def remove_party(project_id: PathId, party_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Take a partner or participant off the draft; If-Match: the party's version."""
    with db.write() as session:
        projects.remove_party(session, actor, project_id, party_id, expected_version=version)
    return Response(status_code=204)


@router.post("/credit-projects/{project_id}/documents", response_model=ProjectOut, status_code=201)
def add_document(project_id: PathId, body: DocumentIn, db: DB, actor: Writer) -> ProjectOut:
    """A document by reference (participants)."""
    with db.write() as session:
        projects.add_document(session, actor, project_id, body.model_dump(mode="json"))
    return _project(db, actor, project_id)


@router.post("/credit-projects/{project_id}/register", response_model=ProjectOut)
def register(
    project_id: PathId, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> ProjectOut:
    """Register the draft (the registry): shares 100 %, crediting period, valid parameters."""
    with db.write() as session:
        projects.register(session, actor, project_id, expected_version=version)
    return _project(db, actor, project_id, response)


@router.post("/credit-projects/{project_id}/close", response_model=ProjectOut)
def close(
    project_id: PathId, body: CloseIn, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> ProjectOut:
    """Close the project with a reason (the registry)."""
    with db.write() as session:
        projects.close(session, actor, project_id, body.reason, expected_version=version)
    return _project(db, actor, project_id, response)


@router.post("/credit-projects/{project_id}/reports", response_model=ReportOut, status_code=201)
def create_report(project_id: PathId, body: ReportIn, db: DB, actor: Writer, response: Response) -> ReportOut:
    """A draft monitoring report for a period inside the crediting period (participants); the
    methodology computes its reductions."""
    with db.write() as session:
        report = monitoring.create_report(session, actor, project_id, body.model_dump(mode="json"))
        report_id = report.id
    return _report(db, actor, project_id, report_id, response)


@router.get("/credit-projects/{project_id}/reports/{report_id}", response_model=ReportOut)
def report_detail(
    project_id: PathId, report_id: PathId, db: DB, actor: CurrentActor, response: Response
) -> ReportOut:
    return _report(db, actor, project_id, report_id, response)


@router.patch("/credit-projects/{project_id}/reports/{report_id}", response_model=ReportOut)
def change_report(
    project_id: PathId, report_id: PathId, body: ReportFields, db: DB, actor: Writer, version: IfMatch,
    response: Response,
) -> ReportOut:  # fmt: skip
    """Change a draft or rejected report (participants); If-Match: the report's ETag."""
    with db.write() as session:
        monitoring.update_report(
            session, actor, project_id, report_id, body.model_dump(mode="json", exclude_unset=True),
            expected_version=version,
        )  # fmt: skip
    return _report(db, actor, project_id, report_id, response)


@router.post("/credit-projects/{project_id}/reports/{report_id}/submit", response_model=ReportOut)
def submit_report(
    project_id: PathId, report_id: PathId, body: SubmitIn, db: DB, actor: Writer, version: OptionalIfMatch,
    response: Response,
) -> ReportOut:  # fmt: skip
    """Submit to the named verifier (participants)."""
    with db.write() as session:
        monitoring.submit_report(
            session, actor, project_id, report_id, body.verifier_id, expected_version=version
        )
    return _report(db, actor, project_id, report_id, response)


@router.post("/credit-projects/{project_id}/reports/{report_id}/verify", response_model=ReportOut)
def verify_report(
    project_id: PathId, report_id: PathId, body: VerifyIn, db: DB, actor: Writer, version: OptionalIfMatch,
    response: Response,
) -> ReportOut:  # fmt: skip
    """Verify (the named verifier only): the verified figure, the report's reference, a statement."""
    with db.write() as session:
        monitoring.verify_report(
            session, actor, project_id, report_id, body.model_dump(mode="json"), expected_version=version
        )
    return _report(db, actor, project_id, report_id, response)


@router.post("/credit-projects/{project_id}/reports/{report_id}/reject", response_model=ReportOut)
def reject_report(
    project_id: PathId, report_id: PathId, body: RejectIn, db: DB, actor: Writer, version: OptionalIfMatch,
    response: Response,
) -> ReportOut:  # fmt: skip
    """Send the report back with a reason (the named verifier only)."""
    with db.write() as session:
        monitoring.reject_report(session, actor, project_id, report_id, body.reason, expected_version=version)
    return _report(db, actor, project_id, report_id, response)
