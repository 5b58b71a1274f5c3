"""What the services return about ideas: codes and figures, no words. A person's name appears only
where they consented to show it (`by_name`); otherwise `by_name` is None and the edge says "a
resident", or names the organisation the idea was proposed for (`by_organisation`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class IdeaSummary:
    id: int
    city_id: int
    title: str
    action_field: str
    status: str
    deal_id: int | None
    sdg_targets: list[str]
    gpc_sectors: list[str]
    by_name: str | None
    by_organisation: str | None
    reviews: int  # visible reviews, all roles
    supporters: int
    hidden: bool  # only facilitators see hidden ideas, marked
    created_at: dt.datetime


@dataclass(frozen=True)
class ReviewView:
    id: int
    role: str
    answers: dict[str, str]  # question code -> answer, in the form's order
    by_name: str | None
    mine: bool
    hidden: bool
    hidden_reason: str  # empty unless the reader facilitates
    created_at: dt.datetime


@dataclass(frozen=True)
class SupportView:
    organisation_id: int
    organisation: str
    note: str
    created_at: dt.datetime


@dataclass(frozen=True)
class IdeaView:
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
    deal_id: int | None
    by_name: str | None
    by_organisation: str | None
    organisation_id: int | None
    show_name: bool
    hidden: bool
    hidden_reason: str  # empty unless the reader facilitates
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    reviews: list[ReviewView]
    support: list[SupportView]
    missing_roles: list[str]  # roles without a visible review yet
    # What the reader may do, so interfaces show only the controls that work.
    mine: bool
    may_edit: bool
    may_review: list[str]  # roles the reader may still review in
    may_support: list[int]  # organisations the reader may add support for
    may_facilitate: bool
    moves: list[str]  # statuses the facilitators may move it to now


@dataclass(frozen=True)
class ReportView:
    id: int
    idea_id: int
    idea_title: str
    review_id: int | None
    reason: str
    created_at: dt.datetime
    outcome: str | None
    resolved_at: dt.datetime | None
