"""/api/v1/networks/{slug}/annual-reports: the draft to the secretariat only, publishing with the
hash read, the frozen report to everybody."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.annual_report_fixture import report_world, set_inventory
from tests.conftest import World, bearer

R = "/api/v1/networks/c40/annual-reports"


def test_draft_publish_and_read(client: TestClient, world: World) -> None:
    report_world(world)
    secretariat = bearer(world, "c40_secretariat")
    assert client.get(f"{R}/2025").status_code == 404
    assert client.get(f"{R}/2025", headers=bearer(world, "kyoto_editor")).status_code == 404
    draft = client.get(f"{R}/2025", headers=secretariat).json()
    assert draft["status"] == "draft" and draft["base_year"] == 2020
    assert draft["figures"]["inventories"]["total_t"] == 3900.0
    set_inventory(world, "Heidelberg", 2023, "submitted", 700.0, 200)
    stale = client.post(f"{R}/2025/publish", json={"expected_hash": draft["data_hash"]}, headers=secretariat)
    assert stale.status_code == 409 and "changed since you read" in stale.json()["detail"]
    fresh = client.get(f"{R}/2025", headers=secretariat).json()
    made = client.post(f"{R}/2025/publish", json={"expected_hash": fresh["data_hash"]}, headers=secretariat)
    assert made.status_code == 201 and made.json()["status"] == "published"
    assert client.post(f"{R}/2025/publish", json={}, headers=secretariat).status_code == 409
    set_inventory(world, "Heidelberg", 2023, "submitted", 1.0, 200)
    public = client.get(f"{R}/2025").json()
    assert public["figures"]["inventories"]["total_t"] == 4000.0 and public["data_hash"] == fresh["data_hash"]
    listing = client.get(R).json()
    assert [r["year"] for r in listing["published"]] == [2025] and listing["can_draft"] is False


def test_bad_input_names_the_field(client: TestClient, world: World) -> None:
    report_world(world)
    secretariat = bearer(world, "c40_secretariat")
    bad = client.post(f"{R}/2025/publish", json={"base_year": 2026}, headers=secretariat)
    assert bad.status_code == 422 and "base_year" in bad.text
    assert (
        client.post(f"{R}/2025/publish", json={"expected_hash": "x"}, headers=secretariat).status_code == 422
    )
    assert client.get(f"{R}/1800", headers=secretariat).status_code == 422
    assert client.get("/api/v1/networks/nope/annual-reports").status_code == 404
