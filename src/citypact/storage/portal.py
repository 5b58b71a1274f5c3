"""A network's news posts, written by its secretariat (migration 0028).

A post is a draft until published; once published it shows on the network's public portal and in
its Atom feed, in the order of `published_at`. The body is plain text, paragraphs separated by a
blank line (no markup is stored or rendered).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class NetworkNews(Versioned, Base):
    __tablename__ = "network_news"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2))  # domain.portal.NEWS_LANGUAGES
    status: Mapped[str] = mapped_column(String(12), default="draft")  # domain.portal.NEWS_STATUSES
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        CheckConstraint("status = 'draft' OR published_at IS NOT NULL", name="published_at"),
        Index("ix_network_news_network_status_published", "network_id", "status", "published_at"),
    )
