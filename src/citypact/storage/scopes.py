"""National scopes of action kept in the database (migration 0032): the sources the statements cite,
each country's profile (its name) and its statements. `citypact data load` seeds them from the
shipped reference/data/national_scopes.json where the database has none for a country or source;
platform administrators maintain them afterwards (services/scopes/admin.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class ScopeSource(Versioned, Base):
    """A published law or official page a statement cites; `code` is its id (domain.scopes._SOURCE_ID)."""

    __tablename__ = "scope_source"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500))
    publisher: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScopeProfile(Versioned, Base):
    """A country's profile (its name); it stays when its last statement is removed, so the seed does
    not bring back what an administrator removed."""

    __tablename__ = "scope_profile"
    country: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166 alpha-2
    name: Mapped[str] = mapped_column(String(100))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScopeStatement(Versioned, Base):
    """What the municipality may decide in a country for a field (or "*") and an instrument (or "*")."""

    __tablename__ = "scope_statement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(ForeignKey("scope_profile.country", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))  # domain.measures.FIELDS or "*"
    instrument: Mapped[str] = mapped_column(String(40))  # domain.measures.INSTRUMENTS or "*"
    say: Mapped[str] = mapped_column(String(20))  # domain.scopes.SAYS
    source_id: Mapped[int] = mapped_column(ForeignKey("scope_source.id", ondelete="RESTRICT"), index=True)
    note: Mapped[str] = mapped_column(String(400), default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("country", "field", "instrument", name="uq_scope_statement_cell"),)
