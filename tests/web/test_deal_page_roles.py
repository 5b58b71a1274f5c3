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
from tests.conftest import World
from tests.deals_fixture import ready_idea, stakeholders
from tests.web.page_roles import PageOp, check_page_write, write_paths

Ctx = dict[str, Any]


def _idea(c: TestClient, w: World) -> Ctx:
    orgs = stakeholders(w)
    return {"idea": ready_idea(w, [orgs.stadtwerke])}


@dataclass(frozen=True)
class DealOp(PageOp[Ctx]):
    setup: Callable[[TestClient, World], Ctx] = draft_ctx  # what the post acts on


P = "/deals/{deal_id}"
DEAL = {
    "title": "Sun deal",
    "action_field": "clean_energy",
    "start_date": "2026-01-01",
    "end_date": "2030-12-31",
}
OPS = [
    DealOp(
        "/cities/{city_id}/deals", HEIDELBERG_STAFF, lambda w, x: f"/cities/{w.city['Heidelberg']}/deals",
        lambda w, x: DEAL, lambda c, w: {},
    ),
    DealOp("/ideas/{idea_id}/make-deal", HEIDELBERG_STAFF, lambda w, x: f"/ideas/{x['idea']}/make-deal",
           lambda w, x: DEAL, _idea),
    DealOp(P + "/edit", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/edit", lambda w, x: DEAL),
    DealOp(P + "/status", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/status",
           lambda w, x: {"status": "negotiating"}),
    DealOp(P + "/public-parts", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/public-parts",
           lambda w, x: {"parts": "kpis"}, signed_ctx),
    DealOp(P + "/parties", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/parties",
           lambda w, x: {"organisation": "Wohnbau Heidelberg"}),
    DealOp(P + "/parties/{party_id}/signature", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/parties/{x['city']}/signature",
           lambda w, x: {"signatory_name": "E. Würzner", "signed_on": "2026-03-02"}, negotiated_ctx),
    DealOp(P + "/reviews", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/reviews",
           lambda w, x: {"due_date": "2027-03-01"}, signed_ctx),
    DealOp(P + "/reviews/{review_id}", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/reviews/{x['review']}",
           lambda w, x: {"held_on": "2026-07-01", "findings": "On track."}, signed_ctx),
    DealOp(P + "/delete", HEIDELBERG_STAFF, lambda w, x: f"/deals/{x['deal']}/delete"),
    DealOp(P + "/parties/{party_id}/remove", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/parties/{x['org']}/remove"),
    DealOp(P + "/parties/{party_id}/commitments", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/parties/{x['city']}/commitments",
           lambda w, x: {"kind": "permit", "title": "Fast permits"}),
    DealOp(P + "/commitments/{commitment_id}/edit", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/edit",
           lambda w, x: {"kind": "action", "title": "Solar panels on 45 roofs"}, negotiated_ctx),
    DealOp(P + "/commitments/{commitment_id}/remove", HEIDELBERG_STAFF,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['funding']}/remove", setup=negotiated_ctx),
    DealOp(P + "/commitments/{commitment_id}/benefits", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/benefits",
           lambda w, x: {"kind": "air_quality", "description": "less NOx"}, negotiated_ctx),
    DealOp(P + "/commitments/{commitment_id}/benefits/{benefit_id}/remove", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/benefits/{x['benefit']}/remove",
           setup=negotiated_ctx),
    DealOp(P + "/commitments/{commitment_id}/milestones", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/commitments/{x['solar']}/milestones",
           lambda w, x: {"title": "Twenty roofs", "due_date": "2028-06-30"}, negotiated_ctx),
    DealOp(P + "/milestones/{milestone_id}/done", ADMIN,
           lambda w, x: f"/deals/{x['deal']}/milestones/{x['milestone']}/done",
           lambda w, x: {"done_on": "2026-05-02"}, negotiated_ctx),
    DealOp(P + "/progress/{commitment_id}", ADMIN, lambda w, x: f"/deals/{x['deal']}/progress/{x['solar']}",
           lambda w, x: {"as_of": "2026-11-01", "value": "30"}, signed_ctx),
]  # fmt: skip


def _deal_page(path: str) -> bool:
    return "/deals" in path or "make-deal" in path


def test_every_deal_page_write_is_listed() -> None:
    assert write_paths(_deal_page) == {op.path for op in OPS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: DealOp) -> None:
    check_page_write(client, world, op, op.setup(client, world))
