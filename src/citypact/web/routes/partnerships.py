"""Pages for running a partnership: a city's partnerships and the proposal form, one partnership with
the next steps the reader may take (accept, sign, status, visibility), and its declaration (HTML
and PDF). Its work plan is routes/partnership_work.py, its events routes/events.py.

Forms work without JavaScript; each posts, then redirects back. What a reader may see and do is the
services' decision; the pages show the buttons the service lists as next steps.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n.labels import N_
from citypact.reports.declaration import declaration_document
from citypact.reports.documents import Document
from citypact.services.cooperation import partnerships
from citypact.services.errors import InvalidInput
from citypact.services.registry import cities
from citypact.services.registry.networks import list_networks
from citypact.web.city_names import city_ids_from
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import locale_of, render
from citypact.web.partnership_pages import LABELS, back, date_text, partnership_view

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=20)]
PROPOSAL_LABELS = {
    "title": N_("Title"),
    "kind": N_("Kind"),
    "role": N_("Your city's role"),
    "partners": N_("Partner cities (names or ids, separated by commas)"),
    "partner_role": N_("Role of the partner cities"),
    "network": N_("Network (optional)"),
    "description": N_("Description"),
    "is_public": N_("Public: everyone sees the title, members, status, goals and public events"),
}

# --- a city's partnerships ----------------------------------------------------------------------------


# A suggestion of the partners page opens the proposal with this kind and roles (own, partner's).
FROM_GOAL: dict[str, tuple[str, str, str]] = {
    "peer": ("peer", "partner", "partner"),
    "neighbour": ("peer", "partner", "partner"),
    "mentor": ("mentoring", "mentee", "mentor"),
    "mentee": ("mentoring", "mentor", "mentee"),
    "cooperation": ("technical", "partner", "partner"),
}


@router.get("/cities/{city_id}/partnerships", response_class=HTMLResponse)
def city_partnerships(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    partner: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    goal: Annotated[str, Query(max_length=20)] = "",
    reason: Annotated[str, Query(max_length=2000)] = "",
) -> HTMLResponse:
    if partner is None:
        return partnerships_view(request, session, actor, city_id)
    city = cities.get_profile(session, actor, city_id)
    other = cities.get_profile(session, actor, partner)
    kind, own_role, partner_role = FROM_GOAL.get(goal, FROM_GOAL["peer"])
    # From a suggestion: the proposal filled in with the partner, kind, roles and reason.
    form = PageForm(
        "proposal",
        PROPOSAL_LABELS,
        typed(
            title=f"{city.name} – {other.name}",
            partners=other.id,
            kind=kind,
            role=own_role,
            partner_role=partner_role,
            description=reason,
        ),
    )
    return partnerships_view(request, session, actor, city_id, form, prefilled=other.name)


def partnerships_view(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    form: PageForm | None = None,
    prefilled: str | None = None,
) -> HTMLResponse:
    """A city's partnerships; with the proposal form as typed and refused (422), or filled in from a
    suggestion (`prefilled` names the partner), when given."""
    city = cities.get_profile(session, actor, city_id)
    return render(
        request,
        "partnerships.html",
        status_code=form.status_code if form else 200,
        actor=actor,
        city=city,
        found=partnerships.list_partnerships(session, actor, city_id),
        networks=list_networks(session) if city.can_edit else [],
        labels=LABELS,
        form=form or PageForm("proposal", PROPOSAL_LABELS, typed(role="partner", partner_role="partner")),
        prefilled=prefilled,
    )


@router.post("/cities/{city_id}/partnerships", response_model=None)
def propose(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    kind: Short = "",
    role: Short = "partner",
    partners: Annotated[str, Form(max_length=2000)] = "",
    partner_role: Short = "partner",
    description: LongText = "",
    network: Annotated[str, Form(max_length=60)] = "",
    is_public: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    typed_values = typed(
        title=title, kind=kind, role=role, partners=partners, partner_role=partner_role,
        description=description, network=network, is_public=bool(is_public),
    )  # fmt: skip
    form = PageForm("proposal", PROPOSAL_LABELS, typed_values)
    form.choice("kind", LABELS["kinds"])
    form.choice("role", LABELS["roles"])
    form.choice("partner_role", LABELS["roles"])
    if form.ok:
        try:
            with db.write() as session:
                partnerships.check_may_propose(session, actor, city_id)  # before looking up any partner
                ids = city_ids_from(session, "partners", partners)
                pid = partnerships.propose(
                    session,
                    actor,
                    city_id,
                    title=title,
                    kind=kind,
                    role=role,
                    partners=[{"city_id": i, "role": partner_role} for i in ids],
                    description=description,
                    is_public=bool(is_public),
                    network=network or None,
                ).id
            return see_other_done(f"/partnerships/{pid}", "partnership_proposed")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return partnerships_view(request, session, actor, city_id, form)


# --- one partnership ----------------------------------------------------------------------------------


@router.get("/partnerships/{partnership_id}", response_class=HTMLResponse)
def partnership_page(
    request: Request, partnership_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return partnership_view(request, session, actor, partnership_id)


@router.post("/partnerships/{partnership_id}/accept", response_model=None)
def accept(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Annotated[int, Form(ge=1, le=2_147_483_647)] = 0,
) -> Response:
    with db.write() as session:
        partnerships.accept(session, actor, partnership_id, city_id)
    return back(partnership_id, "status")


@router.post("/partnerships/{partnership_id}/sign", response_model=None)
def sign(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Annotated[int, Form(ge=1, le=2_147_483_647)] = 0,
    signed_on: Annotated[str, Form(max_length=10)] = "",
    signatory: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    with db.write() as session:
        partnerships.sign(
            session, actor, partnership_id, city_id, signed_on=date_text(signed_on), signatory=signatory
        )
    return back(partnership_id, "status")


@router.post("/partnerships/{partnership_id}/status", response_model=None)
def set_status(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Short = "",
    note: LongText = "",
) -> Response:
    with db.write() as session:
        partnerships.set_status(session, actor, partnership_id, status, note=note)
    return back(partnership_id, "status")


@router.post("/partnerships/{partnership_id}/visibility", response_model=None)
def visibility(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    is_public: Annotated[str, Form(max_length=5)] = "",
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        partnerships.update_partnership(
            session, actor, partnership_id, {"is_public": is_public == "1"}, expected_version=version
        )
    return back(partnership_id)


# --- the declaration ----------------------------------------------------------------------------------


def _declaration(request: Request, session: Session, actor: Actor, partnership_id: int) -> Document:
    view = partnerships.get_partnership(session, actor, partnership_id)
    return declaration_document(view, locale_of(request), csp_nonce(request))


@router.get("/partnerships/{partnership_id}/declaration", response_class=HTMLResponse)
def declaration(
    request: Request, partnership_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return HTMLResponse(_declaration(request, session, actor, partnership_id).html)


@router.get("/partnerships/{partnership_id}/declaration.pdf", response_class=Response)
def declaration_pdf(
    request: Request, partnership_id: PathId, session: ReadDB, actor: CurrentActor
) -> Response:
    """The declaration as PDF, in the reader's language, rendered offline."""
    document = _declaration(request, session, actor, partnership_id)
    return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))
