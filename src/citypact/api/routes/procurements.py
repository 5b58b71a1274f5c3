"""/api/v1: joint procurement - procurements, participants, lots, each city's demand, the timeline,
the market dialogue and the documents. Bids, evaluation and award are elsewhere."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Response, UploadFile

from citypact.api.schemas.procurement import (
    CityIn,
    CreatedOut,
    DemandIn,
    DialogueIn,
    DialogueOut,
    DocumentOut,
    JoinIn,
    LotIn,
    LotPatch,
    MilestoneIn,
    PhaseIn,
    ProcurementIn,
    ProcurementOut,
    ProcurementPatch,
    ProcurementSummaryOut,
    ReasonIn,
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
from citypact.http.downloads import attachment
from citypact.services.procurement import demand, dialogue, documents, lots, participants, procurements, views
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["procurement"])


def _procurement(
    db: Database, actor: Actor, procurement_id: int, response: Response | None = None
) -> ProcurementOut:
    """The procurement as the actor now sees it, read after the write committed."""
    with db.read() as session:
        found = ProcurementOut.model_validate(views.get_procurement(session, actor, procurement_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


@router.get("/cities/{city_id}/procurements", response_model=list[ProcurementSummaryOut])
def list_for_city(city_id: PathId, session: ReadDB, actor: CurrentActor) -> list[ProcurementSummaryOut]:
    """The procurements the city leads or takes part in: all for its staff, the published ones for others."""
    return [ProcurementSummaryOut.model_validate(p) for p in views.city_procurements(session, actor, city_id)]


@router.get("/procurements", response_model=list[ProcurementSummaryOut])
def list_published(session: ReadDB) -> list[ProcurementSummaryOut]:
    """Every procurement whose tender is published, newest first."""
    return [ProcurementSummaryOut.model_validate(p) for p in views.published_procurements(session)]


@router.post("/procurements", response_model=ProcurementOut, status_code=201)
def open_procurement(body: ProcurementIn, db: DB, actor: Writer) -> ProcurementOut:
    """Open a procurement led by your city or your central purchasing body, or (as a network's
    secretariat) among the network's confirmed members; the cities named are invited."""
    with db.write() as session:
        pid = procurements.open_procurement(session, actor, **body.model_dump()).id
    return _procurement(db, actor, pid)


@router.get("/procurements/{procurement_id}", response_model=ProcurementOut)
def detail(
    procurement_id: PathId, session: ReadDB, actor: CurrentActor, response: Response
) -> ProcurementOut:
    """The lead buyer sees every participant's demand, a participant its own and the group's totals,
    the public a published procurement's published part. The ETag is its version, for If-Match."""
    found = ProcurementOut.model_validate(views.get_procurement(session, actor, procurement_id))
    response.headers.update(etag(found.version))
    return found


@router.patch("/procurements/{procurement_id}", response_model=ProcurementOut)
def change(
    procurement_id: PathId,
    body: ProcurementPatch,
    db: DB,
    actor: Writer,
    version: IfMatch,
    response: Response,
) -> ProcurementOut:
    """Title, subject, CPV code, currency (before publication) and the deadline for bids."""
    with db.write() as session:
        procurements.update_procurement(
            session, actor, procurement_id, body.model_dump(exclude_unset=True), expected_version=version
        )
    return _procurement(db, actor, procurement_id, response)


