"""/api/v1/funding-programmes and /api/v1/funding-applications end to end: the list's filters,
paging and stated order, an entry with its calls, If-Match on versioned rows, fields refused where
they are wrong, suggestions kept from the public, a joint application through submission."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.funding_programmes_fixture import PROGRAMME, catalogue_world

P = "/api/v1/funding-programmes"
A = "/api/v1/funding-applications"


def test_list_filters_pages_and_states_the_order(client: TestClient, world: World) -> None:
    catalogue_world(world)
    listed = client.get(P, params={"country": "AT", "size": 1})
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 2
    assert len(body["items"]) == 1
    assert "never by payment" in body["order"]
    assert client.get(P, params={"instrument": "gift"}).status_code == 422
    assert client.get(P, params={"size": 501}).status_code == 422
    assert client.get(P, params={"q": "x" * 101}).status_code == 422


def test_create_read_and_edit_with_if_match(client: TestClient, world: World) -> None:
    c40 = bearer(world, "c40_secretariat")
    made = client.post(P, json={**PROGRAMME, "checked_on": "2026-01-02"}, headers=c40)
    assert made.status_code == 201, made.text
    pid = made.json()["id"]
    assert made.json()["amount_max_minor"] == 250_000_050
    assert made.json()["maintainer_network"] == "C40 Cities"
    first = client.patch(f"{P}/{pid}", json={"summary": "x"}, headers=c40)  # unchanged since created
    assert first.status_code == 200, first.text
    assert client.patch(f"{P}/{pid}", json={"summary": "y"}, headers=c40).status_code == 428
    etag = first.headers["ETag"]
    changed = client.patch(f"{P}/{pid}", json={"summary": "With loans."}, headers=c40 | {"If-Match": etag})
    assert changed.status_code == 200, changed.text
    stale = client.patch(f"{P}/{pid}", json={"summary": "late"}, headers=c40 | {"If-Match": etag})
    assert stale.status_code == 412
    call = client.post(f"{P}/{pid}/calls", json={"title": "Open", "closes_on": "2099-01-31"}, headers=c40)
    assert call.status_code == 201, call.text
    assert call.json()["calls"][0]["state"] == "open"
    assert call.json()["state"] == "open"
    public = client.get(f"{P}/{pid}")
    assert public.status_code == 200
    assert public.json()["summary"] == "With loans."


def test_bad_fields_are_named(client: TestClient, world: World) -> None:
    c40 = bearer(world, "c40_secretariat")
    bad = client.post(P, json={**PROGRAMME, "source_url": "ftp://x.org"}, headers=c40)
    assert bad.status_code == 422
    assert "source_url" in bad.text
    unknown = client.post(P, json={**PROGRAMME, "colour": "green"}, headers=c40)
    assert unknown.status_code == 422
    made = catalogue_world(world)
    backwards = client.post(
        f"{P}/{made.programme}/calls",
        json={"title": "B", "opens_on": "2027-02-01", "closes_on": "2027-01-01"},
        headers=c40,
    )
    assert backwards.status_code == 422
    assert "closes_on" in backwards.text


def test_suggestions_stay_out_of_public_view(client: TestClient, world: World) -> None:
    hd = bearer(world, "heidelberg_editor")
    made = client.post(
        f"{P}/suggestions",
        json={**PROGRAMME, "city_id": world.city["Heidelberg"], "checked_on": "2026-01-02"},
        headers=hd,
    )
    assert made.status_code == 201, made.text
    pid = made.json()["id"]
    assert made.json()["status"] == "suggested"
    assert client.get(f"{P}/{pid}").status_code == 404
    assert client.get(P).json()["total"] == 0
    review = client.get(P, params={"status": "suggested"}, headers=bearer(world, "c40_secretariat"))
    assert [p["id"] for p in review.json()["items"]] == [pid]
    accepted = client.post(f"{P}/{pid}/accept", json={}, headers=bearer(world, "c40_secretariat"))
    assert accepted.status_code == 200, accepted.text
    assert client.get(f"{P}/{pid}").status_code == 200


def test_joint_application_to_submission(client: TestClient, world: World) -> None:
    made = catalogue_world(world)
    hd = bearer(world, "heidelberg_editor")
    formed = client.post(
        A,
        json={"programme_id": made.joint, "lead_city_id": world.city["Heidelberg"], "title": "Heat exchange",
              "partner_city_ids": [world.city["Munich"]], "amount_sought": 900000},
        headers=hd,
    )  # fmt: skip
    assert formed.status_code == 201, formed.text
    aid = formed.json()["id"]
    assert formed.json()["shortfall"] == {
        "cities": 1,
        "countries": 1,
        "needed_cities": 3,
        "needed_countries": 2,
    }
    early = client.post(f"{A}/{aid}/status", json={"status": "submitted"}, headers=hd)
    assert early.status_code == 422
    assert "add 1 more city, from 1 more country" in early.text
    added = client.post(f"{A}/{aid}/cities", json={"city_id": world.city["Kyoto"]}, headers=hd)
    assert added.status_code == 201, added.text
    submitted = client.post(f"{A}/{aid}/status", json={"status": "submitted"}, headers=hd)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["next_statuses"] == ["awarded", "rejected", "withdrawn"]
    seen_by_kyoto = client.get(A, headers=bearer(world, "kyoto_editor")).json()
    assert [a["id"] for a in seen_by_kyoto] == [aid]
    assert client.get(f"{A}/{aid}").status_code == 401  # applications are never public
    assert client.get(f"{A}/{aid}", headers=bearer(world, "c40_secretariat")).status_code == 404
