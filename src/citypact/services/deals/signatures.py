"""Signatures and review dates.

Each party signs for itself: the city's editors give the city's signatory, an organisation's
confirmed people their organisation's (name, title, date), while the deal is being negotiated. The
last signature signs the deal: its status becomes "signed" and its date the latest signature's.
Reviews are planned and held by the city's editors.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.deals import Signature, check_signature_date, signed_on
from citypact.services import audit
from citypact.services.deals.loading import (
    MAX_REVIEWS,
    TEXT_MAX,
    clean_id,
    load,
    load_to_run,
    rules,
    today_utc,
    touch,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_date, clean_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.deals import DealParty, DealReview


def sign(
    session: Session,
    actor: Actor,
    deal_id: int,
    party_id: int,
    name: Any,
    title: Any,
    day: Any,
    *,
    expected_version: int | None = None,
) -> DealParty:
    """Record a party's signatory and the day of signing (the party itself, while negotiating);
    the last signature moves the deal to signed."""
    loaded = load(session, actor, deal_id)
    party = loaded.party(party_id)
    require(
        loaded.may_act_for(party),
        actor.is_authenticated,
        "Each party signs for itself: the city's editors for the city, an organisation's people for it.",
    )
    if loaded.deal.status != "negotiating":
        raise Conflict(f"The deal is {loaded.deal.status}; parties sign while it is negotiated.")
    check_version("deal party", party_id, party.version, expected_version)
    signatory = clean_text("signatory_name", name, 200, required=True)
    role = clean_text("signatory_title", title, 200)
    when = clean_date("signed_on", day, required=True)
    assert when is not None
    with rules():
        check_signature_date(when, today_utc())
    party.signatory_name, party.signatory_title, party.signed_on = signatory, role, when
    party.signed_by = actor.user_id
    touch(loaded)
    flush_checked(session, "deal party", party_id, expected_version)
    audit.record(
        session, actor, "sign", "deal", deal_id, city_id=loaded.deal.city_id,
        after={"party_id": party_id, "signatory_name": signatory, "signatory_title": role,
               "signed_on": when.isoformat()},
    )  # fmt: skip
    day_signed = signed_on([Signature(p.signatory_name, p.signed_on) for p in loaded.parties])
    if day_signed is not None:
        loaded.deal.status, loaded.deal.signed_on = "signed", day_signed
        session.flush()
        audit.record(
            session, actor, "status", "deal", deal_id, city_id=loaded.deal.city_id,
            before={"status": "negotiating"}, after={"status": "signed", "signed_on": day_signed.isoformat()},
        )  # fmt: skip
    return party


def plan_review(session: Session, actor: Actor, deal_id: int, due_date: Any) -> DealReview:
    """A review date of the deal (the city's editors), until it is completed or ended early."""
    loaded = load_to_run(session, actor, deal_id)
    if loaded.deal.status in ("completed", "ended_early"):
        raise Conflict(f"The deal is {loaded.deal.status}; no review is planned any more.")
    due = clean_date("due_date", due_date, required=True)
    assert due is not None
    count = session.scalar(select(func.count(DealReview.id)).where(DealReview.deal_id == deal_id))
    if (count or 0) >= MAX_REVIEWS:
        raise InvalidInput("due_date", f"a deal has at most {MAX_REVIEWS} review dates.")
    review = DealReview(deal_id=deal_id, due_date=due)
    session.add(review)
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "plan_review", "deal", deal_id, city_id=loaded.deal.city_id,
        after={"review_id": review.id, "due_date": due.isoformat()},
    )  # fmt: skip
    return review


def hold_review(
    session: Session, actor: Actor, review_id: int, held_on: Any, findings: Any, *, deal_id: int | None = None
) -> DealReview:
    """Record that a review was held, on which day and what it found (the city's editors)."""
    review = session.get(DealReview, clean_id("review_id", review_id))
    if review is None or (deal_id is not None and review.deal_id != deal_id):
        raise NotFound("deal review", review_id)
    loaded = load_to_run(session, actor, review.deal_id)
    day = clean_date("held_on", held_on, required=True)
    assert day is not None
    if day > today_utc():
        raise InvalidInput("held_on", f"{day.isoformat()} is in the future; give the day it was held.")
    found = clean_text("findings", findings, TEXT_MAX, required=True)
    before = {"held_on": review.held_on.isoformat() if review.held_on else None, "findings": review.findings}
    review.held_on, review.findings = day, found
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "hold_review", "deal", review.deal_id, city_id=loaded.deal.city_id,
        before={"review_id": review_id, **before},
        after={"review_id": review_id, "held_on": day.isoformat(), "findings": found},
    )  # fmt: skip
    return review
