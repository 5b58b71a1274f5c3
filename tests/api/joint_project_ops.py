"""The write operations of joint projects for the attack matrix (test_attack_surface.OPS): each
as (method, path, roles allowed, call, set-up). Heidelberg leads the project, Kyoto is a partner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World, bearer

P = "/api/v1/joint-projects"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
KYOTO_STAFF = frozenset({"admin", "kyoto_editor"})
Ctx = dict[str, Any]
PROJECT = {
    "title": "Neckar heat network",
    "kind": "district_heating",
    "rule": "use",
    "start_year": 2026,
    "end_year": 2035,
    "currency": "EUR",
    "reduction_t": 500,
}


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def joint_project(c: TestClient, w: World) -> Ctx:
    """A project of Heidelberg with Kyoto as partner, a cost line and a funding source, and a
    measure of Kyoto's plan to link."""
    hd = bearer(w, "heidelberg_editor")
    made = _ok(c.post(P, json=PROJECT | {"lead_city_id": w.city["Heidelberg"]}, headers=hd))
    pid = made["id"]
    _ok(c.post(f"{P}/{pid}/partners", json={"city_id": w.city["Kyoto"], "use_quantity": 3}, headers=hd))
    body = _ok(
        c.post(f"{P}/{pid}/costs", json={"kind": "capex", "year_from": 2026, "amount": "1000"}, headers=hd)
    )
    _ok(c.post(f"{P}/{pid}/funding", json={"source": "eu_grant", "amount": 400}, headers=hd))
    funding = _ok(c.get(f"{P}/{pid}", headers=hd))["funding"][0]["id"]
    measure = _ok(
        c.post(
            f"/api/v1/cities/{w.city['Kyoto']}/plan/measures",
            json={"title": "Heat network", "field": "energy_supply", "instrument": "own_operations"},
            headers=bearer(w, "kyoto_editor"),
        )
    )
    return {"project": pid, "cost": body["costs"][0]["id"], "funding": funding, "measure": measure["id"]}


Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]


def _kyoto(w: World) -> int:
    return w.city["Kyoto"]


OPS: list[Spec] = [
    (
        "POST",
        P,
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(P, json=PROJECT | {"lead_city_id": w.city["Heidelberg"]}, headers=h),
        lambda c, w: {},
    ),
    (
        "PATCH",
        P + "/{project_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(
            f"{P}/{x['project']}", json={"title": "Heat network"}, headers=h | {"If-Match": "*"}
        ),
        joint_project,
    ),
    (
        "DELETE",
        P + "/{project_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/{x['project']}", headers=h | {"If-Match": "*"}),
        joint_project,
    ),
    (
        "POST",
        P + "/{project_id}/status",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['project']}/status", json={"status": "planned"}, headers=h),
        joint_project,
    ),
    (
        "POST",
        P + "/{project_id}/partners",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/{x['project']}/partners", json={"city_id": w.city["Munich"], "use_quantity": 1}, headers=h
        ),
        joint_project,
    ),
    (
        "PATCH",
        P + "/{project_id}/partners/{city_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(
            f"{P}/{x['project']}/partners/{_kyoto(w)}",
            json={"use_quantity": 5},
            headers=h | {"If-Match": "*"},
        ),
        joint_project,
    ),
    (
        "DELETE",
        P + "/{project_id}/partners/{city_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(
            f"{P}/{x['project']}/partners/{_kyoto(w)}", headers=h | {"If-Match": "*"}
        ),
        joint_project,
    ),
    (
        "POST",
        P + "/{project_id}/partners/{city_id}/confirm",
        KYOTO_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['project']}/partners/{_kyoto(w)}/confirm", headers=h),
        joint_project,
    ),
    (
        "PUT",
        P + "/{project_id}/partners/{city_id}/plan-link",
        KYOTO_STAFF,
        lambda c, w, x, h: c.put(
            f"{P}/{x['project']}/partners/{_kyoto(w)}/plan-link",
            json={"plan_measure_id": x["measure"]},
            headers=h | {"If-Match": "*"},
        ),
        joint_project,
    ),
    (
        "POST",
        P + "/{project_id}/costs",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/{x['project']}/costs", json={"kind": "opex", "year_from": 2030, "amount": 10.5}, headers=h
        ),
        joint_project,
    ),
    (
        "DELETE",
        P + "/{project_id}/costs/{cost_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/{x['project']}/costs/{x['cost']}", headers=h | {"If-Match": "*"}),
        joint_project,
    ),
    (
        "POST",
        P + "/{project_id}/funding",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/{x['project']}/funding", json={"source": "loan", "amount": "250.00"}, headers=h
        ),
        joint_project,
    ),
    (
        "DELETE",
        P + "/{project_id}/funding/{funding_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(
            f"{P}/{x['project']}/funding/{x['funding']}", headers=h | {"If-Match": "*"}
        ),
        joint_project,
    ),
]
