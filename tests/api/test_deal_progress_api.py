"""/api/v1/deals/{id}/progress and /api/v1/cities/{id}/deal-portfolio."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.services.auth import accounts
from tests.conftest import World, bearer
from tests.deal_progress_fixture import signed_deal


def _token(world: World, who: str) -> dict[str, str]:
    with world.db.write() as session:
        actor = world.actor(who)
        return {"Authorization": f"Bearer {accounts.issue_token(session, actor, 'tests').token}"}


def test_a_stakeholder_reports_through_the_api(client: TestClient, world: World) -> None:
    rows = signed_deal(world)
    housing = _token(world, "housing_person")
    body = {"commitment_id": rows.housing_commitment, "as_of": "2026-06-01", "value": 120.5, "note": "bills"}
    made = client.post(f"/api/v1/deals/{rows.deal_id}/progress", json=body, headers=housing)
    assert made.status_code == 201, made.text
    home = next(c for c in made.json()["commitments"] if c["id"] == rows.housing_commitment)
    assert home["reports"][0] | {"id": 0} == {"id": 0, "as_of": "2026-06-01", "value": 120.5, "note": "bills"}
    assert home["progress"]["latest"] == {"as_of": "2026-06-01", "value": 120.5}
    assert home["may_report"] is True
    # the other party's commitment is not theirs
    other = body | {"commitment_id": rows.solar_commitment}
    assert (
        client.post(f"/api/v1/deals/{rows.deal_id}/progress", json=other, headers=housing).status_code == 403
    )


def test_progress_is_for_insiders_and_bounded(client: TestClient, world: World) -> None:
    rows = signed_deal(world)
    url = f"/api/v1/deals/{rows.deal_id}/progress"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=bearer(world, "kyoto_editor")).status_code == 404
    seen = client.get(url, headers=bearer(world, "heidelberg_viewer"))
    assert seen.status_code == 200 and seen.json()["summary"]["unit"] == "t CO2e/a"
    editor = bearer(world, "heidelberg_editor")
    for bad in (
        {"commitment_id": rows.city_commitment, "as_of": "2026-06-01", "value": 1e16},
        {"commitment_id": rows.city_commitment, "as_of": "not a date", "value": 1},
        {"commitment_id": rows.city_commitment, "as_of": "2026-06-01", "value": 1, "note": "x" * 2001},
        {"commitment_id": rows.city_commitment, "as_of": "2026-06-01", "value": 1, "who": "me"},
    ):
        assert client.post(url, json=bad, headers=editor).status_code == 422


def test_the_portfolio_for_the_public(client: TestClient, world: World) -> None:
    signed_deal(world)
    got = client.get(f"/api/v1/cities/{world.city['Heidelberg']}/deal-portfolio")
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["deals"], body["commitments"], body["expected_t"], body["complete"]) == (1, 3, 650.0, False)
    assert [r["code"] for r in body["by_sdg"]] == ["7", "11"]
    assert client.get("/api/v1/cities/999999/deal-portfolio").status_code == 404
