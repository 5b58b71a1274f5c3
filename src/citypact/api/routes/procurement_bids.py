"""/api/v1: a procurement's sealed bids, evaluations, awards, contracts, call-offs, the public award
notices and the OCDS export. Bids stay sealed until the deadline for everyone, administrators too."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile

from citypact.api.schemas.procurement_bids import (
    AwardIn,
    AwardOut,
    BidIn,
    CallOffIn,
    CallOffOut,
    ContractIn,
    ContractOut,
    EvaluationIn,
    EvaluationOut,
    LadderMissIn,
    LadderMissOut,
    NoticeOut,
    OpenedBidOut,
    PlanIn,
    PlanOut,
    ReceiptOut,
    RecomputedOut,
    ShareOut,
)
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.http.procurement_keys import OcidPrefix, SecretKey
from citypact.services.procurement import awards, bids, contracts, evaluations, public

router = APIRouter(route_class=ReleasingRoute, tags=["procurement"])


@router.post("/procurements/{procurement_id}/lots/{lot_id}/bids", response_model=ReceiptOut, status_code=201)
def submit_bid(
    procurement_id: PathId, lot_id: PathId, body: BidIn, db: DB, actor: Writer, secret: SecretKey
) -> ReceiptOut:
    """Submit or replace your organisation's bid until the deadline; it is sealed at once. The answer
    is your receipt: the SHA-256 of what was sealed."""
    with db.write() as session:
        receipt = bids.submit_bid(
            session, actor, procurement_id, lot_id, body.organisation_id, body.values(), secret_key=secret
        )
    return ReceiptOut.model_validate(receipt)


@router.get("/procurements/{procurement_id}/bids/receipts", response_model=list[ReceiptOut])
def my_receipts(procurement_id: PathId, session: ReadDB, actor: CurrentActor) -> list[ReceiptOut]:
    """The receipts of your organisations' bids (never their content, never others')."""
    return [ReceiptOut.model_validate(r) for r in bids.my_receipts(session, actor, procurement_id)]


@router.post("/procurements/{procurement_id}/bids/open", response_model=list[OpenedBidOut])
def open_bids(procurement_id: PathId, db: DB, actor: Writer, secret: SecretKey) -> list[OpenedBidOut]:
    """The bids with their content, for the lead buyer's editors once the deadline has passed (409
    before: sealed). The first call is the opening; every call is audited."""
    with db.write() as session:
        return [
            OpenedBidOut.model_validate(b)
            for b in bids.open_bids(session, actor, procurement_id, secret_key=secret)
        ]


@router.post("/procurements/{procurement_id}/bids/import", response_model=list[ReceiptOut], status_code=201)
def import_paper_bids(
    procurement_id: PathId,
    db: DB,
    actor: Writer,
    secret: SecretKey,
    file: Annotated[UploadFile, File(description="a bid file (CSV or XLSX) of the bids received on paper")],
) -> list[ReceiptOut]:
    """Add the bids the lead received on paper, after the deadline, all or nothing (422 naming the
    file, row and column)."""
    receipts = bids.import_paper_upload(
        db, actor, procurement_id, file.file, file.filename or "bids.csv", secret_key=secret
    )
    return [ReceiptOut.model_validate(r) for r in receipts]


@router.post(
    "/procurements/{procurement_id}/lots/{lot_id}/evaluations", response_model=EvaluationOut, status_code=201
)
def run_evaluation(
    procurement_id: PathId, lot_id: PathId, body: EvaluationIn, db: DB, actor: Writer, secret: SecretKey
) -> EvaluationOut:
    """Evaluate the lot's opened bids; stored as a draft with every input frozen."""
    with db.write() as session:
        view = evaluations.run_evaluation(
            session,
            actor,
            procurement_id,
            lot_id,
            method=body.method,
            secret_key=secret,
            schedule=body.schedule,
            schedule_version=body.schedule_version,
            co2_price=body.co2_price,
            discount_rate=body.discount_rate,
            gwp=body.gwp,
            year=body.year,
            ladder_discounts=body.ladder_discounts,
            weights=body.weights.model_dump() if body.weights else None,
            meat_cost=body.meat_cost,
        )
    return EvaluationOut.model_validate(view)


@router.get("/procurements/{procurement_id}/evaluations", response_model=list[EvaluationOut])
def list_evaluations(procurement_id: PathId, session: ReadDB, actor: CurrentActor) -> list[EvaluationOut]:
    return [
        EvaluationOut.model_validate(v) for v in evaluations.list_evaluations(session, actor, procurement_id)
    ]


@router.get("/procurement-evaluations/{evaluation_id}", response_model=EvaluationOut)
def get_evaluation(evaluation_id: PathId, session: ReadDB, actor: CurrentActor) -> EvaluationOut:
    return EvaluationOut.model_validate(evaluations.get_evaluation(session, actor, evaluation_id))


