"""/api/v1: Local Green Deals (parties, commitments with co-benefits and milestones, signatures,
lifecycle steps, reviews, public parts). Who may do what: services/deals/__init__.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from citypact.api.schemas.deals import (
    BenefitIn,
    CommitmentFields,
    CommitmentIn,
    DealIn,
    DealOut,
    DealPatch,
    DealSummaryOut,
    MilestoneDoneIn,
    MilestoneIn,
    PartyIn,
    PublicPartsIn,
    ReviewHeldIn,
    ReviewIn,
    SignatureIn,
    StepIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import (
    DB,
    MAX_ID,
    CurrentActor,
    IfMatch,
    OptionalIfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
    etag,
)
from citypact.services import deals
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["deals"])


def _deal(db: Database, actor: Actor, deal_id: int, response: Response | None = None) -> DealOut:
    """The deal as the actor now sees it, read after the write committed; its ETag on `response`."""
    with db.read() as session:
        found = DealOut.model_validate(deals.get_deal(session, actor, deal_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


@router.get("/deals", response_model=list[DealSummaryOut])
def list_deals(
    session: ReadDB,
    actor: CurrentActor,
    city_id: Annotated[int, Query(ge=1, le=MAX_ID, description="the city whose deals")],
    status: Annotated[str | None, Query(max_length=12, description="only deals in this status")] = None,
) -> list[DealSummaryOut]:
    """A city's deals: all to its staff, their own to the parties' people, the signed ones (title,
    action field, status) to everyone."""
    return [DealSummaryOut.model_validate(d) for d in deals.list_deals(session, actor, city_id, status)]


@router.post("/deals", response_model=DealOut, status_code=201)
def create(body: DealIn, db: DB, actor: Writer, response: Response) -> DealOut:
    """A draft deal of your city (city_id), or one grown from a ready idea of it (idea_id): the
    idea's title, action field and SDGs are taken over and its supporters become parties."""
    fields = body.model_dump(
        mode="json", exclude_unset=True, exclude={"city_id", "idea_id", "organisation_ids"}
    )
    with db.write() as session:
        if body.idea_id is not None:
            deal = deals.create_from_idea(session, actor, body.idea_id, fields, body.organisation_ids)
        elif body.city_id is not None:
            deal = deals.create_deal(session, actor, body.city_id, fields)
        else:
            raise HTTPException(422, "city_id: give your city's id, or idea_id for a ready idea.")
        deal_id = deal.id
    return _deal(db, actor, deal_id, response)


@router.get("/deals/{deal_id}", response_model=DealOut)
def detail(deal_id: PathId, db: DB, actor: CurrentActor, response: Response) -> DealOut:
    """The whole deal (the city's staff and the parties' people); the ETag is its version."""
    return _deal(db, actor, deal_id, response)


