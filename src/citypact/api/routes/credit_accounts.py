"""/api/v1/credit-accounts: the accounts one may open and their statements, a block and what its
account's people do with it through LEDGER's transactions (transfer, split, retire, cancel), the
registry's Article 6 fields of a block (If-Match: the block's ETag) and the Article 6 report;
and the registry's issuance of a verified monitoring report under /api/v1/credit-projects."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from citypact.api.schemas.credit_accounts import (
    AccountOut,
    Article6In,
    Article6RowOut,
    BlockOut,
    CancelIn,
    HolderOut,
    RetireIn,
    RetirementOut,
    SplitIn,
    StatementOut,
    TransferIn,
)
from citypact.http.deps import DB, CurrentActor, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services.credits import article6, block_actions, claims, ledger, statements
from citypact.services.errors import require

router = APIRouter(route_class=ReleasingRoute, tags=["credits"])
P = "/credit-accounts"
Year = Annotated[int, Path(ge=1990, le=2100)]


@router.get(P, response_model=list[AccountOut])
def mine(session: ReadDB, actor: CurrentActor) -> list[AccountOut]:
    """The holding accounts of your cities and organisations (all accounts for registry officers)."""
    return [AccountOut.model_validate(a) for a in statements.my_accounts(session, actor)]


@router.get(P + "/holders", response_model=list[HolderOut])
def holders(session: ReadDB, actor: CurrentActor) -> list[HolderOut]:
    """The holding accounts credits can be transferred to, by their owner's name (signed in)."""
    require(actor.is_authenticated, False)
    return [HolderOut.model_validate(c) for c in block_actions.holding_choices(session)]


@router.get(P + "/article6/{year}", response_model=list[Article6RowOut])
def article6_report(year: Year, session: ReadDB, actor: CurrentActor) -> list[Article6RowOut]:
    """Registry officers: every block the ledger touched in the year (the CSV at
    /credits/reports/article6/{year}.csv has the same rows)."""
    return [Article6RowOut.model_validate(r) for r in article6.article6_report(session, actor, year)]


@router.get(P + "/{account_id}", response_model=StatementOut)
def statement(account_id: PathId, session: ReadDB, actor: CurrentActor) -> StatementOut:
    """The statement, for the account's people, the city's viewers and registry officers."""
    seen = statements.account_statement(session, actor, account_id)
    return StatementOut.model_validate(
        {**seen.__dict__, "held_total": seen.held_total, "retired_total": seen.retired_total}
    )


@router.get(P + "/blocks/{block_id}", response_model=BlockOut)
def get_block(block_id: PathId, db: DB, actor: CurrentActor, response: Response) -> BlockOut:
    """A block, for who may read its account; its ETag is what PUT .../article6 sends as If-Match."""
    with db.read() as session:
        found = block_actions.block_actions(session, actor, block_id).block
    response.headers.update(etag(found.version))
    return BlockOut.model_validate(found)


@router.post(P + "/blocks/{block_id}/transfer", response_model=BlockOut)
def transfer(block_id: PathId, body: TransferIn, db: DB, actor: Writer) -> BlockOut:
    """The account's people: the block (or its first `quantity` credits) to another holding account."""
    with db.write() as session:
        moved = ledger.transfer(session, actor, block_id, body.to_account_id, body.quantity)
        moved_id = moved.id
    with db.read() as session:
        found = block_actions.load_block(session, moved_id)
    return BlockOut.model_validate(found)


@router.post(P + "/blocks/{block_id}/split", response_model=list[BlockOut])
def split(block_id: PathId, body: SplitIn, db: DB, actor: Writer) -> list[BlockOut]:
    """Two blocks that exactly cover the one split."""
    with db.write() as session:
        ids = [b.id for b in ledger.split(session, actor, block_id, body.first_size)]
    with db.read() as session:
        return [BlockOut.model_validate(block_actions.load_block(session, i)) for i in ids]


@router.post(P + "/blocks/{block_id}/retire", response_model=RetirementOut, status_code=201)
def retire(block_id: PathId, body: RetireIn, db: DB, actor: Writer) -> RetirementOut:
    """Retire toward the holder city's own target (refused for a project in the city's own
    territory: 422 at "use", code own_territory) or on behalf of others; public once done."""
    with db.write() as session:
        done = ledger.retire(
            session, actor, block_id, quantity=body.quantity, use=body.use, beneficiary=body.beneficiary,
            purpose=body.purpose, claim_year=body.claim_year, city_id=None, organisation_id=None,
        )  # fmt: skip
        retirement_id = done.id
    with db.read() as session:
        return RetirementOut.model_validate(claims.retirement_record(session, retirement_id))


@router.post(P + "/blocks/{block_id}/cancel", response_model=BlockOut)
def cancel(block_id: PathId, body: CancelIn, db: DB, actor: Writer) -> BlockOut:
    """Final: the block (or its first `quantity` credits) into the cancellation account."""
    with db.write() as session:
        cancelled_id = ledger.cancel(session, actor, block_id, quantity=body.quantity, reason=body.reason).id
    with db.read() as session:
        return BlockOut.model_validate(block_actions.load_block(session, cancelled_id))


@router.put(P + "/blocks/{block_id}/article6", response_model=BlockOut)
def set_article6(
    block_id: PathId, body: Article6In, db: DB, actor: Writer, version: IfMatch, response: Response
) -> BlockOut:
    """Registry officers: the host country's authorisation and the corresponding adjustment (no
    ledger transaction; audited). If-Match: the block's ETag."""
    with db.write() as session:
        block_actions.set_article6(
            session, actor, block_id, authorisation=body.authorisation, adjustment=body.adjustment,
            expected_version=version,
        )  # fmt: skip
    with db.read() as session:
        found = block_actions.load_block(session, block_id)
    response.headers.update(etag(found.version))
    return BlockOut.model_validate(found)


@router.post(
    "/credit-projects/{project_id}/reports/{report_id}/issuance",
    response_model=list[BlockOut],
    status_code=201,
)
def issuance(project_id: PathId, report_id: PathId, db: DB, actor: Writer) -> list[BlockOut]:
    """The registry issues a verified monitoring report: the blocks made, buffer included."""
    with db.write() as session:
        ids = [b.id for b in block_actions.issue_report(session, actor, project_id, report_id)]
    with db.read() as session:
        return [BlockOut.model_validate(block_actions.load_block(session, i)) for i in ids]
