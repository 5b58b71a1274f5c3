"""JSON shapes of Local Green Deals in the REST API.

Codes (action field, status, commitment kind, co-benefit kind, public parts) are checked by the
services, which name the field and the choices (domain/green_deals.py). Money is integer minor
units (`amount_minor`) of `currency`; an amount sent in is a decimal of the currency ("250000.00"),
refused if it has more decimals than the currency has. Lists of codes ("7;7.2") come out as lists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DealFields(In):
    title: str | None = Field(default=None, max_length=300, examples=["Solar roofs for Heidelberg's schools"])
    summary: str | None = Field(default=None, max_length=20_000)
    action_field: str | None = Field(
        default=None, max_length=30, examples=["clean_energy", "buildings_renovation", "sustainable_mobility"]
    )
    sdg_targets: str | None = Field(default=None, max_length=400, examples=["7;7.2;13"])
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class DealIn(DealFields):
    city_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="your city; or give idea_id")
    idea_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="a ready idea of your city: the deal takes it over"
    )
    organisation_ids: list[int] | None = Field(
        default=None,
        max_length=50,
        description="with idea_id: which supporters become parties (all if absent)",
    )


class DealPatch(DealFields):
    pass


class StepIn(In):
    status: str = Field(max_length=12, examples=["negotiating", "implementing", "reviewed", "completed"])
    reason: str = Field(default="", max_length=20_000, description="why it ends early (ended_early)")


class PublicPartsIn(In):
    public_parts: list[str] = Field(max_length=7, examples=[["summary", "parties", "kpis"]])


class PartyIn(In):
    organisation_id: int = Field(ge=1, le=MAX_ID, description="a confirmed organisation of any city")


class SignatureIn(In):
    signatory_name: str = Field(max_length=200)
    signatory_title: str = Field(default="", max_length=200)
    signed_on: dt.date


class CommitmentFields(In):
    kind: str | None = Field(default=None, max_length=10, examples=["action", "support", "permit", "funding"])
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    due_date: dt.date | None = None
    kpi_name: str | None = Field(default=None, max_length=200, examples=["Roofs with PV"])
    kpi_unit: str | None = Field(default=None, max_length=40, examples=["roofs"])
    kpi_baseline: float | None = Field(default=None, ge=-1e15, le=1e15)
    kpi_baseline_year: int | None = Field(default=None, ge=1990, le=2100)
    kpi_target: float | None = Field(default=None, ge=-1e15, le=1e15)
    kpi_target_year: int | None = Field(default=None, ge=1990, le=2100)
    expected_reduction_t: float | None = Field(default=None, ge=0, le=1e9, description="t CO2e a year")
    gpc_sectors: str | None = Field(default=None, max_length=40, examples=["I;II"])
    plan_measure_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="a measure of the city's plan"
    )
    amount: Decimal | None = Field(default=None, ge=0, le=Decimal(10**13), description="funding: the amount")
    currency: str | None = Field(default=None, max_length=3, examples=["EUR"])


class CommitmentIn(CommitmentFields):
    title: str = Field(max_length=300)


class BenefitIn(In):
    kind: str = Field(
        max_length=20, examples=["jobs", "air_quality", "health", "biodiversity", "cost_savings"]
    )
    description: str = Field(default="", max_length=20_000)
    quantity: float | None = Field(default=None, ge=-1e15, le=1e15)
    unit: str = Field(default="", max_length=40, examples=["FTE", "EUR/a"])


class MilestoneIn(In):
    title: str = Field(max_length=300)
    due_date: dt.date


class MilestoneDoneIn(In):
    done_on: dt.date | None = Field(description="the day it was done; null reopens it")


class ReviewIn(In):
    due_date: dt.date


class ReviewHeldIn(In):
    held_on: dt.date
    findings: str = Field(max_length=20_000)


class DealSummaryOut(_Out):
    id: int
    city_id: int
    city_name: str
    title: str
    action_field: str
    status: str
    internal: bool = Field(description="false: you see the deal's public face only (no dates, counts)")
    signed_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    parties: int | None
    commitments: int | None


class BenefitOut(_Out):
    id: int
    kind: str
    description: str
    quantity: float | None
    unit: str


class MilestoneOut(_Out):
    id: int
    title: str
    due_date: dt.date
    done_on: dt.date | None


class ReportOut(_Out):
    id: int
    as_of: dt.date
    value: float
    note: str


class CommitmentOut(_Out):
    id: int
    party_id: int
    version: int
    kind: str
    title: str
    description: str
    due_date: dt.date | None
    kpi_name: str
    kpi_unit: str
    kpi_baseline: float | None
    kpi_baseline_year: int | None
    kpi_target: float | None
    kpi_target_year: int | None
    expected_reduction_t: float | None
    gpc_sectors: list[str]
    plan_measure_id: int | None
    amount_minor: int | None
    currency: str | None
    benefits: list[BenefitOut]
    milestones: list[MilestoneOut]
    reports: list[ReportOut]


class PartyOut(_Out):
    id: int
    version: int
    organisation_id: int | None = Field(description="null: the city")
    name: str
    organisation_kind: str | None
    signatory_name: str
    signatory_title: str
    signed_on: dt.date | None
    signed: bool
    may_act: bool = Field(description="you write this party's commitments and signature")
    commitments: list[CommitmentOut]


class ReviewOut(_Out):
    id: int
    due_date: dt.date
    held_on: dt.date | None
    findings: str


class DealOut(_Out):
    id: int
    version: int
    city_id: int
    city_name: str
    title: str
    summary: str
    action_field: str
    sdg_targets: list[str]
    status: str
    status_reason: str
    start_date: dt.date | None
    end_date: dt.date | None
    signed_on: dt.date | None
    public_parts: list[str]
    idea_id: int | None
    runs: bool = Field(description="you are one of the city's editors")
    open_to_changes: bool = Field(description="parties and commitments may still change")
    parties: list[PartyOut]
    reviews: list[ReviewOut]
    expected_reduction_t: float = Field(description="sum over the commitments, t CO2e a year")
