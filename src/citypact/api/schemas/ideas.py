"""JSON shapes of the House of Change (ideas, reviews, support, reports) in the REST API.

Codes (action field, status, role, SDG targets, GPC sectors) are checked by the services, which name
the field and the choices (domain/ideas.py, domain/green_deals.py)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID


class IdeaIn(In):
    city_id: int = Field(ge=1, le=MAX_ID, description="the city whose House of Change it is proposed in")
    title: str = Field(max_length=300, examples=["Solar roofs on every school"])
    action_field: str = Field(
        max_length=30,
        examples=["clean_energy"],
        description="one of the 8 Green Deal action fields: climate_ambition, clean_energy, "
        "circular_economy, buildings_renovation, sustainable_mobility, farm_to_fork, biodiversity, "
        "zero_pollution",
    )
    description: str = Field(default="", max_length=10_000)
    sdg_targets: list[str] = Field(
        default_factory=list, max_length=60, description='SDG goals and targets, e.g. ["7", "7.2", "11.a"]'
    )
    gpc_sectors: list[str] = Field(default_factory=list, max_length=6, description="GPC sectors I to VI")
    needs: str = Field(
        default="", max_length=10_000, description="what it needs: money, land, permits, people"
    )
    who_could_join: str = Field(default="", max_length=10_000)
    organisation_id: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="propose in the name of an organisation you are confirmed for",
    )
    show_name: bool = Field(default=False, description="show your name to the public (default: a resident)")


class IdeaPatch(In):
    title: str | None = Field(default=None, max_length=300)
    action_field: str | None = Field(default=None, max_length=30)
    description: str | None = Field(default=None, max_length=10_000)
    sdg_targets: list[str] | None = Field(default=None, max_length=60)
    gpc_sectors: list[str] | None = Field(default=None, max_length=6)
    needs: str | None = Field(default=None, max_length=10_000)
    who_could_join: str | None = Field(default=None, max_length=10_000)
    show_name: bool | None = None


class ReviewIn(In):
    role: str = Field(max_length=10, examples=["dreamer", "realist", "critic"])
    answers: dict[str, str] = Field(
        max_length=20,
        description="question code -> answer. dreamer: could_become*, who_benefits*, success_looks_like; "
        "realist: steps*, resources_costs*, partners, time; critic: risks*, objections, must_be_true* "
        "(* required; at most 2000 characters, time 300)",
    )
    show_name: bool = False


class SupportIn(In):
    organisation_id: int = Field(ge=1, le=MAX_ID, description="an organisation you are confirmed for")
    note: str = Field(default="", max_length=2000, description="what the organisation would bring")


class ReportIn(In):
    reason: str = Field(max_length=2000)
    review_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="a review of the idea; none: the idea"
    )


class MoveIn(In):
    status: str = Field(max_length=12, examples=["in_review", "ready", "archived"])
    reason: str = Field(default="", max_length=2000, description="why it is archived (required then)")


class HideIn(In):
    reason: str = Field(max_length=2000)
    review_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="a review of the idea; none: the idea"
    )


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class IdeaSummaryOut(Out):
    id: int
    city_id: int
    title: str
    action_field: str
    status: str
    deal_id: int | None
    sdg_targets: list[str]
    gpc_sectors: list[str]
    by_name: str | None = Field(description="the proposer's name where they consented; null: a resident")
    by_organisation: str | None
    reviews: int
    supporters: int
    hidden: bool
    created_at: dt.datetime


class IdeaList(Out):
    items: list[IdeaSummaryOut]
    total: int
    offset: int
    limit: int


class ReviewOut(Out):
    id: int
    role: str
    answers: dict[str, str]
    by_name: str | None
    mine: bool
    hidden: bool
    hidden_reason: str
    created_at: dt.datetime


class SupportOut(Out):
    organisation_id: int
    organisation: str
    note: str
    created_at: dt.datetime


class IdeaOut(Out):
    id: int
    city_id: int
    city: str
    title: str
    description: str
    action_field: str
    sdg_targets: list[str]
    gpc_sectors: list[str]
    needs: str
    who_could_join: str
    status: str
    status_reason: str
    deal_id: int | None = Field(description="the deal made of it; its page is /deals/{deal_id}")
    by_name: str | None
    by_organisation: str | None
    organisation_id: int | None
    show_name: bool
    hidden: bool
    hidden_reason: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    reviews: list[ReviewOut]
    support: list[SupportOut]
    missing_roles: list[str]
    mine: bool
    may_edit: bool
    may_review: list[str]
    may_support: list[int]
    may_facilitate: bool
    moves: list[str]


class ReportOut(Out):
    id: int
    idea_id: int
    idea_title: str = ""
    review_id: int | None
    reason: str
    created_at: dt.datetime
    outcome: str | None
    resolved_at: dt.datetime | None


class ReportList(Out):
    items: list[ReportOut]
    total: int
    offset: int
    limit: int
