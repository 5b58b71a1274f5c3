"""The write operations of a plan measure's money for the attack matrix (test_attack_surface.OPS):
each as (method, path, roles allowed, call, set-up). Only Heidelberg's editors change its lines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World, bearer

M = "/api/v1/cities/{city_id}/plan/measures/{plan_id}"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def measure_with_money(c: TestClient, w: World) -> Ctx:
    """A measure of Heidelberg's plan in EUR with one cost line and one funding line."""
    hd = bearer(w, "heidelberg_editor")
    city = w.city["Heidelberg"]
    measure = _ok(
        c.post(
            f"/api/v1/cities/{city}/plan/measures",
            json={"title": "Depot", "field": "transport", "instrument": "own_operations", "currency": "EUR"},
            headers=hd,
        )
    )
    base = f"/api/v1/cities/{city}/plan/measures/{measure['id']}"
    cost = _ok(c.post(f"{base}/costs", json={"kind": "capex", "year_from": 2026, "year_to": 2027,
                                              "amount_minor": 100_00}, headers=hd))  # fmt: skip
    funding = _ok(
        c.post(
            f"{base}/funding", json={"source": "loan", "status": "sought", "amount_minor": 50_00}, headers=hd
        )
    )
    return {"base": base, "cost": cost["id"], "funding": funding["id"]}


OPS: list[Spec] = [
    (
        "POST",
        M + "/costs",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{x['base']}/costs",
            json={"kind": "opex", "year_from": 2026, "year_to": 2030, "amount_minor": 5_00},
            headers=h,
        ),
        measure_with_money,
    ),
    (
        "DELETE",
        M + "/costs/{cost_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{x['base']}/costs/{x['cost']}", headers=h),
        measure_with_money,
    ),
    (
        "POST",
        M + "/funding",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{x['base']}/funding",
            json={"source": "eu_grant", "status": "secured", "amount_minor": 20_00, "label": "LIFE"},
            headers=h,
        ),
        measure_with_money,
    ),
    (
        "DELETE",
        M + "/funding/{funding_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{x['base']}/funding/{x['funding']}", headers=h),
        measure_with_money,
    ),
]
