"""CO2 price schedules that cities and networks add: one row per version, never updated.

A new version is a new row; the previous version's end is the day before the next version's start,
computed when read, so no stored row changes after it is written.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, utcnow


class Co2PriceSchedule(Base):
    """One version of a city's or network's CO2 price schedule, with its source."""

    __tablename__ = "co2_price_schedule"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))  # city or network
    scope_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    publisher: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500), default="")
    currency: Mapped[str] = mapped_column(String(3))
    price_year: Mapped[int | None] = mapped_column(Integer)
    discounting: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    # Prices per tonne CO2e in minor units of the currency (cents), keyed by year as text.
    prices: Mapped[dict[str, int]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("scope", "scope_id", "key", "version"),)
