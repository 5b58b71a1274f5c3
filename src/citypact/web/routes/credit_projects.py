"""Pages of joint carbon-credit projects: the public list, a new project (the host city's editors),
a project's page (its public parts; for participants and the registry also the forms for fields,
parties and shares, documents, registration and closing) and its monitoring reports (a new one,
and a report's page with the forms to change, submit, verify or reject it, and, once verified,
the registry's form for issuance). Removals are asked first.

What a reader may see and do is the services' decision; the pages show a form where the view
says the reader may use it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credits import AUTHORISATIONS, DOCUMENT_KINDS, METHODOLOGIES, PROJECT_STATUSES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.services.credits import monitoring, officers, projects
from citypact.services.credits.project_views import editable_cities, get_project, get_report, list_projects
from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound
from citypact.web.credit_project_forms import (
    CHOICES,
    CLOSE_LABELS,
    DOCUMENT_LABELS,
    PARAMETER_GROUPS,
    PARTY_LABELS,
    PROJECT_LABELS,
    REJECT_LABELS,
    REPORT_LABELS,
    SUBMIT_LABELS,
    VERIFY_LABELS,
    ProjectFields,
    ReportFields,
    parameters,
    project_values,
    stored_parameters,
    words,
)
from citypact.web.forms import (
    CHOICE,
    NUMBER,
    FormVersion,
    FormWriter,
    PageForm,
    see_other,
    typed,
    write_or_show,
)
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=40)]
P = "/credits/projects"


def _common() -> dict[str, Any]:
    return {
        "labels": words(), "methodologies": METHODOLOGIES, "groups": PARAMETER_GROUPS,
        "choices": {name: [(c, c) for c in codes] for name, codes in CHOICES.items()},
        "authorisations": AUTHORISATIONS, "document_kinds": DOCUMENT_KINDS,
    }  # fmt: skip


# --- the list and a new project ---------------------------------------------------------------------


@router.get(P, response_class=HTMLResponse)
def project_list(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    host_country: Annotated[str, Query(max_length=2)] = "",
    methodology: Annotated[str, Query(max_length=30)] = "",
    status: Annotated[str, Query(max_length=12)] = "",
    city_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    """Registered and closed projects (and the drafts the reader takes part in), filtered."""
    found = list_projects(
        session, actor, host_country=host_country or None, methodology=methodology or None,
        status=status or None, city_id=city_id,
    )  # fmt: skip
    chosen = {"host_country": host_country, "methodology": methodology, "status": status}
    return render(
        request, "credit_projects.html", actor=actor, found=found, chosen=chosen, statuses=PROJECT_STATUSES,
        city_id=city_id, **_common(),
    )  # fmt: skip


def _new_page(request: Request, session: Session, actor: Actor, form: PageForm | None) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    hosts = [(str(i), name) for i, name in editable_cities(session, actor)]
    if form is None:
        first = {"city_id": hosts[0][0]} if hosts else {}
        start = {
            "methodology": METHODOLOGIES[0],
            "buffer_percent": "0",
            "authorisation": "none",
            "energy_unit": "MWh",
        }
        form = PageForm("project", PROJECT_LABELS, {**first, **start})
    return render(
        request, "credit_project_form.html", status_code=form.status_code, actor=actor, form=form,
        hosts=hosts, project=None, **_common(),
    )  # fmt: skip


@router.get(P + "/new", response_class=HTMLResponse)
def new_project_form(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _new_page(request, session, actor, None)


@router.post(P + "/new", response_model=None)
def create_project(
    request: Request, db: DB, actor: FormWriter, fields: Annotated[ProjectFields, Form()]
) -> Response:
    form = fields.form()
    values = project_values(form)
    city = form.whole_number("city_id")
    if city is None:
        form.problem("city_id", CHOICE)
    if form.ok and city is not None:
        try:
            with db.write() as session:
                project_id = projects.create_project(session, actor, city, values).id
            return see_other(f"{P}/{project_id}")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _new_page(request, session, actor, form)


# --- one project --------------------------------------------------------------------------------------


def _project_page(
    request: Request,
    session: Session,
    actor: Actor,
    project_id: int,
    failed: dict[str, PageForm] | None = None,
) -> HTMLResponse:
    view = get_project(session, actor, project_id)
    failed = failed or {}
    page_forms = {
        "party": PageForm("party", PARTY_LABELS, {"share_percent": "0"}),
        "document": PageForm("document", DOCUMENT_LABELS, {"kind": "design", "public": "1"}),
        "register": PageForm("register", PARTY_LABELS),
        "close": PageForm("close", CLOSE_LABELS),
        **failed,
    }
    status = max((f.status_code for f in failed.values()), default=200)
    return render(
        request, "credit_project.html", status_code=status, actor=actor, p=view, page_forms=page_forms,
        failed=next(iter(failed.values()), None), **_common(),
    )  # fmt: skip


@router.get(P + "/{project_id}", response_class=HTMLResponse)
def show_project(request: Request, project_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _project_page(request, session, actor, project_id)


def _edit_page(
    request: Request, session: Session, actor: Actor, project_id: int, form: PageForm | None
) -> HTMLResponse:
    view = get_project(session, actor, project_id)
    if form is None:
        stored = typed(
            title=view.title, description=view.description, methodology=view.methodology,
            crediting_start=view.crediting_start, crediting_end=view.crediting_end,
            buffer_percent=view.buffer_bp / 100, authorisation=view.authorisation,
        )  # fmt: skip
        form = PageForm("project", PROJECT_LABELS, {**stored, **stored_parameters(view.ex_ante_parameters)})
    return render(
        request, "credit_project_form.html", status_code=form.status_code, actor=actor, form=form, hosts=[],
        project=view, **_common(),
    )  # fmt: skip


@router.get(P + "/{project_id}/edit", response_class=HTMLResponse)
def edit_project_form(
    request: Request, project_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _edit_page(request, session, actor, project_id, None)


@router.post(P + "/{project_id}/edit", response_model=None)
def edit_project(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[ProjectFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
    values = project_values(form)

    def write(session: Session) -> str:
        projects.update_project(session, actor, project_id, values, expected_version=version)
        return f"{P}/{project_id}"

    return write_or_show(
        form, db, write, lambda session: _edit_page(request, session, actor, project_id, form)
    )


@router.post(P + "/{project_id}/parties", response_model=None)
def add_party(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Short = "",
    organisation_id: Short = "",
    share_percent: Short = "",
) -> Response:
    form = PageForm("party", PARTY_LABELS, typed(city_id=city_id, organisation_id=organisation_id,
                                                 share_percent=share_percent))  # fmt: skip
    city, org, share = (
        form.whole_number("city_id"),
        form.whole_number("organisation_id"),
        form.number("share_percent"),
    )

    def write(session: Session) -> str:
        projects.add_party(
            session, actor, project_id, city_id=city, organisation_id=org, share_percent=share or 0
        )
        return f"{P}/{project_id}#parties"

    return write_or_show(
        form, db, write, lambda session: _project_page(request, session, actor, project_id, {"party": form})
    )


@router.post(P + "/{project_id}/parties/{party_id}/share", response_model=None)
def set_share(
    request: Request,
    project_id: PathId,
    party_id: PathId,
    db: DB,
    actor: FormWriter,
    share_percent: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(f"share-{party_id}", PARTY_LABELS, typed(share_percent=share_percent))
    share = form.number("share_percent")
    if share is None:
        form.problem("share_percent", NUMBER)

    def write(session: Session) -> str:
        projects.set_share(session, actor, project_id, party_id, share, expected_version=version)
        return f"{P}/{project_id}#parties"

    return write_or_show(
        form, db, write, lambda session: _project_page(request, session, actor, project_id, {"share": form})
    )


@router.get(P + "/{project_id}/parties/{party_id}/remove", response_class=HTMLResponse)
def remove_party_ask(
    request: Request, project_id: PathId, party_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before a party is taken off the draft."""
    view = get_project(session, actor, project_id)
    party = next((x for x in view.parties if x.id == party_id), None)
    if party is None or not view.participant:
        raise NotFound("project party", party_id)
    return render(request, "credit_project_remove.html", actor=actor, p=view, party=party, **_common())


