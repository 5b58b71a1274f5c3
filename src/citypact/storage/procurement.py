"""Tables of joint procurement: the procurement, its participating cities, lots, each participant's
demand per lot, the timeline, the market dialogue and the documents.

Documents are stored in the database (not under a data folder): the platform keeps every user's
record in its database and nothing else on disk (backups copy the database, several stateless app
processes share it), and a tender's documents are few and bounded (procurement_document's size).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class Procurement(Versioned, Base):
    """A joint procurement: its subject, lead buyer (a city, or a central purchasing body acting for
    the group), the network that opened it, its phase and the deadline bids are sealed until."""

    __tablename__ = "procurement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(Text, default="")
    cpv: Mapped[str | None] = mapped_column(String(10))  # "34144910-0": 8 digits, hyphen, check digit
    lead_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="RESTRICT"), index=True)
    lead_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"), index=True)
    # domain.procurement.phases.PHASES, in order; status: active or cancelled
    phase: Mapped[str] = mapped_column(String(20), default="needs_assessment")
    status: Mapped[str] = mapped_column(String(12), default="active")
    currency: Mapped[str] = mapped_column(String(3))
    # Bids stay sealed (unreadable by anyone) until this moment.
    bids_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN lead_city_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN lead_organisation_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_lead",
        ),
        CheckConstraint("status IN ('active', 'cancelled')", name="status"),
    )


class ProcurementParticipant(Versioned, Base):
    """A city buying in the procurement, with the department that buys; invited until its editors
    join, withdrawn (with the day) when it leaves before the tender is published."""

    __tablename__ = "procurement_participant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default="invited")  # invited, joined, withdrawn
    invited_on: Mapped[dt.date] = mapped_column(Date)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("procurement_id", "city_id"),
        CheckConstraint("status IN ('invited', 'joined', 'withdrawn')", name="status"),
    )


class ProcurementLot(Versioned, Base):
    """A lot: a part of the procurement bid and awarded on its own, in one unit of quantity."""

    __tablename__ = "procurement_lot"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(40))  # e.g. "bus", "luminaire", "MWh"
    cpv: Mapped[str | None] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("procurement_id", "number"),)


class ProcurementDemand(Versioned, Base):
    """One participant's demand in one lot, in the lot's unit; money in minor units of the
    procurement's currency. The stand-alone estimate is what the city would pay buying alone."""

    __tablename__ = "procurement_demand"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("procurement_lot.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("procurement_participant.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[float] = mapped_column(Float)
    delivery_from: Mapped[int] = mapped_column(Integer)  # year
    delivery_to: Mapped[int] = mapped_column(Integer)  # year, inclusive
    budget_ceiling_minor: Mapped[int | None] = mapped_column(BigInteger)
    standalone_estimate_minor: Mapped[int | None] = mapped_column(BigInteger)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("lot_id", "participant_id"),
        CheckConstraint("quantity >= 0", name="quantity"),
        CheckConstraint("delivery_from <= delivery_to", name="delivery_years"),
    )


class ProcurementMilestone(Versioned, Base):
    """One phase of the timeline with its planned and actual dates."""

    __tablename__ = "procurement_milestone"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(20))
    planned_on: Mapped[dt.date | None] = mapped_column(Date)
    actual_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("procurement_id", "phase"),)


class ProcurementDialogue(Base):
    """A market-dialogue entry: a note, a question, or the answer to a question; seen by the
    participants only, or by everyone."""

    __tablename__ = "procurement_dialogue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # note, question, answer
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("procurement_dialogue.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(12), default="participants")  # participants, public
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    author_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint("kind IN ('note', 'question', 'answer')", name="kind"),
        CheckConstraint("visibility IN ('participants', 'public')", name="visibility"),
        CheckConstraint("(kind = 'answer') = (question_id IS NOT NULL)", name="answer_has_question"),
    )


class ProcurementDocument(Base):
    """A stored file of the procurement (tender documents, market studies), its type found from its
    content. `content` is loaded only when the file is downloaded."""

    __tablename__ = "procurement_document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(10))  # pdf, xlsx, csv, docx, odt
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    visibility: Mapped[str] = mapped_column(String(12), default="participants")  # participants, public
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (CheckConstraint("visibility IN ('participants', 'public')", name="visibility"),)
