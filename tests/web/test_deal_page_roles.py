"""The attack surface of the deal pages: every form post against every role. The roles it allows
succeed and leave an audit entry; the public gets 401, any other role 403 or 404, and nothing is
written. Of the matrix's roles only an administrator acts for an organisation (its own people are
tested in test_deal_pages.py). A test fails when a page write route of deals is added without
joining this list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.deal_ops import ADMIN, HEIDELBERG_STAFF, draft_ctx, negotiated_ctx, signed_ctx
from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.deals_fixture import ready_idea, stakeholders
from tests.web.test_form_csrf import ROUTES

Ctx = dict[str, Any]


def _idea(c: TestClient, w: World) -> Ctx:
    orgs = stakeholders(w)
    return {"idea": ready_idea(w, [orgs.stadtwerke])}


@dataclass(frozen=True)
class PageOp:
    path: str  # the route's path template
    allowed: frozenset[str]
    url: Callable[[World, Ctx], str]
    data: Callable[[World, Ctx], dict[str, str]] = lambda w, x: {}
    setup: Callable[[TestClient, World], Ctx] = draft_ctx


P = "/deals/{deal_id}"
DEAL = {
    "title": "Sun deal",
    "action_field": "clean_energy",
    "start_date": "2026-01-01",
    "end_date": "2030-12-31",
}
OPS = [
    PageOp(
        "/cities/{city_id}/deals", HEIDELBERG_STAFF, lambda w, x: f"/cities/{w.city['Heidelberg']}/deals",
        lambda w, x: DEAL, lambda c, w: {},
    ),
    PageOp("/ideas/{idea_id}/make-deal", HEIDELBERG_STAFF, lambda w, x: f"/ideas/{x['idea']}/make-deal",
           lambda w, x: DEAL, _idea),
    PageOp(P + "/edit", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/edit", lambda w, x: DEAL),
    PageOp(P + "/status", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/status",
           lambda w, x: {"status": "negotiating"}),
    PageOp(P + "/public-parts", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/public-parts",
           lambda w, x: {"parts": "kpis"}, signed_ctx),
    PageOp(P + "/parties", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/parties",
           lambda w, x: {"organisation": "Wohnbau Heidelberg"}),
    PageOp(P + "/parties/{party_id}/signature", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/parties/{x['city']}/signature",
           lambda w, x: {"signatory_name": "E. Würzner", "signed_on": "2026-03-02"}, negotiated_ctx),
    PageOp(P + "/reviews", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/reviews",
           lambda w, x: {"due_date": "2027-03-01"}, signed_ctx),
    PageOp(P + "/reviews/{review_id}", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/reviews/{x['review']}",
           lambda w, x: {"held_on": "2026-07-01", "findings": "On track."}, signed_ctx),
    PageOp(P + "/delete", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/delete"),
    PageOp(P + "/parties/{party_id}/remove", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/parties/{x['org']}/remove"),
    PageOp(P + "/parties/{party_id}/commitments", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/parties/{x['city']}/commitments",
           lambda w, x: {"kind": "permit", "title": "Fast permits"}),
    PageOp(P + "/commitments/{commitment_id}/edit", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/edit",
           lambda w, x: {"kind": "action", "title": "Solar panels on 45 roofs"}, negotiated_ctx),
    PageOp(P + "/commitments/{commitment_id}/remove", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['funding']}/remove", setup=negotiated_ctx),
    PageOp(P + "/commitments/{commitment_id}/benefits", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/benefits",
           lambda w, x: {"kind": "air_quality", "description": "less NOx"}, negotiated_ctx),
    PageOp(P + "/commitments/{commitment_id}/benefits/{benefit_id}/remove", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/benefits/{x['benefit']}/remove",
           setup=negotiated_ctx),
    PageOp(P + "/commitments/{commitment_id}/milestones", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/milestones",
           lambda w, x: {"title": "Twenty roofs", "due_date": "2028-06-30"}, negotiated_ctx),
    PageOp(P + "/milestones/{milestone_id}/done", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/milestones/{x['milestone']}/done",
           lambda w, x: {"done_on": "2026-05-02"}, negotiated_ctx),
    PageOp(P + "/progress/{commitment_id}", ADMIN, lambda w, x: f"/deals/{x['deal']}/progress/{x['solar']}",
           lambda w, x: {"as_of": "2026-11-01", "value": "30"}, signed_ctx),
]  # fmt: skip


def test_every_deal_page_write_is_listed() -> None:
    paths = {str(r.path) for r in ROUTES if "/deals" in str(r.path) or "make-deal" in str(r.path)}
    assert paths == {op.path for op in OPS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp) -> None:
    ctx = op.setup(client, world)
    for role in (r for r in ROLES if r not in op.allowed):
        token = _page_login(client, role)  # logging in writes a session: count after it
        before = _row_counts(world)
        response = client.post(op.url(world, ctx), data=op.data(world, ctx) | {"csrf_token": token})
        expected = (401,) if role == "public" else (403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
        assert _row_counts(world) == before, f"{role}: a refused post writes nothing"
    role = sorted(op.allowed)[-1]  # an editor of the city concerned where allowed, else the administrator
    token = _page_login(client, role)
    before = _row_counts(world)
    response = client.post(
        op.url(world, ctx), data=op.data(world, ctx) | {"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text[:500]
    assert _row_counts(world)["audit_entry"] > before["audit_entry"]
