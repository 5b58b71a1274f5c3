"""The write operations of the House of Change for the attack matrix (test_attack_surface.OPS):
each as (method, path, roles allowed, call, set-up). plain_user proposes the idea in Heidelberg."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from citypact.storage.models import Organisation
from tests.conftest import World, bearer

P = "/api/v1/ideas"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
# The roles of test_attack_surface.ROLES but the public.
ROLES_SIGNED_IN = frozenset(
    {"plain_user", "heidelberg_viewer", "heidelberg_editor", "kyoto_editor", "c40_secretariat", "admin"}
)
Ctx = dict[str, Any]
IDEA = {"title": "Solar roofs on every school", "action_field": "clean_energy", "sdg_targets": ["7.2"]}
DREAM = {"role": "dreamer", "answers": {"could_become": "a power plant", "who_benefits": "pupils"}}


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def proposed(c: TestClient, w: World) -> Ctx:
    made = _ok(c.post(P, json=IDEA | {"city_id": w.city["Heidelberg"]}, headers=bearer(w, "plain_user")))
    return {"idea": made["id"]}


def in_review(c: TestClient, w: World) -> Ctx:
    ctx = proposed(c, w)
    _ok(
        c.post(
            f"{P}/{ctx['idea']}/status", json={"status": "in_review"}, headers=bearer(w, "heidelberg_editor")
        )
    )
    return ctx


def with_organisation(c: TestClient, w: World) -> Ctx:
    ctx = proposed(c, w)
    with w.db.write() as session:
        org = Organisation(name="Stadtwerke Heidelberg", kind="utility", status="confirmed")
        session.add(org)
        session.flush()
        ctx["organisation"] = org.id
    return ctx


def reported(c: TestClient, w: World) -> Ctx:
    ctx = proposed(c, w)
    body = _ok(
        c.post(
            f"{P}/{ctx['idea']}/reports", json={"reason": "advertising"}, headers=bearer(w, "kyoto_editor")
        )
    )
    ctx["report"] = body["id"]
    return ctx


def hidden(c: TestClient, w: World) -> Ctx:
    ctx = proposed(c, w)
    _ok(c.post(f"{P}/{ctx['idea']}/hide", json={"reason": "spam"}, headers=bearer(w, "heidelberg_editor")))
    return ctx


Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]

OPS: list[Spec] = [
    (
        "POST",
        P,
        ROLES_SIGNED_IN,
        lambda c, w, x, h: c.post(P, json=IDEA | {"city_id": w.city["Heidelberg"]}, headers=h),
        lambda c, w: {},
    ),
    (
        "PATCH",
        P + "/{idea_id}",
        frozenset({"plain_user"}),
        lambda c, w, x, h: c.patch(
            f"{P}/{x['idea']}", json={"title": "Solar"}, headers=h | {"If-Match": "*"}
        ),
        proposed,
    ),
    (
        "POST",
        P + "/{idea_id}/reviews",
        ROLES_SIGNED_IN - {"plain_user"},
        lambda c, w, x, h: c.post(f"{P}/{x['idea']}/reviews", json=DREAM, headers=h),
        in_review,
    ),
    (
        "POST",
        P + "/{idea_id}/support",
        frozenset(
            {"admin"}
        ),  # an administrator may act for any organisation; no test role is confirmed for one
        lambda c, w, x, h: c.post(
            f"{P}/{x['idea']}/support", json={"organisation_id": x["organisation"]}, headers=h
        ),
        with_organisation,
    ),
    (
        "POST",
        P + "/{idea_id}/reports",
        ROLES_SIGNED_IN,
        lambda c, w, x, h: c.post(f"{P}/{x['idea']}/reports", json={"reason": "spam"}, headers=h),
        proposed,
    ),
    (
        "POST",
        P + "/{idea_id}/status",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['idea']}/status", json={"status": "in_review"}, headers=h),
        proposed,
    ),
    (
        "POST",
        P + "/{idea_id}/hide",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['idea']}/hide", json={"reason": "spam"}, headers=h),
        proposed,
    ),
    (
        "POST",
        P + "/{idea_id}/restore",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['idea']}/restore", json={"reason": "a mistake"}, headers=h),
        hidden,
    ),
    (
        "POST",
        P + "/reports/{report_id}/keep",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/reports/{x['report']}/keep", headers=h),
        reported,
    ),
]
