"""JSON shapes of credit accounts, their blocks and the ledger's actions, retirements and the
Article 6 report in the REST API. One credit = one tonne CO2e; quantities are whole credits;
codes as in domain.credits (statuses, authorisations, adjustments, retirement uses)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.domain.credit_ledger import MAX_SERIAL
from citypact.http.deps import MAX_ID

Quantity = Field(default=None, ge=1, le=MAX_SERIAL, description="whole credits; none: the whole block")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AccountOut(_Out):
    id: int
    kind: str = Field(description="holding, buffer, retirement or cancellation")
    name: str
    city_id: int | None
    organisation_id: int | None


class BlockOut(_Out):
    id: int
    label: str = Field(description="the serial label: prefix-country-project-vintage-first-last")
    project_id: int
    project: str
    host_city_id: int
    host_country: str
    vintage: int
    serial_start: int
    serial_end: int
    quantity: int
    status: str = Field(description="active, retired, cancelled or split")
    account_id: int
    authorisation: str = Field(description="ndc, other_purposes or none")
    adjustment: str = Field(description="not_required, pending or applied")
    first_transferred_at: dt.datetime | None
    version: int


class RetirementOut(_Out):
    id: int
    block: BlockOut
    use: str = Field(description="own_target or on_behalf")
    city_id: int | None
    city: str | None
    organisation_id: int | None
    organisation: str | None
    beneficiary: str
    purpose: str
    claim_year: int
    retired_at: dt.datetime
    seq: int = Field(description="the ledger transaction")
    hash: str
    double_claim: bool = Field(
        description="a buyer city counts it while the host's inventory still holds the reduction "
        "(no corresponding adjustment applied)"
    )


class LedgerRowOut(_Out):
    seq: int
    kind: str
    project_id: int | None
    recorded_at: dt.datetime
    hash: str


class StatementOut(_Out):
    account: AccountOut
    owner: str
    held: list[BlockOut]
    retired: list[RetirementOut]
    history: list[LedgerRowOut] = Field(description="the newest ledger rows that touched the account")
    held_total: int
    retired_total: int


class TransferIn(In):
    to_account_id: int = Field(
        ge=1, le=MAX_ID, description="a holding account (GET /api/v1/credit-accounts/holders)"
    )
    quantity: int | None = Quantity


class SplitIn(In):
    first_size: int = Field(ge=1, le=MAX_SERIAL, description="credits in the first of the two blocks")


class RetireIn(In):
    quantity: int | None = Quantity
    use: str = Field(max_length=12, description="own_target or on_behalf")
    beneficiary: str = Field(min_length=1, max_length=300)
    purpose: str = Field(default="", max_length=2000)
    claim_year: int = Field(ge=1990, le=2100)


class CancelIn(In):
    quantity: int | None = Quantity
    reason: str = Field(min_length=1, max_length=2000)


class Article6In(In):
    authorisation: str = Field(max_length=16, description="ndc, other_purposes or none")
    adjustment: str = Field(max_length=12, description="not_required, pending or applied")


class HolderOut(_Out):
    id: int
    name: str
    is_city: bool


class Article6RowOut(_Out):
    block: BlockOut
    first_transfer_date: dt.date | None
    acquiring_party: str
    retirement_use: str | None
    claim_year: int | None
    double_claim: bool
