"""The joint positions pages in three languages, the printable document and its refusals."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.positions_fixture import position_world
from tests.web.test_pages import log_in


def test_a_sent_position_reads_in_english_german_and_japanese(client: TestClient, world: World) -> None:
    pw = position_world(world)
    words = {"en": "Signatories", "de": "Unterzeichnende", "ja": "署名者"}
    for lang, word in words.items():
        page = client.get(f"/positions/{pw.sent}?lang={lang}")
        assert page.status_code == 200 and word in page.text, lang
        assert "Grid fees for municipal solar" in page.text
    listing = client.get("/positions?lang=de")
    assert "Gemeinsame Positionen und Empfehlungen" in listing.text and "Grid fees" in listing.text
    assert "Heat pumps in listed buildings" not in listing.text  # a draft
    log_in(client, "c40_secretariat")
    assert "/positions/new?network=c40" in client.get("/positions").text
    assert (
        "Heat pumps in listed buildings" in client.get(f"/cities/{world.city['Heidelberg']}/positions").text
    )


def test_the_document_names_its_signatories_and_waits_for_sending(client: TestClient, world: World) -> None:
    pw = position_world(world)
    document = client.get(f"/positions/{pw.sent}/document?lang=ja")
    assert document.status_code == 200
    assert "私たちの要望" in document.text and "Heidelberg" in document.text
    assert "Waive grid fees for municipal solar" in document.text
    pdf = client.get(f"/positions/{pw.sent}/document.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/positions/{pw.draft}/document").status_code == 404  # the public: no draft
    log_in(client, "heidelberg_editor")
    assert client.get(f"/positions/{pw.draft}/document").status_code == 409


def test_a_refused_draft_keeps_what_was_typed(client: TestClient, world: World) -> None:
    position_world(world)
    token = log_in(client, "heidelberg_editor")
    response = client.post("/positions/new", data={
        "csrf_token": token, "city": str(world.city["Heidelberg"]), "title": "Cycle lanes",
        "level": "galactic", "institution": "", "asks": "Paint them",
    })  # fmt: skip
    assert response.status_code == 422
    assert 'value="Cycle lanes"' in response.text and "Paint them" in response.text
    assert "position-level-error" in response.text
