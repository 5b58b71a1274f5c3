"""The procurement pages: a city's list and the form to open one, the page for each role, forms
that keep what was typed with the problem at the field, confirmation before withdrawing or
deleting, and the German and Japanese words."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.factories import joint_procurement, procurement
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in


def test_open_a_procurement_from_the_city_page(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    assert f'href="/cities/{heidelberg}/procurements"' in client.get(f"/cities/{heidelberg}").text
    assert 'href="/procurements"' in client.get("/").text
    data = {
        "csrf_token": token,
        "title": "Electric buses",
        "cpv": "3414491-0",
        "currency": "EUR",
        "participants": "Kyoto",
        "department": "Transport",
        "bids_due_at": "2099-06-30T12:00",
    }
    refused = client.post(f"/cities/{heidelberg}/procurements", data=data)
    assert refused.status_code == 422
    assert 'id="open-cpv" name="cpv" type="text" value="3414491-0" aria-invalid="true"' in refused.text
    assert "is not a CPV code; write 8 digits, a hyphen and the check digit" in refused.text
    assert 'value="Electric buses"' in refused.text and 'value="Kyoto"' in refused.text
    late = client.post(f"/cities/{heidelberg}/procurements", data={**data, "cpv": "", "bids_due_at": "soon"})
    assert_refused_at(late.text, "open-bids-due-at", "Deadline for bids (UTC): enter the date and time")
    saved = client.post(
        f"/cities/{heidelberg}/procurements", data={**data, "cpv": "34144910-0"}, follow_redirects=False
    )
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert "Electric buses" in page and "34144910-0" in page and "Kyoto" in page
    assert 'id="phase-market_dialogue"' in page and 'id="lot-form"' in page
    listed = client.get(f"/cities/{heidelberg}/procurements").text
    assert "Electric buses" in listed and "lead buyer" in listed


def test_the_lead_adds_lots_and_a_bad_lot_keeps_what_was_typed(client: TestClient, world: World) -> None:
    pid = procurement(world)
    token = log_in(client, "heidelberg_editor")
    refused = client.post(
        f"/procurements/{pid}/lots",
        data={"csrf_token": token, "number": "one", "title": "Buses", "unit": "bus"},
    )
    assert refused.status_code == 422
    assert_refused_at(refused.text, "lot-number", "Lot number: enter a whole number such as 160000")
    assert 'value="Buses"' in refused.text
    saved = client.post(
        f"/procurements/{pid}/lots",
        data={"csrf_token": token, "number": "1", "title": "Buses", "unit": "bus"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/procurements/{pid}?done=lot_saved#lots"
    said = client.get(saved.headers["location"], headers={"Accept-Language": "ja"})
    assert 'role="status"' in said.text and "ロットを保存しました" in said.text


def test_a_participant_states_its_demand_and_sees_the_totals(client: TestClient, world: World) -> None:
    jp = joint_procurement(world)
    token = log_in(client, "kyoto_editor")
    kyoto = str(world.city["Kyoto"])
    data = {
        "csrf_token": token,
        "city_id": kyoto,
        "lot_id": str(jp.lot_id),
        "quantity": "6",
        "delivery_from": "2027",
        "delivery_to": "2026",
        "budget_ceiling": "3,750,000.50",
    }
    refused = client.post(f"/procurements/{jp.id}/demand", data=data)
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "demand-delivery-to", "Last delivery year: 2026 is before the first delivery year 2027."
    )
    assert 'value="3,750,000.50"' in refused.text
    bad_money = client.post(
        f"/procurements/{jp.id}/demand",
        data={**data, "delivery_to": "2028", "budget_ceiling": "3.750.000,50"},
    )
    assert_refused_at(
        bad_money.text, "demand-budget-ceiling", "Budget ceiling: enter a number such as 1250.5"
    )
    saved = client.post(
        f"/procurements/{jp.id}/demand", data={**data, "delivery_to": "2028"}, follow_redirects=False
    )
    assert saved.status_code == 303
    page = client.get(f"/procurements/{jp.id}").text
    # Heidelberg 10 + Kyoto 6 buses; ceilings 6,000,000.00 + 3,750,000.50 EUR.
    assert '<td class="num">16</td>' in page and "9,750,000.50" in page
    assert "5,800,000.00" not in page  # Heidelberg's own estimate is not for Kyoto to see
    assert 'id="invite-form"' not in page and 'id="lot-form"' not in page


def test_withdrawing_asks_first(client: TestClient, world: World) -> None:
    jp = joint_procurement(world)
    token = log_in(client, "kyoto_editor")
    kyoto = world.city["Kyoto"]
    page = client.get(f"/procurements/{jp.id}").text
    assert f'href="/procurements/{jp.id}/withdraw/{kyoto}"' in page
    asked = client.get(f"/procurements/{jp.id}/withdraw/{kyoto}")
    assert asked.status_code == 200 and 'id="confirm-delete"' in asked.text and "Withdraw" in asked.text
    done = client.post(
        f"/procurements/{jp.id}/withdraw",
        data={"csrf_token": token, "city_id": kyoto},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "withdrawn" in client.get(f"/procurements/{jp.id}").text


def test_deleting_a_lot_asks_first(client: TestClient, world: World) -> None:
    jp = joint_procurement(world)
    token = log_in(client, "heidelberg_editor")
    asked = client.get(f"/procurements/{jp.id}/lots/{jp.lot_id}/delete").text
    assert "Delete this lot?" in asked and "Electric buses, 12 m" in asked
    client.post(
        f"/procurements/{jp.id}/lots/{jp.lot_id}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert "No lots yet." in client.get(f"/procurements/{jp.id}").text


def test_the_public_sees_the_published_part(client: TestClient, world: World) -> None:
    jp = joint_procurement(world)
    assert client.get(f"/procurements/{jp.id}").status_code == 404
    log_in(client, "heidelberg_editor")
    token = log_in(client, "heidelberg_editor")
    client.post(f"/procurements/{jp.id}/phase", data={"csrf_token": token, "phase": "tender_published"})
    client.cookies.clear()
    page = client.get(f"/procurements/{jp.id}").text
    assert "Tender published" in page and "the published part" in page
    assert 'id="demand-lines"' not in page and "Transport" not in page
    assert f'href="/procurements/{jp.id}"' in client.get("/procurements").text


def test_the_page_in_german_and_japanese(client: TestClient, world: World) -> None:
    jp = joint_procurement(world)
    log_in(client, "heidelberg_editor")
    german = client.get(f"/procurements/{jp.id}", params={"lang": "de"}).text
    assert "Bedarfsermittlung" in german and "Marktdialog" in german
    japanese = client.get(f"/procurements/{jp.id}", params={"lang": "ja"}).text
    assert "市場対話" in japanese
