"""The CO2 price pages: the list with sources, a schedule's versions and chart, the forms that add a
schedule or a version (editors only), keeping what was typed and saying at the field what is wrong."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import csrf_of, log_in

FORM = {
    "key": "city-price",
    "name": "Heidelberg shadow price",
    "publisher": "Stadt Heidelberg",
    "source": "council decision 2025",
    "url": "",
    "currency": "EUR",
    "price_year": "2025",
    "discounting": "like_costs",
    "valid_from": "2026-01-01",
    "prices": "2026: 300\n2030: 350",
    "note": "",
}


def test_the_list_shows_every_shipped_schedule_with_its_source(client: TestClient, world: World) -> None:
    page = client.get("/co2-prices")
    assert page.status_code == 200
    assert "KlimakostenV" in page.text and "Brennstoffemissionshandelsgesetz" in page.text
    assert 'href="/co2-prices/shipped/bw-klimag-8"' in page.text
    assert 'href="/co2-prices/new"' not in page.text  # the public adds nothing


def test_a_schedule_page_shows_its_versions_and_a_chart(client: TestClient, world: World) -> None:
    page = client.get("/co2-prices/shipped/bw-klimag-8")
    assert page.status_code == 200
    assert "<svg" in page.text
    assert page.text.index("Version 2025") < page.text.index("Version 2023")  # newest first
    assert "shipped/bw-klimag-8/2023" in page.text and "237.00" in page.text
    assert "Add a new version" not in page.text
    assert client.get("/co2-prices/shipped/nothing").status_code == 404


def test_an_editor_adds_a_schedule_then_a_version(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    owner = f"city-{world.city['Heidelberg']}"
    form = client.get("/co2-prices/new").text
    assert f'<option value="{owner}" selected>Heidelberg</option>' in form
    added = client.post(
        "/co2-prices/new", data={"csrf_token": token, "owner": owner, **FORM}, follow_redirects=False
    )
    assert added.status_code == 303, added.text
    assert added.headers["location"] == f"/co2-prices/{owner}/city-price?done=schedule_added"
    page = client.get(added.headers["location"]).text
    assert "CO₂ price schedule added" in page and "350.00" in page and "Add a new version" in page
    version = {**FORM, "valid_from": "2027-01-01", "prices": "2027: 400"}
    again = client.post(
        f"/co2-prices/{owner}/city-price/versions",
        data={"csrf_token": token, **version},
        follow_redirects=False,
    )
    assert again.status_code == 303
    page = client.get(f"/co2-prices/{owner}/city-price").text
    assert "Version 2" in page and "Version 1" in page and "400.00" in page and "300.00" in page


def test_the_form_keeps_what_was_typed_and_says_at_the_field_what_is_wrong(
    client: TestClient, world: World
) -> None:
    token = log_in(client, "heidelberg_editor")
    owner = f"city-{world.city['Heidelberg']}"
    bad = {**FORM, "prices": "2026 costs 300", "valid_from": "1.1.2026"}
    page = client.post("/co2-prices/new", data={"csrf_token": token, "owner": owner, **bad})
    assert page.status_code == 422
    assert_refused_at(
        page.text,
        "schedule-prices",
        "Prices per tonne CO₂e by year (one line each): write one year and its price a line, like 2026: 300",
    )
    assert_refused_at(
        page.text, "schedule-valid-from", "Applies from: enter a date as year-month-day, such as 2030-12-31"
    )
    assert "2026 costs 300</textarea>" in page.text and 'value="Heidelberg shadow price"' in page.text
    refused = client.post(
        "/co2-prices/new", data={"csrf_token": token, "owner": owner, **FORM, "key": "Bad Key"}
    )
    assert refused.status_code == 422
    assert re.search(r'id="schedule-key-error"', refused.text)


def test_another_citys_editor_cannot_add_for_heidelberg(client: TestClient, world: World) -> None:
    token = log_in(client, "kyoto_editor")
    owner = f"city-{world.city['Heidelberg']}"
    refused = client.post("/co2-prices/new", data={"csrf_token": token, "owner": owner, **FORM})
    assert refused.status_code == 403
    assert client.get("/co2-prices").text.count("Heidelberg shadow price") == 0


def test_the_pages_speak_german_and_japanese(client: TestClient, world: World) -> None:
    assert "CO₂-Preispfade" in client.get("/co2-prices", params={"lang": "de"}).text
    assert "CO₂価格スケジュール" in client.get("/co2-prices", params={"lang": "ja"}).text
    assert csrf_of(client.get("/procurement/try").text)
