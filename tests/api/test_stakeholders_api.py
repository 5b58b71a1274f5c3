"""/api/v1/organisations: registration to confirmation over the API, the queue, one's own
organisations, editing with If-Match, and what the public reads."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.stakeholders_fixture import SOLAR, deal_with

P = "/api/v1/organisations"


def test_register_confirm_edit_and_read(client: TestClient, world: World) -> None:
    me, editor = bearer(world, "plain_user"), bearer(world, "heidelberg_editor")
    hd = world.city["Heidelberg"]
    made = client.post(P, json=SOLAR | {"city_id": hd, "position": "CFO"}, headers=me)
    assert made.status_code == 201, made.text
    org = made.json()["organisation"]
    assert (org["status"], org["contact_email"], made.json()["my_status"]) == (
        "pending",
        "info@solar.example",
        "requested",
    )
    again = client.post(P, json=SOLAR | {"city_id": hd, "name": "stadtwerke SOLAR eg"}, headers=me)
    assert again.status_code == 422 and "already registered" in again.text
    assert client.get(f"{P}/{org['id']}").status_code == 404  # pending: not public
    queue = client.get(f"{P}/queue", params={"city_id": hd}, headers=editor).json()
    assert [o["id"] for o in queue["organisations"]] == [org["id"]]
    assert client.get(f"{P}/queue", params={"city_id": hd}, headers=me).status_code == 403
    confirmed = client.post(f"{P}/{org['id']}/confirm", headers=editor)
    assert confirmed.json()["organisation"]["status"] == "confirmed"
    mine = client.get(f"{P}/mine", headers=me).json()
    assert [(m["organisation"]["id"], m["person"]["status"], m["person"]["position"]) for m in mine] == [
        (org["id"], "confirmed", "CFO")
    ]
    read = client.get(f"{P}/{org['id']}", headers=me)
    etag = read.headers["ETag"]
    changed = client.patch(f"{P}/{org['id']}", json={"size": "large"}, headers=me | {"If-Match": etag})
    assert changed.status_code == 200 and changed.json()["organisation"]["size"] == "large"
    stale = client.patch(f"{P}/{org['id']}", json={"size": "small"}, headers=me | {"If-Match": etag})
    assert stale.status_code == 412
    public = client.get(P, params={"city_id": hd}).json()
    assert (public["total"], public["items"][0]["contact_email"]) == (1, None)
    assert client.get(f"{P}/{org['id']}").json()["people"] is None


def test_people_ask_and_the_city_decides(client: TestClient, world: World) -> None:
    editor = bearer(world, "heidelberg_editor")
    org_id = client.post(
        P, json=SOLAR | {"city_id": world.city["Heidelberg"]}, headers=bearer(world, "plain_user")
    ).json()["organisation"]["id"]
    client.post(f"{P}/{org_id}/confirm", headers=editor)
    asked = client.post(
        f"{P}/{org_id}/people", json={"position": "CTO"}, headers=bearer(world, "kyoto_editor")
    )
    assert asked.status_code == 201 and asked.json()["person"]["status"] == "requested"
    person = asked.json()["person"]["id"]
    no_reason = client.post(f"{P}/{org_id}/people/{person}/refuse", json={"reason": ""}, headers=editor)
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    done = client.post(f"{P}/{org_id}/people/{person}/confirm", headers=editor)
    assert done.json()["status"] == "confirmed"
    ended = client.post(f"{P}/{org_id}/people/{person}/end", json={"reason": "Moved away."}, headers=editor)
    assert (ended.json()["status"], ended.json()["reason"]) == ("left", "Moved away.")


def test_public_reads_signed_deals_with_the_latest_value(client: TestClient, world: World) -> None:
    org_id = client.post(
        P, json=SOLAR | {"city_id": world.city["Heidelberg"]}, headers=bearer(world, "plain_user")
    ).json()["organisation"]["id"]
    client.post(f"{P}/{org_id}/confirm", headers=bearer(world, "heidelberg_editor"))
    deal_with(world, org_id, reports=((dt.date(2026, 6, 30), 120.0),))
    deal_with(world, org_id, title="Still a draft", status="draft")
    deals = client.get(f"{P}/{org_id}").json()["deals"]
    assert [d["title"] for d in deals] == ["Solar roofs on schools"]
    (c,) = deals[0]["commitments"]
    assert (c["kpi_target"], c["kpi_unit"], c["latest_value"], c["latest_as_of"]) == (
        400.0,
        "kWp",
        120.0,
        "2026-06-30",
    )


def test_bad_requests_are_refused(client: TestClient, world: World) -> None:
    me = bearer(world, "plain_user")
    assert client.get(P).status_code == 422  # the city is required
    assert client.get(P, params={"city_id": world.city["Heidelberg"], "size": 501}).status_code == 422
    assert (
        client.post(P, json=SOLAR | {"city_id": world.city["Heidelberg"], "extra": 1}, headers=me).status_code
        == 422
    )
    assert client.post(P, json=SOLAR | {"city_id": 999_999}, headers=me).status_code == 404
    assert client.get(f"{P}/999999").status_code == 404
