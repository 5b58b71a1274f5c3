"""Catalogue, case and plan pages: filters, search in any language, an officer's plan edits by form."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.factories import seed_library
from tests.web.test_pages import log_in


@pytest.fixture
def library(world: World) -> None:
    seed_library(world)


def test_catalogue_and_case_pages(client: TestClient, world: World, library: None) -> None:
    page = client.get("/measures", params={"instrument": "fiscal"}).text
    assert "Renovation subsidy programme" in page and "LED street lighting" not in page
    german = client.get("/measures", params={"lang": "de"}).text
    assert "LED-Straßenbeleuchtung" in german
    found = client.get("/cases", params={"q": "街路灯", "lang": "en"}).text
    assert "LED street lights city-wide" in found
    link = found.split('href="/cases/')[1].split('"')[0]
    assert "All street lights replaced." in client.get(f"/cases/{link}").text
    assert client.get("/cases", params={"field": "space"}).status_code == 422


def test_officer_plans_by_form_and_the_public_reads_it(
    client: TestClient, world: World, library: None
) -> None:
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    response = client.post(
        f"/cities/{heidelberg}/target",
        data={
            "csrf_token": token,
            "base_year": "2020",
            "base_emissions_t": "1000000",
            "target_year": "2030",
            "reduction_pct": "50",
            "source": "council decision",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    response = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={
            "csrf_token": token,
            "measure": "led_street_lighting",
            "start_date": "2022-01-01",
            "capex": "250000",
            "currency": "EUR",
            "expected_reduction_t": "100000",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    bad = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={"csrf_token": token, "title": "Moon base", "field": "space", "instrument": "soft"},
    )
    assert bad.status_code == 422 and "field" in bad.text
    page = client.get(f"/cities/{heidelberg}/plan").text
    assert 'id="wedge-chart"' in page and "<svg" in page
    assert "LED street lighting" in page
    assert "400,000" in page  # 1,000,000 - 100,000 (plan) - 500,000 (target) left to find by 2030
    client.post("/logout", data={"csrf_token": token})
    public = client.get(f"/cities/{heidelberg}/plan").text
    assert "LED street lighting" in public and 'id="add-measure"' not in public
    assert "Cases from cities like this one" in public and "Munich" in public
    assert "same country (Germany)" in public
    # The reasons in the reader's language, never in English (they came as English before).
    german = client.get(f"/cities/{heidelberg}/plan?lang=de").text
    assert "gleiches Land (Deutschland)" in german and "same country" not in german
    japanese = client.get(f"/cities/{heidelberg}/plan?lang=ja").text
    assert "同じ国（ドイツ）" in japanese and "same country" not in japanese
