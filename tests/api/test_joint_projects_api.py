"""/api/v1/joint-projects: the sharing table as JSON, versions, bounds and who sees what."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.services.cooperation.joint_projects import lifecycle
from citypact.storage.models import AuditEntry
from tests.api.joint_project_ops import PROJECT, P, joint_project
from tests.api.test_hostile_text import HOSTILE
from tests.conftest import World, bearer


def test_project_json_has_the_sharing_table(client: TestClient, world: World) -> None:
    ctx = joint_project(client, world)
    response = client.get(f"{P}/{ctx['project']}", headers=bearer(world, "kyoto_editor"))
    assert response.status_code == 200
    body = response.json()
    assert response.headers["ETag"] == f'W/"{body["version"]}"'
    heidelberg, kyoto = body["partners"]
    # Heidelberg's use is not given yet: the rule cannot be applied, the whole is shown unshared
    assert body["problem"] == "missing_input" and heidelberg["share"] is None
    assert body["years"] == [{"year": 2026, "capex_minor": 100_000, "opex_minor": 0, "total_minor": 100_000}]
    editor = bearer(world, "heidelberg_editor")
    changed = client.patch(
        f"{P}/{ctx['project']}/partners/{world.city['Heidelberg']}",
        json={"use_quantity": 1},
        headers=editor | {"If-Match": "*"},
    )
    body = changed.json()
    heidelberg, kyoto = body["partners"]
    # 1 : 3 of 1,000.00 and of 500 t a year
    assert (heidelberg["total_minor"], kyoto["total_minor"]) == (25_000, 75_000)
    assert (heidelberg["reduction_t"], kyoto["reduction_t"], body["attributed_t"]) == (125.0, 375.0, 500.0)
    assert kyoto["years"] == [{"year": 2026, "capex_minor": 75_000, "opex_minor": 0, "total_minor": 75_000}]
    assert body["funding_minor"] == 40_000 and body["problem"] is None


def test_list_is_for_partners_staff(client: TestClient, world: World) -> None:
    ctx = joint_project(client, world)
    assert client.get(P).status_code == 401
    assert client.get(P, headers=bearer(world, "plain_user")).json() == []
    listed = client.get(
        P, params={"city_id": world.city["Kyoto"]}, headers=bearer(world, "kyoto_editor")
    ).json()
    assert [p["id"] for p in listed] == [ctx["project"]] and listed[0]["partners"] == 2
    assert client.get(f"{P}/{ctx['project']}", headers=bearer(world, "plain_user")).status_code == 404


def test_a_stale_patch_is_refused(client: TestClient, world: World) -> None:
    ctx = joint_project(client, world)
    editor = bearer(world, "heidelberg_editor")
    assert client.patch(f"{P}/{ctx['project']}", json={"title": "x"}, headers=editor).status_code == 428
    stale = client.patch(f"{P}/{ctx['project']}", json={"title": "x"}, headers=editor | {"If-Match": 'W/"1"'})
    assert stale.status_code == 412


def test_bad_amounts_and_years_are_refused(client: TestClient, world: World) -> None:
    ctx = joint_project(client, world)
    editor = bearer(world, "heidelberg_editor")
    for body in (
        {"kind": "capex", "year_from": 2026, "amount": "1.001"},
        {"kind": "capex", "year_from": 2026, "amount": "NaN"},
        {"kind": "capex", "year_from": 2026, "amount": "1e30"},
        {"kind": "capex", "year_from": 2099, "amount": 1},
        {"kind": "capex", "year_from": 2026, "amount": 1, "extra": 1},
    ):
        response = client.post(f"{P}/{ctx['project']}/costs", json=body, headers=editor)
        assert response.status_code == 422, body


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_refused_naming_the_field(client: TestClient, world: World, hostile: str) -> None:
    editor = bearer(world, "heidelberg_editor")
    with world.db.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    body = PROJECT | {"lead_city_id": world.city["Heidelberg"], "title": f"Heat{hostile}net"}
    response = client.post(P, content=json.dumps(body), headers=editor | {"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert "title" in response.text
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_partners_are_bounded(client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = joint_project(client, world)  # Heidelberg and Kyoto
    monkeypatch.setattr(lifecycle, "MAX_PARTNERS", 2)
    editor = bearer(world, "heidelberg_editor")
    response = client.post(
        f"{P}/{ctx['project']}/partners", json={"city_id": world.city["Munich"]}, headers=editor
    )
    assert response.status_code == 422 and "at most 2 partners" in response.text
