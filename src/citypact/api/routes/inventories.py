"""/api/v1: a city's GPC inventories, their activity rows, imports, status, recalculation and exports."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, Response, UploadFile, status

from citypact.api.schemas.inventories import (
    AcknowledgeIn,
    ActivityIn,
    CdpImportOut,
    EmissionRowOut,
    ImportOut,
    InventoryDetailOut,
    InventoryIn,
    InventoryOut,
    RecalculateIn,
    ResultOut,
    StatusIn,
    WarningOut,
    WasteEstimateIn,
    totals_of,
)
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
from citypact.services.inventory import exports as inventory_exports
from citypact.services.inventory import import_review as inventory_review
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from citypact.services.inventory import waste as inventory_waste

router = APIRouter(route_class=ReleasingRoute, tags=["inventories"])
ExportFormat = Literal["json", "csv", "gpc", "crf"]


def _detail(session: ReadDB, actor: CurrentActor, inventory_id: int) -> InventoryDetailOut:
    found = inventories.get_inventory(session, actor, inventory_id)
    return InventoryDetailOut(
        inventory=InventoryOut.model_validate(found.summary, from_attributes=True),
        can_edit=found.can_edit,
        can_verify=found.can_verify,
        results=[ResultOut.model_validate(r, from_attributes=True) for r in found.results],
        rows=[EmissionRowOut.model_validate(r) for r in found.rows.to_dicts()],
        warnings=[
            WarningOut(
                key=w.key,
                code=w.warning.code,
                figures=dict(w.warning.figures),
                record_ids=list(w.warning.rows),
                acknowledged=not w.is_open,
                reason=w.reason,
                acknowledged_at=w.acknowledged_at,
            )
            for w in found.warnings
        ],
        missing_refs=found.missing_refs,
    )


@router.get("/cities/{city_id}/inventories", response_model=list[InventoryOut])
def list_for_city(city_id: PathId, session: ReadDB, actor: CurrentActor) -> list[InventoryOut]:
    return [
        InventoryOut.model_validate(s, from_attributes=True)
        for s in inventories.list_inventories(session, actor, city_id)
    ]


@router.get("/cities/{city_id}/inventories/compare")
def compare_years(city_id: PathId, session: ReadDB, actor: CurrentActor) -> list[dict[str, object]]:
    """Totals and sector sums (t CO2e) of each inventory year, with the change of BASIC."""
    return inventories.year_over_year(session, actor, city_id).to_dicts()


@router.post(
    "/cities/{city_id}/inventories", response_model=InventoryOut, status_code=status.HTTP_201_CREATED
)
def create(city_id: PathId, body: InventoryIn, db: DB, actor: Writer) -> InventoryOut:
    with db.write() as session:
        inventory_id = inventories.create_inventory(session, actor, city_id, **body.model_dump()).id
    with db.read() as session:
        return _detail(session, actor, inventory_id).inventory


@router.get(
    "/inventories/template.{kind}",
    responses={200: {"content": {m: {} for m in inventory_review.TEMPLATE_MEDIA_TYPES.values()}}},
)
def activity_template(
    kind: Annotated[Literal["csv", "xlsx"], Path(description="csv, or xlsx with a sheet of allowed values")],
    year: Annotated[int | None, Query(ge=1900, le=2100, description="the example row's year")] = None,
) -> Response:
    """The activity template to fill in and import (public: it holds no one's data); declared
    before /inventories/{inventory_id}, which would take "template.csv" for an id."""
    return Response(
        inventory_review.activity_template(kind, year),
        media_type=inventory_review.TEMPLATE_MEDIA_TYPES[kind],
        headers=attachment(inventory_review.template_name(kind, year)),
    )


@router.get("/inventories/{inventory_id}", response_model=InventoryDetailOut)
def detail(inventory_id: PathId, session: ReadDB, actor: CurrentActor) -> InventoryDetailOut:
    return _detail(session, actor, inventory_id)


@router.post("/inventories/{inventory_id}/import", response_model=ImportOut)
def import_file(
    inventory_id: PathId,
    db: DB,
    actor: Writer,
    file: Annotated[UploadFile, File(description="activity template (CSV, XLSX) or a CityCatalyst export")],
    kind: Annotated[Literal["auto", "template", "citycatalyst"], Form()] = "auto",
    replace: Annotated[bool, Form(description="replace every row, or add to them")] = True,
) -> ImportOut:
    result = inventory_imports.import_upload(
        db, actor, inventory_id, file.file, file.filename or "upload.csv", kind=kind, replace=replace
    )
    out_totals = totals_of(result)
    with db.read() as session:
        rows = inventories.activity_frame(session, inventory_id).height
    return ImportOut(inventory_id=inventory_id, totals=out_totals, rows=rows)


@router.post("/inventories/{inventory_id}/activities", status_code=201)
def add_activity(inventory_id: PathId, body: ActivityIn, db: DB, actor: Writer) -> dict[str, int]:
    record = inventories.record_activity(db, actor, inventory_id, body.model_dump(exclude_unset=True))
    return {"id": record.id}


@router.post("/inventories/{inventory_id}/waste", status_code=201)
def add_waste_estimate(inventory_id: PathId, body: WasteEstimateIn, db: DB, actor: Writer) -> dict[str, int]:
    """Compute a waste-sector method of the IPCC 2006 guidelines (Vol. 5) into one inventory row."""
    return {"id": inventory_waste.record_waste_estimate(db, actor, inventory_id, **body.model_dump())}


@router.patch("/inventories/{inventory_id}/activities/{record_id}")
def change_activity(
    inventory_id: PathId, record_id: PathId, body: ActivityIn, db: DB, actor: Writer, version: IfMatch
) -> dict[str, int]:
    """If-Match: the row's `version` as listed in the inventory's rows (412 stale, 428 missing)."""
    fields = body.model_dump(exclude_unset=True)
    record = inventories.record_activity(db, actor, inventory_id, fields, record_id, expected_version=version)
    return {"id": record.id, "version": record.version}


@router.delete("/inventories/{inventory_id}/activities/{record_id}", status_code=204)
def delete_activity(
    inventory_id: PathId, record_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """If-Match: the row's `version` as listed in the inventory's rows."""
    inventories.remove_activity(db, actor, inventory_id, record_id, expected_version=version)
    return Response(status_code=204)


@router.post("/inventories/{inventory_id}/status", response_model=InventoryOut)
def set_status(
    inventory_id: PathId, body: StatusIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> InventoryOut:
    """An optional If-Match (the inventory's `version`) refuses the move if it changed meanwhile."""
    with db.write() as session:
        inventories.set_status(session, actor, inventory_id, body.status, expected_version=version)
    with db.read() as session:
        return _detail(session, actor, inventory_id).inventory


@router.post(
    "/inventories/{inventory_id}/warnings/{warning_key}/acknowledge",
    response_model=list[WarningOut],
    status_code=201,
)
def acknowledge_warning(
    inventory_id: PathId,
    warning_key: Annotated[str, Path(min_length=1, max_length=64, pattern="^[0-9a-f]+$")],
    body: AcknowledgeIn,
    db: DB,
    actor: Writer,
) -> list[WarningOut]:
    """Acknowledge a plausibility warning (its `key` from the inventory's `warnings`) with a
    reason; verification waits until every warning is acknowledged. The inventory's warnings after."""
    with db.write() as session:
        inventories.acknowledge_warning(session, actor, inventory_id, warning_key, body.reason)
    with db.read() as session:
        return _detail(session, actor, inventory_id).warnings


@router.post("/inventories/{inventory_id}/recalculate", response_model=ResultOut)
def recalculate(inventory_id: PathId, body: RecalculateIn, db: DB, actor: Writer) -> ResultOut:
    inventories.recompute(db, actor, inventory_id, gwp=body.gwp)
    with db.read() as session:
        return _detail(session, actor, inventory_id).results[0]


@router.get(
    "/inventories/{inventory_id}/export",
    responses={200: {"content": {"application/json": {}, "text/csv": {}, "application/vnd.ms-excel": {}}}},
)
def export(
    inventory_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    format: Annotated[
        ExportFormat, Query(description="json, csv (rows), gpc (reporting table), crf (XLSX)")
    ] = "json",
) -> Response:
    found = inventories.get_inventory(session, actor, inventory_id)
    stem = f"inventory-{found.summary.country}-{found.summary.city_name}-{found.summary.year}".replace(
        " ", "_"
    )
    if format == "json":
        body = json.dumps(inventory_exports.as_json(found), default=str, ensure_ascii=False)
        return Response(body, media_type="application/json")
    if format == "crf":
        return Response(
            inventory_exports.crf_xlsx(found),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers=attachment(f"{stem}-crf.xlsx"),
        )
    table = inventory_exports.gpc_table(found) if format == "gpc" else found.rows
    return Response(
        inventory_exports.export_csv(table),
        media_type="text/csv",
        headers=attachment(f"{stem}-{format}.csv"),
    )


@router.post("/imports/cdp", response_model=CdpImportOut)
def import_cdp(
    db: DB, actor: Writer, file: Annotated[UploadFile, File(description="a CDP city-wide emissions CSV")]
) -> CdpImportOut:
    """Reported totals of a CDP city-wide file into the matched cities' inventories (administrators)."""
    report = inventory_imports.import_cdp_upload(db, actor, file.file, file.filename or "cdp.csv")
    return CdpImportOut.model_validate(report, from_attributes=True)
