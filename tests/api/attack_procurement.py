"""The joint-procurement operations of the attack matrix (tests/api/test_attack_surface.py):
each write endpoint with the roles it allows and the set-up it acts on. Heidelberg leads; Kyoto is
invited (and, in `_joined`, has joined and stated its demand)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World, bearer

P = "/api/v1"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
KYOTO_STAFF = frozenset({"admin", "kyoto_editor"})
PDF = b"%PDF-1.4\n%%EOF\n"

Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Setup = Callable[[TestClient, World], Ctx]


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def _invited(c: TestClient, w: World) -> Ctx:
    """Heidelberg's procurement with one lot and a stored document; Kyoto invited."""
    hd = bearer(w, "heidelberg_editor")
    made = _ok(
        c.post(
            f"{P}/procurements",
            json={
                "title": "Electric buses",
                "cpv": "34144910-0",
                "lead_city_id": w.city["Heidelberg"],
                "participants": [w.city["Kyoto"]],
                "bids_due_at": "2099-06-30T12:00:00+02:00",
            },
            headers=hd,
        )
    )
    pid = made["id"]
    lot = _ok(
        c.post(
            f"{P}/procurements/{pid}/lots", json={"number": 1, "title": "Buses", "unit": "bus"}, headers=hd
        )
    )
    document = _ok(c.post(f"{P}/procurements/{pid}/documents", files={"file": ("t.pdf", PDF)}, headers=hd))
    return {"procurement": pid, "lot": lot["id"], "document": document["id"]}


def _joined(c: TestClient, w: World) -> Ctx:
    ctx = _invited(c, w)
    ky = bearer(w, "kyoto_editor")
    _ok(c.post(f"{P}/procurements/{ctx['procurement']}/join", json={"city_id": w.city["Kyoto"]}, headers=ky))
    return ctx


def _demand(w: World, x: Ctx, quantity: float) -> dict[str, Any]:
    return {
        "city_id": w.city["Kyoto"],
        "lot_id": x["lot"],
        "quantity": quantity,
        "delivery_from": 2027,
        "delivery_to": 2028,
    }


def _url(x: Ctx, tail: str = "") -> str:
    return f"{P}/procurements/{x['procurement']}{tail}"


OPS: list[tuple[str, str, frozenset[str], Call, Setup]] = [
    (
        "POST",
        f"{P}/procurements",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/procurements",
            json={"title": "LED street lights", "lead_city_id": w.city["Heidelberg"]},
            headers=h,
        ),
        lambda c, w: {},
    ),
    (
        "PATCH",
        f"{P}/procurements/{{procurement_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(_url(x), json={"title": "E-buses"}, headers={**h, "If-Match": "*"}),
        _invited,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/phase",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(_url(x, "/phase"), json={"phase": "market_dialogue"}, headers=h),
        _invited,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/cancel",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(_url(x, "/cancel"), json={"reason": "Budget cut"}, headers=h),
        _invited,
    ),
    (
        "PUT",
        f"{P}/procurements/{{procurement_id}}/timeline/{{phase}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.put(_url(x, "/timeline/award"), json={"planned_on": "2099-09-01"}, headers=h),
        _invited,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/participants",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(_url(x, "/participants"), json={"city_id": w.city["Munich"]}, headers=h),
        _invited,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/join",
        KYOTO_STAFF,
        lambda c, w, x, h: c.post(
            _url(x, "/join"), json={"city_id": w.city["Kyoto"], "department": "Bus"}, headers=h
        ),
        _invited,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/withdraw",
        KYOTO_STAFF,
        lambda c, w, x, h: c.post(_url(x, "/withdraw"), json={"city_id": w.city["Kyoto"]}, headers=h),
        _joined,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/lots",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            _url(x, "/lots"), json={"number": 2, "title": "Chargers", "unit": "charger"}, headers=h
        ),
        _invited,
    ),
    (
        "PATCH",
        f"{P}/procurements/{{procurement_id}}/lots/{{lot_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(
            _url(x, f"/lots/{x['lot']}"), json={"title": "E-buses"}, headers={**h, "If-Match": "*"}
        ),
        _invited,
    ),
    (
        "DELETE",
        f"{P}/procurements/{{procurement_id}}/lots/{{lot_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(_url(x, f"/lots/{x['lot']}"), headers=h),
        _invited,
    ),
    (
        "PUT",
        f"{P}/procurements/{{procurement_id}}/demand",
        KYOTO_STAFF,
        lambda c, w, x, h: c.put(_url(x, "/demand"), json=_demand(w, x, 4), headers=h),
        _joined,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/dialogue",
        KYOTO_STAFF,
        lambda c, w, x, h: c.post(
            _url(x, "/dialogue"),
            json={"kind": "question", "body": "Depot charging?", "city_id": w.city["Kyoto"]},
            headers=h,
        ),
        _joined,
    ),
    (
        "POST",
        f"{P}/procurements/{{procurement_id}}/documents",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(_url(x, "/documents"), files={"file": ("spec.pdf", PDF)}, headers=h),
        _invited,
    ),
    (
        "DELETE",
        f"{P}/procurements/{{procurement_id}}/documents/{{document_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(_url(x, f"/documents/{x['document']}"), headers=h),
        _invited,
    ),
]
