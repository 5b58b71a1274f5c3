"""The joint-procurement API: a whole round from opening to publication, versions (ETag and
If-Match), what the public sees, documents as downloads, bounds and hostile text."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.storage.models import AuditEntry
from tests.api.attack_procurement import PDF, _invited, _joined
from tests.api.test_hostile_text import HOSTILE
from tests.conftest import World, bearer

P = "/api/v1"


def test_a_round_from_opening_to_publication(client: TestClient, world: World) -> None:
    ctx = _joined(client, world)
    pid, hd, ky = ctx["procurement"], bearer(world, "heidelberg_editor"), bearer(world, "kyoto_editor")
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    line = {"lot_id": ctx["lot"], "delivery_from": 2027, "delivery_to": 2029}
    assert (
        client.put(
            f"{P}/procurements/{pid}/demand",
            json={**line, "city_id": kyoto, "quantity": 4, "budget_ceiling_minor": 250_000_000},
            headers=ky,
        ).status_code
        == 200
    )
    assert (
        client.put(
            f"{P}/procurements/{pid}/demand",
            json={**line, "city_id": heidelberg, "quantity": 10.5, "budget_ceiling_minor": 600_000_000},
            headers=hd,
        ).status_code
        == 200
    )
    # Heidelberg's editor may not state Kyoto's demand.
    refused = client.put(
        f"{P}/procurements/{pid}/demand", json={**line, "city_id": kyoto, "quantity": 1}, headers=hd
    )
    assert refused.status_code == 403
    seen = client.get(f"{P}/procurements/{pid}", headers=ky)
    assert seen.headers["ETag"] == f'W/"{seen.json()["version"]}"'
    lot = seen.json()["lots"][0]
    assert (lot["total_quantity"], lot["participants"], lot["total_budget_minor"]) == (14.5, 2, 850_000_000)
    assert [d["city_id"] for d in seen.json()["demand"]] == [kyoto]
    moved = client.post(f"{P}/procurements/{pid}/phase", json={"phase": "tender_published"}, headers=hd)
    assert moved.status_code == 200 and moved.json()["phase"] == "tender_published"
    late = client.post(f"{P}/procurements/{pid}/withdraw", json={"city_id": kyoto}, headers=ky)
    assert late.status_code == 422 and "cannot withdraw after publication" in late.text
    public = client.get(f"{P}/procurements/{pid}")
    assert public.status_code == 200 and public.json()["demand"] == []
    assert [(p["id"], p["participants"]) for p in client.get(f"{P}/procurements").json()] == [(pid, 2)]
    assert [p["role"] for p in client.get(f"{P}/cities/{kyoto}/procurements").json()] == ["participant"]


def test_if_match_guards_changes(client: TestClient, world: World) -> None:
    ctx = _invited(client, world)
    url, hd = f"{P}/procurements/{ctx['procurement']}", bearer(world, "heidelberg_editor")
    version = client.get(url, headers=hd).headers["ETag"]
    assert client.patch(url, json={"title": "A"}, headers={**hd, "If-Match": version}).status_code == 200
    stale = client.patch(url, json={"title": "B"}, headers={**hd, "If-Match": version})
    assert stale.status_code == 412
    assert client.patch(url, json={"title": "C"}, headers=hd).status_code == 428


def test_unpublished_procurements_are_not_found_by_others(client: TestClient, world: World) -> None:
    ctx = _invited(client, world)
    url = f"{P}/procurements/{ctx['procurement']}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=bearer(world, "plain_user")).status_code == 404
    assert client.get(f"{url}/documents/{ctx['document']}").status_code == 404
    assert client.get(url, headers=bearer(world, "kyoto_editor")).status_code == 200


def test_documents_download_as_attachments(client: TestClient, world: World) -> None:
    ctx = _invited(client, world)
    url = f"{P}/procurements/{ctx['procurement']}/documents"
    hd = bearer(world, "heidelberg_editor")
    listed = client.get(url, headers=hd).json()
    assert [(d["name"], d["kind"], d["size_bytes"]) for d in listed] == [("t.pdf", "pdf", len(PDF))]
    got = client.get(f"{url}/{ctx['document']}", headers=bearer(world, "kyoto_editor"))
    assert got.content == PDF and got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith("attachment")
    assert got.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>\x00", 422),
        ("x.pdf", b"%PDF-" + b"0" * 10_000_001, 422),
        ("../../etc/passwd.pdf", PDF, 201),
    ],
)
def test_document_uploads_are_bounded(
    client: TestClient, world: World, name: str, content: bytes, status: int
) -> None:
    ctx = _invited(client, world)
    url = f"{P}/procurements/{ctx['procurement']}/documents"
    response = client.post(url, files={"file": (name, content)}, headers=bearer(world, "heidelberg_editor"))
    assert response.status_code == status, response.text
    if status == 201:
        assert response.json()["name"] == "passwd.pdf"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quantity": 1e13}, "quantity"),
        ({"quantity": -1}, "quantity"),
        ({"delivery_from": 1999}, "delivery_from"),
        ({"budget_ceiling_minor": -5}, "budget_ceiling_minor"),
        ({"lot_id": 2**31}, "lot_id"),
        ({"extra": 1}, "extra"),
    ],
)
def test_demand_bounds(client: TestClient, world: World, body: dict[str, object], field: str) -> None:
    ctx = _joined(client, world)
    line = {
        "city_id": world.city["Kyoto"],
        "lot_id": ctx["lot"],
        "quantity": 4,
        "delivery_from": 2027,
        "delivery_to": 2028,
        **body,
    }
    response = client.put(
        f"{P}/procurements/{ctx['procurement']}/demand", json=line, headers=bearer(world, "kyoto_editor")
    )
    assert response.status_code == 422
    assert any(field in d["loc"] for d in response.json()["detail"]), response.text


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("", {"title": "Bu{x}ses"}, "title"),
        ("/lots", {"number": 3, "title": "L", "unit": "b{x}us"}, "unit"),
        ("/dialogue", {"kind": "note", "body": "Note{x}"}, "body"),
        ("", {"subject": "S{x}ub"}, "subject"),
    ],
)
def test_hostile_text_is_refused_naming_the_field(
    client: TestClient, world: World, path: str, body: dict[str, str], field: str
) -> None:
    ctx = _invited(client, world)
    url = f"{P}/procurements/{ctx['procurement']}{path}"
    hd = {**bearer(world, "heidelberg_editor"), "If-Match": "*"}
    send = client.patch if path == "" else client.post
    with world.db.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    # NEL (U+0085) is a line break, allowed in multi-line text such as a subject or a dialogue entry.
    chars = [c for c in HOSTILE if c != "\x85" or field not in ("subject", "body")]
    for char in chars:
        hostile = {k: v.replace("{x}", char) if isinstance(v, str) else v for k, v in body.items()}
        content = json.dumps(hostile).encode()  # \ud800 stays an escape, as a hostile client sends it
        response = send(url, content=content, headers={**hd, "Content-Type": "application/json"})
        assert response.status_code == 422, (repr(char), response.text)
        assert any(field in d["loc"] for d in response.json()["detail"]), response.text
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_bad_codes_name_the_field(client: TestClient, world: World) -> None:
    hd = bearer(world, "heidelberg_editor")
    made = client.post(
        f"{P}/procurements",
        json={"title": "T", "lead_city_id": world.city["Heidelberg"], "cpv": "3414491-0"},
        headers=hd,
    )
    assert made.status_code == 422 and made.json()["detail"][0]["loc"][-1] == "cpv"
    ctx = _invited(client, world)
    moved = client.post(f"{P}/procurements/{ctx['procurement']}/phase", json={"phase": "award"}, headers=hd)
    assert moved.status_code == 422 and "phase" in moved.json()["detail"][0]["loc"]
    phase = client.put(f"{P}/procurements/{ctx['procurement']}/timeline/" + "x" * 30, json={}, headers=hd)
    assert phase.status_code == 404


def test_a_demand_line_is_replaced_only_with_its_version(client: TestClient, world: World) -> None:
    ctx = _joined(client, world)
    url, ky = f"{P}/procurements/{ctx['procurement']}/demand", bearer(world, "kyoto_editor")
    line = {
        "city_id": world.city["Kyoto"],
        "lot_id": ctx["lot"],
        "quantity": 4,
        "delivery_from": 2027,
        "delivery_to": 2028,
    }
    assert client.put(url, json=line, headers=ky).status_code == 200
    assert client.put(url, json={**line, "quantity": 5}, headers=ky).status_code == 200  # still at version 1
    assert client.put(url, json={**line, "quantity": 6}, headers=ky).status_code == 428
    assert (
        client.put(url, json={**line, "quantity": 6}, headers={**ky, "If-Match": 'W/"1"'}).status_code == 412
    )
    assert (
        client.put(url, json={**line, "quantity": 6}, headers={**ky, "If-Match": 'W/"2"'}).status_code == 200
    )
