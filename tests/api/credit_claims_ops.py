"""The credit-account endpoints' rows of the attack matrix (tests/api/test_attack_surface.py):
the ledger of tests/credits_fixture.py; Heidelberg's block 672-808 is its editors' to act on, the
Article 6 fields and the issuance are the registry's (of the matrix's roles: the admin)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.credit_ledger_fixture import add_report
from tests.credits_fixture import credit_world

P = "/api/v1/credit-accounts/blocks"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
ADMIN = frozenset({"admin"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]


def ledger(c: TestClient, w: World) -> Ctx:
    made = credit_world(w)
    return {"block": made.heidelberg_held, "kyoto": made.kyoto_account, "project": made.project, "made": made}


def with_report(c: TestClient, w: World) -> Ctx:
    ctx = ledger(c, w)
    return ctx | {"report": add_report(w, ctx["project"], (dt.date(2026, 1, 1), dt.date(2026, 3, 31)), 90.0)}


ARTICLE6 = {"authorisation": "ndc", "adjustment": "applied"}
OPS: list[Spec] = [
    ("POST", P + "/{block_id}/transfer", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['block']}/transfer", json={"to_account_id": x["kyoto"],
                               "quantity": 5}, headers=h), ledger),
    ("POST", P + "/{block_id}/split", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['block']}/split", json={"first_size": 5}, headers=h), ledger),
    ("POST", P + "/{block_id}/retire", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['block']}/retire", json={"quantity": 5, "use": "on_behalf",
                               "beneficiary": "A school", "claim_year": 2026}, headers=h), ledger),
    ("POST", P + "/{block_id}/cancel", HEIDELBERG_STAFF,
     lambda c, w, x, h: c.post(f"{P}/{x['block']}/cancel", json={"quantity": 5, "reason": "entered twice"},
                               headers=h), ledger),
    ("PUT", P + "/{block_id}/article6", ADMIN,
     lambda c, w, x, h: c.put(f"{P}/{x['block']}/article6", json=ARTICLE6, headers=h | {"If-Match": "*"}),
     ledger),
    ("POST", "/api/v1/credit-projects/{project_id}/reports/{report_id}/issuance", ADMIN,
     lambda c, w, x, h: c.post(f"/api/v1/credit-projects/{x['project']}/reports/{x['report']}/issuance",
                               headers=h), with_report),
]  # fmt: skip
