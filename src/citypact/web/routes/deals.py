"""Pages of Local Green Deals: a city's deals with the form for a new one, a deal made from a ready
idea, the deal page for the city's staff and the parties' people (parties, commitments, signatures,
lifecycle, public parts, review dates) and its edit form; removals are asked first. The forms of
commitments, co-benefits and milestones are in deal_commitments.py.

What a reader may see and do is the services' decision: the page shows the city's controls when
the deal says the reader runs it, and a party's forms where the reader may act for the party.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import ACTION_FIELDS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.services import deals
from citypact.services.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion
from citypact.services.registry import cities
from citypact.web.deal_forms import (
    DEAL_LABELS,
    IDEA_DEAL_LABELS,
    PARTY_LABELS,
    PUBLIC_LABELS,
    REVIEW_LABELS,
    SIGNATURE_LABELS,
    STEP_LABELS,
    DealFields,
    deal_values,
)
from citypact.web.deal_page import deal_page, words
from citypact.web.forms import CHANGED_MEANWHILE, FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=40)]


# --- a city's deals and a new one ---------------------------------------------------------------------


def _city_page(
    request: Request, session: Session, actor: Actor, city_id: int, form: PageForm | None
) -> HTMLResponse:
    city = cities.get_profile(session, actor, city_id)
    found = deals.list_deals(session, actor, city_id)
    form = form or PageForm("deal", DEAL_LABELS, {"action_field": ACTION_FIELDS[0]})
    return render(
        request, "deals.html", status_code=form.status_code, actor=actor, city=city, found=found, form=form,
        labels=words(), action_fields=ACTION_FIELDS,
    )  # fmt: skip


@router.get("/cities/{city_id}/deals", response_class=HTMLResponse)
def city_deals(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """A city's Local Green Deals as the reader may see them, and the form for a new one."""
    return _city_page(request, session, actor, city_id, None)


@router.post("/cities/{city_id}/deals", response_model=None)
def create_deal(
    request: Request, city_id: PathId, db: DB, actor: FormWriter, fields: Annotated[DealFields, Form()]
) -> Response:
    form = fields.form()
    values = deal_values(form)
    if form.ok:
        try:
            with db.write() as session:
                deal_id = deals.create_deal(session, actor, city_id, values).id
            return see_other_done(f"/deals/{deal_id}", "deal_created")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _city_page(request, session, actor, city_id, form)


# --- a deal from a ready idea -------------------------------------------------------------------------


def _idea_page(
    request: Request, session: Session, actor: Actor, idea_id: int, form: PageForm | None, chosen: set[int]
) -> HTMLResponse:
    idea = deals.ready_idea(session, actor, idea_id)
    supporters = [(o.id, o.name) for o in deals.idea_supporters(session, idea_id)]
    if form is None:
        stored = typed(title=idea.title, summary=idea.description, action_field=idea.action_field,
                       sdg_targets=idea.sdg_targets)  # fmt: skip
        form = PageForm("deal", IDEA_DEAL_LABELS, stored)
        chosen = {i for i, _ in supporters}
    return render(
        request, "deal_from_idea.html", status_code=form.status_code, actor=actor, idea=idea, form=form,
        supporters=supporters, chosen=chosen, labels=words(), action_fields=ACTION_FIELDS,
    )  # fmt: skip


