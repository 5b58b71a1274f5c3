"""The write operations of business matchmaking for the attack matrix (test_attack_surface.OPS):
each as (method, path, roles allowed, call, set-up). Of the matrix's roles only an administrator
speaks for the provider organisation (its own person's rights are tested in test_offers_api.py);
Heidelberg's editor starts conversations in its name, and its editor and viewer reply (the
provider side is its organisation's person, not one of the matrix's roles)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from citypact.services.matchmaking import messages
from tests.conftest import World
from tests.offers_fixture import offer_world

P = "/api/v1/provider-offers"
C = "/api/v1/conversations"
ADMIN = frozenset({"admin"})
HEIDELBERG_EDITOR = frozenset({"heidelberg_editor"})
HEIDELBERG_SIDE = frozenset({"heidelberg_editor", "heidelberg_viewer"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}
NEW = {"title": "Bus depot chargers", "kind": "technology", "fields": ["transport"], "countries": ["DE"]}


def offer_ctx(c: TestClient, w: World) -> Ctx:
    made = offer_world(w)
    return {"provider": made.provider, "offer": made.led_offer, "reference": made.reference}


def conversation_ctx(c: TestClient, w: World) -> Ctx:
    made = offer_world(w)
    with w.db.write() as session:
        conv = messages.start_conversation(
            session, w.actor("heidelberg_editor"), made.led_offer, w.city["Heidelberg"], subject="LED",
            body="Hello",
        )  # fmt: skip
        return {"offer": made.led_offer, "conversation": conv.id}


OPS: list[Spec] = [
    ("POST", P, ADMIN,
     lambda c, w, x, h: c.post(P, json={"organisation_id": x["provider"], **NEW}, headers=h), offer_ctx),
    ("PATCH", P + "/{offer_id}", ADMIN,
     lambda c, w, x, h: c.patch(f"{P}/{x['offer']}", json={"title": "LED+"}, headers=h | ANY), offer_ctx),
    ("POST", P + "/{offer_id}/references", ADMIN,
     lambda c, w, x, h: c.post(f"{P}/{x['offer']}/references", json={"place": "Graz", "project": "Lights"},
                               headers=h), offer_ctx),
    ("DELETE", P + "/{offer_id}/references/{reference_id}", ADMIN,
     lambda c, w, x, h: c.delete(f"{P}/{x['offer']}/references/{x['reference']}", headers=h | ANY),
     offer_ctx),
    ("POST", C, HEIDELBERG_EDITOR,
     lambda c, w, x, h: c.post(C, json={"offer_id": x["offer"], "city_id": w.city["Heidelberg"],
                                        "subject": "Offer", "body": "Interested"}, headers=h), offer_ctx),
    ("POST", C + "/{conversation_id}/messages", HEIDELBERG_SIDE,
     lambda c, w, x, h: c.post(f"{C}/{x['conversation']}/messages", json={"body": "More?"}, headers=h),
     conversation_ctx),
]  # fmt: skip
