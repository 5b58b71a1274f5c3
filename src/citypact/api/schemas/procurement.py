"""JSON shapes of joint procurement in the REST API: procurements, participants, lots, demand,
timeline, market dialogue and documents. Codes (phase, kind, visibility) are checked by the
services, which name the field and the choices (domain/procurement/phases.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID

CPV = Field(default=None, max_length=20, examples=["34144910-0"], description="8 digits, hyphen, check digit")
MINOR = Field(
    default=None, ge=0, le=10**15, description="money in minor units of the currency (cents for EUR)"
)


class ProcurementIn(In):
    title: str = Field(max_length=300, examples=["Electric buses for the Rhine-Neckar cities"])
    subject: str = Field(default="", max_length=20_000)
    cpv: str | None = CPV
    currency: str = Field(default="EUR", max_length=3, examples=["EUR"])
    lead_city_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="a lead city (you edit it)")
    lead_organisation_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="or a central purchasing body acting for the group"
    )
    network: str | None = Field(default=None, max_length=60, description="the opening network's short name")
    participants: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, max_length=199, description="cities invited to take part"
    )
    department: str = Field(default="", max_length=200, description="the lead city's buying department")
    bids_due_at: dt.datetime | None = Field(default=None, description="with its time zone")


class ProcurementPatch(In):
    title: str | None = Field(default=None, max_length=300)
    subject: str | None = Field(default=None, max_length=20_000)
    cpv: str | None = CPV
    currency: str | None = Field(default=None, max_length=3)
    bids_due_at: dt.datetime | None = None


class PhaseIn(In):
    phase: str = Field(max_length=20, examples=["market_dialogue", "tender_published", "bids_due"])


class ReasonIn(In):
    reason: str = Field(max_length=2_000)


class MilestoneIn(In):
    planned_on: dt.date | None = None
    actual_on: dt.date | None = None


class CityIn(In):
    city_id: int = Field(ge=1, le=MAX_ID, description="the participating city you act for")


class JoinIn(CityIn):
    department: str = Field(default="", max_length=200, examples=["Public transport"])


class LotIn(In):
    number: int = Field(ge=1, le=999)
    title: str = Field(max_length=300, examples=["Battery-electric buses, 12 m"])
    unit: str = Field(max_length=40, examples=["bus", "luminaire", "MWh"])
    cpv: str | None = CPV
    description: str = Field(default="", max_length=20_000)


class LotPatch(In):
    number: int | None = Field(default=None, ge=1, le=999)
    title: str | None = Field(default=None, max_length=300)
    unit: str | None = Field(default=None, max_length=40)
    cpv: str | None = CPV
    description: str | None = Field(default=None, max_length=20_000)


class DemandIn(In):
    city_id: int = Field(ge=1, le=MAX_ID, description="your participating city")
    lot_id: int = Field(ge=1, le=MAX_ID)
    quantity: float = Field(ge=0, le=1e12, description="in the lot's unit")
    delivery_from: int = Field(ge=2000, le=2100)
    delivery_to: int = Field(ge=2000, le=2100)
    budget_ceiling_minor: int | None = MINOR
    standalone_estimate_minor: int | None = MINOR
    note: str = Field(default="", max_length=2_000)
    withdrawn: bool = False


class DialogueIn(In):
    kind: str = Field(max_length=10, examples=["note", "question", "answer"])
    body: str = Field(max_length=10_000)
    visibility: str = Field(default="participants", max_length=12, examples=["participants", "public"])
    question_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="the question an answer answers"
    )
    city_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="the city a question is asked for")


# --- out ----------------------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CreatedOut(_Out):
    id: int


class ParticipantOut(_Out):
    id: int
    city_id: int
    city_name: str
    country: str
    department: str
    status: str
    invited_on: dt.date
    joined_on: dt.date | None
    withdrawn_on: dt.date | None
    version: int


class LotOut(_Out):
    id: int
    number: int
    title: str
    unit: str
    cpv: str | None
    description: str
    version: int
    total_quantity: float = Field(description="the group's demand: joined cities, lines not withdrawn")
    participants: int
    delivery_from: int | None
    delivery_to: int | None
    total_budget_minor: int | None


class DemandOut(_Out):
    id: int
    lot_id: int
    city_id: int
    city_name: str
    quantity: float
    delivery_from: int
    delivery_to: int
    budget_ceiling_minor: int | None
    standalone_estimate_minor: int | None
    withdrawn: bool
    note: str
    version: int


class MilestoneOut(_Out):
    phase: str
    planned_on: dt.date | None
    actual_on: dt.date | None
    version: int = Field(description="0 while the phase has no dates")


class ProcurementOut(_Out):
    id: int
    title: str
    subject: str
    cpv: str | None
    lead_city_id: int | None
    lead_organisation_id: int | None
    lead_name: str
    network_slug: str | None
    network_name: str | None
    phase: str
    status: str
    currency: str
    bids_due_at: dt.datetime | None = Field(description="bids stay sealed until then")
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    participants: list[ParticipantOut]
    lots: list[LotOut]
    timeline: list[MilestoneOut]
    demand: list[DemandOut] = Field(description="every line for the lead buyer, your own for a participant")
    can_run: bool
    acts_for: list[int]
    reads_all: bool
    next_phases: list[str]


class ProcurementSummaryOut(_Out):
    id: int
    title: str
    cpv: str | None
    lead_name: str
    phase: str
    status: str
    role: str
    participants: int


class DialogueOut(_Out):
    id: int
    kind: str
    question_id: int | None
    body: str
    visibility: str
    author_city_id: int | None
    author_city_name: str | None
    created_at: dt.datetime
    answered: bool


class DocumentOut(_Out):
    id: int
    name: str
    title: str
    kind: str
    size_bytes: int
    sha256: str
    visibility: str
    uploaded_at: dt.datetime
