"""A procurement's documents: files the lead buyer stores (tender documents, market studies, minutes),
each seen by the participants only or by everyone once the tender is published.

A file's type is read from its content, not its name: PDF by its header, XLSX, DOCX and ODT by the
parts inside their ZIP container (only the names of the parts and the 1-line `mimetype` part are
read, nothing is unpacked), CSV as UTF-8 text without NUL bytes. The name's extension must agree.
Files are stored in the database (see storage.procurement) and limited in size and number.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import VISIBILITIES, forming
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_text
from citypact.services.procurement.loading import Loaded, check_active, load, load_to_run, touch
from citypact.services.uploads import upload_name
from citypact.storage.procurement import ProcurementDocument

MAX_BYTES: Final = 10_000_000
MAX_DOCUMENTS: Final = 200
MEDIA_TYPES: Final = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv",
}
_ODT = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class DocumentView:
    id: int
    name: str
    title: str
    kind: str
    size_bytes: int
    sha256: str
    visibility: str
    uploaded_at: datetime


def sniff(content: bytes) -> str | None:
    """The kind of file the bytes are (pdf, xlsx, docx, odt, csv), None for anything else."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "csv" if content.strip() else None


def _zip_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "mimetype" in names:
                part = archive.getinfo("mimetype")
                if part.file_size <= 100 and archive.read(part).strip() == _ODT:
                    return "odt"
                return None
            if "[Content_Types].xml" in names:
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                if any(n.startswith("word/") for n in names):
                    return "docx"
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError):
        return None
    return None


def _view(d: ProcurementDocument) -> DocumentView:
    return DocumentView(d.id, d.name, d.title, d.kind, d.size_bytes, d.sha256, d.visibility, d.uploaded_at)


def upload(
    session: Session,
    actor: Actor,
    procurement_id: int,
    *,
    file_name: Any,
    content: bytes,
    title: Any = "",
    visibility: Any = "participants",
) -> ProcurementDocument:
    """Store a file of the procurement (the lead buyer). Refused: too large, empty, a type other
    than PDF, XLSX, CSV, DOCX or ODT, or a name whose extension says another type than the content."""
    loaded = load_to_run(session, actor, procurement_id)
    if not isinstance(file_name, str):
        raise InvalidInput("file", "give the file's name.")
    name = upload_name(file_name, "document")
    if len(content) > MAX_BYTES:
        raise InvalidInput(
            "file", f"{name} is {len(content):,} bytes; the limit is {MAX_BYTES:,} bytes (10 MB)."
        )
    kind = sniff(content) if content else None
    if kind is None:
        raise InvalidInput(
            "file", f"{name} is not a PDF, XLSX, CSV, DOCX or ODT file (read from its content)."
        )
    extension = Path(name).suffix.lower().lstrip(".")
    if extension != kind:
        raise InvalidInput("file", f"{name}'s content is {kind.upper()}; name the file with .{kind}.")
    count = session.scalar(
        select(func.count())
        .select_from(ProcurementDocument)
        .where(ProcurementDocument.procurement_id == procurement_id)
    )
    if (count or 0) >= MAX_DOCUMENTS:
        raise InvalidInput("file", f"a procurement keeps at most {MAX_DOCUMENTS} documents.")
    document = ProcurementDocument(
        procurement_id=procurement_id,
        name=name,
        title=clean_text("title", title, 300),
        kind=kind,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        visibility=clean_code("visibility", visibility, VISIBILITIES),
        content=content,
        uploaded_by=actor.user_id,
    )
    session.add(document)
    touch(loaded)
    session.flush()
    audit.record(
        session,
        actor,
        "upload",
        "procurement_document",
        document.id,
        city_id=loaded.audit_city(),
        network_id=loaded.procurement.network_id,
        after={
            "procurement_id": procurement_id,
            "name": name,
            "kind": kind,
            "sha256": document.sha256,
            "visibility": document.visibility,
        },
    )
    return document


def _visible(loaded: Loaded) -> Any:
    query = select(ProcurementDocument).where(ProcurementDocument.procurement_id == loaded.procurement.id)
    if not loaded.who.reads_all:
        query = query.where(ProcurementDocument.visibility == "public")
    return query


def list_documents(session: Session, actor: Actor, procurement_id: int) -> list[DocumentView]:
    loaded = load(session, actor, procurement_id)
    return [_view(d) for d in session.scalars(_visible(loaded).order_by(ProcurementDocument.id))]


def download(
    session: Session, actor: Actor, procurement_id: int, document_id: int
) -> tuple[DocumentView, str, bytes]:
    """The document, its media type and its bytes, if the reader may see it."""
    loaded = load(session, actor, procurement_id)
    found = (
        session.scalar(_visible(loaded).where(ProcurementDocument.id == document_id))
        if 1 <= document_id <= 2**31 - 1
        else None
    )
    if found is None:
        raise NotFound("document", document_id)
    return _view(found), MEDIA_TYPES[found.kind], found.content


def delete(session: Session, actor: Actor, procurement_id: int, document_id: int) -> None:
    """Remove a document (the lead buyer) while the group is forming; after publication the
    documents are part of the tender's record."""
    loaded = load_to_run(session, actor, procurement_id)
    check_active(loaded)
    found = session.get(ProcurementDocument, document_id) if 1 <= document_id <= 2**31 - 1 else None
    if found is None or found.procurement_id != procurement_id:
        raise NotFound("document", document_id)
    require(loaded.who.runs, actor.is_authenticated)
    if not forming(loaded.procurement.phase):
        raise Conflict("The tender is published; its documents are kept as part of its record.")
    gone = {"name": found.name, "sha256": found.sha256}
    session.delete(found)
    touch(loaded)
    session.flush()
    audit.record(
        session,
        actor,
        "delete",
        "procurement_document",
        document_id,
        city_id=loaded.audit_city(),
        network_id=loaded.procurement.network_id,
        before=gone,
    )
