"""Tables of a procurement's bids and what follows them: sealed bids, their opening, evaluations,
awards, contracts, call-offs, a missed CO2 Performance Ladder level, and the plan measures an award
feeds.

A bid's payload (prices, energy, emissions) is stored only encrypted (services.procurement.sealing)
with the SHA-256 of its content as the supplier's receipt. A published evaluation keeps its inputs
frozen (schedule name, version and prices, discount rate, factors with sources, weights, GWP) next to
its result, so recomputing from them gives the same figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, utcnow


class ProcurementBid(Base):
    """One supplier's bid for one lot; replaced in place (revision + 1) until the bids are due."""

    __tablename__ = "procurement_bid"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("procurement_lot.id", ondelete="CASCADE"), index=True)
    # The organisation of a bid sent on the platform; None for a bid received on paper and imported.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    supplier_name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(8))  # online, paper
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    sealed_payload: Mapped[str] = mapped_column(Text)  # Fernet token of the canonical JSON payload
    content_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of that JSON: the receipt

    __table_args__ = (
        UniqueConstraint("lot_id", "supplier_name"),
        CheckConstraint("source IN ('online', 'paper')", name="source"),
    )


class ProcurementBidOpening(Base):
    """The moment a procurement's bids were first opened, and by whom (every later reading is
    audited too)."""

    __tablename__ = "procurement_bid_opening"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), unique=True)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProcurementEvaluation(Base):
    """One evaluation run of one lot: its method, frozen inputs and result; published ones never
    change."""

    __tablename__ = "procurement_evaluation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("procurement_lot.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(10))  # price, lcc, lcc-co2, ladder, meat
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft, published
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("status IN ('draft', 'published')", name="status"),)


class ProcurementAward(Base):
    """The award of a lot to a bid, on a published evaluation's ranking."""

    __tablename__ = "procurement_award"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurement.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("procurement_lot.id", ondelete="CASCADE"), unique=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("procurement_bid.id", ondelete="RESTRICT"))
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("procurement_evaluation.id", ondelete="RESTRICT"))
    awarded_on: Mapped[dt.date] = mapped_column(Date)
    awarded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    awarded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProcurementLadderMiss(Base):
    """A CO2 Performance Ladder level the winner promised and later did not hold."""

    __tablename__ = "procurement_ladder_miss"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("procurement_award.id", ondelete="CASCADE"), index=True)
    promised_level: Mapped[int] = mapped_column(Integer)
    achieved_level: Mapped[int] = mapped_column(Integer)  # 0: no certificate
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    __table_args__ = (CheckConstraint("achieved_level < promised_level", name="missed"),)


class ProcurementContract(Base):
    """The framework contract signed on an award; money in minor units of the procurement's currency."""

    __tablename__ = "procurement_contract"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("procurement_award.id", ondelete="CASCADE"), unique=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    start_on: Mapped[dt.date | None] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    value_minor: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    __table_args__ = (CheckConstraint("value_minor >= 0", name="value"),)


class ProcurementCallOff(Base):
    """A participant's order under the contract, in the lot's unit."""

    __tablename__ = "procurement_call_off"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("procurement_contract.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("procurement_participant.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[float] = mapped_column(Float)
    ordered_on: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"),)


class ProcurementPlanLink(Base):
    """The action-plan measure of a participant that carries an award's CO2e avoided."""

    __tablename__ = "procurement_plan_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("procurement_award.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("procurement_participant.id", ondelete="CASCADE"))
    plan_measure_id: Mapped[int | None] = mapped_column(ForeignKey("plan_measure.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("award_id", "participant_id"),)
