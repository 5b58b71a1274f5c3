"""/api/v1/credit-accounts and /api/v1/credit-retirements: statements for the account's people,
the ledger's actions with the offset refusal at "use", If-Match on the Article 6 fields, public
retirements and the registry's Article 6 report."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.credits_fixture import credit_world

P = "/api/v1/credit-accounts"


def test_a_statement_is_for_the_accounts_people(client: TestClient, world: World) -> None:
    made = credit_world(world)
    assert client.get(f"{P}/{made.heidelberg_account}").status_code == 401
    assert (
        client.get(f"{P}/{made.heidelberg_account}", headers=bearer(world, "kyoto_editor")).status_code == 404
    )
    seen = client.get(f"{P}/{made.heidelberg_account}", headers=bearer(world, "heidelberg_viewer")).json()
    assert (seen["held_total"], seen["retired_total"]) == (237, 100)
    assert [b["label"][-19:] for b in seen["held"]] == ["000000031-000000130", "000000672-000000808"]
    assert [a["id"] for a in client.get(P, headers=bearer(world, "heidelberg_editor")).json()] == [
        made.heidelberg_account
    ]


def test_retire_refuses_an_offset_from_the_citys_own_project_at_use(client: TestClient, world: World) -> None:
    made = credit_world(world)
    body = {"quantity": 10, "use": "own_target", "beneficiary": "Kyoto", "claim_year": 2026}
    refused = client.post(
        f"{P}/blocks/{made.kyoto_held}/retire", json=body, headers=bearer(world, "kyoto_editor")
    )
    assert refused.status_code == 422 and "use" in refused.text and "own_territory" in refused.text
    done = client.post(
        f"{P}/blocks/{made.kyoto_held}/retire",
        json=body | {"use": "on_behalf"},
        headers=bearer(world, "kyoto_editor"),
    )
    assert done.status_code == 201
    record = client.get(f"/api/v1/credit-retirements/{done.json()['id']}").json()  # public
    assert (record["block"]["quantity"], record["use"], record["double_claim"]) == (10, "on_behalf", False)
    buyer = client.get(f"/api/v1/credit-retirements/{made.heidelberg_retirement}").json()
    assert buyer["double_claim"] is True


def test_article6_fields_need_the_blocks_etag(client: TestClient, world: World) -> None:
    made = credit_world(world)
    admin = bearer(world, "admin")
    read = client.get(f"{P}/blocks/{made.moved}", headers=admin)
    body = {"authorisation": "ndc", "adjustment": "applied"}
    assert (
        client.put(
            f"{P}/blocks/{made.moved}/article6", json=body, headers=admin | {"If-Match": 'W/"99"'}
        ).status_code
        == 412
    )
    saved = client.put(
        f"{P}/blocks/{made.moved}/article6", json=body, headers=admin | {"If-Match": read.headers["etag"]}
    )
    assert saved.status_code == 200 and saved.json()["adjustment"] == "applied"
    assert saved.headers["etag"] != read.headers["etag"]


def test_transfer_split_and_the_article6_report(client: TestClient, world: World) -> None:
    made = credit_world(world)
    editor = bearer(world, "heidelberg_editor")
    holders = client.get(f"{P}/holders", headers=editor).json()
    assert {h["name"] for h in holders} == {"Kyoto", "Heidelberg", "Kyoto Solar Coop"}
    body = {"to_account_id": made.kyoto_account, "quantity": 37}
    moved = client.post(f"{P}/blocks/{made.heidelberg_held}/transfer", json=body, headers=editor)
    assert moved.status_code == 200 and (moved.json()["serial_start"], moved.json()["serial_end"]) == (
        672,
        708,
    )
    halves = client.post(f"{P}/blocks/{made.moved}/split", json={"first_size": 40}, headers=editor).json()
    assert [(h["serial_start"], h["serial_end"]) for h in halves] == [(31, 70), (71, 130)]
    year = dt.datetime.now(dt.UTC).year
    assert client.get(f"{P}/article6/{year}", headers=editor).status_code == 403
    rows = client.get(f"{P}/article6/{year}", headers=bearer(world, "admin")).json()
    assert sum(r["block"]["quantity"] for r in rows) == 1000  # every credit issued, once
