"""The write operations of survey rounds for the attack matrix (test_attack_surface.OPS): each as
(method, path, roles allowed, call, set-up). C40's secretariat builds, sends, reminds, closes and
reopens; a city's editors answer for their city (Kyoto's here, whose response is still open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.surveys_fixture import (
    DEADLINE,
    GOOD_FILE,
    QUESTIONS,
    answer,
    draft_round,
    members,
    sent_round,
    upload_round,
)

N = "/api/v1/networks/{slug}/surveys"
R = "/api/v1/survey-rounds"
SECRETARIAT = frozenset({"admin", "c40_secretariat"})
KYOTO = frozenset({"admin", "kyoto_editor"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}


def draft_ctx(c: TestClient, w: World) -> Ctx:
    members(w)
    return {"round": draft_round(w)}


def sent_ctx(c: TestClient, w: World) -> Ctx:
    s = sent_round(w)
    answer(w, s, "heidelberg_editor", s.heidelberg, {"has_plan": "no"})
    return {"round": s.round_id, "heidelberg": s.heidelberg, "kyoto": s.kyoto}


def upload_ctx(c: TestClient, w: World) -> Ctx:
    s = upload_round(w)
    return {"round": s.round_id, "heidelberg": s.heidelberg, "kyoto": s.kyoto}


OPS: list[Spec] = [
    ("POST", N, SECRETARIAT,
     lambda c, w, x, h: c.post("/api/v1/networks/c40/surveys", headers=h,
                               json={"title": "Round", "deadline": DEADLINE, "questions": QUESTIONS}),
     draft_ctx),
    ("PATCH", R + "/{round_id}", SECRETARIAT,
     lambda c, w, x, h: c.patch(f"{R}/{x['round']}", json={"title": "Renamed"}, headers=h | ANY), draft_ctx),
    ("PUT", R + "/{round_id}/questions/{key}", SECRETARIAT,
     lambda c, w, x, h: c.put(f"{R}/{x['round']}/questions/staff", headers=h | ANY,
                              json={"key": "staff", "kind": "number", "text": {"en": "Climate staff"}}),
     draft_ctx),
    ("POST", R + "/{round_id}/questions/{key}/move", SECRETARIAT,
     lambda c, w, x, h: c.post(f"{R}/{x['round']}/questions/topics/move", json={"direction": "up"},
                               headers=h | ANY), draft_ctx),
    ("POST", R + "/{round_id}/send", SECRETARIAT,
     lambda c, w, x, h: c.post(f"{R}/{x['round']}/send", json={"city_ids": [w.city["Kyoto"]]}, headers=h),
     draft_ctx),
    ("POST", R + "/{round_id}/close", SECRETARIAT,
     lambda c, w, x, h: c.post(f"{R}/{x['round']}/close", headers=h), sent_ctx),
    ("POST", R + "/{round_id}/reminders", SECRETARIAT,
     lambda c, w, x, h: c.post(f"{R}/{x['round']}/reminders", headers=h), sent_ctx),
    ("PUT", R + "/{round_id}/cities/{city_id}", KYOTO,
     lambda c, w, x, h: c.put(f"{R}/{x['round']}/cities/{x['kyoto']}",
                              json={"answers": {"has_plan": "no"}, "submit": True}, headers=h | ANY),
     sent_ctx),
    ("POST", R + "/{round_id}/cities/{city_id}/reopen", SECRETARIAT,
     lambda c, w, x, h: c.post(f"{R}/{x['round']}/cities/{x['heidelberg']}/reopen", json={"reason": "Check"},
                               headers=h), sent_ctx),
    ("POST", R + "/{round_id}/cities/{city_id}/inventory-file", KYOTO,
     lambda c, w, x, h: c.post(f"{R}/{x['round']}/cities/{x['kyoto']}/inventory-file", headers=h,
                               data={"key": "inventory"},
                               files={"file": ("activities-2024.csv", GOOD_FILE, "text/csv")}),
     upload_ctx),
]  # fmt: skip
