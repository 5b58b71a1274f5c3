"""Pages of a deal's commitments: the form for a party's new commitment and the edit form, its
removal (asked first), and the co-benefit, milestone and done-date forms on the deal page. Each party
writes its own (the services decide; the pages show the forms where the reader may act)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import BENEFIT_KINDS, COMMITMENT_KINDS
from citypact.domain.measures import CO_BENEFITS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.labels import N_
from citypact.services import deals
from citypact.services.deals import CommitmentView, DealView, PartyView
from citypact.services.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from citypact.web.deal_forms import (
    BENEFIT_LABELS,
    COMMITMENT_LABELS,
    MILESTONE_LABELS,
    CommitmentFields,
    amount_text,
    commitment_values,
)
from citypact.web.deal_page import deal_page, words
from citypact.web.forms import CHANGED_MEANWHILE, FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=40)]


def _party(view: DealView, party_id: int) -> PartyView:
    party = next((p for p in view.parties if p.id == party_id), None)
    if party is None:
        raise NotFound("deal party", party_id)
    if not party.may_act:
        raise PermissionDenied("Each party writes its own commitments.")
    return party


def _commitment(view: DealView, commitment_id: int) -> tuple[PartyView, CommitmentView]:
    for party in view.parties:
        for commitment in party.commitments:
            if commitment.id == commitment_id:
                return _party(view, party.id), commitment
    raise NotFound("commitment", commitment_id)


def _form_page(
    request: Request, session: Session, actor: Actor, deal_id: int, party_id: int | None,
    commitment_id: int | None, form: PageForm | None,
) -> HTMLResponse:  # fmt: skip
    view = deals.get_deal(session, actor, deal_id)
    commitment = None
    if commitment_id is not None:
        party, commitment = _commitment(view, commitment_id)
    else:
        party = _party(view, party_id or 0)
    kinds = (
        ["action"] if party.organisation_id is not None else [k for k in COMMITMENT_KINDS if k != "action"]
    )
    if form is None:
        stored = {name: getattr(commitment, name, "") for name in COMMITMENT_LABELS if name != "amount"}
        if commitment is not None:
            stored["gpc_sectors"] = ";".join(commitment.gpc_sectors)
            if commitment.amount_minor is not None and commitment.currency:
                stored["amount"] = amount_text(commitment.amount_minor, commitment.currency)
        else:
            stored = {"kind": kinds[0], "currency": "EUR"}
        form = PageForm("commitment", COMMITMENT_LABELS, typed(**stored))
    return render(
        request, "deal_commitment.html", status_code=form.status_code, actor=actor, d=view, party=party,
        commitment=commitment, form=form, kinds=kinds, labels=words(),
    )  # fmt: skip


@router.get("/deals/{deal_id}/parties/{party_id}/commitments/new", response_class=HTMLResponse)
def new_commitment_form(
    request: Request, deal_id: PathId, party_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _form_page(request, session, actor, deal_id, party_id, None, None)


@router.post("/deals/{deal_id}/parties/{party_id}/commitments", response_model=None)
def add_commitment(
    request: Request,
    deal_id: PathId,
    party_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[CommitmentFields, Form()],
) -> Response:
    form = fields.form()
    values = commitment_values(form)
    if form.ok:
        try:
            with db.write() as session:
                deals.add_commitment(session, actor, deal_id, party_id, values)
            return see_other_done(f"/deals/{deal_id}#party-{party_id}", "commitment_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _form_page(request, session, actor, deal_id, party_id, None, form)


@router.get("/deals/{deal_id}/commitments/{commitment_id}/edit", response_class=HTMLResponse)
def edit_commitment_form(
    request: Request, deal_id: PathId, commitment_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _form_page(request, session, actor, deal_id, None, commitment_id, None)


@router.post("/deals/{deal_id}/commitments/{commitment_id}/edit", response_model=None)
def edit_commitment(
    request: Request,
    deal_id: PathId,
    commitment_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[CommitmentFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
    values = commitment_values(form)
    if form.ok:
        try:
            with db.write() as session:
                deals.update_commitment(
                    session, actor, commitment_id, values, expected_version=version, deal_id=deal_id
                )
            return see_other_done(f"/deals/{deal_id}#commitment-{commitment_id}", "commitment_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _form_page(request, session, actor, deal_id, None, commitment_id, form)


@router.get("/deals/{deal_id}/commitments/{commitment_id}/remove", response_class=HTMLResponse)
def confirm_remove(
    request: Request, deal_id: PathId, commitment_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = deals.get_deal(session, actor, deal_id)
    party, commitment = _commitment(view, commitment_id)
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Remove this commitment?"),
        facts=[(N_("Deal"), view.title), (N_("Party"), party.name), (N_("Commitment"), commitment.title)],
        consequence=N_(
            "The commitment, its co-benefits and milestones are deleted, and the signatures given so far "
            "are void."
        ),
        action=f"/deals/{deal_id}/commitments/{commitment_id}/remove", record_version=commitment.version,
        cancel=f"/deals/{deal_id}#commitment-{commitment_id}", confirm=N_("Remove the commitment"),
    )  # fmt: skip


@router.post("/deals/{deal_id}/commitments/{commitment_id}/remove", response_model=None)
def remove_commitment(
    deal_id: PathId, commitment_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        deals.remove_commitment(session, actor, commitment_id, expected_version=version, deal_id=deal_id)
    return see_other_done(f"/deals/{deal_id}#parties", "commitment_removed")


@router.get(
    "/deals/{deal_id}/commitments/{commitment_id}/benefits/{benefit_id}/remove", response_class=HTMLResponse
)
def confirm_remove_benefit(
    request: Request, deal_id: PathId, commitment_id: PathId, benefit_id: PathId, session: ReadDB,
    actor: CurrentActor,
) -> HTMLResponse:  # fmt: skip
    view = deals.get_deal(session, actor, deal_id)
    _party, commitment = _commitment(view, commitment_id)
    benefit = next((b for b in commitment.benefits if b.id == benefit_id), None)
    if benefit is None:
        raise NotFound("co-benefit", benefit_id)
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Remove this co-benefit?"),
        facts=[
            (N_("Deal"), view.title), (N_("Commitment"), commitment.title),
            (N_("Co-benefit"), translations(locale_of(request)).gettext(CO_BENEFITS[benefit.kind])),
        ],
        consequence=N_("The co-benefit is deleted from the commitment."),
        action=f"/deals/{deal_id}/commitments/{commitment_id}/benefits/{benefit_id}/remove",
        cancel=f"/deals/{deal_id}#commitment-{commitment_id}", confirm=N_("Remove the co-benefit"),
    )  # fmt: skip


@router.post("/deals/{deal_id}/commitments/{commitment_id}/benefits/{benefit_id}/remove", response_model=None)
def remove_benefit(
    deal_id: PathId, commitment_id: PathId, benefit_id: PathId, db: DB, actor: FormWriter
) -> Response:
    with db.write() as session:
        deals.remove_benefit(session, actor, benefit_id, deal_id=deal_id)
    return see_other_done(f"/deals/{deal_id}#commitment-{commitment_id}", "benefit_removed")


@router.post("/deals/{deal_id}/commitments/{commitment_id}/benefits", response_model=None)
def add_benefit(
    request: Request,
    deal_id: PathId,
    commitment_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    description: LongText = "",
    quantity: Short = "",
    unit: Short = "",
) -> Response:
    form = PageForm(
        f"benefit-{commitment_id}", BENEFIT_LABELS,
        typed(kind=kind, description=description, quantity=quantity, unit=unit),
    )  # fmt: skip
    values = {
        "kind": form.choice("kind", BENEFIT_KINDS),
        "description": form.text("description"),
        "quantity": form.number("quantity"),
        "unit": form.text("unit"),
    }
    if form.ok:
        try:
            with db.write() as session:
                deals.add_benefit(session, actor, commitment_id, values, deal_id=deal_id)
            return see_other_done(f"/deals/{deal_id}#commitment-{commitment_id}", "benefit_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, **{f"benefit_{commitment_id}": form})


@router.post("/deals/{deal_id}/commitments/{commitment_id}/milestones", response_model=None)
def add_milestone(
    request: Request,
    deal_id: PathId,
    commitment_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    due_date: Short = "",
) -> Response:
    form = PageForm(f"milestone-{commitment_id}", MILESTONE_LABELS, typed(title=title, due_date=due_date))
    day = form.date("due_date")
    if form.ok:
        try:
            with db.write() as session:
                deals.add_milestone(session, actor, commitment_id, title, day or "", deal_id=deal_id)
            return see_other_done(f"/deals/{deal_id}#commitment-{commitment_id}", "milestone_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, **{f"milestone_{commitment_id}": form})


@router.post("/deals/{deal_id}/milestones/{milestone_id}/done", response_model=None)
def milestone_done(
    request: Request, deal_id: PathId, milestone_id: PathId, db: DB, actor: FormWriter, done_on: Short = ""
) -> Response:
    form = PageForm(f"done-{milestone_id}", MILESTONE_LABELS, typed(done_on=done_on))
    day = form.date("done_on")
    if form.ok:
        try:
            with db.write() as session:
                deals.set_milestone_done(session, actor, milestone_id, day, deal_id=deal_id)
            return see_other_done(f"/deals/{deal_id}#milestone-{milestone_id}", "milestone_done")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return deal_page(request, session, actor, deal_id, **{f"done_{milestone_id}": form})
