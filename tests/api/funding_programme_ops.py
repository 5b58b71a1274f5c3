"""The write operations of the funding catalogue and of applications for the attack matrix
(test_attack_surface.OPS): each as (method, path, roles allowed, call, set-up). C40's secretariat
adds the programmes of tests/funding_programmes_fixture.py, so it and administrators keep them;
Heidelberg suggests entries and leads the applications, so its editors (and administrators) act
for it; the secretariat forms no application for Heidelberg, which is no confirmed C40 member."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from citypact.services.funding import applications, programme_writes
from tests.conftest import World
from tests.funding_programmes_fixture import JOINT, PROGRAMME, TODAY, catalogue_world

P = "/api/v1/funding-programmes"
A = "/api/v1/funding-applications"
C40_STAFF = frozenset({"admin", "c40_secretariat"})
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}
NEW = {**PROGRAMME, "checked_on": TODAY.isoformat(), "name": "New fund"}


def programme_ctx(c: TestClient, w: World) -> Ctx:
    made = catalogue_world(w)
    return {"programme": made.programme, "joint": made.joint, "call": made.open_call}


def suggestion_ctx(c: TestClient, w: World) -> Ctx:
    with w.db.write() as session:
        made = programme_writes.suggest_programme(
            session, w.actor("heidelberg_editor"), w.city["Heidelberg"], {**JOINT, "name": "Idea"},
            today=TODAY,
        )  # fmt: skip
        return {"programme": made.id}


def application_ctx(c: TestClient, w: World) -> Ctx:
    made = catalogue_world(w)
    with w.db.write() as session:
        app = applications.create_application(
            session, w.actor("heidelberg_editor"),
            {"programme_id": made.joint, "lead_city_id": w.city["Heidelberg"], "title": "Exchange",
             "partner_city_ids": [w.city["Munich"]]},
        )  # fmt: skip
        return {"application": app.id, "joint": made.joint}


OPS: list[Spec] = [
    ("POST", P, C40_STAFF, lambda c, w, x, h: c.post(P, json=NEW, headers=h), lambda c, w: {}),
    ("POST", P + "/suggestions", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/suggestions", json={**NEW, "city_id": w.city["Heidelberg"]}, headers=h),
     lambda c, w: {}),
    ("PATCH", P + "/{programme_id}", C40_STAFF,
     lambda c, w, x, h: c.patch(f"{P}/{x['programme']}", json={"summary": "New."}, headers=h | ANY),
     programme_ctx),
    ("POST", P + "/{programme_id}/checked", C40_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['programme']}/checked", headers=h), programme_ctx),
    ("POST", P + "/{programme_id}/end", C40_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['programme']}/end", json={"reason": "Over."}, headers=h),
     programme_ctx),
    ("POST", P + "/{programme_id}/accept", C40_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['programme']}/accept", json={}, headers=h), suggestion_ctx),
    ("POST", P + "/{programme_id}/decline", C40_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['programme']}/decline", json={"reason": "No."}, headers=h),
     suggestion_ctx),
    ("POST", P + "/{programme_id}/calls", C40_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['programme']}/calls", json={"title": "Round 2027"}, headers=h),
     programme_ctx),
    ("PATCH", P + "/{programme_id}/calls/{call_id}", C40_STAFF,
     lambda c, w, x, h: c.patch(f"{P}/{x['programme']}/calls/{x['call']}", json={"note": "Extended."},
                                headers=h | ANY), programme_ctx),
    ("DELETE", P + "/{programme_id}/calls/{call_id}", C40_STAFF,
     lambda c, w, x, h: c.delete(f"{P}/{x['programme']}/calls/{x['call']}", headers=h | ANY), programme_ctx),
    ("POST", A, HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(A, json={"programme_id": x["joint"], "lead_city_id": w.city["Heidelberg"],
                                        "title": "Joint heat"}, headers=h), programme_ctx),
    ("POST", A + "/{application_id}/cities", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{A}/{x['application']}/cities", json={"city_id": w.city["Kyoto"]},
                               headers=h),
     application_ctx),
    ("DELETE", A + "/{application_id}/cities/{city_id}", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.delete(f"{A}/{x['application']}/cities/{w.city['Munich']}", headers=h),
     application_ctx),
    ("POST", A + "/{application_id}/status", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{A}/{x['application']}/status", json={"status": "withdrawn"}, headers=h),
     application_ctx),
]  # fmt: skip
