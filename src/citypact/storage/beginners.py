"""Comments of a mentor city on a beginner city's first inventory (migration 0031).

A comment belongs to one inventory and one BASIC subsector (domain.first_inventory.DATA_NEEDS);
its author writes for a city (the mentor city, or the beginner city answering). Both cities' staff
read them; they are never public.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, utcnow


class FirstInventoryComment(Base):
    __tablename__ = "first_inventory_comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inventory_id: Mapped[int] = mapped_column(ForeignKey("inventory.id", ondelete="CASCADE"))
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"))  # the inventory's city
    author_city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    subsector: Mapped[str] = mapped_column(String(8))  # "I.1" .. "III.4"
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_first_inventory_comment_inventory", "inventory_id", "created_at"),)
