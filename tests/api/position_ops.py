"""The write operations of joint positions for the attack matrix (test_attack_surface.OPS): each as
(method, path, roles allowed, call, set-up). Heidelberg drafts; its editor (or an admin) changes,
sends and follows the draft; only Kyoto's own editor signs for Kyoto or withdraws its signature
(not even an administrator); c40's secretariat drafts recommendations in the network's name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from citypact.services.positions import drafting, evidence, signing
from tests.conftest import World
from tests.positions_fixture import position_world

P = "/api/v1/positions"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
KYOTO_EDITOR = frozenset({"kyoto_editor"})
C40_STAFF = frozenset({"admin", "c40_secretariat"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}
NEW = {"title": "Cycle lanes on federal roads", "asks": "Let cities paint them", "level": "national",
       "institution": "Bundesverkehrsministerium"}  # fmt: skip


def position_ctx(c: TestClient, w: World) -> Ctx:
    made = position_world(w)
    with w.db.write() as session:
        editor = w.actor("heidelberg_editor")
        item = evidence.add_evidence(
            session, editor, made.draft, {"kind": "survey", "reference": "Q1", "source": "c40 survey"}
        )
        lone = drafting.create_position(session, editor, {**NEW, "city_id": w.city["Heidelberg"]})
        signing.sign(session, editor, lone.id, w.city["Heidelberg"])
        signing.sign(session, w.actor("kyoto_editor"), made.recommendation, w.city["Kyoto"])
    return {"draft": made.draft, "sent": made.sent, "lone": lone.id, "evidence": item.id,
            "recommendation": made.recommendation, "kyoto": w.city["Kyoto"]}  # fmt: skip


OPS: list[Spec] = [
    ("POST", P, HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(P, json={**NEW, "city_id": w.city["Heidelberg"]}, headers=h), position_ctx),
    ("POST", P, C40_STAFF,
     lambda c, w, x, h: c.post(P, json={**NEW, "network": "c40"}, headers=h), position_ctx),
    ("PATCH", P + "/{position_id}", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.patch(f"{P}/{x['draft']}", json={"title": "Heat pumps"}, headers=h | ANY),
     position_ctx),
    ("POST", P + "/{position_id}/cities", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['lone']}/cities", json={"city_id": x["kyoto"]}, headers=h),
     position_ctx),
    ("DELETE", P + "/{position_id}/cities/{city_id}", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.delete(f"{P}/{x['draft']}/cities/{x['kyoto']}", headers=h | ANY), position_ctx),
    ("POST", P + "/{position_id}/evidence", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['draft']}/evidence", json={"kind": "reference", "reference": "r",
                                                                  "source": "s"}, headers=h), position_ctx),
    ("DELETE", P + "/{position_id}/evidence/{evidence_id}", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.delete(f"{P}/{x['draft']}/evidence/{x['evidence']}", headers=h | ANY),
     position_ctx),
    ("POST", P + "/{position_id}/signatures", KYOTO_EDITOR,
     lambda c, w, x, h: c.post(f"{P}/{x['draft']}/signatures", json={"city_id": x["kyoto"]}, headers=h),
     position_ctx),
    ("DELETE", P + "/{position_id}/signatures/{city_id}", KYOTO_EDITOR,
     lambda c, w, x, h: c.delete(f"{P}/{x['recommendation']}/signatures/{x['kyoto']}", headers=h | ANY),
     position_ctx),
    ("POST", P + "/{position_id}/send", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['lone']}/send", json={"sent_on": "2026-04-01", "channel": "email"},
                               headers=h | ANY), position_ctx),
    ("POST", P + "/{position_id}/answer", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['sent']}/answer", json={"outcome": "answered",
                                                               "answer_text": "Thanks",
                                                               "answer_on": "2026-04-02"}, headers=h | ANY),
     position_ctx),
]  # fmt: skip
