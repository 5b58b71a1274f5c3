"""The deal document: whole for the deal's people, public parts only for the public, in the
reader's language, as HTML and PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from citypact.reports.deal_document import deal_document_file
from citypact.services.deals.document import deal_document
from citypact.services.errors import NotFound
from citypact.storage.deals import DealReview
from tests.conftest import World
from tests.deal_progress_fixture import signed_deal
from tests.web.test_pages import log_in


def _review(world: World, deal_id: int) -> None:
    with world.db.write() as session:
        session.add(DealReview(deal_id=deal_id, due_date=dt.date(2027, 6, 30)))


def test_the_parties_people_read_it_whole(world: World) -> None:
    rows = signed_deal(world, public_parts=[])
    _review(world, rows.deal_id)
    with world.db.read() as session:
        doc = deal_document(session, world.actor("housing_person"), rows.deal_id)
    assert doc.complete and [p.name for p in doc.parties] == [
        "Heidelberg",
        "Neckar Housing",
        "Sun Cooperative",
    ]
    city, housing, _ = doc.parties
    assert city.is_city and [c.title for c in city.commitments] == ["Fast roof permits"]
    assert (housing.signatory_name, housing.signatory_title, housing.signed_on) == (
        "Anna Bauer", "Director", dt.date(2026, 1, 1),
    )  # fmt: skip
    home = housing.commitments[0]
    assert (home.kpi_unit, home.kpi_baseline, home.kpi_target, home.expected_reduction_t) == (
        "kWh/m2",
        150.0,
        100.0,
        400.0,
    )
    assert [(b.kind, b.quantity, b.unit) for b in home.benefits] == [("jobs", 12.0, "FTE")]
    assert doc.reviews == (dt.date(2027, 6, 30),) and doc.end_date == dt.date(2030, 12, 31)
    html = deal_document_file(doc, "de").html
    assert "Anna Bauer" in html and "Lokaler Green Deal" in html and "12 FTE" in html


def test_the_public_gets_public_parts_without_names(world: World) -> None:
    rows = signed_deal(world, public_parts=["parties", "commitments"])
    with world.db.read() as session:
        doc = deal_document(session, world.actor("public"), rows.deal_id)
    assert not doc.complete and doc.summary is None and doc.reviews == ()
    assert all(p.signatory_name is None for p in doc.parties)
    home = doc.parties[1].commitments[0]
    assert home.title == "Renovate 2000 flats" and home.kpi_unit is None and home.benefits == ()
    html = deal_document_file(doc, "en").html
    assert "Anna Bauer" not in html and "kWh/m2" not in html and "public-parts-only" in html


def test_commitments_public_without_parties_are_listed_unnamed(world: World) -> None:
    rows = signed_deal(world, public_parts=["commitments"])
    with world.db.read() as session:
        doc = deal_document(session, world.actor("public"), rows.deal_id)
    assert doc.parties == () and len(doc.unnamed) == 3
    assert "Neckar Housing" not in deal_document_file(doc, "en").html


@pytest.mark.parametrize("who", ["public", "kyoto_editor", "plain_user"])
def test_a_draft_is_not_found_for_outsiders(world: World, who: str) -> None:
    rows = signed_deal(world, status="draft")
    with world.db.read() as session, pytest.raises(NotFound):
        deal_document(session, world.actor(who), rows.deal_id)


def test_the_pdf_is_served_in_the_readers_language(client: TestClient, world: World) -> None:
    rows = signed_deal(world)
    pdf = client.get(f"/deals/{rows.deal_id}/document.pdf", params={"lang": "ja"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"] and "-ja" in pdf.headers["content-disposition"]
    log_in(client, "heidelberg_editor")
    html = client.get(f"/deals/{rows.deal_id}/document")
    assert html.status_code == 200 and "Eckart Würzner" in html.text
    draft = signed_deal(world, status="draft", members=False)
    client.cookies.clear()
    assert client.get(f"/deals/{draft.deal_id}/document.pdf").status_code == 404
