"""JSON shapes of stakeholder organisations and their people in the REST API.

Codes (kind, size, statuses) are checked by the services, which name the field and the choices
(domain/green_deals.py). A null contact_email or people means the reader may not see them.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class OrganisationFields(In):
    name: str = Field(max_length=200, examples=["Stadtwerke Solar eG"])
    kind: str = Field(
        max_length=20,
        examples=[
            "business",
            "public_body",
            "utility",
            "housing",
            "research",
            "school",
            "ngo",
            "citizens_group",
        ],
    )
    sector: str = Field(default="", max_length=120, examples=["energy supply"])
    size: str | None = Field(default=None, max_length=12, examples=["micro", "small", "medium", "large"])
    contact_email: str = Field(default="", max_length=254)
    website: str = Field(default="", max_length=300, examples=["https://solar.example"])


class OrganisationIn(OrganisationFields):
    city_id: int = Field(ge=1, le=MAX_ID, description="the city the organisation works in")
    position: str = Field(default="", max_length=200, description="your own position in it")


class OrganisationPatch(In):
    name: str | None = Field(default=None, max_length=200)
    kind: str | None = Field(default=None, max_length=20)
    sector: str | None = Field(default=None, max_length=120)
    size: str | None = Field(default=None, max_length=12)
    contact_email: str | None = Field(default=None, max_length=254)
    website: str | None = Field(default=None, max_length=300)


class JoinIn(In):
    position: str = Field(default="", max_length=200, description="your position in the organisation")


class ReasonIn(In):
    reason: str = Field(max_length=2_000, description="why; the person reads it")


class OrganisationOut(_Out):
    id: int
    city_id: int
    city_name: str
    name: str
    kind: str
    sector: str
    size: str | None
    website: str
    contact_email: str | None = Field(
        description="null: only the city's staff and the organisation's people see it"
    )
    status: str = Field(description="pending, confirmed or refused")
    status_reason: str
    version: int


class OrganisationList(_Out):
    items: list[OrganisationOut]
    total: int
    offset: int
    limit: int


class PersonOut(_Out):
    id: int
    organisation_id: int
    user_id: int
    name: str
    position: str
    status: str = Field(description="requested, confirmed, refused or left")
    reason: str
    requested_at: dt.datetime


class CommitmentOut(_Out):
    id: int
    title: str
    kind: str
    due_date: dt.date | None
    kpi_name: str | None = Field(description="null: the deal's KPIs are not public")
    kpi_unit: str
    kpi_target: float | None
    kpi_target_year: int | None
    latest_value: float | None = Field(description="the last reported KPI value (null: none, or not public)")
    latest_as_of: dt.date | None


class DealOut(_Out):
    id: int
    title: str
    status: str
    action_field: str
    signed_on: dt.date | None
    commitments: list[CommitmentOut]


class OrganisationDetail(_Out):
    organisation: OrganisationOut
    people: list[PersonOut] | None = Field(description="null: not for this reader")
    my_status: str | None = Field(description="your own request's status, if you made one")
    may_edit: bool
    may_decide: bool
    deals: list[DealOut] = Field(description="the public sees deals signed or later, and their public parts")


class RequestOut(_Out):
    organisation: OrganisationOut
    person: PersonOut


class QueueOut(_Out):
    organisations: list[OrganisationOut]
    requests: list[RequestOut]


class MineOut(_Out):
    organisation: OrganisationOut
    person: PersonOut
