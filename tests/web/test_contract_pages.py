"""The Climate City Contract page and its downloads, and a plan measure's money page: forms that
keep what was typed, deletion after a confirmation, and who sees the money."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.conftest import World
from tests.contract_fixture import contract_city
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in


def test_the_public_page_shows_commitments_and_plan_but_no_money(client: TestClient, world: World) -> None:
    ids = contract_city(world)
    page = client.get(f"/cities/{ids['city']}/climate-city-contract")
    assert page.status_code == 200
    text = page.text
    assert "Shore power" in text and "Port Ltd" in text
    assert 'id="still-open">130 t CO₂e' in text
    assert "The investment plan is shown to the city&#39;s staff only." in text
    assert "Bakery deal" not in text  # a draft is the city's own business
    assert 'data-code="measure_without_dates">Measure without start and end dates: Signage' in text
    assert (
        f'href="/cities/{ids["city"]}/climate-city-contract"'
        in client.get(f"/cities/{ids['city']}/plan").text
    )


def test_the_staff_page_in_german_shows_the_funding_gap(client: TestClient, world: World) -> None:
    ids = contract_city(world)
    log_in(client, "heidelberg_viewer")
    client.get("/cities", params={"lang": "de"})
    text = client.get(f"/cities/{ids['city']}/climate-city-contract").text
    assert "Klimastadtvertrag" in text
    assert '<dd class="gap-secured">2.013,00 EUR</dd>' in text
    assert '<dd class="gap-sought">1.513,00 EUR</dd>' in text
    assert 'data-code="deal_unsigned"' in text
    book = load_workbook(io.BytesIO(client.get(f"/cities/{ids['city']}/climate-city-contract.xlsx").content))
    assert book.sheetnames[-1] == "Was fehlt"
    pdf = client.get(f"/cities/{ids['city']}/climate-city-contract.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_money_lines_through_the_forms(client: TestClient, world: World) -> None:
    ids = contract_city(world)
    base = f"/cities/{ids['city']}/plan/measures/{ids['bus']}"
    assert client.get(f"{base}/money").status_code == 404  # the public sees no money
    token = log_in(client, "heidelberg_editor")
    assert f'href="{base}/money"' in client.get(f"{base}/edit").text
    refused = client.post(
        f"{base}/costs",
        data={"csrf_token": token, "kind": "capex", "year_from": "2027", "year_to": "2026", "amount": "1.5k"},
    )
    assert refused.status_code == 422
    assert_refused_at(
        refused.text,
        "cost-amount",
        "Amount (capex in total, opex per year): enter a number such as 1250.5",
    )
    assert 'value="1.5k"' in refused.text
    refused = client.post(
        f"{base}/costs",
        data={"csrf_token": token, "kind": "capex", "year_from": "2027", "year_to": "2026", "amount": "1500"},
    )
    assert refused.status_code == 422 and 'id="cost-year-to-error"' in refused.text
    client.get("/cities", params={"lang": "de"})
    german = client.post(
        f"{base}/costs",
        data={"csrf_token": token, "kind": "capex", "year_from": "2027", "year_to": "2026", "amount": "1500"},
    )
    assert "geben Sie ein letztes Jahr an, das nicht vor dem ersten liegt." in german.text
    client.get("/cities", params={"lang": "en"})
    saved = client.post(
        f"{base}/costs",
        data={
            "csrf_token": token,
            "kind": "capex",
            "year_from": "2026",
            "year_to": "2028",
            "amount": "1,500.01",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get(f"{base}/money").text
    assert "2026–2028: 1,500.01 EUR" in page
    added = client.post(
        f"{base}/funding",
        data={
            "csrf_token": token,
            "source": "national_grant",
            "status": "secured",
            "label": "KfW",
            "amount": "700",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    page = client.get(f"{base}/money").text
    assert "National grant (secured): 700.00 EUR (KfW)" in page
    delete_link = page.split('href="' + base + "/funding/")[1].split('"')[0]
    confirm = client.get(f"{base}/funding/{delete_link}")
    assert confirm.status_code == 200 and "Delete this funding line?" in confirm.text
    gone = client.post(f"{base}/funding/{delete_link}", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303
    assert "KfW" not in client.get(f"{base}/money").text


def test_another_citys_editor_cannot_add_money(client: TestClient, world: World) -> None:
    ids = contract_city(world)
    token = log_in(client, "kyoto_editor")
    refused = client.post(
        f"/cities/{ids['city']}/plan/measures/{ids['bus']}/costs",
        data={"csrf_token": token, "kind": "capex", "year_from": "2026", "year_to": "2026", "amount": "1"},
    )
    assert refused.status_code == 404


def test_a_control_character_stored_in_a_title_leaves_the_files_whole(
    client: TestClient, world: World
) -> None:
    """Text stored before such characters were refused: openpyxl and the PDF renderer refuse them,
    so the files drop them instead of failing."""
    from sqlalchemy import update

    from citypact.storage.plans import PlanMeasure

    ids = contract_city(world)
    with world.db.write() as session:
        session.execute(update(PlanMeasure).where(PlanMeasure.id == ids["bus"]).values(title="Bus\x01 lanes"))
    log_in(client, "heidelberg_editor")
    xlsx = client.get(f"/cities/{ids['city']}/climate-city-contract.xlsx")
    assert xlsx.status_code == 200
    titles = [
        r[0] for r in load_workbook(io.BytesIO(xlsx.content))["Investment plan"].iter_rows(values_only=True)
    ]
    assert "Bus lanes" in titles
    pdf = client.get(f"/cities/{ids['city']}/climate-city-contract.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
