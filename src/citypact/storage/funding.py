"""Funding programmes and low-carbon business matchmaking (migration 0026).

A programme (its funder, instrument, who may apply, for what, how much) runs calls with opening
and closing dates, or one rolling call; secretariats and administrators keep the catalogue, cities
suggest entries. Cities form applications to a programme, alone or jointly. A plan measure's
funding line may name the programme it comes from.

Providers (organisations of type business or research) list offers of technology or services with
references; a city's editors start a conversation about an offer, and its messages are stored for
both sides, so no e-mail address is shown to anybody.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class FundingProgramme(Versioned, Base):
    """A funding programme. Lists are codes joined by ";" (domain.funding.split_codes); an empty
    list restricts nothing. `checked_on` is the day someone last compared the entry with its source
    page; `maintainer_network_id` the network whose secretariat keeps it (None: administrators)."""

    __tablename__ = "funding_programme"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    funder_name: Mapped[str] = mapped_column(String(200))
    funder_level: Mapped[str] = mapped_column(String(20))  # domain.funding.FUNDER_LEVELS
    instrument: Mapped[str] = mapped_column(String(30))  # domain.funding.INSTRUMENTS
    summary: Mapped[str] = mapped_column(Text, default="")
    countries: Mapped[str] = mapped_column(String(400), default="")  # ISO 3166-1 alpha-2
    size_bands: Mapped[str] = mapped_column(String(100), default="")  # domain.funding.SIZE_BANDS
    joint_required: Mapped[bool] = mapped_column(default=False)  # only joint applications
    min_cities: Mapped[int] = mapped_column(Integer, default=1)  # applicants, the lead counted
    min_countries: Mapped[int] = mapped_column(Integer, default=1)
    fields: Mapped[str] = mapped_column(String(300), default="")  # domain.measures.FIELDS
    gpc_sectors: Mapped[str] = mapped_column(String(40), default="")  # I to VI
    measure_types: Mapped[str] = mapped_column(Text, default="")  # measure_type.code
    amount_min_minor: Mapped[int | None] = mapped_column(BigInteger)
    amount_max_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    funding_rate_bp: Mapped[int | None] = mapped_column(Integer)  # the most of the costs it pays
    source_url: Mapped[str] = mapped_column(String(500))
    checked_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    maintainer_network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="SET NULL"), index=True
    )
    suggested_by_city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id", ondelete="SET NULL"), index=True
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint("min_cities >= 1 AND min_countries >= 1", name="applicants"),
        CheckConstraint("funding_rate_bp IS NULL OR funding_rate_bp BETWEEN 1 AND 10000", name="rate"),
        CheckConstraint(
            "amount_min_minor IS NULL OR amount_max_minor IS NULL OR amount_min_minor <= amount_max_minor",
            name="amount_range",
        ),
    )


class FundingCall(Versioned, Base):
    """A call of a programme; without `closes_on` it is rolling (open once `opens_on` is reached)."""

    __tablename__ = "funding_call"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("funding_programme.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    budget_minor: Mapped[int | None] = mapped_column(BigInteger)  # in the programme's currency
    url: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("opens_on IS NULL OR closes_on IS NULL OR opens_on <= closes_on", name="dates"),
    )


class FundingApplication(Versioned, Base):
    """An application to a programme (and one of its calls) led by one city, with partner cities
    in funding_application_city; formed by the lead city's editors or a network's secretariat."""

    __tablename__ = "funding_application"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("funding_programme.id", ondelete="RESTRICT"), index=True
    )
    call_id: Mapped[int | None] = mapped_column(ForeignKey("funding_call.id", ondelete="SET NULL"))
    lead_city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12), default="forming")  # APPLICATION_STATUSES
    amount_sought_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FundingApplicationCity(Base):
    """A city taking part in an application (the lead too), with the plan measure it brings."""

    __tablename__ = "funding_application_city"
    application_id: Mapped[int] = mapped_column(
        ForeignKey("funding_application.id", ondelete="CASCADE"), primary_key=True
    )
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    plan_measure_id: Mapped[int | None] = mapped_column(ForeignKey("plan_measure.id", ondelete="SET NULL"))
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProviderOffer(Versioned, Base):
    """A provider's offer of a technology or a service. Lists are codes joined by ";" as on
    programmes: fields, measure types (measure_type.code), countries served, languages (ISO 639-1)."""

    __tablename__ = "provider_offer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(12))  # domain.funding.OFFER_KINDS
    summary: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[str] = mapped_column(String(300), default="")
    measure_types: Mapped[str] = mapped_column(Text, default="")
    countries: Mapped[str] = mapped_column(String(400), default="")
    languages: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)  # OFFER_STATUSES
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProviderOfferReference(Base):
    """A project in which a city used the offer: a city of the registry or a named place, and the
    published case study where one exists."""

    __tablename__ = "provider_offer_reference"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("provider_offer.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="SET NULL"))
    place: Mapped[str] = mapped_column(String(200), default="")  # when the city is not in the registry
    project: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column(Integer)
    case_study_id: Mapped[int | None] = mapped_column(ForeignKey("case_study.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(500), default="")


class ProviderConversation(Base):
    """A city's conversation with a provider about one offer, started by the city's editors, maybe
    about one of its needs (a plan measure or a cooperation need)."""

    __tablename__ = "provider_conversation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("provider_offer.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    plan_measure_id: Mapped[int | None] = mapped_column(ForeignKey("plan_measure.id", ondelete="SET NULL"))
    cooperation_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperation_item.id", ondelete="SET NULL")
    )
    started_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_message_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProviderMessage(Base):
    """One message of a conversation, written for the city or for the provider; `read_at` is when
    the other side first opened it."""

    __tablename__ = "provider_message"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("provider_conversation.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(8))  # domain.funding.MESSAGE_SIDES
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("side IN ('city', 'provider')", name="side"),)
