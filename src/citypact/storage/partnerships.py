"""Partnerships of cities: the partnership, its member cities, shared goals, the joint work plan's
tasks, the exchange log, and the events (workshops, sprints, visits) of a partnership or a network
with the cities taking part."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class Partnership(Versioned, Base):
    """Cities working together: proposed, accepted, declared, active, reviewed, ended."""

    __tablename__ = "partnership"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # peer, mentoring, twinning, group, technical
    status: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="SET NULL"))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"), index=True)
    # Public partnerships show their title, members, status, goals and public events to everyone.
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    declared_on: Mapped[dt.date | None] = mapped_column(Date)
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    review: Mapped[str] = mapped_column(Text, default="")
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PartnershipMember(Base):
    """A city in a partnership, its role, and the dates it accepted and signed the declaration."""

    __tablename__ = "partnership_member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="partner")  # partner, mentor, mentee, observer
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    signatory: Mapped[str] = mapped_column(String(200), default="")  # who signed, e.g. "Mayor ..."
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("partnership_id", "city_id"),)


class PartnershipGoal(Versioned, Base):
    """A goal the member cities share."""

    __tablename__ = "partnership_goal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, in_progress, achieved, dropped


class PartnershipTask(Versioned, Base):
    """A task of the joint work plan, owned by one member city; done when it has a done date."""

    __tablename__ = "partnership_task"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("partnership_goal.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    owner_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="SET NULL"))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class ExchangeEntry(Base):
    """An entry of a partnership's exchange log: a visit, webinar, joint project or twinning."""

    __tablename__ = "exchange_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # visit, webinar, joint_project, twinning, other
    # The day when known; else only the year (a twin link known "since 1992").
    happened_on: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    city_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # the cities involved
    source: Mapped[str] = mapped_column(String(40), default="user")  # e.g. twin_wikipedia
    # What an import made the entry from (e.g. "twin_link:12"), so a second import adds nothing.
    source_ref: Mapped[str | None] = mapped_column(String(80))
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("partnership_id", "source_ref"),)


class Event(Versioned, Base):
    """A workshop, sprint, webinar or visit of a partnership or of a network."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # kickoff, intermediate, final, sprint, webinar, visit
    title: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    agenda: Mapped[str] = mapped_column(Text, default="")
    outcomes: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN partnership_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN network_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_owner",
        ),
    )


class EventParticipant(Base):
    """A city taking part in an event, as participant, host or observer, with its people."""

    __tablename__ = "event_participant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="participant")  # participant, host, observer
    people_count: Mapped[int | None] = mapped_column(Integer)
    people: Mapped[str] = mapped_column(Text, default="")  # names; seen by members only

    __table_args__ = (UniqueConstraint("event_id", "city_id"),)
