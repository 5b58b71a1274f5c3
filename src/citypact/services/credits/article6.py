"""An annual Article 6-style report: every block the ledger touched in a calendar year (UTC) with
what a host country and an acquiring party need to match their accounts: serial range, host
country, vintage, quantity, authorisation, corresponding adjustment, first transfer and who
acquired it, and for a retired block its use and claim year, with the double-claim flag.

"Touched" means a ledger transaction recorded in the year created, split, moved, retired or
cancelled the block (a split block is reported as its two halves). The acquiring party is the
owner of the account the ledger's first transfer of these serial numbers went to (a transfer out
of the host country of an authorised block); empty when there was none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credits import double_claim
from citypact.services.credits.views import BlockView, csv_rows, load_blocks
from citypact.services.errors import NotAuthenticated, PermissionDenied
from citypact.storage.credits import CreditAccount, CreditBlock, CreditRetirement, CreditTransaction

ARTICLE6_COLUMNS: Final = (
    "serial_label", "serial_start", "serial_end", "project_id", "host_country", "vintage", "quantity",
    "status", "authorisation", "adjustment", "first_transfer_date", "acquiring_party", "retirement_use",
    "claim_year", "double_claim",
)  # fmt: skip


@dataclass(frozen=True)
class Article6Row:
    block: BlockView
    first_transfer_date: dt.date | None
    acquiring_party: str
    retirement_use: str | None
    claim_year: int | None
    double_claim: bool


def _block_ids(value: object, key: str = "") -> set[int]:
    """Block ids a ledger body names: int values under keys that say "block"."""
    if isinstance(value, dict):
        return set().union(*(_block_ids(v, str(k)) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_block_ids(v, key) for v in value))
    if "block" in key and isinstance(value, int) and not isinstance(value, bool):
        return {value}
    return set()


def article6_report(session: Session, actor: Actor, year: int) -> list[Article6Row]:
    """The report for registry officers and admins: it names who holds what, which is not public."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.runs_credit_registry():
        raise PermissionDenied("Only the registry's officers read the Article 6 report.")
    return article6_rows(session, year)


def article6_rows(session: Session, year: int) -> list[Article6Row]:
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    seqs: set[int] = set()
    named: set[int] = set()
    query = select(CreditTransaction.seq, CreditTransaction.body).where(
        CreditTransaction.recorded_at >= start, CreditTransaction.recorded_at < end
    )
    for seq, body in session.execute(query.execution_options(yield_per=1000)):
        seqs.add(seq)
        named |= _block_ids(json.loads(body))
    if not seqs:
        return []
    blocks = load_blocks(
        session,
        CreditBlock.status != "split",
        or_(CreditBlock.created_seq.in_(seqs), CreditBlock.closed_seq.in_(seqs), CreditBlock.id.in_(named)),
    )
    ids = [b.id for b in blocks]
    retired = {
        r.block_id: r
        for r in session.scalars(select(CreditRetirement).where(CreditRetirement.block_id.in_(ids)))
    }
    acquirers = _first_acquirers(session)
    rows = []
    for b in blocks:
        within = (n for p, start, end, n in acquirers if p == b.project_id and start <= b.serial_start <= end)
        party = next(within, "")  # a first transfer moved whole blocks: the start decides
        first = b.first_transferred_at.date() if b.first_transferred_at else None
        found = retired.get(b.id)
        if found is None:
            rows.append(Article6Row(b, first, party, None, None, False))
        else:
            flag = double_claim(found.city_id, b.host_city_id, found.use, b.adjustment)
            rows.append(Article6Row(b, first, party, found.use, found.claim_year, flag))
    return rows


def _first_acquirers(session: Session) -> list[tuple[int, int, int, str]]:
    """Per first transfer in the ledger: project, serial range and the receiving account's owner."""
    names = {a.id: a.name for a in session.scalars(select(CreditAccount))}
    query = select(CreditTransaction.project_id, CreditTransaction.body).where(
        CreditTransaction.kind == "transfer", CreditTransaction.body.like('%"first_transfer":true%')
    )
    found = []
    for project_id, text in session.execute(query):
        body = json.loads(text)
        found.append((project_id or 0, int(body["start"]), int(body["end"]), names.get(int(body["to"]), "")))
    return found


def article6_csv(rows: list[Article6Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ARTICLE6_COLUMNS)
    writer.writerows(
        csv_rows(
            [
                r.block.label,
                r.block.serial_start,
                r.block.serial_end,
                r.block.project_id,
                r.block.host_country,
                r.block.vintage,
                r.block.quantity,
                r.block.status,
                r.block.authorisation,
                r.block.adjustment,
                r.first_transfer_date,
                r.acquiring_party,
                r.retirement_use,
                r.claim_year,
                r.double_claim,
            ]  # fmt: skip
            for r in rows
        )
    )
    return out.getvalue()
