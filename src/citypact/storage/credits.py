"""Joint carbon-credit projects and their registry (migration 0025).

A project stands in a host city and is run with partner cities and organisations; its monitoring
reports are verified by a named verifier and then issued as serial-numbered blocks of credits (one
credit = one tonne CO2e) into the partners' holding accounts and the buffer. Blocks move between
accounts, split into two that exactly cover them, and end retired or cancelled.

Every change to blocks is one row of `credit_transaction`, the ledger: numbered without gaps,
each row hashing its body and the previous row's hash, and append-only (database triggers refuse
UPDATE and DELETE), so any later change breaks the chain where it happened.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class CreditProject(Versioned, Base):
    """A project: draft -> registered -> closed. `ex_ante_t_per_year` is the estimate made before
    it runs (from `ex_ante_parameters` with its methodology); monitoring reports give the result.
    `next_serial` is the first serial number the next issuance uses."""

    __tablename__ = "credit_project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    host_city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="RESTRICT"), index=True)
    host_country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2, from the host city
    methodology: Mapped[str] = mapped_column(String(30))  # domain.credits.METHODOLOGIES
    ex_ante_parameters: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    ex_ante_t_per_year: Mapped[float | None] = mapped_column(Float)
    crediting_start: Mapped[dt.date] = mapped_column(Date)
    crediting_end: Mapped[dt.date] = mapped_column(Date)
    buffer_bp: Mapped[int] = mapped_column(Integer, default=0)  # share kept for reversals, 1/10 000
    # Article 6 defaults for the blocks issued; each block carries its own copy, which may change.
    authorisation: Mapped[str] = mapped_column(String(16), default="none")
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    next_serial: Mapped[int] = mapped_column(BigInteger, default=1)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint("buffer_bp >= 0 AND buffer_bp <= 5000", name="buffer_share"),
        CheckConstraint("crediting_end >= crediting_start", name="crediting_period"),
        CheckConstraint("next_serial >= 1", name="next_serial"),
    )


class CreditProjectParty(Versioned, Base):
    """A city (organisation_id None) or an organisation taking part, with its agreed share of the
    credits in basis points and the holding account its share goes to. The shares of a project's
    parties add up to 10 000; each party's share of an issuance is rounded down and the remainder
    goes to the host."""

    __tablename__ = "credit_project_party"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("credit_project.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="RESTRICT"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))  # domain.credits.PARTY_ROLES
    share_bp: Mapped[int] = mapped_column(Integer, default=0)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("credit_account.id", ondelete="RESTRICT"))

    __table_args__ = (
        CheckConstraint("share_bp >= 0 AND share_bp <= 10000", name="party_share"),
        CheckConstraint(
            "(CASE WHEN city_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="party_is_city_or_organisation",
        ),
        UniqueConstraint("project_id", "city_id", "organisation_id"),
    )


class CreditProjectDocument(Base):
    """A document of a project by reference (its title and where it is published); `public` ones
    show on the project's public page."""

    __tablename__ = "credit_project_document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("credit_project.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # domain.credits.DOCUMENT_KINDS
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500), default="")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CreditOfficer(Base):
    """A person the registry trusts beyond cities' roles: "registry" (runs the registry: registers
    projects, issues credits) or "verifier" (verifies monitoring reports, for the body named)."""

    __tablename__ = "credit_officer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # domain.credits.OFFICER_ROLES
    body: Mapped[str] = mapped_column(String(200), default="")  # e.g. the accredited verification body
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "role"),)


class CreditMonitoringReport(Versioned, Base):
    """What a project reduced in one period: draft -> submitted -> verified (or rejected) -> issued.
    `parameters` are the methodology's inputs, `reductions_t` what the methodology makes of them (or,
    for "reported", the figure entered); the named verifier confirms `verified_t` with the reference
    of their report. Issuance is the whole tonnes of `verified_t`."""

    __tablename__ = "credit_monitoring_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("credit_project.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    parameters: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    reductions_t: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")  # why rejected
    verifier_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    verified_t: Mapped[float | None] = mapped_column(Float)
    verification_reference: Mapped[str] = mapped_column(String(500), default="")
    verification_statement: Mapped[str] = mapped_column(Text, default="")
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("project_id", "period_start"),
        CheckConstraint("period_end >= period_start", name="monitoring_period"),
    )


