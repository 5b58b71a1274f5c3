"""Tables of the platform: city registry, reference series, accounts and the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """An editable record's version: 1 when created, bumped by every UPDATE through the ORM. The
    UPDATE and DELETE carry `WHERE version = <the version read>`, so a write based on a stale read
    changes no row (StaleDataError) instead of silently overwriting another person's change, also
    when two transactions race on PostgreSQL. Bulk UPDATE statements must bump it themselves."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Source(Base):
    """A published data source, cited wherever its figures appear."""

    __tablename__ = "source"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    publisher: Mapped[str] = mapped_column(String(300))
    license: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    citation: Mapped[str] = mapped_column(Text)


class Country(Base):
    __tablename__ = "country"
    iso2: Mapped[str] = mapped_column(String(2), primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(120))


class City(Versioned, Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ascii: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(ForeignKey("country.iso2"))
    admin_area: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(BigInteger)
    population_year: Mapped[int | None] = mapped_column(Integer)
    population_source: Mapped[str | None] = mapped_column(String(40))
    area_km2: Mapped[float | None] = mapped_column(Float)
    size_band: Mapped[str | None] = mapped_column(String(20))
    geonames_id: Mapped[int | None] = mapped_column(BigInteger)
    unlocode: Mapped[str | None] = mapped_column(String(5))
    capital: Mapped[str | None] = mapped_column(String(20))
    alt_names: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when a person edits the city; reference loads then leave the edited row alone.
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    # Search filters and counts read these narrow indexes instead of the wide rows (names).
    __table_args__ = (
        Index("ix_city_population", "population"),
        Index(
            "ix_city_published_population",
            "population",
            sqlite_where=text("is_published = 1"),
            postgresql_where=text("is_published"),
        ),
        Index("ix_city_country_published", "country", "is_published"),
        Index("ix_city_size_band_published", "size_band", "is_published"),
        # The benchmark and matching caches ask for the latest change on every request.
        Index("ix_city_updated_at", "updated_at"),
    )


class CityStatistic(Versioned, Base):
    """One figure of a city for one year (population, area, GDP, degree days), with its source."""

    __tablename__ = "city_statistic"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    variable: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(300))
    data_quality: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("city_id", "year", "variable", "source"),)


class GridIntensity(Base):
    """National grid carbon intensity of electricity generated (location-based)."""

    __tablename__ = "grid_intensity"
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    g_co2_per_kwh: Mapped[float] = mapped_column(Float)


class DegreeDays(Base):
    """National heating and cooling degree days per year."""

    __tablename__ = "degree_days"
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    hdd: Mapped[float | None] = mapped_column(Float)
    cdd: Mapped[float | None] = mapped_column(Float)


class TwinLink(Base):
    """A twin-town link, stored once with city_a_id < city_b_id."""

    __tablename__ = "twin_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_a_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    city_b_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    since: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(40))

    __table_args__ = (
        UniqueConstraint("city_a_id", "city_b_id"),
        CheckConstraint("city_a_id < city_b_id", name="ordered"),
    )


class Network(Base):
    __tablename__ = "network"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(300))


class NetworkMember(Base):
    __tablename__ = "network_member"
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), primary_key=True)
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    since_year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(40))
    # When the city agreed to be a member (accepted an invitation, or its request was accepted).
    # Only a confirmed membership gives the secretariat rights over the city's non-public data; one
    # loaded from a published list is public knowledge, not the city's consent.
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class NetworkJoin(Base):
    """A pending step towards membership: the secretariat's invitation (the city's editor answers)
    or the city's request (the secretariat answers)."""

    __tablename__ = "network_join"
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), primary_key=True)
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    direction: Mapped[str] = mapped_column(String(12))  # invitation, request
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    __table_args__ = (CheckConstraint("direction IN ('invitation', 'request')", name="direction"),)


class Organisation(Versioned, Base):
    """A local stakeholder organisation (business, public body, utility, housing, research, school,
    NGO, citizens' group). Registered by its own people, confirmed by the city's editors: until then
    (status "pending") nobody speaks for it. Organisations made before migration 0024 are confirmed."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))  # the type: domain.stakeholders.ORGANISATION_TYPES
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id"))
    sector: Mapped[str] = mapped_column(String(120), server_default="")  # e.g. "retail", NACE words
    size: Mapped[str | None] = mapped_column(String(12))  # micro, small, medium, large
    contact_email: Mapped[str] = mapped_column(
        String(254), server_default=""
    )  # shown to confirmed staff only
    website: Mapped[str] = mapped_column(String(300), server_default="")
    status: Mapped[str] = mapped_column(String(12), server_default="confirmed")  # pending, confirmed, refused
    status_reason: Mapped[str] = mapped_column(Text, server_default="")
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    registered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Membership(Base):
    """A user's role in one city, network or stakeholder organisation."""

    __tablename__ = "membership"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))

    __table_args__ = (
        UniqueConstraint("user_id", "role", "city_id", "network_id", "organisation_id"),
        CheckConstraint(
            "(CASE WHEN city_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN network_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_scope",
        ),
    )


