"""What the pages, the API and the CLI are given to show of a partnership: plain frozen data,
as the actor may see it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from citypact.domain.partnerships import Step


@dataclass(frozen=True)
class MemberView:
    city_id: int
    name: str
    country: str
    role: str
    accepted_on: dt.date | None
    signed_on: dt.date | None
    signatory: str


@dataclass(frozen=True)
class GoalView:
    id: int
    text: str
    target_date: dt.date | None
    status: str
    version: int = 1  # services.versions


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    goal_id: int | None
    owner_city_id: int | None
    owner_name: str | None
    due_on: dt.date | None
    done_on: dt.date | None
    version: int = 1  # services.versions


@dataclass(frozen=True)
class CityName:
    id: int
    name: str
    country: str


@dataclass(frozen=True)
class ExchangeView:
    id: int
    kind: str
    happened_on: dt.date | None
    year: int | None
    title: str
    summary: str
    cities: list[CityName]
    source: str
    is_internal: bool


@dataclass(frozen=True)
class EventSummary:
    id: int
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    online: bool
    is_public: bool


@dataclass(frozen=True)
class NetworkName:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class Ending:
    """How a proposal ended by an answer: declined by the invited city, or withdrawn by the proposer."""

    how: str  # declined, withdrawn
    city_id: int | None
    reason: str


@dataclass(frozen=True)
class PartnershipView:
    """A partnership as the actor may see it: `full` False is the public view, without the work
    plan, the review, internal log entries, non-public events and people's names."""

    id: int
    title: str
    kind: str
    status: str
    description: str
    is_public: bool
    network: NetworkName | None
    proposed_by: int | None
    created_at: dt.datetime
    accepted_on: dt.date | None
    declared_on: dt.date | None
    reviewed_on: dt.date | None
    review: str
    ended_on: dt.date | None
    members: list[MemberView]
    goals: list[GoalView]
    tasks: list[TaskView]
    exchanges: list[ExchangeView]
    events: list[EventSummary]
    full: bool
    reads_work_plan: bool  # the signing members' staff (not the secretariat, not observers)
    can_work: bool  # may edit goals, work plan, log, events
    acts_for: list[int]  # member cities the actor acts for
    next_steps: list[Step]
    version: int = 1  # services.versions: the API's ETag; any change of its parts bumps it too
    ending: Ending | None = None  # for readers of the whole partnership, when an answer ended it


@dataclass(frozen=True)
class PartnershipSummary:
    id: int
    title: str
    kind: str
    status: str
    is_public: bool
    role: str  # the listed city's role
    members: list[MemberView]
