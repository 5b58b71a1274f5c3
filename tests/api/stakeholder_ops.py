"""The write operations of stakeholder organisations for the attack matrix
(test_attack_surface.OPS): each as (method, path, roles allowed, call, set-up). The organisations
belong to Heidelberg and are registered by an account outside the matrix's roles, so that every
role may ask to join them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from citypact.services.auth import accounts
from citypact.services.stakeholders import registration
from tests.conftest import World
from tests.factories import user

P = "/api/v1/organisations"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
SIGNED_IN = frozenset(
    {"plain_user", "heidelberg_viewer", "heidelberg_editor", "kyoto_editor", "c40_secretariat", "admin"}
)
Ctx = dict[str, Any]
ORG = {"name": "Neckar Energie eG", "kind": "utility", "sector": "energy", "contact_email": "a@b.example"}


def _organisation(w: World, *, confirm: bool, asking: str | None = None, confirm_asking: bool = False) -> Ctx:
    """A Heidelberg organisation of an outside registrant, pending or confirmed, and `asking`'s
    request to join it (confirmed if asked)."""
    with w.db.write() as session:
        owner = accounts.actor_for(session, user(session, name="stake_owner"))
        assert owner is not None
        org_id = registration.register(session, owner, w.city["Heidelberg"], ORG).id
        if confirm:
            registration.decide_organisation(session, w.actor("heidelberg_editor"), org_id, confirm=True)
    ctx: Ctx = {"org": org_id}
    if asking is not None:
        with w.db.write() as session:
            ctx["person"] = registration.request_to_join(session, w.actor(asking), org_id).id
        if confirm_asking:
            with w.db.write() as session:
                registration.decide_person(
                    session, w.actor("heidelberg_editor"), org_id, ctx["person"], confirm=True
                )
    return ctx


def _pending(c: TestClient, w: World) -> Ctx:
    return _organisation(w, confirm=False)


def _confirmed(c: TestClient, w: World) -> Ctx:
    return _organisation(w, confirm=True)


def _asked(c: TestClient, w: World) -> Ctx:
    return _organisation(w, confirm=True, asking="plain_user")


def _member(c: TestClient, w: World) -> Ctx:
    return _organisation(w, confirm=True, asking="plain_user", confirm_asking=True)


Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
WHY = {"reason": "Not known to the city."}

OPS: list[Spec] = [
    (
        "POST",
        P,
        SIGNED_IN,
        lambda c, w, x, h: c.post(P, json=ORG | {"city_id": w.city["Heidelberg"]}, headers=h),
        lambda c, w: {},
    ),
    (
        "PATCH",
        P + "/{organisation_id}",
        frozenset({"plain_user", "admin"}),
        lambda c, w, x, h: c.patch(f"{P}/{x['org']}", json={"sector": "heat"}, headers=h | {"If-Match": "*"}),
        _member,
    ),
    (
        "POST",
        P + "/{organisation_id}/confirm",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['org']}/confirm", headers=h),
        _pending,
    ),
    (
        "POST",
        P + "/{organisation_id}/refuse",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['org']}/refuse", json=WHY, headers=h),
        _pending,
    ),
    (
        "POST",
        P + "/{organisation_id}/people",
        SIGNED_IN,
        lambda c, w, x, h: c.post(f"{P}/{x['org']}/people", json={"position": "CEO"}, headers=h),
        _confirmed,
    ),
    (
        "POST",
        P + "/{organisation_id}/leave",
        frozenset({"plain_user"}),
        lambda c, w, x, h: c.post(f"{P}/{x['org']}/leave", headers=h),
        _asked,
    ),
    (
        "POST",
        P + "/{organisation_id}/people/{person_id}/confirm",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['org']}/people/{x['person']}/confirm", headers=h),
        _asked,
    ),
    (
        "POST",
        P + "/{organisation_id}/people/{person_id}/refuse",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['org']}/people/{x['person']}/refuse", json=WHY, headers=h),
        _asked,
    ),
    (
        "POST",
        P + "/{organisation_id}/people/{person_id}/end",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['org']}/people/{x['person']}/end", json=WHY, headers=h),
        _member,
    ),
]
