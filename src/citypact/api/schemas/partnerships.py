"""JSON shapes of partnerships and events in the REST API.

Codes (kind, role, status) are checked by the services, which name the field and the choices, so
the lists live in one place (domain/partnerships.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID


class PartnerIn(In):
    city_id: int = Field(ge=1, le=MAX_ID)
    role: str = Field(default="partner", max_length=20, examples=["partner", "mentor", "mentee", "observer"])


class PartnershipIn(In):
    city_id: int = Field(ge=1, le=MAX_ID, description="the proposing city; you are one of its editors")
    title: str = Field(max_length=300, examples=["Heat planning between Heidelberg and Kyoto"])
    kind: str = Field(max_length=20, examples=["peer", "mentoring", "twinning", "group", "technical"])
    role: str = Field(default="partner", max_length=20, description="the proposing city's role")
    partners: list[PartnerIn] = Field(min_length=1, max_length=29)
    description: str = Field(default="", max_length=20_000)
    is_public: bool = False
    network: str | None = Field(default=None, max_length=60, description="a network's short name, e.g. c40")


class PartnershipPatch(In):
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    is_public: bool | None = None


class CityActIn(In):
    city_id: int = Field(ge=1, le=MAX_ID, description="the member city you act for")


class SignIn(CityActIn):
    signed_on: dt.date | None = Field(default=None, description="the day the city signed; today if left out")
    signatory: str = Field(default="", max_length=200, examples=["Mayor of Heidelberg"])


class StatusIn(In):
    status: str = Field(max_length=20, examples=["active", "reviewed", "ended"])
    note: str = Field(default="", max_length=20_000, description="the review's findings; why it ended")


class MemberIn(In):
    city_id: int = Field(ge=1, le=MAX_ID)
    role: str = Field(default="observer", max_length=20)


class GoalIn(In):
    text: str = Field(max_length=2000)
    target_date: dt.date | None = None


class GoalStatusIn(In):
    status: str = Field(max_length=20, examples=["open", "in_progress", "achieved", "dropped"])


class TaskIn(In):
    title: str = Field(max_length=300)
    owner_city_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    due_on: dt.date | None = None
    goal_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class DoneIn(In):
    done_on: dt.date | None = Field(default=None, description="today if left out")


class ExchangeIn(In):
    kind: str = Field(max_length=20, examples=["visit", "webinar", "joint_project", "twinning", "other"])
    happened_on: dt.date | None = None
    year: int | None = Field(default=None, description="when only the year is known")
    title: str = Field(max_length=300)
    summary: str = Field(default="", max_length=20_000)
    city_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, max_length=60, description="all signing members if empty"
    )
    is_internal: bool = Field(default=False, description="hidden from the public")


class EventIn(In):
    kind: str = Field(
        max_length=20, examples=["kickoff", "intermediate", "final", "sprint", "webinar", "visit"]
    )
    title: str = Field(max_length=300)
    starts_on: dt.date
    ends_on: dt.date | None = None
    place: str = Field(default="", max_length=300)
    online: bool = False
    agenda: str = Field(default="", max_length=20_000)
    outcomes: str = Field(default="", max_length=20_000)
    recommendations: str = Field(default="", max_length=20_000)
    is_public: bool = True


class EventPatch(In):
    kind: str | None = Field(default=None, max_length=20)
    title: str | None = Field(default=None, max_length=300)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    place: str | None = Field(default=None, max_length=300)
    online: bool | None = None
    agenda: str | None = Field(default=None, max_length=20_000)
    outcomes: str | None = Field(default=None, max_length=20_000)
    recommendations: str | None = Field(default=None, max_length=20_000)
    is_public: bool | None = None


class ParticipantIn(In):
    city_id: int = Field(ge=1, le=MAX_ID)
    role: str = Field(default="participant", max_length=20, examples=["participant", "host", "observer"])
    people_count: int | None = Field(default=None, ge=0, le=100_000)
    people: str = Field(default="", max_length=2000, description="names; seen by the members only")


# --- out ----------------------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class MemberOut(_Out):
    city_id: int
    name: str
    country: str
    role: str
    accepted_on: dt.date | None
    signed_on: dt.date | None
    signatory: str


class GoalOut(_Out):
    id: int
    text: str
    target_date: dt.date | None
    status: str
    version: int = Field(default=1, description="If-Match of a PATCH")


class TaskOut(_Out):
    id: int
    title: str
    goal_id: int | None
    owner_city_id: int | None
    owner_name: str | None
    due_on: dt.date | None
    done_on: dt.date | None
    version: int = Field(default=1, description="If-Match of marking it done, optional")


class CityNameOut(_Out):
    id: int
    name: str
    country: str


class ExchangeOut(_Out):
    id: int
    kind: str
    happened_on: dt.date | None
    year: int | None
    title: str
    summary: str
    cities: list[CityNameOut]
    source: str
    is_internal: bool


class EventSummaryOut(_Out):
    id: int
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    online: bool
    is_public: bool


class NetworkNameOut(_Out):
    id: int
    slug: str
    name: str


class StepOut(_Out):
    action: str = Field(description="accept, decline, sign, withdraw or status")
    city_id: int | None = Field(description="the city to accept or sign for")
    status: str | None = Field(description="the status to move to")


class PartnershipOut(_Out):
    id: int
    title: str
    kind: str
    status: str
    description: str
    is_public: bool
    network: NetworkNameOut | None
    proposed_by: int | None
    created_at: dt.datetime
    accepted_on: dt.date | None
    declared_on: dt.date | None
    reviewed_on: dt.date | None
    review: str
    ended_on: dt.date | None
    members: list[MemberOut]
    goals: list[GoalOut]
    tasks: list[TaskOut] = Field(description="the joint work plan; empty in the public view")
    exchanges: list[ExchangeOut] = Field(description="the exchange log; internal entries for members only")
    events: list[EventSummaryOut]
    full: bool = Field(description="false: the public view, without the non-public parts")
    reads_work_plan: bool = Field(description="the signing members' staff read the work plan")
    can_work: bool
    acts_for: list[int]
    next_steps: list[StepOut] = Field(description="what you may do now")
    version: int = Field(default=1, description="also the ETag; If-Match of a PATCH")


class PartnershipSummaryOut(_Out):
    id: int
    title: str
    kind: str
    status: str
    is_public: bool
    role: str = Field(description="the listed city's role")
    members: list[MemberOut]


class ParticipantOut(_Out):
    city_id: int
    name: str
    country: str
    role: str
    people_count: int | None
    people: str


class EventOut(_Out):
    id: int
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    online: bool
    agenda: str
    outcomes: str
    recommendations: str
    is_public: bool
    partnership_id: int | None
    partnership_title: str | None
    network_slug: str | None
    network_name: str | None
    participants: list[ParticipantOut]
    full: bool
    can_edit: bool
    version: int = Field(default=1, description="also the ETag; If-Match of a PATCH")


class CreatedOut(BaseModel):
    id: int


class ImportedOut(BaseModel):
    added: int = Field(description="exchange-log entries added; links imported before are skipped")
