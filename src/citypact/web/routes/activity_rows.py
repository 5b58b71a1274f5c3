"""An inventory's activity rows by hand: add one, change one, delete one after a confirmation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity import NOTATION_KEYS
from citypact.domain.gpc import GPC_REFS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.services.errors import InvalidInput, StaleVersion
from citypact.services.inventory import inventories
from citypact.web.activity_form import ACTIVITY_LABELS, FUELS, UNITS, parse_activity
from citypact.web.forms import CHANGED_MEANWHILE, FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]


def _edit_page(
    request: Request, session: Session, actor: Actor, inventory_id: int, record_id: int, form: PageForm | None
) -> HTMLResponse:
    record = inventories.get_activity(session, actor, inventory_id, record_id)
    if form is None:
        form = PageForm("activity", ACTIVITY_LABELS, typed(**{k: record[k] for k in ACTIVITY_LABELS}))
    return render(
        request,
        "activity_edit.html",
        status_code=form.status_code,
        actor=actor,
        record=record,
        inventory_id=inventory_id,
        form=form,
        refs=list(GPC_REFS.values()),
        units=UNITS,
        fuels=FUELS,
        notation_keys=NOTATION_KEYS,
    )


@router.get("/inventories/{inventory_id}/activities/{record_id}/edit", response_class=HTMLResponse)
def editparse_activity(
    request: Request, inventory_id: PathId, record_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _edit_page(request, session, actor, inventory_id, record_id, None)


@router.post("/inventories/{inventory_id}/activities/{record_id}/edit", response_model=None)
def edit_activity(
    request: Request,
    inventory_id: PathId,
    record_id: PathId,
    db: DB,
    actor: FormWriter,
    gpc_ref: Annotated[str, Form(max_length=10)] = "",
    fuel: Annotated[str, Form(max_length=100)] = "",
    amount: Annotated[str, Form(max_length=30)] = "",
    unit: Annotated[str, Form(max_length=30)] = "",
    notation_key: Annotated[str, Form(max_length=2)] = "",
    explanation: Annotated[str, Form(max_length=2000)] = "",
    source: Text = "",
    data_quality: Annotated[str, Form(max_length=1)] = "",
    ef_co2: Annotated[str, Form(max_length=30)] = "",
    ef_unit: Annotated[str, Form(max_length=30)] = "",
    ef_source: Text = "",
    ef_basis: Annotated[str, Form(max_length=8)] = "",
    version: FormVersion = None,
) -> Response:
    form, fields = parse_activity(
        gpc_ref, fuel, amount, unit, notation_key, explanation, source, data_quality, ef_co2, ef_unit,
        ef_source, ef_basis,
    )  # fmt: skip
    if form.ok:
        try:
            inventories.record_activity(db, actor, inventory_id, fields, record_id, expected_version=version)
            return see_other_done(f"/inventories/{inventory_id}#record-{record_id}", "row_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)  # the page carries the new version
    with db.read() as session:
        return _edit_page(request, session, actor, inventory_id, record_id, form)


def _row_facts(record: dict[str, Any]) -> list[tuple[str, object]]:
    return [
        (N_("GPC reference"), record["gpc_ref"]),
        (N_("Fuel or carrier"), record["fuel"]),
        (N_("Amount"), record["notation_key"] or record["amount"]),
        (N_("Unit"), record["unit"]),
        (N_("Source"), record["source"]),
    ]


@router.get("/inventories/{inventory_id}/activities/{record_id}/delete", response_class=HTMLResponse)
def confirm_delete_activity(
    request: Request, inventory_id: PathId, record_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before a row goes (the POST below deletes; the API deletes without asking)."""
    record = inventories.get_activity(session, actor, inventory_id, record_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Delete this activity row?"),
        facts=_row_facts(record),
        consequence=N_("The inventory is computed again without it. This cannot be undone."),
        action=f"/inventories/{inventory_id}/activities/{record_id}/delete",
        record_version=record["version"],
        cancel=f"/inventories/{inventory_id}#record-{record_id}",
    )


@router.post("/inventories/{inventory_id}/activities/{record_id}/delete", response_model=None)
def delete_activity(
    request: Request,
    inventory_id: PathId,
    record_id: PathId,
    db: DB,
    actor: FormWriter,
    version: FormVersion = None,
) -> Response:
    inventories.remove_activity(db, actor, inventory_id, record_id, expected_version=version)
    return see_other_done(f"/inventories/{inventory_id}#rows", "row_deleted")
