"""JSON shapes of the city registry: cities, their figures and published targets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import StrictIn


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


class CityPatch(StrictIn):
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


class CityIn(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=2)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    population: int | None = Field(default=None, ge=0, le=50_000_000)
    admin_area: str | None = Field(default=None, max_length=200)


class StatisticIn(StrictIn):
    year: int = Field(ge=1800, le=2100)
    variable: Literal["population", "area_km2", "gdp_ppp_usd", "hdd", "cdd"]
    value: float = Field(ge=0, le=1e15)
    source: str = Field(min_length=1, max_length=300)
    data_quality: Literal["high", "medium", "low"]
    note: str | None = Field(default=None, max_length=2000)
