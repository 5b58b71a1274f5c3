"""Survey rounds (migration 0027): a network secretariat's questionnaire sent to chosen member
cities with a deadline, each city's response (drafts, then submitted and frozen until the
secretariat reopens it with a reason), and an outbox of e-mails (invitations and reminders to the
cities' editors) sent by `citypact surveys send-mail`.

The questionnaire is stored as JSON (domain.surveys.Question.as_json records) and checked by
domain.surveys.parse_questionnaire whenever it is read or written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
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


class SurveyRound(Versioned, Base):
    """A round: draft (questionnaire editable) -> open (sent to its cities) -> closed."""

    __tablename__ = "survey_round"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # domain.surveys.ROUND_STATUSES
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),)


class SurveyResponse(Versioned, Base):
    """One city's answers to a round: not_started -> draft -> submitted (frozen); the secretariat
    may reopen a submitted response (back to draft) with a reason."""

    __tablename__ = "survey_response"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="not_started")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    reopened_reason: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("round_id", "city_id"),
        CheckConstraint("status IN ('not_started', 'draft', 'submitted')", name="status"),
    )


class SurveyMail(Base):
    """An e-mail in the outbox: queued until `citypact surveys send-mail` hands it to the SMTP
    server configured by CITYPACT_SMTP_HOST (then sent, or failed with the server's answer)."""

    __tablename__ = "survey_mail"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # invitation, reminder
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="queued", index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
