"""The write operations of credit projects for the attack matrix (test_attack_surface.OPS): each
as (method, path, roles allowed, call, set-up). Heidelberg hosts the project and Kyoto is its
partner, so their editors (and administrators, who edit every city) are participants; only an
administrator of the matrix's roles runs the registry, and none of them is the named verifier
(the verifier's own calls are tested in test_credit_projects_api.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.credit_projects_fixture import (
    MONITORED,
    draft_project,
    officers,
    registered_project,
    submitted_report,
)

P = "/api/v1/credit-projects"
PARTICIPANTS = frozenset({"admin", "heidelberg_editor", "kyoto_editor"})
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
ADMIN = frozenset({"admin"})
NOBODY: frozenset[str] = frozenset()
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}
NEW = {
    "title": "Landfill gas flare",
    "methodology": "landfill_gas",
    "ex_ante_parameters": {"ch4_destroyed_t": 100, "project_emissions_t": 10},
    "crediting_start": "2026-01-01",
    "crediting_end": "2030-12-31",
    "buffer_percent": 3,
}


def draft_ctx(c: TestClient, w: World) -> Ctx:
    officers(w)
    made = draft_project(w)
    return {"project": made.id, "partner": made.partner_party}


def registered_ctx(c: TestClient, w: World) -> Ctx:
    made = registered_project(w)
    return {"project": made.id}


def report_ctx(c: TestClient, w: World) -> Ctx:
    made = registered_project(w)
    from citypact.services.credits import monitoring

    with w.db.write() as session:
        report = monitoring.create_report(
            session, w.actor("heidelberg_editor"), made.id,
            {"period_start": "2025-01-01", "period_end": "2025-12-31", "parameters": MONITORED},
        )  # fmt: skip
        return {"project": made.id, "report": report.id, "verifier": w.users["verifier_person"]}


def submitted_ctx(c: TestClient, w: World) -> Ctx:
    made = registered_project(w)
    return {"project": made.id, "report": submitted_report(w, made)}


OPS: list[Spec] = [
    ("POST", P, HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(P, json={"city_id": w.city["Heidelberg"], **NEW}, headers=h), lambda c, w: {}),
    ("PATCH", P + "/{project_id}", PARTICIPANTS,
     lambda c, w, x, h: c.patch(f"{P}/{x['project']}", json={"title": "Solar"}, headers=h | ANY), draft_ctx),
    ("POST", P + "/{project_id}/parties", PARTICIPANTS,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/parties", json={"city_id": w.city["Munich"]}, headers=h),
     draft_ctx),
    ("PUT", P + "/{project_id}/parties/{party_id}/share", PARTICIPANTS,
     lambda c, w, x, h: c.put(f"{P}/{x['project']}/parties/{x['partner']}/share", json={"share_percent": 30},
                              headers=h | ANY), draft_ctx),
    ("DELETE", P + "/{project_id}/parties/{party_id}", PARTICIPANTS,
     lambda c, w, x, h: c.delete(f"{P}/{x['project']}/parties/{x['partner']}", headers=h | ANY), draft_ctx),
    ("POST", P + "/{project_id}/documents", PARTICIPANTS,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/documents",
                               json={"kind": "design", "title": "PDD", "url": "https://ex.org"}, headers=h),
     draft_ctx),
    ("POST", P + "/{project_id}/register", ADMIN,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/register", headers=h), draft_ctx),
    ("POST", P + "/{project_id}/close", ADMIN,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/close", json={"reason": "Sold."}, headers=h),
     registered_ctx),
    ("POST", P + "/{project_id}/reports", PARTICIPANTS,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/reports",
                               json={"period_start": "2025-01-01", "period_end": "2025-06-30",
                                     "parameters": MONITORED}, headers=h), registered_ctx),
    ("PATCH", P + "/{project_id}/reports/{report_id}", PARTICIPANTS,
     lambda c, w, x, h: c.patch(f"{P}/{x['project']}/reports/{x['report']}",
                                json={"period_end": "2025-11-30"}, headers=h | ANY), report_ctx),
    ("POST", P + "/{project_id}/reports/{report_id}/submit", PARTICIPANTS,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/reports/{x['report']}/submit",
                               json={"verifier_id": x["verifier"]}, headers=h), report_ctx),
    ("POST", P + "/{project_id}/reports/{report_id}/verify", NOBODY,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/reports/{x['report']}/verify",
                               json={"verified_t": 100, "reference": "VR"}, headers=h), submitted_ctx),
    ("POST", P + "/{project_id}/reports/{report_id}/reject", NOBODY,
     lambda c, w, x, h: c.post(f"{P}/{x['project']}/reports/{x['report']}/reject",
                               json={"reason": "no"}, headers=h), submitted_ctx),
]  # fmt: skip
