"""Measures, cases and plans over the API: reading, writing, who may write, bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citypact.services.plans import measures
from tests.conftest import World, bearer
from tests.factories import CATALOGUE


@pytest.fixture
def catalogue(world: World) -> None:
    with world.db.write() as session:
        measures.load_catalogue(session, CATALOGUE)


def test_taxonomy_and_catalogue(client: TestClient, catalogue: None) -> None:
    taxonomy = client.get("/api/v1/measures/taxonomy").json()
    assert "own_operations" in taxonomy["instrument"]
    assert len(taxonomy["sdgs"]) == 17
    items = client.get("/api/v1/measures", params={"lang": "ja", "instrument": "fiscal"}).json()
    assert [m["title"] for m in items] == ["省エネ改修補助"]
    assert client.get("/api/v1/measures", params={"field": "space"}).status_code == 422


def test_case_written_by_the_city_then_found(client: TestClient, world: World, catalogue: None) -> None:
    kyoto = world.city["Kyoto"]
    body = {
        "title": "Renovation grants for townhouses",
        "title_ja": "町家の省エネ改修補助",
        "summary": "Grants for insulating traditional townhouses.",
        "field": "buildings_residential",
        "instrument": "fiscal",
        "implementation": "implemented",
        "measure": "renovation_subsidy",
        "co_benefits": ["health"],
    }
    assert (
        client.post(
            f"/api/v1/cities/{kyoto}/cases", json=body, headers=bearer(world, "heidelberg_editor")
        ).status_code
        == 403
    )
    created = client.post(f"/api/v1/cities/{kyoto}/cases", json=body, headers=bearer(world, "kyoto_editor"))
    assert created.status_code == 201, created.text
    found = client.get("/api/v1/cases", params={"q": "町家", "co_benefits": "health"}).json()
    assert found["total"] == 1 and found["items"][0]["measure_code"] == "renovation_subsidy"
    bad = client.post(
        f"/api/v1/cities/{kyoto}/cases",
        json={**body, "implementation": "done"},
        headers=bearer(world, "kyoto_editor"),
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "implementation"]
    like = client.get(f"/api/v1/cities/{world.city['Sapporo']}/cases-like-mine").json()
    assert like[0]["case"]["city_name"] == "Kyoto"
    assert {"kind": "same_country", "mine": "JP", "other": "JP", "note": None, "sources": None} in like[0][
        "reasons"
    ]


def test_plan_over_the_api(client: TestClient, world: World, catalogue: None) -> None:
    city = world.city["Heidelberg"]
    headers = bearer(world, "heidelberg_editor")
    added = client.post(
        f"/api/v1/cities/{city}/plan/measures",
        json={
            "measure": "led_street_lighting",
            "start_date": "2025-01-01",
            "capex": 250000,
            "currency": "EUR",
            "expected_reduction_t": 300,
            "gpc_refs": ["I.2.2"],
        },
        headers=headers,
    )
    assert added.status_code == 201, added.text
    plan_id = added.json()["id"]
    milestone = client.post(
        f"/api/v1/cities/{city}/plan/measures/{plan_id}/milestones",
        json={"title": "Tender", "due_date": "2024-06-01"},
        headers=headers,
    )
    assert milestone.status_code == 422 and milestone.json()["detail"][0]["loc"] == ["body", "due_date"]
    assert (
        client.put(
            f"/api/v1/cities/{city}/target",
            json={
                "base_year": 2020,
                "base_emissions_t": 1000000,
                "target_year": 2030,
                "reduction_pct": 55,
                "source": "council 2021",
            },
            headers=headers,
        ).status_code
        == 204
    )
    plan = client.get(f"/api/v1/cities/{city}/plan").json()
    assert plan["measures"][0]["capex"] == 250000 and plan["measures"][0]["currency"] == "EUR"
    assert plan["wedge"]["target"][-1] == pytest.approx(450000)
    exported = client.get(f"/api/v1/cities/{city}/plan/export", params={"format": "csv"}).text
    imported = client.post(
        f"/api/v1/cities/{world.city['Munich']}/plan/import",
        files={"file": ("plan.csv", exported.encode(), "text/csv")},
        headers=headers,
    )
    assert imported.status_code == 403  # not Munich's editor


def test_plan_fields_and_a_target_from_an_inventory_over_the_api(client: TestClient, world: World) -> None:
    from tests.factories import reported_inventory

    city = world.city["Heidelberg"]
    reported_inventory(world, "Heidelberg", 2021, 800_000, 160_000)
    headers = bearer(world, "heidelberg_editor")
    body = {
        "title": "District heating",
        "field": "energy_supply",
        "instrument": "own_operations",
        "start_date": "2024-01-01",
        "end_date": "2027-12-31",
        "expected_reduction_t": 1000,
        "opex_per_year": 12000,
        "currency": "EUR",
        "funding_source": "loan",
        "funding": "KfW 432",
        "gpc_sector": "I",
        "responsible": "Stadtwerke",
        "co_benefits": ["resilience", "jobs"],
    }
    added = client.post(f"/api/v1/cities/{city}/plan/measures", json=body, headers=headers)
    assert added.status_code == 201, added.text
    for field, value in (("funding_source", "lottery"), ("gpc_sector", "IX"), ("co_benefits", ["fun"])):
        bad = client.post(
            f"/api/v1/cities/{city}/plan/measures", json={**body, field: value}, headers=headers
        )
        assert bad.status_code == 422, field
    target = {"base_year": 2021, "target_year": 2031, "reduction_pct": 50, "source": "council"}
    refused = client.put(
        f"/api/v1/cities/{city}/target", json={**target, "from_inventory": True},
        headers=bearer(world, "kyoto_editor"),
    )  # fmt: skip
    assert refused.status_code == 403
    done = client.put(
        f"/api/v1/cities/{city}/target", json={**target, "from_inventory": True}, headers=headers
    )
    assert done.status_code == 204, done.text
    plan = client.get(f"/api/v1/cities/{city}/plan").json()
    measure = plan["measures"][0]
    assert (measure["funding_source"], measure["gpc_sector"], measure["responsible"]) == (
        "loan",
        "I",
        "Stadtwerke",
    )
    assert measure["co_benefits"] == ["jobs", "resilience"] and measure["opex_per_year"] == 12000
    assert plan["target"]["base_emissions_t"] == 800_000
    gap = plan["gap"]
    assert gap["base_source"] == "inventory" and gap["current_source"] == "inventory"
    # 2021 is the base and the latest inventory; the measure ramps 2024-2027 to 1,000 t
    assert gap["gap"]["expected_t"] == 799_000 and gap["gap"]["to_find_t"] == 399_000
