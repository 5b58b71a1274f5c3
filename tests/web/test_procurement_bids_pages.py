"""The bid pages: a supplier's form keeps what was typed and says at the field what is wrong, the
seal holds on the page for admins too, the lead opens, evaluates (with the chart and PDF), publishes
and awards, and the public sees the notice and the OCDS download."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.storage.models import Base
from citypact.storage.procurement_bids import ProcurementBid, ProcurementEvaluation
from tests.api.procurement_bids_ops import bids_due, evaluated, open_tender
from tests.conftest import World
from tests.web.test_pages import log_in


def test_the_supplier_form_seals_a_bid_and_keeps_bad_input(client: TestClient, world: World) -> None:
    ctx = open_tender(client, world)
    url = f"/procurements/{ctx['procurement']}/bids"
    token = log_in(client, "busbau_seller")
    page = client.get(url)
    assert page.status_code == 200 and "Seal and send the bid" in page.text
    form = {"csrf_token": token, "lot_id": str(ctx["lot"]), "organisation_id": str(ctx["org"])}
    bad = client.post(url, data={**form, "price": "9.000.000,5", "lifetime_years": "12"})
    assert bad.status_code == 422
    assert 'value="9.000.000,5"' in bad.text and 'aria-invalid="true"' in bad.text
    with world.db.read() as session:
        assert session.scalar(select(ProcurementBid.id)) is None
    sent = client.post(
        url, data={**form, "price": "9000000.50", "lifetime_years": "12"}, follow_redirects=False
    )
    assert sent.status_code == 303 and "done=bid_sealed" in sent.headers["location"]
    receipts = client.get(url)
    with world.db.read() as session:
        receipt = session.scalar(select(ProcurementBid.content_hash))
    assert receipt is not None and receipt in receipts.text and "900000050" not in receipts.text


def test_the_page_cannot_open_a_sealed_bid_even_for_an_admin(client: TestClient, world: World) -> None:
    ctx = open_tender(client, world)
    token = log_in(client, "admin")
    page = client.get(f"/procurements/{ctx['procurement']}/bids")
    assert "sealed until" in page.text and "Open the bids" not in page.text
    opened = client.post(f"/procurements/{ctx['procurement']}/bids/open", data={"csrf_token": token})
    assert opened.status_code == 409


def test_the_lead_opens_evaluates_publishes_and_awards(client: TestClient, world: World) -> None:
    ctx = bids_due(client, world)
    pid = ctx["procurement"]
    token = log_in(client, "heidelberg_editor")
    opened = client.post(f"/procurements/{pid}/bids/open", data={"csrf_token": token})
    assert opened.status_code == 200 and "Busbau GmbH" in opened.text and "Elektro AG" in opened.text
    bad = client.post(
        f"/procurements/{pid}/evaluations",
        data={"csrf_token": token, "lot_id": str(ctx["lot"]), "method": "lcc-co2", "co2_price": "abc",
              "discount_rate": "0"},
    )  # fmt: skip
    assert bad.status_code == 422 and 'value="abc"' in bad.text
    run = client.post(
        f"/procurements/{pid}/evaluations",
        data={"csrf_token": token, "lot_id": str(ctx["lot"]), "method": "lcc-co2", "co2_price": "3000",
              "discount_rate": "0"},
        follow_redirects=False,
    )  # fmt: skip
    assert run.status_code == 303, run.text
    evaluation = int(re.search(r"/procurement-evaluations/(\d+)", run.headers["location"]).group(1))  # type: ignore[union-attr]
    page = client.get(f"/procurement-evaluations/{evaluation}")
    assert page.status_code == 200 and "<svg" in page.text and "Elektro AG" in page.text
    pdf = client.get(f"/procurement-evaluations/{evaluation}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.post(f"/procurement-evaluations/{evaluation}/publish", data={"csrf_token": token})
    with world.db.read() as session:
        assert session.scalar(select(ProcurementEvaluation.status)) == "published"
    awarded = client.post(
        f"/procurement-evaluations/{evaluation}/award",
        data={"csrf_token": token, "awarded_on": "2025-04-01"},
        follow_redirects=False,
    )
    assert awarded.status_code == 303 and awarded.headers["location"].startswith(
        f"/procurements/{pid}/notice"
    )
    client.cookies.clear()
    notice = client.get(f"/procurements/{pid}/notice", params={"lang": "de"})
    assert notice.status_code == 200 and "Elektro AG" in notice.text and "Busbau" not in notice.text
    assert client.get(f"/procurements/{pid}/ocds.json").status_code == 409  # no prefix in the tests' settings


def test_others_cannot_see_the_lead_side_or_an_evaluation(client: TestClient, world: World) -> None:
    ctx = bids_due(client, world)
    log_in(client, "kyoto_editor")
    page = client.get(f"/procurements/{ctx['procurement']}/bids")
    assert page.status_code == 200 and "Open the bids" not in page.text
    with world.db.read() as session:
        assert session.scalar(select(ProcurementEvaluation.id)) is None
    assert client.get("/procurement-evaluations/1").status_code == 404


def _counts(world: World) -> dict[str, int]:
    with world.db.read() as session:
        return {
            t.name: session.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }


def test_every_bid_page_post_refuses_other_roles_and_writes_nothing(client: TestClient, world: World) -> None:
    ctx = evaluated(client, world)  # published, after the deadline
    pid, lot, evaluation = ctx["procurement"], ctx["lot"], ctx["evaluation"]
    posts = [
        (f"/procurements/{pid}/bids/open", {}),
        (f"/procurements/{pid}/evaluations", {"lot_id": str(lot), "method": "price", "discount_rate": "0"}),
        (f"/procurement-evaluations/{evaluation}/publish", {}),
        (f"/procurement-evaluations/{evaluation}/award", {"awarded_on": "2025-04-01"}),
        (
            f"/procurements/{pid}/bids",
            {"lot_id": str(lot), "organisation_id": "1", "price": "1", "lifetime_years": "1"},
        ),
    ]
    for who in ("kyoto_editor", "heidelberg_viewer", "plain_user", "c40_secretariat", "public"):
        client.cookies.clear()
        token = log_in(client, who) if who != "public" else ""
        before = _counts(world)
        for url, data in posts:
            response = client.post(url, data={"csrf_token": token, **data})
            assert response.status_code in ((401, 403) if who == "public" else (403, 404)), (
                who,
                url,
                response.text,
            )
        assert _counts(world) == before, who