class CreditAccount(Base):
    """An account in the registry: a holding account of a city or an organisation, or one of the
    registry's own three (buffer, retirement, cancellation), which belong to nobody."""

    __tablename__ = "credit_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # domain.credits.ACCOUNT_KINDS
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="RESTRICT"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "(kind = 'holding' AND (CASE WHEN city_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END) = 1)"
            " OR (kind <> 'holding' AND city_id IS NULL AND organisation_id IS NULL)",
            name="account_owner",
        ),
        # One holding account per owner, one of each registry account.
        Index(
            "uq_credit_account_city",
            "city_id",
            unique=True,
            sqlite_where=text("city_id IS NOT NULL"),
            postgresql_where=text("city_id IS NOT NULL"),
        ),
        Index(
            "uq_credit_account_organisation",
            "organisation_id",
            unique=True,
            sqlite_where=text("organisation_id IS NOT NULL"),
            postgresql_where=text("organisation_id IS NOT NULL"),
        ),
        Index(
            "uq_credit_account_registry",
            "kind",
            unique=True,
            sqlite_where=text("kind <> 'holding'"),
            postgresql_where=text("kind <> 'holding'"),
        ),
    )


class CreditBlock(Versioned, Base):
    """A run of serial numbers `serial_start`..`serial_end` (both included) of one project and
    vintage, held in one account. A split marks the block "split" and creates two children that
    exactly cover it; retired and cancelled are final. Among blocks not split, two of one project
    never share a serial number (the ledger checks all of them; the unique indexes catch the race
    of two writers splitting one block)."""

    __tablename__ = "credit_block"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("credit_project.id", ondelete="RESTRICT"), index=True)
    monitoring_report_id: Mapped[int] = mapped_column(
        ForeignKey("credit_monitoring_report.id", ondelete="RESTRICT"), index=True
    )
    vintage: Mapped[int] = mapped_column(Integer)  # the year the reductions happened
    serial_start: Mapped[int] = mapped_column(BigInteger)
    serial_end: Mapped[int] = mapped_column(BigInteger)
    account_id: Mapped[int] = mapped_column(ForeignKey("credit_account.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("credit_block.id", ondelete="RESTRICT"))
    authorisation: Mapped[str] = mapped_column(String(16), default="none")  # domain.credits.AUTHORISATIONS
    adjustment: Mapped[str] = mapped_column(String(12), default="not_required")
    first_transferred_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_seq: Mapped[int] = mapped_column(Integer)  # the ledger transaction that made it
    closed_seq: Mapped[int | None] = mapped_column(Integer)  # ... that split, retired or cancelled it

    __table_args__ = (
        CheckConstraint("serial_start >= 1 AND serial_end >= serial_start", name="serial_range"),
        CheckConstraint("status IN ('active', 'retired', 'cancelled', 'split')", name="block_status"),
        Index(
            "uq_credit_block_start",
            "project_id",
            "serial_start",
            unique=True,
            sqlite_where=text("status <> 'split'"),
            postgresql_where=text("status <> 'split'"),
        ),
        Index(
            "uq_credit_block_end",
            "project_id",
            "serial_end",
            unique=True,
            sqlite_where=text("status <> 'split'"),
            postgresql_where=text("status <> 'split'"),
        ),
    )


class CreditTransaction(Base):
    """One ledger entry. `body` is the canonical JSON of what happened (kind, blocks before and
    after, accounts, quantities, who, and for a retirement its beneficiary, purpose and year);
    `hash` = SHA-256 of `prev_hash` and `body`. Rows are never updated or deleted (triggers); the
    gapless `seq` and the unique `prev_hash` make two writers racing for the same place fail."""

    __tablename__ = "credit_transaction"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # domain.credits.TRANSACTION_KINDS
    project_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: the ledger outlives rows
    actor_id: Mapped[int | None] = mapped_column(Integer)  # no FK for the same reason
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    body: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (
        CheckConstraint("seq >= 1", name="seq_positive"),
        CheckConstraint("kind IN ('issue', 'split', 'transfer', 'retire', 'cancel')", name="kind"),
    )


class CreditRetirement(Base):
    """A retired block and what it was retired for: the beneficiary, the purpose, the year it is
    claimed for, and whether it counts toward the retiring city's own target or was retired on
    someone's behalf. One block is retired once (unique). Public, at its own URL."""

    __tablename__ = "credit_retirement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("credit_block.id", ondelete="RESTRICT"), unique=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)  # the ledger transaction
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="RESTRICT"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    use: Mapped[str] = mapped_column(String(12))  # domain.credits.RETIREMENT_USES
    beneficiary: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(Text, default="")
    claim_year: Mapped[int] = mapped_column(Integer)
    retired_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    retired_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CreditNetDisplay(Base):
    """A city's choice to show, beside its gross GPC totals, a figure net of the credits it
    retired toward its own target. The GPC totals themselves never change."""

    __tablename__ = "credit_net_display"
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
