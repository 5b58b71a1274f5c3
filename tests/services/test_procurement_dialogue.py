"""A procurement's market dialogue and documents: who writes what, who sees what, and files checked
by their content."""

from __future__ import annotations

import io
import zipfile

import pytest

from citypact.domain.access import Actor
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from citypact.services.procurement import dialogue, documents, procurements
from tests.conftest import World
from tests.factories import joint_procurement, procurement

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


def test_questions_and_answers(world: World) -> None:
    jp = joint_procurement(world, publish=True)
    with world.db.write() as session:
        question = dialogue.post(
            session,
            world.actor("kyoto_editor"),
            jp.id,
            kind="question",
            body="Right-hand drive?",
            city_id=world.city["Kyoto"],
        )
        dialogue.post(
            session, world.actor("heidelberg_editor"), jp.id, kind="note", body="Supplier day held."
        )
    with pytest.raises(PermissionDenied), world.db.write() as session:
        dialogue.post(
            session, world.actor("kyoto_editor"), jp.id, kind="answer", body="Yes", question_id=question.id
        )
    with world.db.read() as session:
        assert dialogue.list_dialogue(session, Actor(), jp.id) == []
    with world.db.write() as session:
        dialogue.post(
            session,
            world.actor("heidelberg_editor"),
            jp.id,
            kind="answer",
            body="Both are allowed.",
            visibility="public",
            question_id=question.id,
        )
    with world.db.read() as session:
        public = dialogue.list_dialogue(session, Actor(), jp.id)
        inside = dialogue.list_dialogue(session, world.actor("kyoto_editor"), jp.id)
    # The public answer made its question public too, without the name of the city that asked.
    assert [(e.kind, e.body, e.author_city_name) for e in public] == [
        ("question", "Right-hand drive?", None),
        ("answer", "Both are allowed.", None),
    ]
    assert [(e.kind, e.author_city_name, e.answered) for e in inside] == [
        ("question", "Kyoto", True),
        ("note", None, False),
        ("answer", None, False),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "rumour", "body": "x"}, "kind"),
        ({"kind": "note", "body": ""}, "body"),
        ({"kind": "note", "body": "x" * 10_001}, "body"),
        ({"kind": "answer", "body": "x", "question_id": 999}, "question_id"),
        ({"kind": "note", "body": "x", "visibility": "world"}, "visibility"),
    ],
)
def test_bad_entries_name_the_field(world: World, kwargs: dict[str, object], field: str) -> None:
    pid = procurement(world)
    with pytest.raises(InvalidInput) as error, world.db.write() as session:
        dialogue.post(session, world.actor("heidelberg_editor"), pid, **kwargs)
    assert error.value.field == field


def test_a_city_outside_the_procurement_cannot_ask_in_anothers_name(world: World) -> None:
    pid = procurement(world)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        dialogue.post(
            session,
            world.actor("heidelberg_editor"),
            pid,
            kind="question",
            body="?",
            city_id=world.city["Kyoto"],
        )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("t.pdf", PDF, "pdf"),
        ("m.xlsx", XLSX, "xlsx"),
        ("d.docx", DOCX, "docx"),
        ("o.odt", ODT, "odt"),
        ("q.csv", b"lot;menge\n1;10\n", "csv"),
    ],
)
def test_documents_by_content(world: World, name: str, content: bytes, kind: str) -> None:
    pid = procurement(world)
    with world.db.write() as session:
        stored = documents.upload(
            session, world.actor("heidelberg_editor"), pid, file_name=name, content=content
        )
    with world.db.read() as session:
        view, media_type, data = documents.download(session, world.actor("kyoto_editor"), pid, stored.id)
    assert (view.kind, view.size_bytes, data) == (kind, len(content), content)
    assert media_type == documents.MEDIA_TYPES[kind]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("x.pdf", b"MZ\x90\x00\x03", "not a PDF"),
        ("x.pdf", XLSX, "name the file with .xlsx"),
        ("x.exe", PDF, "name the file with .pdf"),
        ("x.pdf", b"", "not a PDF"),
        ("x.zip", _zip({"a.txt": b"a"}), "not a PDF"),
        ("x.pdf", b"%PDF-" + b"0" * 10_000_000, "limit"),
    ],
)
def test_documents_refused(world: World, name: str, content: bytes, words: str) -> None:
    pid = procurement(world)
    with pytest.raises(InvalidInput, match=words) as error, world.db.write() as session:
        documents.upload(session, world.actor("heidelberg_editor"), pid, file_name=name, content=content)
    assert error.value.field == "file"


def test_who_stores_and_sees_documents(world: World) -> None:
    jp = joint_procurement(world)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        documents.upload(session, world.actor("kyoto_editor"), jp.id, file_name="t.pdf", content=PDF)
    with world.db.write() as session:
        inner = documents.upload(
            session, world.actor("heidelberg_editor"), jp.id, file_name="a.pdf", content=PDF
        )
        outer = documents.upload(
            session,
            world.actor("heidelberg_editor"),
            jp.id,
            file_name="b.pdf",
            content=PDF,
            visibility="public",
        )
    with world.db.write() as session:
        procurements.move_phase(session, world.actor("heidelberg_editor"), jp.id, "tender_published")
    with world.db.read() as session:
        assert [d.name for d in documents.list_documents(session, Actor(), jp.id)] == ["b.pdf"]
        assert documents.download(session, Actor(), jp.id, outer.id)[2] == PDF
    with pytest.raises(NotFound), world.db.read() as session:
        documents.download(session, Actor(), jp.id, inner.id)
    with pytest.raises(Conflict), world.db.write() as session:
        documents.delete(session, world.actor("heidelberg_editor"), jp.id, inner.id)
