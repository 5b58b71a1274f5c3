"""The deals API end to end: a ready idea becomes a deal, each party writes and signs its own part,
the last signature signs the deal, and every reader sees what is theirs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.services.auth import accounts
from tests.conftest import World, bearer
from tests.deals_fixture import SOLAR, ready_idea, stakeholders

P = "/api/v1/deals"


def _token(world: World, who: str) -> dict[str, str]:
    with world.db.write() as session:
        token = accounts.issue_token(session, world.actor(who), "tests").token
    return {"Authorization": f"Bearer {token}"}


def test_idea_to_signed_deal(client: TestClient, world: World) -> None:
    orgs = stakeholders(world)
    idea = ready_idea(world, [orgs.stadtwerke])
    editor = bearer(world, "heidelberg_editor")
    utility = _token(world, "stadtwerke_person")
    housing = _token(world, "wohnbau_person")
    made = client.post(
        P, json={"idea_id": idea, "start_date": "2026-01-01", "end_date": "2030-12-31"}, headers=editor
    )
    assert made.status_code == 201, made.text
    deal = made.json()
    assert (deal["title"], deal["status"], deal["idea_id"]) == ("Solar roofs for every school", "draft", idea)
    city_party, org_party = (p["id"] for p in deal["parties"])
    assert [p["may_act"] for p in deal["parties"]] == [True, False]

    # each party writes its own commitments
    body = dict(SOLAR)
    assert (
        client.post(
            f"{P}/{deal['id']}/parties/{org_party}/commitments", json=body, headers=editor
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"{P}/{deal['id']}/parties/{org_party}/commitments", json=body, headers=housing
        ).status_code
        == 404
    )
    added = client.post(f"{P}/{deal['id']}/parties/{org_party}/commitments", json=body, headers=utility)
    assert added.status_code == 201, added.text
    solar = added.json()["parties"][1]["commitments"][0]
    assert (solar["kpi_baseline"], solar["kpi_target"], solar["gpc_sectors"]) == (5.0, 40.0, ["I"])
    funding = {"kind": "funding", "title": "Survey", "amount": "250000.50", "currency": "EUR"}
    added = client.post(f"{P}/{deal['id']}/parties/{city_party}/commitments", json=funding, headers=editor)
    assert added.json()["parties"][0]["commitments"][0]["amount_minor"] == 25_000_050
    bad = client.post(
        f"{P}/{deal['id']}/parties/{org_party}/commitments",
        json=body | {"kpi_target_year": 2020},
        headers=utility,
    )
    assert bad.status_code == 422 and "kpi_target_year" in bad.text

    # If-Match on the commitment's version
    stale = client.patch(
        f"{P}/{deal['id']}/commitments/{solar['id']}",
        json={"kpi_target": 45},
        headers=utility | {"If-Match": 'W/"9"'},
    )
    assert stale.status_code == 412
    assert (
        client.post(f"{P}/{deal['id']}/status", json={"status": "negotiating"}, headers=utility).status_code
        == 403
    )
    assert (
        client.post(f"{P}/{deal['id']}/status", json={"status": "negotiating"}, headers=editor).status_code
        == 200
    )

    # both sign; the last signature signs the deal on the later date
    sig = {
        "signatory_name": "Michael Teigeler",
        "signatory_title": "Managing Director",
        "signed_on": "2026-03-05",
    }
    assert (
        client.put(f"{P}/{deal['id']}/parties/{org_party}/signature", json=sig, headers=editor).status_code
        == 403
    )
    assert (
        client.put(f"{P}/{deal['id']}/parties/{org_party}/signature", json=sig, headers=utility).status_code
        == 200
    )
    sig = {"signatory_name": "Eckart Würzner", "signatory_title": "Lord Mayor", "signed_on": "2026-03-02"}
    signed = client.put(f"{P}/{deal['id']}/parties/{city_party}/signature", json=sig, headers=editor).json()
    assert (signed["status"], signed["signed_on"], signed["open_to_changes"]) == (
        "signed",
        "2026-03-05",
        False,
    )
    frozen = client.patch(
        f"{P}/{deal['id']}/commitments/{solar['id']}",
        json={"kpi_target": 45},
        headers=utility | {"If-Match": "*"},
    )
    assert frozen.status_code == 409

    # readers
    public = client.get(P, params={"city_id": world.city["Heidelberg"]}).json()
    assert public == [
        {
            "id": deal["id"], "city_id": world.city["Heidelberg"], "city_name": "Heidelberg",
            "title": "Solar roofs for every school", "action_field": "clean_energy", "status": "signed",
            "internal": False, "signed_on": None, "start_date": None, "end_date": None, "parties": None,
            "commitments": None,
        }
    ]  # fmt: skip
    assert client.get(f"{P}/{deal['id']}").status_code == 401
    assert client.get(f"{P}/{deal['id']}", headers=housing).status_code == 404
    got = client.get(f"{P}/{deal['id']}", headers=bearer(world, "heidelberg_viewer"))
    assert got.status_code == 200 and got.headers["ETag"] == f'W/"{got.json()["version"]}"'
    assert got.json()["expected_reduction_t"] == 1200.0


def test_bad_requests_name_the_field(client: TestClient, world: World) -> None:
    editor = bearer(world, "heidelberg_editor")
    assert (
        client.post(P, json={"title": "x", "action_field": "clean_energy"}, headers=editor).status_code == 422
    )
    wrong = client.post(
        P, json={"city_id": world.city["Heidelberg"], "title": "x", "action_field": "space"}, headers=editor
    )
    assert wrong.status_code == 422 and "action_field" in wrong.text
    assert client.get(P, params={"city_id": 2**40}).status_code == 422
    assert client.get(f"{P}/99999", headers=editor).status_code == 404
    assert client.post(P, json={"city_id": 1, "nonsense": 1}, headers=editor).status_code == 422
