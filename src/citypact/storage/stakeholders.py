"""Who speaks for an organisation: a person's request to act for it, decided by the city's editors
(migration 0024). A confirmed request goes with a `membership` row of role "stakeholder"; only that
membership gives rights, so a pending or refused person can do nothing in the organisation's name."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, utcnow


class OrganisationPerson(Base):
    """One person's request to act for one organisation, and the city's answer."""

    __tablename__ = "organisation_person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(200), default="")  # e.g. "sustainability manager"
    status: Mapped[str] = mapped_column(
        String(12), default="requested"
    )  # requested, confirmed, refused, left
    reason: Mapped[str] = mapped_column(Text, default="")  # why refused or ended
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)
