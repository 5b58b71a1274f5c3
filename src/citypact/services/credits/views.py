"""What CLAIMS' pages, API and files show of blocks and retirements, read in one query each: the
block with its project and host, and a retirement with its block, so no view loads rows one by one.
Also the CSV cell rule every credit file shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from citypact.domain.credit_ledger import REGISTRY_PREFIX, serial_label
from citypact.domain.credits import double_claim
from citypact.storage.credits import CreditBlock, CreditProject, CreditRetirement, CreditTransaction
from citypact.storage.models import City, Organisation


@dataclass(frozen=True)
class BlockView:
    id: int
    label: str  # the serial label, domain.credit_ledger.serial_label
    project_id: int
    project: str
    host_city_id: int
    host_city: str
    host_country: str
    vintage: int
    serial_start: int
    serial_end: int
    quantity: int
    status: str
    account_id: int
    authorisation: str
    adjustment: str
    first_transferred_at: dt.datetime | None
    version: int


@dataclass(frozen=True)
class RetirementView:
    id: int
    block: BlockView
    use: str  # domain.credits.RETIREMENT_USES
    city_id: int | None  # who retired it: a city ...
    city: str | None
    organisation_id: int | None  # ... or an organisation
    organisation: str | None
    beneficiary: str
    purpose: str
    claim_year: int
    retired_at: dt.datetime
    seq: int
    hash: str  # the ledger transaction's

    @property
    def double_claim(self) -> bool:
        """A buyer city counts it while the host's inventory still holds the reduction."""
        return double_claim(self.city_id, self.block.host_city_id, self.use, self.block.adjustment)


_HOST = aliased(City)


def _blocks_query() -> Select[CreditBlock, str, int, str, str]:
    return (
        select(
            CreditBlock,
            CreditProject.title,
            CreditProject.host_city_id,
            _HOST.name,
            CreditProject.host_country,
        )
        .join(CreditProject, CreditProject.id == CreditBlock.project_id)
        .join(_HOST, _HOST.id == CreditProject.host_city_id)
    )


def _block_view(block: CreditBlock, title: str, host_id: int, host: str, country: str) -> BlockView:
    return BlockView(
        id=block.id,
        label=serial_label(
            REGISTRY_PREFIX, country, block.project_id, block.vintage, block.serial_start, block.serial_end
        ),
        project_id=block.project_id,
        project=title,
        host_city_id=host_id,
        host_city=host,
        host_country=country,
        vintage=block.vintage,
        serial_start=block.serial_start,
        serial_end=block.serial_end,
        quantity=block.serial_end - block.serial_start + 1,
        status=block.status,
        account_id=block.account_id,
        authorisation=block.authorisation,
        adjustment=block.adjustment,
        first_transferred_at=block.first_transferred_at,
        version=block.version,
    )


def load_blocks(session: Session, *where: Any) -> list[BlockView]:
    """Blocks matching `where`, by project, vintage and serial."""
    query = (
        _blocks_query()
        .where(*where)
        .order_by(CreditBlock.project_id, CreditBlock.vintage, CreditBlock.serial_start)
    )
    return [_block_view(*row) for row in session.execute(query)]


def load_retirements(session: Session, *where: Any) -> list[RetirementView]:
    """Retirements matching `where` (on CreditRetirement, CreditBlock or CreditProject), oldest first."""
    retiring_city = aliased(City)
    query = (
        _blocks_query()
        .add_columns(CreditRetirement, retiring_city.name, Organisation.name, CreditTransaction.hash)
        .join(CreditRetirement, CreditRetirement.block_id == CreditBlock.id)
        .outerjoin(retiring_city, retiring_city.id == CreditRetirement.city_id)
        .outerjoin(Organisation, Organisation.id == CreditRetirement.organisation_id)
        .outerjoin(CreditTransaction, CreditTransaction.seq == CreditRetirement.seq)
        .where(*where)
        .order_by(CreditRetirement.retired_at, CreditRetirement.id)
    )
    found = []
    for *block_row, retirement, city, organisation, tx_hash in session.execute(query):
        found.append(
            RetirementView(
                id=retirement.id,
                block=_block_view(*block_row),
                use=retirement.use,
                city_id=retirement.city_id,
                city=city,
                organisation_id=retirement.organisation_id,
                organisation=organisation,
                beneficiary=retirement.beneficiary,
                purpose=retirement.purpose,
                claim_year=retirement.claim_year,
                retired_at=retirement.retired_at,
                seq=retirement.seq,
                hash=tx_hash or "",
            )
        )
    return found


def csv_cell(value: object) -> object:
    """A CSV cell: text a spreadsheet would run as a formula (= + - @) gets an apostrophe first."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def csv_rows(rows: Iterable[Sequence[object]]) -> list[list[object]]:
    return [[csv_cell(v) for v in row] for row in rows]