@router.post("/procurement-evaluations/{evaluation_id}/publish", response_model=EvaluationOut)
def publish(evaluation_id: PathId, db: DB, actor: Writer) -> EvaluationOut:
    """Publish the draft: from now on it never changes."""
    with db.write() as session:
        return EvaluationOut.model_validate(evaluations.publish(session, actor, evaluation_id))


@router.post("/procurement-evaluations/{evaluation_id}/recompute", response_model=RecomputedOut)
def recompute(evaluation_id: PathId, db: DB, actor: Writer, secret: SecretKey) -> RecomputedOut:
    """Compute the evaluation again from its frozen inputs and compare (reads the bids: audited)."""
    with db.write() as session:
        result = evaluations.recompute(session, actor, evaluation_id, secret_key=secret)
        stored = evaluations.get_evaluation(session, actor, evaluation_id).result
    return RecomputedOut(evaluation_id=evaluation_id, same=result == stored, result=result)


@router.post("/procurements/{procurement_id}/lots/{lot_id}/award", response_model=AwardOut, status_code=201)
def award(procurement_id: PathId, lot_id: PathId, body: AwardIn, db: DB, actor: Writer) -> AwardOut:
    """Award the lot on a published evaluation (to its first, or the named bid in it)."""
    with db.write() as session:
        row = awards.award(
            session,
            actor,
            procurement_id,
            lot_id,
            evaluation_id=body.evaluation_id,
            awarded_on=body.awarded_on,
            bid_id=body.bid_id,
        )
        return AwardOut.model_validate(row)


@router.get("/procurement-awards/{award_id}/shares", response_model=list[ShareOut])
def shares(award_id: PathId, db: DB, actor: CurrentActor, secret: SecretKey) -> list[ShareOut]:
    """Each participant's cost, saving and CO2e avoided (split by quantity), for the lead and the
    participating cities."""
    with db.write() as session:  # the lead's reading of bids for stand-alone prices is audited
        return [
            ShareOut.model_validate(s) for s in awards.shares(session, actor, award_id, secret_key=secret)
        ]


@router.post("/procurement-awards/{award_id}/plan", response_model=PlanOut)
def carry_into_plan(award_id: PathId, body: PlanIn, db: DB, actor: Writer, secret: SecretKey) -> PlanOut:
    """Put your city's share of the CO2e avoided a year into its action plan (created or updated)."""
    with db.write() as session:
        plan_id = awards.carry_into_plan(
            session, actor, award_id, body.city_id, field=body.field, secret_key=secret
        )
    return PlanOut(plan_measure_id=plan_id)


@router.post("/procurement-awards/{award_id}/contract", response_model=ContractOut, status_code=201)
def sign_contract(award_id: PathId, body: ContractIn, db: DB, actor: Writer) -> ContractOut:
    with db.write() as session:
        row = contracts.sign_contract(
            session,
            actor,
            award_id,
            signed_on=body.signed_on,
            value=body.value,
            start_on=body.start_on,
            end_on=body.end_on,
        )
        return ContractOut.model_validate(row)


@router.post("/procurement-contracts/{contract_id}/call-offs", response_model=CallOffOut, status_code=201)
def call_off(contract_id: PathId, body: CallOffIn, db: DB, actor: Writer) -> CallOffOut:
    with db.write() as session:
        row = contracts.call_off(
            session,
            actor,
            contract_id,
            body.participant_id,
            quantity=body.quantity,
            ordered_on=body.ordered_on,
        )
        return CallOffOut.model_validate(row)


@router.post("/procurement-awards/{award_id}/ladder-misses", response_model=LadderMissOut, status_code=201)
def ladder_miss(award_id: PathId, body: LadderMissIn, db: DB, actor: Writer) -> LadderMissOut:
    """Record that the winner no longer holds the CO2 Performance Ladder level it was discounted for."""
    with db.write() as session:
        row = contracts.record_ladder_miss(
            session,
            actor,
            award_id,
            achieved_level=body.achieved_level,
            recorded_on=body.recorded_on,
            note=body.note,
        )
        return LadderMissOut.model_validate(row)


@router.get("/procurements/{procurement_id}/notices", response_model=list[NoticeOut])
def notices(procurement_id: PathId, session: ReadDB) -> list[NoticeOut]:
    """Public: each awarded lot's winner, its evaluated figures and the method; nothing of other bids."""
    return [NoticeOut.model_validate(n) for n in public.notices(session, procurement_id)]


@router.get("/procurements/{procurement_id}/ocds")
def ocds(procurement_id: PathId, session: ReadDB, prefix: OcidPrefix) -> Response:
    """Public: the procurement as an OCDS 1.1 release package (lots and bids extensions); 409 when
    the deployment has no registered ocid prefix (CITYPACT_OCID_PREFIX)."""
    package = public.ocds_package(session, procurement_id, prefix=prefix)
    return Response(json.dumps(package, ensure_ascii=False), media_type="application/json")
