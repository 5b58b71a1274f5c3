"""Pages of a procurement's parts: the group of buyers (invite, join, withdraw), lots, each city's
demand, the market dialogue and the documents. Each form posts, then redirects back to the
procurement's page; a refused form comes back on that page as typed, with the problem at its field.
Nothing is removed without asking first (a confirmation page)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.i18n.labels import N_
from citypact.i18n.procurement_labels import PROCUREMENT_LABELS
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.procurement import demand, dialogue, documents, lots, participants, views
from citypact.web.city_names import one_city
from citypact.web.forms import FormVersion, FormWriter, PageForm, typed
from citypact.web.pages import render
from citypact.web.procurement_forms import (
    DEMAND_LABELS,
    DIALOGUE_FORM_LABELS,
    DOCUMENT_LABELS,
    INVITE_LABELS,
    JOIN_LABELS,
    LOT_LABELS,
    money,
)
from citypact.web.procurement_page import back, procurement_page

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=40)]
Id = Annotated[int, Form(ge=1, le=2_147_483_647)]


def _refused(request: Request, db: DB, actor: FormWriter, procurement_id: int, form: PageForm) -> Response:
    with db.read() as session:
        return procurement_page(request, session, actor, procurement_id, form)


# --- the group of buyers ------------------------------------------------------------------------------


@router.post("/procurements/{procurement_id}/invite", response_model=None)
def invite(request: Request, procurement_id: PathId, db: DB, actor: FormWriter, city: Text = "") -> Response:
    form = PageForm("invite", INVITE_LABELS, typed(city=city))
    try:
        with db.write() as session:
            participants.invite(session, actor, procurement_id, one_city(session, "city", city))
        return back(procurement_id, "procurement_city_invited", "participants")
    except InvalidInput as error:
        form.refuse(InvalidInput("city", error.message) if error.field == "city_id" else error)
    return _refused(request, db, actor, procurement_id, form)


@router.post("/procurements/{procurement_id}/join", response_model=None)
def join(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Id,
    department: Annotated[str, Form(max_length=200)] = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("join", JOIN_LABELS, typed(department=department))
    try:
        with db.write() as session:
            participants.join(session, actor, procurement_id, city_id, department, expected_version=version)
        return back(procurement_id, "procurement_joined", "participants")
    except InvalidInput as error:
        form.refuse(error)
    return _refused(request, db, actor, procurement_id, form)


@router.get("/procurements/{procurement_id}/withdraw/{city_id}", response_class=HTMLResponse)
def confirm_withdraw(
    request: Request, procurement_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = views.get_procurement(session, actor, procurement_id)
    found = next((x for x in view.participants if x.city_id == city_id and city_id in view.acts_for), None)
    if found is None:
        raise NotFound("participant", city_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Withdraw from this procurement?"),
        facts=[(N_("Procurement"), view.title), (N_("City"), found.city_name)],
        consequence=N_(
            "The city leaves the group; its demand is kept, marked withdrawn, and no longer counts "
            "in the totals. Only the lead buyer can invite it again."
        ),
        action=f"/procurements/{procurement_id}/withdraw",
        hidden={"city_id": city_id},
        record_version=found.version,
        confirm=N_("Withdraw"),
        cancel=f"/procurements/{procurement_id}",
    )


@router.post("/procurements/{procurement_id}/withdraw", response_model=None)
def withdraw(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Id,
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        participants.withdraw(session, actor, procurement_id, city_id, expected_version=version)
    return back(procurement_id, "procurement_left", "participants")


# --- lots ---------------------------------------------------------------------------------------------


@router.post("/procurements/{procurement_id}/lots", response_model=None)
def add_lot(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    number: Short = "",
    title: Text = "",
    unit: Short = "",
    cpv: Short = "",
    description: LongText = "",
) -> Response:
    form = PageForm(
        "lot", LOT_LABELS, typed(number=number, title=title, unit=unit, cpv=cpv, description=description)
    )
    lot_number = form.whole_number("number")
    if form.ok:
        try:
            with db.write() as session:
                lots.add_lot(
                    session,
                    actor,
                    procurement_id,
                    {
                        "number": lot_number,
                        "title": title,
                        "unit": unit,
                        "cpv": cpv or None,
                        "description": description,
                    },
                )
            return back(procurement_id, "lot_saved", "lots")
        except InvalidInput as error:
            form.refuse(error)
    return _refused(request, db, actor, procurement_id, form)


@router.get("/procurements/{procurement_id}/lots/{lot_id}/delete", response_class=HTMLResponse)
def confirm_delete_lot(
    request: Request, procurement_id: PathId, lot_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = views.get_procurement(session, actor, procurement_id)
    lot = next((x for x in view.lots if x.id == lot_id), None)
    if lot is None or not view.can_run:
        raise NotFound("lot", lot_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Delete this lot?"),
        facts=[
            (N_("Lot"), f"{lot.number}: {lot.title}"),
            (N_("Cities with demand in it"), str(lot.participants)),
        ],
        consequence=N_("The lot and every city's demand stated for it are deleted."),
        action=f"/procurements/{procurement_id}/lots/{lot_id}/delete",
        record_version=lot.version,
        cancel=f"/procurements/{procurement_id}#lots",
    )


@router.post("/procurements/{procurement_id}/lots/{lot_id}/delete", response_model=None)
def delete_lot(
    request: Request,
    procurement_id: PathId,
    lot_id: PathId,
    db: DB,
    actor: FormWriter,
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        lots.delete_lot(session, actor, procurement_id, lot_id, version)
    return back(procurement_id, "lot_deleted", "lots")


# --- demand -------------------------------------------------------------------------------------------


@router.post("/procurements/{procurement_id}/demand", response_model=None)
def set_demand(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Short = "",
    lot_id: Short = "",
    quantity: Short = "",
    delivery_from: Short = "",
    delivery_to: Short = "",
    budget_ceiling: Short = "",
    standalone_estimate: Short = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = PageForm(
        "demand",
        DEMAND_LABELS,
        typed(
            city_id=city_id,
            lot_id=lot_id,
            quantity=quantity,
            delivery_from=delivery_from,
            delivery_to=delivery_to,
            budget_ceiling=budget_ceiling,
            standalone_estimate=standalone_estimate,
            note=note,
        ),
    )
    with db.read() as session:
        currency = views.get_procurement(session, actor, procurement_id).currency
    city, lot = form.whole_number("city_id"), form.whole_number("lot_id")
    amount = form.number("quantity")
    if amount is None:
        form.problem("quantity", N_("enter a number such as 1250.5"))
    start, end = form.year("delivery_from"), form.year("delivery_to")
    ceiling, alone = money(form, "budget_ceiling", currency), money(form, "standalone_estimate", currency)
    if form.ok:
        try:
            with db.write() as session:
                demand.set_demand(
                    session,
                    actor,
                    procurement_id,
                    city,
                    lot,
                    quantity=amount,
                    delivery_from=start,
                    delivery_to=end,
                    budget_ceiling_minor=ceiling,
                    standalone_estimate_minor=alone,
                    note=note,
                )
            return back(procurement_id, "demand_saved", "demand")
        except InvalidInput as error:
            names = {
                "budget_ceiling_minor": "budget_ceiling",
                "standalone_estimate_minor": "standalone_estimate",
            }
            form.refuse(InvalidInput(names.get(error.field, error.field), error.message))
    return _refused(request, db, actor, procurement_id, form)


# --- market dialogue ----------------------------------------------------------------------------------


@router.post("/procurements/{procurement_id}/dialogue", response_model=None)
def post_dialogue(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    body: Annotated[str, Form(max_length=10_000)] = "",
    visibility: Short = "participants",
    question_id: Short = "",
    city_id: Short = "",
) -> Response:
    form = PageForm(
        "dialogue",
        DIALOGUE_FORM_LABELS,
        typed(
            kind=kind,
            body=body,
            visibility=visibility,
            question_id=question_id,
            city_id=city_id,
        ),
    )
    form.choice("kind", PROCUREMENT_LABELS["dialogue"])
    form.choice("visibility", PROCUREMENT_LABELS["visibilities"])
    question, city = form.whole_number("question_id"), form.whole_number("city_id")
    if form.ok:
        try:
            with db.write() as session:
                dialogue.post(
                    session,
                    actor,
                    procurement_id,
                    kind=kind,
                    body=body,
                    visibility=visibility,
                    question_id=question if kind == "answer" else None,
                    city_id=city,
                )
            return back(procurement_id, "dialogue_posted", "dialogue")
        except InvalidInput as error:
            form.refuse(error)
    return _refused(request, db, actor, procurement_id, form)


# --- documents ----------------------------------------------------------------------------------------


@router.post("/procurements/{procurement_id}/documents", response_model=None)
def upload_document(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    file: Annotated[UploadFile, File()],
    title: Text = "",
    visibility: Short = "participants",
) -> Response:
    form = PageForm("document", DOCUMENT_LABELS, typed(title=title, visibility=visibility))
    form.choice("visibility", PROCUREMENT_LABELS["visibilities"])
    if form.ok:
        try:
            content = file.file.read(documents.MAX_BYTES + 1)
            with db.write() as session:
                documents.upload(
                    session,
                    actor,
                    procurement_id,
                    file_name=file.filename or "document",
                    content=content,
                    title=title,
                    visibility=visibility,
                )
            return back(procurement_id, "document_added", "documents")
        except InvalidInput as error:
            form.refuse(error)
    return _refused(request, db, actor, procurement_id, form)


@router.get("/procurements/{procurement_id}/documents/{document_id}", response_model=None)
def download_document(
    procurement_id: PathId, document_id: PathId, session: ReadDB, actor: CurrentActor
) -> Response:
    view, media_type, content = documents.download(session, actor, procurement_id, document_id)
    return Response(content, media_type=media_type, headers=attachment(view.name))


@router.get("/procurements/{procurement_id}/documents/{document_id}/delete", response_class=HTMLResponse)
def confirm_delete_document(
    request: Request, procurement_id: PathId, document_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = views.get_procurement(session, actor, procurement_id)
    found = next(
        (d for d in documents.list_documents(session, actor, procurement_id) if d.id == document_id), None
    )
    if found is None or not view.can_run:
        raise NotFound("document", document_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Delete this document?"),
        facts=[(N_("File"), found.name), (N_("Title"), found.title)],
        consequence=N_("The stored file is deleted; participants can no longer download it."),
        action=f"/procurements/{procurement_id}/documents/{document_id}/delete",
        cancel=f"/procurements/{procurement_id}#documents",
    )


@router.post("/procurements/{procurement_id}/documents/{document_id}/delete", response_model=None)
def delete_document(
    request: Request, procurement_id: PathId, document_id: PathId, db: DB, actor: FormWriter
) -> Response:
    with db.write() as session:
        documents.delete(session, actor, procurement_id, document_id)
    return back(procurement_id, "document_deleted", "documents")