@router.post("/procurements/{procurement_id}/phase", response_model=ProcurementOut)
def move_phase(
    procurement_id: PathId, body: PhaseIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> ProcurementOut:
    """Move to the next phase (the market dialogue may be skipped)."""
    with db.write() as session:
        procurements.move_phase(session, actor, procurement_id, body.phase, expected_version=version)
    return _procurement(db, actor, procurement_id)


@router.post("/procurements/{procurement_id}/cancel", response_model=ProcurementOut)
def cancel(
    procurement_id: PathId, body: ReasonIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> ProcurementOut:
    with db.write() as session:
        procurements.cancel(session, actor, procurement_id, body.reason, expected_version=version)
    return _procurement(db, actor, procurement_id)


@router.put("/procurements/{procurement_id}/timeline/{phase}", status_code=204)
def set_milestone(
    procurement_id: PathId, phase: str, body: MilestoneIn, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """The planned and actual dates of one phase; If-Match: the phase's `version` as listed."""
    if len(phase) > 20:
        raise HTTPException(404, "No such phase.")
    with db.write() as session:
        procurements.set_milestone(
            session,
            actor,
            procurement_id,
            phase,
            planned_on=body.planned_on,
            actual_on=body.actual_on,
            expected_version=version,
        )
    return Response(status_code=204)


@router.post("/procurements/{procurement_id}/participants", response_model=ProcurementOut, status_code=201)
def invite(procurement_id: PathId, body: CityIn, db: DB, actor: Writer) -> ProcurementOut:
    """Invite a city (the lead buyer, before the tender is published)."""
    with db.write() as session:
        participants.invite(session, actor, procurement_id, body.city_id)
    return _procurement(db, actor, procurement_id)


@router.post("/procurements/{procurement_id}/join", response_model=ProcurementOut)
def join(
    procurement_id: PathId, body: JoinIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> ProcurementOut:
    """Join for your invited city, naming the buying department (also to change the department)."""
    with db.write() as session:
        participants.join(
            session, actor, procurement_id, body.city_id, body.department, expected_version=version
        )
    return _procurement(db, actor, procurement_id)


@router.post("/procurements/{procurement_id}/withdraw", response_model=ProcurementOut)
def withdraw(
    procurement_id: PathId, body: CityIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> ProcurementOut:
    """Withdraw your city before the tender is published (refused after, with the reason)."""
    with db.write() as session:
        participants.withdraw(session, actor, procurement_id, body.city_id, expected_version=version)
    return _procurement(db, actor, procurement_id)


@router.post("/procurements/{procurement_id}/lots", response_model=CreatedOut, status_code=201)
def add_lot(procurement_id: PathId, body: LotIn, db: DB, actor: Writer) -> CreatedOut:
    with db.write() as session:
        return CreatedOut(id=lots.add_lot(session, actor, procurement_id, body.model_dump()).id)


@router.patch("/procurements/{procurement_id}/lots/{lot_id}", status_code=204)
def change_lot(
    procurement_id: PathId, lot_id: PathId, body: LotPatch, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """If-Match: the lot's `version` as the procurement lists it."""
    with db.write() as session:
        lots.update_lot(session, actor, procurement_id, lot_id, body.model_dump(exclude_unset=True), version)
    return Response(status_code=204)


@router.delete("/procurements/{procurement_id}/lots/{lot_id}", status_code=204)
def delete_lot(procurement_id: PathId, lot_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Remove a lot and the demand stated for it (before the tender is published)."""
    with db.write() as session:
        lots.delete_lot(session, actor, procurement_id, lot_id, version)
    return Response(status_code=204)


@router.put("/procurements/{procurement_id}/demand", response_model=CreatedOut)
def set_demand(procurement_id: PathId, body: DemandIn, db: DB, actor: Writer, version: IfMatch) -> CreatedOut:
    """State or replace your city's demand in one lot; If-Match: the line's `version` when replacing."""
    fields = body.model_dump()
    with db.write() as session:
        line = demand.set_demand(
            session,
            actor,
            procurement_id,
            fields.pop("city_id"),
            fields.pop("lot_id"),
            **fields,
            expected_version=version,
        )
        return CreatedOut(id=line.id)


@router.get("/procurements/{procurement_id}/dialogue", response_model=list[DialogueOut])
def list_dialogue(procurement_id: PathId, session: ReadDB, actor: CurrentActor) -> list[DialogueOut]:
    return [DialogueOut.model_validate(e) for e in dialogue.list_dialogue(session, actor, procurement_id)]


@router.post("/procurements/{procurement_id}/dialogue", response_model=CreatedOut, status_code=201)
def post_dialogue(procurement_id: PathId, body: DialogueIn, db: DB, actor: Writer) -> CreatedOut:
    """A note or an answer (the lead buyer), or a question for your participating city."""
    with db.write() as session:
        return CreatedOut(id=dialogue.post(session, actor, procurement_id, **body.model_dump()).id)


@router.get("/procurements/{procurement_id}/documents", response_model=list[DocumentOut])
def list_documents(procurement_id: PathId, session: ReadDB, actor: CurrentActor) -> list[DocumentOut]:
    return [DocumentOut.model_validate(d) for d in documents.list_documents(session, actor, procurement_id)]


@router.post("/procurements/{procurement_id}/documents", response_model=DocumentOut, status_code=201)
def upload_document(
    procurement_id: PathId,
    db: DB,
    actor: Writer,
    file: Annotated[UploadFile, File(description="PDF, XLSX, CSV, DOCX or ODT, at most 10 MB")],
    title: Annotated[str, Form(max_length=300)] = "",
    visibility: Annotated[str, Form(max_length=12)] = "participants",
) -> DocumentOut:
    """Store a document (the lead buyer); its type is read from its content."""
    content = file.file.read(documents.MAX_BYTES + 1)
    with db.write() as session:
        stored = documents.upload(
            session,
            actor,
            procurement_id,
            file_name=file.filename or "document",
            content=content,
            title=title,
            visibility=visibility,
        )
        document_id = stored.id
    with db.read() as session:
        found = next(
            d for d in documents.list_documents(session, actor, procurement_id) if d.id == document_id
        )
    return DocumentOut.model_validate(found)


@router.get("/procurements/{procurement_id}/documents/{document_id}")
def download_document(
    procurement_id: PathId, document_id: PathId, session: ReadDB, actor: CurrentActor
) -> Response:
    view, media_type, content = documents.download(session, actor, procurement_id, document_id)
    return Response(content, media_type=media_type, headers=attachment(view.name))


@router.delete("/procurements/{procurement_id}/documents/{document_id}", status_code=204)
def delete_document(procurement_id: PathId, document_id: PathId, db: DB, actor: Writer) -> Response:
    """Remove a document before the tender is published."""
    with db.write() as session:
        documents.delete(session, actor, procurement_id, document_id)
    return Response(status_code=204)
