"""/api/v1/cities/{id}/first-inventory: the guided path, the estimate, mentor comments."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.beginners_fixture import mentor_world
from tests.conftest import World, bearer


def _url(world: World, tail: str = "") -> str:
    return f"/api/v1/cities/{world.city['Heidelberg']}/first-inventory{tail}"


def test_the_path_from_estimate_to_submission(client: TestClient, world: World) -> None:
    mentor_world(world)
    editor = bearer(world, "heidelberg_editor")
    before = client.get(_url(world), headers=editor).json()
    assert before["inventory_id"] is None and len(before["steps"]) == 17
    assert before["steps"][0] == {
        "subsector": "I.1",
        "sector": "I",
        "refs": ["I.1.1", "I.1.2"],
        "need": "building_energy",
        "sources": ["utility_bills", "grid_operator", "gas_supplier", "fuel_sales"],
        "state": "missing",
    }
    preview = before["preview"]
    assert preview["total_t"] == pytest.approx(preview["per_capita_t"] * 159914)
    made = client.post(_url(world), json={"year": 2022}, headers=editor)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["inventory_status"] == "draft" and body["missing_refs"] == [] and body["preview"] is None
    assert {s["state"] for s in body["steps"]} == {"estimate"} and body["local_share"] == 0.0
    mentor = bearer(world, "munich_editor")
    assert client.get(_url(world), headers=mentor).json()["inventory_id"] == body["inventory_id"]
    said = client.post(
        _url(world, "/comments"), json={"subsector": "III.1", "body": "Ask the landfill."}, headers=mentor
    )
    assert said.status_code == 201, said.text
    comments = client.get(_url(world), headers=bearer(world, "heidelberg_viewer")).json()["comments"]
    assert [(c["subsector"], c["author_city_name"], c["body"]) for c in comments] == [
        ("III.1", "Munich", "Ask the landfill.")
    ]
    submitted = client.post(
        f"/api/v1/inventories/{body['inventory_id']}/status", json={"status": "submitted"}, headers=editor
    )
    assert submitted.status_code == 200, submitted.text
    assert client.get(_url(world), headers=editor).json()["inventory_status"] == "submitted"


@pytest.mark.parametrize(
    ("tail", "payload", "field"),
    [
        ("", {"year": 2022, "population": 0}, "population"),
        ("", {"year": 1980}, "year"),
        ("", {"year": 2022, "gwp": "AR9"}, "gwp"),
        ("/comments", {"subsector": "IV.1", "body": "x"}, "subsector"),
        ("/comments", {"subsector": "I.1", "body": "   "}, "body"),
    ],
)
def test_bad_input_names_the_field(
    client: TestClient, world: World, tail: str, payload: dict[str, object], field: str
) -> None:
    mentor_world(world, with_estimate=tail == "/comments")
    response = client.post(_url(world, tail), json=payload, headers=bearer(world, "heidelberg_editor"))
    assert response.status_code == 422, response.text
    assert field in response.text


def test_readers(client: TestClient, world: World) -> None:
    for who, code in (
        ("public", 401),
        ("kyoto_editor", 403),
        ("plain_user", 403),
        ("heidelberg_viewer", 200),
    ):
        assert client.get(_url(world), headers=bearer(world, who)).status_code == code, who
    assert (
        client.get("/api/v1/cities/999999/first-inventory", headers=bearer(world, "admin")).status_code == 404
    )
