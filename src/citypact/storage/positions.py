"""Joint positions and recommendations (migration 0030).

A position is drafted by a city's editors for a group of cities (the invited cities; each city's
editors sign for it), or a recommendation by a network's secretariat from its benchmark and
workshops. It is addressed to a level of government and a named institution, carries its asks and
its evidence (benchmark figures, cases, survey results or a reference, each with its source), is
co-signed (each signature dated), sent (date, channel) and followed (the answer stored). The
lifecycle rules are pure (domain.positions); the text is public once sent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class JointPosition(Versioned, Base):
    """A position (`kind` position) or a recommendation; drafted for `city_id` (its editors) or
    `network_id` (its secretariat), never neither. `asks` holds one ask per line."""

    __tablename__ = "joint_position"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # domain.positions.KINDS
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    asks: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(16))  # domain.positions.LEVELS
    institution: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)  # STATUSES
    sent_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    channel: Mapped[str | None] = mapped_column(String(16))  # domain.positions.CHANNELS
    answer_text: Mapped[str] = mapped_column(Text, default="")
    answer_on: Mapped[dt.date | None] = mapped_column(Date)
    answer_url: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint("city_id IS NOT NULL OR network_id IS NOT NULL", name="drafter"),
        CheckConstraint("status = 'draft' OR sent_on IS NOT NULL", name="sent_dated"),
    )


class JointPositionCity(Base):
    """A city of the group (invited); its editors may sign for it."""

    __tablename__ = "joint_position_city"
    position_id: Mapped[int] = mapped_column(
        ForeignKey("joint_position.id", ondelete="CASCADE"), primary_key=True
    )
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    invited_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JointPositionSignature(Base):
    """A city's signature, given by one of its editors on `signed_on`; withdrawn (deleted, audited)
    only before the position is sent."""

    __tablename__ = "joint_position_signature"
    position_id: Mapped[int] = mapped_column(
        ForeignKey("joint_position.id", ondelete="CASCADE"), primary_key=True
    )
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), primary_key=True)
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JointPositionEvidence(Base):
    """One item of evidence with its source: a city's indicator in a year (`indicator`), a benchmark
    round's results (`benchmark_round`), a best-practice case (`case`), or a survey result or other
    reference given as text (`survey`, `reference`)."""

    __tablename__ = "joint_position_evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("joint_position.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # domain.positions.EVIDENCE_KINDS
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="SET NULL"))
    indicator: Mapped[str | None] = mapped_column(String(40))
    year: Mapped[int | None] = mapped_column(Integer)
    benchmark_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("benchmark_round.id", ondelete="SET NULL")
    )
    case_study_id: Mapped[int | None] = mapped_column(ForeignKey("case_study.id", ondelete="SET NULL"))
    reference: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(500))
    added_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # An indicator's figure as the public benchmark gave it when the position was sent
    # (services/positions/figures.py); `figure_taken_at` None: not taken yet, read live.
    figure_value: Mapped[float | None] = mapped_column(Float)  # None once taken: no public figure
    figure_unit: Mapped[str | None] = mapped_column(String(40))
    figure_source: Mapped[str | None] = mapped_column(String(500))
    figure_taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