@router.post(P + "/{project_id}/parties/{party_id}/remove", response_model=None)
def remove_party(
    project_id: PathId, party_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        projects.remove_party(session, actor, project_id, party_id, expected_version=version)
    return see_other(f"{P}/{project_id}#parties")


@router.post(P + "/{project_id}/documents", response_model=None)
def add_document(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    title: Text = "",
    url: Annotated[str, Form(max_length=500)] = "",
    public: Short = "",
) -> Response:
    form = PageForm("document", DOCUMENT_LABELS, typed(kind=kind, title=title, url=url, public=public))

    def write(session: Session) -> str:
        projects.add_document(
            session,
            actor,
            project_id,
            {"kind": kind, "title": title, "url": url, "public": public == "1"},
        )
        return f"{P}/{project_id}#documents"

    return write_or_show(
        form,
        db,
        write,
        lambda session: _project_page(request, session, actor, project_id, {"document": form}),
    )


@router.post(P + "/{project_id}/register", response_model=None)
def register(
    request: Request, project_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    form = PageForm("register", PARTY_LABELS)

    def write(session: Session) -> str:
        projects.register(session, actor, project_id, expected_version=version)
        return f"{P}/{project_id}"

    return write_or_show(
        form,
        db,
        write,
        lambda session: _project_page(request, session, actor, project_id, {"register": form}),
    )


@router.post(P + "/{project_id}/close", response_model=None)
def close(
    request: Request,
    project_id: PathId,
    db: DB,
    actor: FormWriter,
    reason: LongText = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("close", CLOSE_LABELS, typed(reason=reason))

    def write(session: Session) -> str:
        projects.close(session, actor, project_id, reason, expected_version=version)
        return f"{P}/{project_id}"

    return write_or_show(
        form, db, write, lambda session: _project_page(request, session, actor, project_id, {"close": form})
    )


# --- monitoring reports --------------------------------------------------------------------------------


def _new_report_page(
    request: Request, session: Session, actor: Actor, project_id: int, form: PageForm | None
) -> HTMLResponse:
    view = get_project(session, actor, project_id)
    if form is None:
        form = PageForm("report", REPORT_LABELS, {"energy_unit": "MWh"})
    return render(
        request, "credit_report_new.html", status_code=form.status_code, actor=actor, p=view, form=form,
        **_common(),
    )  # fmt: skip


@router.get(P + "/{project_id}/reports/new", response_class=HTMLResponse)
def new_report_form(
    request: Request, project_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _new_report_page(request, session, actor, project_id, None)


@router.post(P + "/{project_id}/reports/new", response_model=None)
def create_report(
    request: Request, project_id: PathId, db: DB, actor: FormWriter, fields: Annotated[ReportFields, Form()]
) -> Response:
    form = fields.form()
    with db.read() as session:
        methodology = get_project(session, actor, project_id).methodology
    values = {"period_start": form.date("period_start"), "period_end": form.date("period_end"),
              "parameters": parameters(form, methodology)}  # fmt: skip

    def write(session: Session) -> str:
        report_id = monitoring.create_report(session, actor, project_id, values).id
        return f"{P}/{project_id}/reports/{report_id}"

    return write_or_show(
        form, db, write, lambda session: _new_report_page(request, session, actor, project_id, form)
    )


def _report_page(
    request: Request,
    session: Session,
    actor: Actor,
    project_id: int,
    report_id: int,
    failed: dict[str, PageForm] | None = None,
) -> HTMLResponse:
    view, report = get_report(session, actor, project_id, report_id)
    stored = typed(period_start=report.period_start, period_end=report.period_end)
    page_forms = {
        "edit": PageForm("report", REPORT_LABELS, {**stored, **stored_parameters(report.parameters)}),
        "submit": PageForm("submit", SUBMIT_LABELS),
        "verify": PageForm("verify", VERIFY_LABELS),
        "reject": PageForm("reject", REJECT_LABELS),
        **(failed or {}),
    }
    status = max((f.status_code for f in (failed or {}).values()), default=200)
    verifiers = officers.verifier_choices(session) if view.participant else []
    return render(
        request, "credit_report.html", status_code=status, actor=actor, p=view, r=report,
        page_forms=page_forms, verifiers=verifiers, named=report.id in view.verifier_ids,
        failed=next(iter((failed or {}).values()), None), **_common(),
    )  # fmt: skip


@router.get(P + "/{project_id}/reports/{report_id}", response_class=HTMLResponse)
def show_report(
    request: Request, project_id: PathId, report_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _report_page(request, session, actor, project_id, report_id)


@router.post(P + "/{project_id}/reports/{report_id}/edit", response_model=None)
def edit_report(
    request: Request,
    project_id: PathId,
    report_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[ReportFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
    with db.read() as session:
        methodology = get_project(session, actor, project_id).methodology
    values = {"period_start": form.date("period_start"), "period_end": form.date("period_end"),
              "parameters": parameters(form, methodology)}  # fmt: skip

    def write(session: Session) -> str:
        monitoring.update_report(session, actor, project_id, report_id, values, expected_version=version)
        return f"{P}/{project_id}/reports/{report_id}"

    return write_or_show(
        form,
        db,
        write,
        lambda session: _report_page(request, session, actor, project_id, report_id, {"edit": form}),
    )


@router.post(P + "/{project_id}/reports/{report_id}/submit", response_model=None)
def submit_report(
    request: Request,
    project_id: PathId,
    report_id: PathId,
    db: DB,
    actor: FormWriter,
    verifier_id: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("submit", SUBMIT_LABELS, typed(verifier_id=verifier_id))
    verifier = form.whole_number("verifier_id")

    def write(session: Session) -> str:
        monitoring.submit_report(session, actor, project_id, report_id, verifier, expected_version=version)
        return f"{P}/{project_id}/reports/{report_id}"

    return write_or_show(
        form,
        db,
        write,
        lambda session: _report_page(request, session, actor, project_id, report_id, {"submit": form}),
    )


@router.post(P + "/{project_id}/reports/{report_id}/verify", response_model=None)
def verify_report(
    request: Request,
    project_id: PathId,
    report_id: PathId,
    db: DB,
    actor: FormWriter,
    verified_t: Short = "",
    reference: Annotated[str, Form(max_length=500)] = "",
    statement: LongText = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        "verify", VERIFY_LABELS, typed(verified_t=verified_t, reference=reference, statement=statement)
    )
    figure = form.number("verified_t")
    if figure is None:
        form.problem("verified_t", NUMBER)

    def write(session: Session) -> str:
        monitoring.verify_report(
            session, actor, project_id, report_id,
            {"verified_t": figure, "reference": reference, "statement": statement},
            expected_version=version,
        )  # fmt: skip
        return f"{P}/{project_id}/reports/{report_id}"

    return write_or_show(
        form,
        db,
        write,
        lambda session: _report_page(request, session, actor, project_id, report_id, {"verify": form}),
    )


@router.post(P + "/{project_id}/reports/{report_id}/reject", response_model=None)
def reject_report(
    request: Request,
    project_id: PathId,
    report_id: PathId,
    db: DB,
    actor: FormWriter,
    reason: LongText = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("reject", REJECT_LABELS, typed(reason=reason))

    def write(session: Session) -> str:
        monitoring.reject_report(session, actor, project_id, report_id, reason, expected_version=version)
        return f"{P}/{project_id}/reports/{report_id}"

    return write_or_show(
        form,
        db,
        write,
        lambda session: _report_page(request, session, actor, project_id, report_id, {"reject": form}),
    )
