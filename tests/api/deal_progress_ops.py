"""The deal progress endpoints' rows of the attack matrix (tests/api/test_attack_surface.py): a
signed deal of Heidelberg; an organisation's commitment is its people's to report on (none of the
matrix's roles but the admin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.deal_progress_fixture import signed_deal

P = "/api/v1/deals"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]


def deal(c: TestClient, w: World) -> Ctx:
    rows = signed_deal(w)
    return {
        "deal": rows.deal_id,
        "org": rows.housing_commitment,
    }


OPS: list[Spec] = [
    (
        "POST",
        P + "/{deal_id}/progress",
        frozenset({"admin"}),  # the housing company's commitment: its people (and admins) only
        lambda c, w, x, h: c.post(
            f"{P}/{x['deal']}/progress",
            json={"commitment_id": x["org"], "as_of": "2026-06-01", "value": 140},
            headers=h,
        ),
        deal,
    ),
]
