"""The House of Change: ideas for deals, their reviews in three roles, organisations' support and
reports of content to moderate (migration 0024).

Lists of codes are stored as text separated by ";" (as plan_measure.co_benefits), in the order of
their taxonomy: `sdg_targets` holds goals and targets ("7;7.2;11.6"), `gpc_sectors` Roman numerals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class Idea(Versioned, Base):
    """An idea proposed in a city's House of Change; the city's editors facilitate it through
    open -> in_review -> ready -> became_deal (deal_id set) or archived (with a reason)."""

    __tablename__ = "idea"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    action_field: Mapped[str] = mapped_column(String(30))  # domain.measures.GREEN_DEAL
    sdg_targets: Mapped[str] = mapped_column(String(400), default="")
    gpc_sectors: Mapped[str] = mapped_column(String(40), default="")
    needs: Mapped[str] = mapped_column(Text, default="")  # what it needs: money, land, permits, people
    who_could_join: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")  # why archived
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deal.id", ondelete="SET NULL"))
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    # Proposed in the name of an organisation the person is confirmed for, or None.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)  # the person's consent to show their name
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdeaReview(Base):
    """A look at an idea from one role: dreamer, realist or critic. `answers` holds the role's
    structured form, {question code: text}, the codes fixed per role in the domain."""

    __tablename__ = "idea_review"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # dreamer, realist, critic
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdeaSupport(Base):
    """An organisation's "we would join", given by one of its confirmed people."""

    __tablename__ = "idea_support"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")  # what the organisation would bring
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("idea_id", "organisation_id"),)


class ContentReport(Base):
    """Someone's report that an idea or a review breaks the rules; the city's editors resolve it
    (hide the item with a reason, or keep it)."""

    __tablename__ = "content_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("idea_review.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(10))  # hidden, kept; None while open
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
