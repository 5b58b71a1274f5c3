"""Published annual reports of networks (migration 0029).

A secretariat's draft is computed from the data on the fly and never stored; publishing freezes it:
the figures as a JSON snapshot, the SHA-256 of that snapshot (canonical JSON) and the date. A
published report never changes, even when the data it was computed from does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, utcnow


class AnnualReport(Base):
    """A network's published report for one year: `figures` is domain.annual_report's snapshot."""

    __tablename__ = "annual_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    base_year: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    data_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("network_id", "year"),)
