"""JSON shapes of joint carbon-credit projects and their monitoring reports in the REST API.

Codes (methodology, status, party role, document kind, authorisation) are checked by the services,
which name the field and the choices (domain/credits.py). Shares and the buffer are sent in % (at
most two decimals) and come out as basis points (`share_bp`, `buffer_bp`: 1/10 000). Reductions
are t CO2e; the methodology's parameters are an object of its names (domain/credit_methodologies.py
SCHEMAS), checked field by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID

Parameters = dict[str, float | str | None]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProjectFields(In):
    title: str | None = Field(default=None, max_length=300, examples=["Kumamoto-Kyoto solar park"])
    description: str | None = Field(default=None, max_length=20_000)
    methodology: str | None = Field(
        default=None,
        max_length=30,
        examples=["grid_renewable", "energy_efficiency", "landfill_gas", "reported"],
    )
    ex_ante_parameters: Parameters | None = Field(
        default=None, max_length=20, examples=[{"eg_mwh": 12_000}], description="a year's worth"
    )
    crediting_start: dt.date | None = None
    crediting_end: dt.date | None = None
    buffer_percent: float | None = Field(default=None, ge=0, le=50, description="kept for reversals, in %")
    authorisation: str | None = Field(default=None, max_length=16, examples=["ndc", "other_purposes", "none"])


class ProjectIn(ProjectFields):
    city_id: int = Field(ge=1, le=MAX_ID, description="the host city (you edit it)")


class ProjectPatch(ProjectFields):
    pass


class PartyIn(In):
    city_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="a partner city; or organisation_id"
    )
    organisation_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="a confirmed organisation")
    share_percent: float = Field(default=0, ge=0, le=100)


class ShareIn(In):
    share_percent: float = Field(ge=0, le=100)


class DocumentIn(In):
    kind: str = Field(max_length=20, examples=["design", "validation", "monitoring_plan", "verification"])
    title: str = Field(max_length=300)
    url: str = Field(default="", max_length=500)
    public: bool = True


class CloseIn(In):
    reason: str = Field(max_length=20_000)


class ReportFields(In):
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    parameters: Parameters | None = Field(default=None, max_length=20, examples=[{"eg_mwh": 9_000}])


class ReportIn(ReportFields):
    period_start: dt.date
    period_end: dt.date
    parameters: Parameters = Field(max_length=20)


class SubmitIn(In):
    verifier_id: int = Field(ge=1, le=MAX_ID, description="a person holding the verifier role, independent")


class VerifyIn(In):
    verified_t: float = Field(ge=0, le=1e9)
    reference: str = Field(max_length=500, description="the verification report's reference")
    statement: str = Field(
        default="", max_length=20_000, description="needed when above the monitored figure"
    )


class RejectIn(In):
    reason: str = Field(max_length=20_000)


class ProjectSummaryOut(_Out):
    id: int
    title: str
    host_city_id: int
    host_city: str
    host_country: str
    methodology: str
    status: str
    crediting_start: dt.date
    crediting_end: dt.date
    ex_ante_t_per_year: float | None


class PartyOut(_Out):
    id: int
    role: str
    city_id: int | None
    organisation_id: int | None
    name: str
    share_bp: int
    version: int


class DocumentOut(_Out):
    id: int
    kind: str
    title: str
    url: str
    public: bool


class ReportOut(_Out):
    id: int
    period_start: dt.date
    period_end: dt.date
    status: str
    parameters: dict[str, Any]
    reductions_t: float
    credited_t: float = Field(description="what may become credits: a result below zero yields none")
    ex_ante_t: float | None = Field(description="the yearly estimate pro rata by days for this period")
    verifier_id: int | None
    verifier_name: str
    verified_t: float | None
    verification_reference: str
    verification_statement: str
    status_reason: str
    version: int


class VintageOut(_Out):
    vintage: int
    verified_t: float
    issued: int


class ProjectOut(_Out):
    id: int
    title: str
    description: str
    host_city_id: int
    host_city: str
    host_country: str
    methodology: str
    ex_ante_parameters: dict[str, Any]
    ex_ante_t_per_year: float | None
    crediting_start: dt.date
    crediting_end: dt.date
    buffer_bp: int
    authorisation: str
    status: str
    status_reason: str
    version: int
    parties: list[PartyOut]
    documents: list[DocumentOut]
    reports: list[ReportOut]
    vintages: list[VintageOut]
    missing_share_bp: int = Field(description="how far the shares are from 100 % (negative: too much)")
    internal: bool
