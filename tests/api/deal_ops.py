"""The write operations of deals for the attack matrix (test_attack_surface.OPS): each as (method,
path, roles allowed, call, set-up). Heidelberg runs the deals; the utility Stadtwerke Heidelberg is
a party, so of the matrix's roles only an administrator writes in its name (its own people are
tested in test_deals_api.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from citypact.services import deals
from tests.conftest import World
from tests.deals_fixture import draft_deal, negotiated_deal, signed_deal, stakeholders

P = "/api/v1/deals"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
ADMIN = frozenset({"admin"})  # an organisation's part: its own people, and administrators
Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]
Spec = tuple[str, str, frozenset[str], Call, Callable[[TestClient, World], Ctx]]
ANY = {"If-Match": "*"}


def draft_ctx(c: TestClient, w: World) -> Ctx:
    orgs = stakeholders(w)
    made = draft_deal(w, orgs)
    return {"deal": made.id, "city": made.city_party, "org": made.stadtwerke_party, "wohnbau": orgs.wohnbau}


def negotiated_ctx(c: TestClient, w: World) -> Ctx:
    made = negotiated_deal(w, stakeholders(w))
    with w.db.write() as session:
        assert made.solar is not None
        milestone = deals.add_milestone(
            session, w.actor("stadtwerke_person"), made.solar, "Ten roofs", "2027-06-30"
        )
        view = deals.get_deal(session, w.actor("heidelberg_editor"), made.id)
        benefit = next(c for c in view.commitments if c.id == made.solar).benefits[0].id
        return {
            "deal": made.id, "city": made.city_party, "org": made.stadtwerke_party, "solar": made.solar,
            "funding": made.funding, "benefit": benefit, "milestone": milestone.id,
        }  # fmt: skip


def signed_ctx(c: TestClient, w: World) -> Ctx:
    made = signed_deal(w, stakeholders(w))
    with w.db.write() as session:
        review = deals.plan_review(session, w.actor("heidelberg_editor"), made.id, "2026-06-30")
    return {"deal": made.id, "review": review.id, "solar": made.solar}


OPS: list[Spec] = [
    (
        "POST",
        P,
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            P,
            json={"city_id": w.city["Heidelberg"], "title": "Deal", "action_field": "clean_energy"},
            headers=h,
        ),
        lambda c, w: {},
    ),
    (
        "PATCH",
        P + "/{deal_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(f"{P}/{x['deal']}", json={"title": "Sun deal"}, headers=h | ANY),
        draft_ctx,
    ),
    (
        "DELETE",
        P + "/{deal_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/{x['deal']}", headers=h | ANY),
        draft_ctx,
    ),
    (
        "POST",
        P + "/{deal_id}/status",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['deal']}/status", json={"status": "negotiating"}, headers=h),
        draft_ctx,
    ),
    (
        "PUT",
        P + "/{deal_id}/public-parts",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.put(
            f"{P}/{x['deal']}/public-parts", json={"public_parts": ["parties"]}, headers=h
        ),
        signed_ctx,
    ),
    (
        "POST",
        P + "/{deal_id}/parties",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/{x['deal']}/parties", json={"organisation_id": x["wohnbau"]}, headers=h
        ),
        draft_ctx,
    ),
    (
        "DELETE",
        P + "/{deal_id}/parties/{party_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/{x['deal']}/parties/{x['org']}", headers=h | ANY),
        draft_ctx,
    ),
    (
        "PUT",
        P + "/{deal_id}/parties/{party_id}/signature",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.put(
            f"{P}/{x['deal']}/parties/{x['city']}/signature",
            json={"signatory_name": "E. Würzner", "signatory_title": "Lord Mayor", "signed_on": "2026-03-02"},
            headers=h,
        ),
        negotiated_ctx,
    ),
    (
        "POST",
        P + "/{deal_id}/parties/{party_id}/commitments",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/{x['deal']}/parties/{x['city']}/commitments",
            json={"kind": "permit", "title": "Fast permits for PV"},
            headers=h,
        ),
        draft_ctx,
    ),
    (
        "PATCH",
        P + "/{deal_id}/commitments/{commitment_id}",
        ADMIN,
        lambda c, w, x, h: c.patch(
            f"{P}/{x['deal']}/commitments/{x['solar']}", json={"kpi_target": 45}, headers=h | ANY
        ),
        negotiated_ctx,
    ),
    (
        "DELETE",
        P + "/{deal_id}/commitments/{commitment_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/{x['deal']}/commitments/{x['funding']}", headers=h | ANY),
        negotiated_ctx,
    ),
    (
        "POST",
        P + "/{deal_id}/commitments/{commitment_id}/benefits",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/{x['deal']}/commitments/{x['funding']}/benefits",
            json={"kind": "cost_savings", "quantity": 40000, "unit": "EUR/a"},
            headers=h,
        ),
        negotiated_ctx,
    ),
    (
        "DELETE",
        P + "/{deal_id}/benefits/{benefit_id}",
        ADMIN,
        lambda c, w, x, h: c.delete(f"{P}/{x['deal']}/benefits/{x['benefit']}", headers=h),
        negotiated_ctx,
    ),
    (
        "POST",
        P + "/{deal_id}/commitments/{commitment_id}/milestones",
        ADMIN,
        lambda c, w, x, h: c.post(
            f"{P}/{x['deal']}/commitments/{x['solar']}/milestones",
            json={"title": "Twenty roofs", "due_date": "2028-06-30"},
            headers=h,
        ),
        negotiated_ctx,
    ),
    (
        "PUT",
        P + "/{deal_id}/milestones/{milestone_id}/done",
        ADMIN,
        lambda c, w, x, h: c.put(
            f"{P}/{x['deal']}/milestones/{x['milestone']}/done", json={"done_on": "2026-05-02"}, headers=h
        ),
        negotiated_ctx,
    ),
    (
        "POST",
        P + "/{deal_id}/reviews",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/{x['deal']}/reviews", json={"due_date": "2027-03-01"}, headers=h),
        signed_ctx,
    ),
    (
        "PUT",
        P + "/{deal_id}/reviews/{review_id}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.put(
            f"{P}/{x['deal']}/reviews/{x['review']}",
            json={"held_on": "2026-07-01", "findings": "12 roofs under contract."},
            headers=h,
        ),
        signed_ctx,
    ),
]