class ApiToken(Base):
    """A personal API token; only its SHA-256 hash is stored."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class UserSession(Base):
    """A login in a browser; the cookie holds its random token, this row only the token's hash.
    Ending the row (logout, password change, an administrator) ends the login at once."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str] = mapped_column(String(120), default="")


class LoginThrottle(Base):
    """Recent failed logins per account (hashed email) or per client address; shared by all server
    processes. Rows older than a day are deleted, so the table stays small."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class AuditEntry(Base):
    """Who changed what, when, with the values before and after."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("city.id", ondelete="SET NULL"), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Inventory(Versioned, Base):
    """A city's GPC inventory for one year, with its GWP set, status and the factor library it uses."""

    __tablename__ = "inventory"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    standard: Mapped[str] = mapped_column(String(10), default="BASIC")  # BASIC or BASIC+
    gwp: Mapped[str] = mapped_column(String(10), default="AR5")  # AR4, AR5, AR6 or AR6-split
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft, submitted, verified
    factor_library: Mapped[str] = mapped_column(String(80))
    boundary: Mapped[str] = mapped_column(Text, default="")
    population: Mapped[int | None] = mapped_column(BigInteger)
    # Totals reported elsewhere (e.g. to CDP) when the inventory has no activity data here.
    reported: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reported_source: Mapped[str | None] = mapped_column(String(300))
    # Gases the reported totals cover: "CO2" where only CO2 was reported, else "CO2e"; null: not known.
    reported_gases: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("city_id", "year"),
        Index("ix_inventory_updated_at", "updated_at"),  # the benchmark cache's check, on every request
    )


class ActivityRecord(Versioned, Base):
    """One activity of an inventory, as entered or imported, with its source and data quality."""

    __tablename__ = "activity_record"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inventory_id: Mapped[int] = mapped_column(ForeignKey("inventory.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    gpc_ref: Mapped[str] = mapped_column(String(10))
    fuel: Mapped[str | None] = mapped_column(String(100))
    amount: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(30))
    notation_key: Mapped[str | None] = mapped_column(String(2))
    explanation: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column(Integer)
    data_quality: Mapped[str | None] = mapped_column(String(6))
    ef_co2: Mapped[float | None] = mapped_column(Float)
    ef_ch4: Mapped[float | None] = mapped_column(Float)
    ef_n2o: Mapped[float | None] = mapped_column(Float)
    ef_unit: Mapped[str | None] = mapped_column(String(30))
    ef_source: Mapped[str | None] = mapped_column(String(300))
    ef_data_quality: Mapped[str | None] = mapped_column(String(6))
    ef_basis: Mapped[str | None] = mapped_column(String(8))  # location | market (grid energy)
    reported_co2_t: Mapped[float | None] = mapped_column(Float)
    reported_ch4_t: Mapped[float | None] = mapped_column(Float)
    reported_n2o_t: Mapped[float | None] = mapped_column(Float)
    reported_co2e_t: Mapped[float | None] = mapped_column(Float)
    reported_biogenic_co2_t: Mapped[float | None] = mapped_column(Float)  # memo item
    reported_gwp: Mapped[str | None] = mapped_column(String(10))  # of reported_co2e_t


class InventoryResult(Base):
    """Totals of one calculation. A recalculation adds a result and keeps the old ones comparable."""

    __tablename__ = "inventory_result"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inventory_id: Mapped[int] = mapped_column(ForeignKey("inventory.id", ondelete="CASCADE"), index=True)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    factor_library: Mapped[str] = mapped_column(String(80))
    gwp: Mapped[str] = mapped_column(String(10))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    basic: Mapped[float] = mapped_column(Float)
    basic_plus: Mapped[float] = mapped_column(Float)
    territorial: Mapped[float] = mapped_column(Float)
    scope1: Mapped[float] = mapped_column(Float)
    scope2: Mapped[float] = mapped_column(Float)
    scope3: Mapped[float] = mapped_column(Float)
    biogenic_co2: Mapped[float] = mapped_column(Float)
    scope2_market: Mapped[float | None] = mapped_column(Float)
    by_ref: Mapped[dict[str, Any]] = mapped_column(JSON)
    by_gas: Mapped[dict[str, Any]] = mapped_column(JSON)
    # t CO2e of the totals that stay under another GWP set (CO2e reported without a gas split)
    other_gwp: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class InventoryWarningAck(Base):
    """A plausibility warning of an inventory acknowledged with a reason. `warning_key` hashes the
    warning's code, figures and rows (domain.plausibility): changed data make a new warning."""

    __tablename__ = "inventory_warning_ack"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inventory_id: Mapped[int] = mapped_column(ForeignKey("inventory.id", ondelete="CASCADE"), index=True)
    warning_key: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("inventory_id", "warning_key"),)


