"""JSON shapes of the REST API (separate from the tables and the service results)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CityItem(BaseModel):
    id: int
    name: str
    country: str
    admin_area: str | None
    population: int | None
    size_band: str | None
    lat: float
    lon: float


class CityList(BaseModel):
    items: list[CityItem]
    total: int


class StatisticOut(BaseModel):
    id: int
    year: int
    variable: str
    value: float
    unit: str
    source: str
    data_quality: str | None
    note: str | None
    version: int = Field(description="send it as If-Match to delete the figure")


class NationalFigureOut(BaseModel):
    year: int
    value: float
    source: str


class CityRefOut(BaseModel):
    id: int
    name: str
    country: str


class NetworkRefOut(BaseModel):
    id: int
    slug: str
    name: str
    since_year: int | None
    confirmed: bool  # the city agreed to the membership (a listed one has not, until it confirms)


class PublicTargetOut(BaseModel):
    """A target the city published elsewhere (self-reported, not verified); its own target wins."""

    source: str = Field(description="source code, e.g. cdp_targets_2021")
    source_title: str
    reported_year: int
    target_type: str = Field(
        description="base_year_absolute, fixed_level, baseline_scenario or base_year_intensity"
    )
    sector: str | None = Field(description="null: all emissions of the city's inventory")
    base_year: int | None
    base_emissions_t: float | None
    reduction_pct: float | None
    target_year: int | None
    target_emissions_t: float | None
    paris_alignment: str | None = Field(description="1.5C, 2C, no, unknown, other or null")
    achieved_pct: float | None = Field(
        description="share of the target achieved so far, as the city reported"
    )
    year_set: int | None


class CityDetail(BaseModel):
    id: int
    key: str
    name: str
    country: str
    country_name: str
    admin_area: str | None
    lat: float
    lon: float
    population: int | None
    population_year: int | None
    population_source: str | None
    area_km2: float | None
    density: float | None
    size_band: str | None
    geonames_id: int | None
    unlocode: str | None
    capital: str | None
    description: str
    website: str | None
    is_published: bool
    sources: list[str]
    statistics: list[StatisticOut]
    grid_intensity: list[NationalFigureOut] = Field(description="gCO2/kWh by year")
    national_hdd: list[NationalFigureOut]
    national_cdd: list[NationalFigureOut]
    networks: list[NetworkRefOut]
    twins: list[CityRefOut]
    public_targets: list[PublicTargetOut] = Field(description="targets the city published (CDP 2021)")
    version: int = Field(description="the city's version, also its ETag: send it as If-Match to PATCH")


class CityPatch(_In):
    name: str | None = Field(default=None, max_length=200)
    admin_area: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    website: str | None = Field(default=None, max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    population: int | None = Field(default=None, ge=0, le=50_000_000)
    population_year: int | None = Field(default=None, ge=1800, le=2100)
    area_km2: float | None = Field(default=None, gt=0)
    unlocode: str | None = Field(default=None, max_length=6)
    is_published: bool | None = None


class CityIn(_In):
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=2)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    population: int | None = Field(default=None, ge=0, le=50_000_000)
    admin_area: str | None = Field(default=None, max_length=200)


class StatisticIn(_In):
    year: int = Field(ge=1800, le=2100)
    variable: Literal["population", "area_km2", "gdp_ppp_usd", "hdd", "cdd"]
    value: float = Field(ge=0, le=1e15)
    source: str = Field(min_length=1, max_length=300)
    data_quality: Literal["high", "medium", "low"]
    note: str | None = Field(default=None, max_length=2000)


class NetworkOut(BaseModel):
    id: int
    slug: str
    name: str
    description: str
    url: str | None
    member_count: int


class NetworkDetailOut(NetworkOut):
    members: list[CityRefOut]


class MemberIn(_In):
    city_id: int = Field(ge=1, le=2_147_483_647)


class PendingJoinOut(BaseModel):
    """An invitation (the city's editor answers) or a city's request (the secretariat answers)."""

    network_slug: str
    network_name: str
    city_id: int
    city_name: str
    country: str
    direction: Literal["invitation", "request"]
    created_at: datetime


class JoinOut(BaseModel):
    """What a request to join did: "requested" (the secretariat answers) or "confirmed" (a listed
    membership the city has now confirmed)."""

    result: Literal["requested", "confirmed"]


class UserIn(_In):
    email: str = Field(min_length=3, max_length=254)
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=256)
    is_admin: bool = False


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    is_admin: bool


class MembershipIn(_In):
    role: Literal["network_secretariat", "city_editor", "city_viewer", "stakeholder"]
    scope_id: int = Field(
        ge=1, le=2_147_483_647, description="id of the city, network or organisation the role is held in"
    )


class MembershipOut(BaseModel):
    id: int
    user_id: int
    role: str


class TokenIn(_In):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(BaseModel):
    id: int
    name: str
    token: str = Field(description="shown once; keep it secret")


class LoginIn(_In):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class LoginOut(BaseModel):
    user_id: int
    csrf_token: str = Field(description="send it as the X-CSRF-Token header with writes of this session")


class PasswordChangeIn(_In):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(
        min_length=1, max_length=257, description="10 to 256 characters, not a common one"
    )


class PasswordChangeOut(BaseModel):
    sessions_ended: int = Field(description="your other login sessions, ended by the change")


class SessionOut(BaseModel):
    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str
    current: bool = Field(description="the session of this request")


class SessionsEndedOut(BaseModel):
    ended: int


class MeOut(BaseModel):
    user_id: int | None
    is_admin: bool
    roles: list[dict[str, str | int]]


class AuditOut(BaseModel):
    id: int
    at: datetime
    user: str | None
    action: str
    entity: str
    entity_id: str
    city_id: int | None
    network_id: int | None
    before: dict[str, object] | None
    after: dict[str, object] | None


class Health(BaseModel):
    status: str
    database: str


def json_response(model: BaseModel) -> Response:
    """The model as JSON, already validated: FastAPI would validate the returned model once more
    against the response_model (which still documents the endpoint), at a cost of a millisecond
    on the hottest endpoints."""
    return Response(model.model_dump_json(), media_type="application/json")