@router.patch("/deals/{deal_id}", response_model=DealOut)
def change(
    deal_id: PathId, body: DealPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> DealOut:
    """The city's editors; If-Match: the deal's ETag (412 stale; 428 missing once it changed)."""
    with db.write() as session:
        deals.update_deal(
            session,
            actor,
            deal_id,
            body.model_dump(mode="json", exclude_unset=True),
            expected_version=version,
        )
    return _deal(db, actor, deal_id, response)


@router.delete("/deals/{deal_id}", status_code=204)
def delete(deal_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Delete a draft with its parties and commitments (the city's editors)."""
    with db.write() as session:
        deals.delete_deal(session, actor, deal_id, expected_version=version)
    return Response(status_code=204)


@router.post("/deals/{deal_id}/status", response_model=DealOut)
def step(
    deal_id: PathId, body: StepIn, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> DealOut:
    """One lifecycle step (the city's editors): negotiating, implementing, reviewed, completed,
    or ended_early with a reason. The last signature, not a step, signs the deal."""
    with db.write() as session:
        deals.take_step(session, actor, deal_id, body.status, body.reason, expected_version=version)
    return _deal(db, actor, deal_id, response)


@router.put("/deals/{deal_id}/public-parts", response_model=DealOut)
def public_parts(
    deal_id: PathId, body: PublicPartsIn, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> DealOut:
    """What the public sees of the signed deal beyond its title, action field and status."""
    with db.write() as session:
        deals.set_public_parts(session, actor, deal_id, body.public_parts, expected_version=version)
    return _deal(db, actor, deal_id, response)


@router.post("/deals/{deal_id}/parties", response_model=DealOut, status_code=201)
def add_party(deal_id: PathId, body: PartyIn, db: DB, actor: Writer) -> DealOut:
    """Name a confirmed organisation as a party (the city's editors, while the terms are open)."""
    with db.write() as session:
        deals.add_party(session, actor, deal_id, body.organisation_id)
    return _deal(db, actor, deal_id)


@router.delete("/deals/{deal_id}/parties/{party_id}", status_code=204)
def remove_party(deal_id: PathId, party_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Take an organisation out with its commitments; If-Match: the party's version."""
    with db.write() as session:
        deals.remove_party(session, actor, deal_id, party_id, expected_version=version)
    return Response(status_code=204)


@router.put("/deals/{deal_id}/parties/{party_id}/signature", response_model=DealOut)
def sign(
    deal_id: PathId, party_id: PathId, body: SignatureIn, db: DB, actor: Writer, version: OptionalIfMatch
) -> DealOut:
    """The party's own signatory and day (the city's editors for the city, an organisation's
    people for theirs); the last signature signs the deal."""
    with db.write() as session:
        deals.sign(
            session, actor, deal_id, party_id, body.signatory_name, body.signatory_title, body.signed_on,
            expected_version=version,
        )  # fmt: skip
    return _deal(db, actor, deal_id)


@router.post("/deals/{deal_id}/parties/{party_id}/commitments", response_model=DealOut, status_code=201)
def add_commitment(deal_id: PathId, party_id: PathId, body: CommitmentIn, db: DB, actor: Writer) -> DealOut:
    """A party's commitment, written by the party itself, while the terms are open."""
    with db.write() as session:
        deals.add_commitment(
            session, actor, deal_id, party_id, body.model_dump(mode="json", exclude_unset=True)
        )
    return _deal(db, actor, deal_id)


@router.patch("/deals/{deal_id}/commitments/{commitment_id}", response_model=DealOut)
def change_commitment(
    deal_id: PathId, commitment_id: PathId, body: CommitmentFields, db: DB, actor: Writer, version: IfMatch
) -> DealOut:
    """Change a commitment (its party); If-Match: the commitment's version."""
    with db.write() as session:
        deals.update_commitment(
            session, actor, commitment_id, body.model_dump(mode="json", exclude_unset=True),
            expected_version=version, deal_id=deal_id,
        )  # fmt: skip
    return _deal(db, actor, deal_id)


@router.delete("/deals/{deal_id}/commitments/{commitment_id}", status_code=204)
def remove_commitment(
    deal_id: PathId, commitment_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    with db.write() as session:
        deals.remove_commitment(session, actor, commitment_id, expected_version=version, deal_id=deal_id)
    return Response(status_code=204)


@router.post("/deals/{deal_id}/commitments/{commitment_id}/benefits", response_model=DealOut, status_code=201)
def add_benefit(deal_id: PathId, commitment_id: PathId, body: BenefitIn, db: DB, actor: Writer) -> DealOut:
    """A co-benefit or non-carbon goal with its quantity and unit (the commitment's party)."""
    with db.write() as session:
        deals.add_benefit(session, actor, commitment_id, body.model_dump(), deal_id=deal_id)
    return _deal(db, actor, deal_id)


@router.delete("/deals/{deal_id}/benefits/{benefit_id}", status_code=204)
def remove_benefit(deal_id: PathId, benefit_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        deals.remove_benefit(session, actor, benefit_id, deal_id=deal_id)
    return Response(status_code=204)


@router.post(
    "/deals/{deal_id}/commitments/{commitment_id}/milestones", response_model=DealOut, status_code=201
)
def add_milestone(
    deal_id: PathId, commitment_id: PathId, body: MilestoneIn, db: DB, actor: Writer
) -> DealOut:
    with db.write() as session:
        deals.add_milestone(session, actor, commitment_id, body.title, body.due_date, deal_id=deal_id)
    return _deal(db, actor, deal_id)


@router.put("/deals/{deal_id}/milestones/{milestone_id}/done", response_model=DealOut)
def milestone_done(
    deal_id: PathId, milestone_id: PathId, body: MilestoneDoneIn, db: DB, actor: Writer
) -> DealOut:
    """The day a milestone was done (the commitment's party), also after signing."""
    with db.write() as session:
        deals.set_milestone_done(session, actor, milestone_id, body.done_on, deal_id=deal_id)
    return _deal(db, actor, deal_id)


@router.post("/deals/{deal_id}/reviews", response_model=DealOut, status_code=201)
def plan_review(deal_id: PathId, body: ReviewIn, db: DB, actor: Writer) -> DealOut:
    """A review date (the city's editors)."""
    with db.write() as session:
        deals.plan_review(session, actor, deal_id, body.due_date)
    return _deal(db, actor, deal_id)


@router.put("/deals/{deal_id}/reviews/{review_id}", response_model=DealOut)
def hold_review(deal_id: PathId, review_id: PathId, body: ReviewHeldIn, db: DB, actor: Writer) -> DealOut:
    """A review held: its day and what it found (the city's editors)."""
    with db.write() as session:
        deals.hold_review(session, actor, review_id, body.held_on, body.findings, deal_id=deal_id)
    return _deal(db, actor, deal_id)