class MeasureType(Base):
    """A type of climate measure in the catalogue, classified on every axis of the taxonomy."""

    __tablename__ = "measure_type"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    field: Mapped[str] = mapped_column(String(30), index=True)
    instrument: Mapped[str] = mapped_column(String(30))
    municipal_role: Mapped[str] = mapped_column(String(30))
    decision_level: Mapped[str] = mapped_column(String(30))
    title_en: Mapped[str] = mapped_column(String(200))
    title_de: Mapped[str] = mapped_column(String(200))
    title_ja: Mapped[str] = mapped_column(String(200))
    summary_en: Mapped[str] = mapped_column(Text, default="")
    reduction_low: Mapped[float | None] = mapped_column(Float)
    reduction_high: Mapped[float | None] = mapped_column(Float)
    reduction_unit: Mapped[str | None] = mapped_column(String(80))
    reduction_basis: Mapped[str | None] = mapped_column(String(120))
    reduction_note: Mapped[str | None] = mapped_column(Text)
    cost_low: Mapped[float | None] = mapped_column(Float)
    cost_high: Mapped[float | None] = mapped_column(Float)
    cost_unit: Mapped[str | None] = mapped_column(String(80))
    cost_basis: Mapped[str | None] = mapped_column(String(120))
    # Tags as "|a|b|" text: portable, and filtered with LIKE '%|a|%'.
    tags: Mapped[str] = mapped_column(Text, default="")
    countries: Mapped[str] = mapped_column(String(40), default="")


class CaseStudy(Versioned, Base):
    """A city's concrete measure that others can learn from: what, results, lessons, contact."""

    __tablename__ = "case_study"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    measure_type_id: Mapped[int | None] = mapped_column(ForeignKey("measure_type.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(30))
    instrument: Mapped[str] = mapped_column(String(30))
    municipal_role: Mapped[str | None] = mapped_column(String(30))
    decision_level: Mapped[str | None] = mapped_column(String(30))
    implementation: Mapped[str] = mapped_column(String(30))
    start_year: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    title_de: Mapped[str | None] = mapped_column(String(300))
    title_ja: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    results: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    reduction_t_per_year: Mapped[float | None] = mapped_column(Float)
    cost_note: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    source_note: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        # Which cities have published cases, from the index alone ("cases like mine").
        Index("ix_case_study_published_city", "is_published", "city_id"),
        Index("ix_case_study_measure_type_id", "measure_type_id"),
    )


class BenchmarkRound(Base):
    """A network's benchmark of its member cities at one moment, kept as it was computed."""

    __tablename__ = "benchmark_round"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    members: Mapped[int] = mapped_column(Integer)
    benchmarked: Mapped[int] = mapped_column(Integer)
    model: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the structure model was fitted on
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # one entry per member city


class CooperationItem(Versioned, Base):
    """A city's offer of expertise or need for support, by field of action and type of support."""

    __tablename__ = "cooperation_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # offer or need
    field: Mapped[str] = mapped_column(String(30))
    support: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_cooperation_item_field_kind", "field", "kind"),)


class NetworkMatchWeights(Versioned, Base):
    """A network secretariat's own weights of the matching signals for one goal."""

    __tablename__ = "network_match_weights"
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), primary_key=True)
    goal: Mapped[str] = mapped_column(String(20), primary_key=True)
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutlierConfirmation(Base):
    """A person's word that a city's headline of one year, far outside its peers', is right: the
    value then counts in other cities' peer medians. `value` is the figure confirmed, so a changed
    inventory of that year needs confirming anew."""

    __tablename__ = "outlier_confirmation"
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    confirmed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# Tables kept in modules of their own, loaded here so Base.metadata (Alembic, the tests) holds them.
from citypact.storage import annual_reports as _annual_reports  # noqa: E402, F401
from citypact.storage import beginners as _beginners  # noqa: E402, F401
from citypact.storage import co2_prices as _co2_prices  # noqa: E402, F401
from citypact.storage import credits as _credits  # noqa: E402, F401
from citypact.storage import deals as _deals  # noqa: E402, F401
from citypact.storage import funding as _funding  # noqa: E402, F401
from citypact.storage import ideas as _ideas  # noqa: E402, F401
from citypact.storage import joint_projects as _joint_projects  # noqa: E402, F401
from citypact.storage import partnerships as _partnerships  # noqa: E402, F401
from citypact.storage import plan_money as _plan_money  # noqa: E402, F401
from citypact.storage import plans as _plans  # noqa: E402, F401
from citypact.storage import portal as _portal  # noqa: E402, F401
from citypact.storage import positions as _positions  # noqa: E402, F401
from citypact.storage import procurement as _procurement  # noqa: E402, F401
from citypact.storage import procurement_bids as _procurement_bids  # noqa: E402, F401
from citypact.storage import scopes as _scopes  # noqa: E402, F401
from citypact.storage import stakeholders as _stakeholders  # noqa: E402, F401
from citypact.storage import surveys as _surveys  # noqa: E402, F401