@router.get("/ideas/{idea_id}/make-deal", response_class=HTMLResponse)
def make_deal_form(request: Request, idea_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """The city's editors make a deal of a ready idea: its words taken over, its supporters offered."""
    return _idea_page(request, session, actor, idea_id, None, set())


@router.post("/ideas/{idea_id}/make-deal", response_model=None)
def make_deal(
    request: Request,
    idea_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[DealFields, Form()],
    organisation_ids: Annotated[list[int], Form(max_length=50)] = [],  # noqa: B006 (FastAPI copies it)
) -> Response:
    form = PageForm("deal", IDEA_DEAL_LABELS, typed(**fields.model_dump()))
    values = deal_values(form)
    if form.ok:
        try:
            with db.write() as session:
                deal_id = deals.create_from_idea(session, actor, idea_id, values, organisation_ids).id
            return see_other_done(f"/deals/{deal_id}", "deal_created")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _idea_page(request, session, actor, idea_id, form, set(organisation_ids))


# --- one deal ------------------------------------------------------------------------------------------


@router.get("/deals/{deal_id}", response_class=HTMLResponse)
def show_deal(request: Request, deal_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return deal_page(request, session, actor, deal_id)


def _edit_page(
    request: Request, session: Session, actor: Actor, deal_id: int, form: PageForm | None
) -> HTMLResponse:
    view = deals.get_deal(session, actor, deal_id)
    if not view.runs:
        raise PermissionDenied("Only the city's editors run this deal.")
    if form is None:
        stored = {name: getattr(view, name) for name in DEAL_LABELS}
        stored["sdg_targets"] = ";".join(view.sdg_targets)
        form = PageForm("deal", DEAL_LABELS, typed(**stored))
    return render(
        request, "deal_edit.html", status_code=form.status_code, actor=actor, d=view, form=form,
        labels=words(), action_fields=ACTION_FIELDS,
    )  # fmt: skip


@router.get("/deals/{deal_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, deal_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _edit_page(request, session, actor, deal_id, None)


@router.post("/deals/{deal_id}/edit", response_model=None)
def edit_deal(
    request: Request,
    deal_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[DealFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
    values = deal_values(form)
    if form.ok:
        try:
            with db.write() as session:
                deals.update_deal(session, actor, deal_id, values, expected_version=version)
            return see_other_done(f"/deals/{deal_id}", "deal_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _edit_page(request, session, actor, deal_id, form)


@router.post("/deals/{deal_id}/status", response_model=None)
def take_step(
    request: Request,
    deal_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Short = "",
    status_reason: LongText = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("step", STEP_LABELS, typed(status=status, status_reason=status_reason))
    try:
        with db.write() as session:
            deals.take_step(session, actor, deal_id, status, status_reason, expected_version=version)
        return see_other_done(f"/deals/{deal_id}#status", "deal_saved")
    except InvalidInput as error:
        form.refuse(error)
    except StaleVersion:
        form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, step=form)


@router.post("/deals/{deal_id}/public-parts", response_model=None)
def public_parts(
    request: Request,
    deal_id: PathId,
    db: DB,
    actor: FormWriter,
    parts: Annotated[list[str], Form(max_length=7)] = [],  # noqa: B006 (FastAPI copies it)
    version: FormVersion = None,
) -> Response:
    form = PageForm("public", PUBLIC_LABELS)
    try:
        with db.write() as session:
            deals.set_public_parts(session, actor, deal_id, parts, expected_version=version)
        return see_other_done(f"/deals/{deal_id}#public", "deal_saved")
    except InvalidInput as error:
        form.problem("public_parts", error.message)
    except StaleVersion:
        form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, public=form)


@router.post("/deals/{deal_id}/parties", response_model=None)
def add_party(
    request: Request, deal_id: PathId, db: DB, actor: FormWriter, organisation: Text = ""
) -> Response:
    form = PageForm("party", PARTY_LABELS, typed(organisation=organisation))
    try:
        with db.write() as session:
            found = deals.find_organisation(session, "organisation", organisation)
            deals.add_party(session, actor, deal_id, found)
        return see_other_done(f"/deals/{deal_id}#parties", "party_added")
    except InvalidInput as error:
        form.problem("organisation", error.message)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, party=form)


@router.post("/deals/{deal_id}/parties/{party_id}/signature", response_model=None)
def sign(
    request: Request,
    deal_id: PathId,
    party_id: PathId,
    db: DB,
    actor: FormWriter,
    signatory_name: Text = "",
    signatory_title: Text = "",
    signed_on: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        f"signature-{party_id}", SIGNATURE_LABELS,
        typed(signatory_name=signatory_name, signatory_title=signatory_title, signed_on=signed_on),
    )  # fmt: skip
    day = form.date("signed_on")
    if form.ok:
        try:
            with db.write() as session:
                deals.sign(
                    session, actor, deal_id, party_id, signatory_name, signatory_title, day or "",
                    expected_version=version,
                )  # fmt: skip
            return see_other_done(f"/deals/{deal_id}#signatures", "deal_signature_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, **{f"signature_{party_id}": form})


@router.post("/deals/{deal_id}/reviews", response_model=None)
def plan_review(
    request: Request, deal_id: PathId, db: DB, actor: FormWriter, due_date: Short = ""
) -> Response:
    form = PageForm("review", REVIEW_LABELS, typed(due_date=due_date))
    day = form.date("due_date")
    if form.ok:
        try:
            with db.write() as session:
                deals.plan_review(session, actor, deal_id, day or "")
            return see_other_done(f"/deals/{deal_id}#reviews", "deal_review_saved")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, review=form)


@router.post("/deals/{deal_id}/reviews/{review_id}", response_model=None)
def hold_review(
    request: Request,
    deal_id: PathId,
    review_id: PathId,
    db: DB,
    actor: FormWriter,
    held_on: Short = "",
    findings: LongText = "",
) -> Response:
    form = PageForm(f"held-{review_id}", REVIEW_LABELS, typed(held_on=held_on, findings=findings))
    day = form.date("held_on")
    if form.ok:
        try:
            with db.write() as session:
                deals.hold_review(session, actor, review_id, day or "", findings, deal_id=deal_id)
            return see_other_done(f"/deals/{deal_id}#reviews", "deal_review_saved")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, **{f"held_{review_id}": form})


# --- removals, asked first -----------------------------------------------------------------------------


def _run(session: Session, actor: Actor, deal_id: int) -> deals.DealView:
    view = deals.get_deal(session, actor, deal_id)
    if not view.runs:
        raise PermissionDenied("Only the city's editors run this deal.")
    return view


@router.get("/deals/{deal_id}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, deal_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = _run(session, actor, deal_id)
    if view.status != "draft":
        raise Conflict("Only a draft is deleted; end the deal early instead.")
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Delete this draft deal?"),
        facts=[(N_("Title"), view.title), (N_("Parties"), ", ".join(p.name for p in view.parties)),
               (N_("Commitments"), len(view.commitments))],
        consequence=N_(
            "The draft, its parties and their commitments are deleted. An idea it was made from is ready "
            "for a deal again."
        ),
        action=f"/deals/{deal_id}/delete", record_version=view.version, cancel=f"/deals/{deal_id}",
        confirm=N_("Delete the draft"),
    )  # fmt: skip


@router.post("/deals/{deal_id}/delete", response_model=None)
def delete_deal(deal_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None) -> Response:
    with db.write() as session:
        city_id = deals.get_deal(session, actor, deal_id).city_id
        deals.delete_deal(session, actor, deal_id, expected_version=version)
    return see_other_done(f"/cities/{city_id}/deals", "deal_deleted")


@router.get("/deals/{deal_id}/parties/{party_id}/remove", response_class=HTMLResponse)
def confirm_remove_party(
    request: Request, deal_id: PathId, party_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = _run(session, actor, deal_id)
    party = next((p for p in view.parties if p.id == party_id and p.organisation_id is not None), None)
    if party is None:
        raise InvalidInput("party_id", f"party {party_id} is not an organisation of this deal.")
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Remove this party?"),
        facts=[(N_("Deal"), view.title), (N_("Organisation"), party.name),
               (N_("Commitments"), len(party.commitments))],
        consequence=N_(
            "The organisation is no longer a party; its commitments are deleted, and the signatures given so "
            "far are void."
        ),
        action=f"/deals/{deal_id}/parties/{party_id}/remove", record_version=party.version,
        cancel=f"/deals/{deal_id}#parties", confirm=N_("Remove the party"),
    )  # fmt: skip


@router.post("/deals/{deal_id}/parties/{party_id}/remove", response_model=None)
def remove_party(
    deal_id: PathId, party_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        deals.remove_party(session, actor, deal_id, party_id, expected_version=version)
    return see_other_done(f"/deals/{deal_id}#parties", "party_removed")
