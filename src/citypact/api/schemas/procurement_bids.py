"""Bodies and answers of the bid endpoints: sealed bids, evaluations, awards, contracts, notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In


class EnergyIn(In):
    carrier: str = Field(
        max_length=60, description="as in the inventory template, e.g. Gas/Diesel Oil, electricity"
    )
    amount_per_year: float = Field(ge=0, le=1e12)
    unit: str = Field(max_length=20, description="e.g. GJ, kWh, L")
    cost_per_year: float = Field(0, ge=0, le=1e13)


class BandIn(In):
    min_quantity: float = Field(ge=0, le=1e12)
    unit_price: float = Field(ge=0, le=1e13)


class BidIn(In):
    """A bid for the lot's whole quantity; money in the procurement's currency (units, not cents)."""

    organisation_id: int = Field(ge=1, le=2_147_483_647, description="the organisation you bid for")
    price: float | None = Field(None, ge=0, le=1e13)
    lifetime_years: int = Field(ge=1, le=100)
    quantity: float | None = Field(None, ge=0, le=1e12)
    maintenance_per_year: float | None = Field(None, ge=0, le=1e13)
    operation_per_year: float | None = Field(None, ge=0, le=1e13)
    end_of_life_cost: float | None = Field(None, ge=0, le=1e13)
    residual_value: float | None = Field(None, ge=0, le=1e13)
    embodied_t_co2e: float | None = Field(None, ge=0, le=1e9)
    ladder_level: int | None = Field(None, ge=0, le=5)
    energy: list[EnergyIn] = Field(default_factory=list, max_length=10)
    volume_bands: list[BandIn] = Field(default_factory=list, max_length=20)
    quality: dict[str, float] = Field(default_factory=dict, max_length=20)

    def values(self) -> dict[str, Any]:
        return self.model_dump(exclude={"organisation_id"}, exclude_none=True)


class ReceiptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    bid_id: int
    procurement_id: int
    lot_id: int
    lot_number: int
    supplier: str
    revision: int
    submitted_at: dt.datetime
    content_hash: str = Field(description="SHA-256 of the sealed content: keep it as your receipt")


class OpenedBidOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    bid_id: int
    lot_id: int
    lot_number: int
    supplier: str
    organisation_id: int | None
    source: str = Field(description="online or paper")
    submitted_at: dt.datetime
    content_hash: str
    payload: dict[str, Any] = Field(description="the bid; money in minor units (cents) of the currency")


class WeightsIn(In):
    cost: float = Field(ge=0, le=100)
    co2: float = Field(0, ge=0, le=100)
    quality: dict[str, float] = Field(default_factory=dict, max_length=20)


class EvaluationIn(In):
    method: str = Field(max_length=10, description="price, lcc, lcc-co2, ladder or meat")
    schedule: str | None = Field(None, max_length=60, description="a CO2 price schedule's key, e.g. de-behg")
    schedule_version: str | None = Field(None, max_length=40)
    co2_price: float | None = Field(None, ge=0, le=100_000, description="a constant price per tonne instead")
    discount_rate: float = Field(0.03, ge=0, le=0.2)
    gwp: str = Field("AR5", max_length=10)
    year: int | None = Field(None, ge=1990, le=2100)
    ladder_discounts: dict[int, float] | None = Field(None, max_length=5)
    weights: WeightsIn | None = None
    meat_cost: str = Field("price", max_length=5)


class EvaluationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    procurement_id: int
    lot_id: int
    lot_number: int
    method: str
    status: str = Field(description="draft or published (frozen)")
    created_at: dt.datetime
    published_at: dt.datetime | None
    inputs: dict[str, Any] = Field(description="everything the figures depend on, frozen")
    result: dict[str, Any] = Field(description="ranking (best first), switching prices, sensitivity")


class RecomputedOut(BaseModel):
    evaluation_id: int
    same: bool = Field(description="the recomputed figures equal the stored ones")
    result: dict[str, Any]


class AwardIn(In):
    evaluation_id: int = Field(ge=1, le=2_147_483_647)
    awarded_on: dt.date
    bid_id: int | None = Field(None, ge=1, le=2_147_483_647, description="default: the first of the ranking")


class AwardOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    procurement_id: int
    lot_id: int
    bid_id: int
    evaluation_id: int
    awarded_on: dt.date


class ShareOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    participant_id: int
    city_id: int
    city: str
    quantity: float
    share: float
    cost_minor: int
    standalone_minor: int | None
    standalone_basis: str = Field(description="estimate, best_bid_alone or none")
    saving_minor: int | None
    t_co2e: float
    avoided_t_co2e: float
    avoided_t_co2e_per_year: float
    plan_measure_id: int | None


class PlanIn(In):
    city_id: int = Field(ge=1, le=2_147_483_647)
    field: str = Field(max_length=30, description="the plan's field of action, e.g. transport")


class PlanOut(BaseModel):
    plan_measure_id: int


class ContractIn(In):
    signed_on: dt.date
    value: float = Field(ge=0, le=1e13)
    start_on: dt.date | None = None
    end_on: dt.date | None = None


class ContractOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    award_id: int
    signed_on: dt.date
    start_on: dt.date | None
    end_on: dt.date | None
    value_minor: int


class CallOffIn(In):
    participant_id: int = Field(ge=1, le=2_147_483_647)
    quantity: float = Field(gt=0, le=1e12)
    ordered_on: dt.date


class CallOffOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    contract_id: int
    participant_id: int
    quantity: float
    ordered_on: dt.date


class LadderMissIn(In):
    achieved_level: int = Field(ge=0, le=5)
    recorded_on: dt.date
    note: str = Field("", max_length=2000)


class LadderMissOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    award_id: int
    promised_level: int
    achieved_level: int
    recorded_on: dt.date
    note: str


class NoticeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    procurement_id: int
    title: str
    lot_id: int
    lot_number: int
    lot_title: str
    awarded_on: dt.date
    supplier: str
    currency: str
    method: str
    discount_rate: float
    schedule: dict[str, Any] | None
    gwp: str
    evaluated_cost: float
    lcc: float
    co2e_t: float
    co2_cost: float
    acquisition: float
    bids_received: int
