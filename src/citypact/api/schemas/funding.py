"""JSON shapes of the funding catalogue (programmes, their calls, cities' suggestions) and of
applications to programmes in the REST API.

Codes (funder_level, instrument, countries, size_bands, fields, gpc_sectors, measure_types,
status) are checked by the services, which name the field and the choices (domain/funding.py).
Amounts are sent in the programme's currency (EUR 12.34, JPY 500) and come out as integer minor
units (`..._minor`); the co-financing rate is sent in % and comes out as basis points
(`funding_rate_bp`, 1/10 000). A call's `state` (upcoming, open, rolling, closed) is computed from
its dates on the day of the request, as is the programme's `state`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID

Codes = list[str] | str | None
Amount = float | str | None


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProgrammeFields(In):
    name: str | None = Field(default=None, max_length=300, examples=["Kommunalrichtlinie"])
    funder_name: str | None = Field(default=None, max_length=200)
    funder_level: str | None = Field(
        default=None,
        max_length=20,
        examples=["eu", "national", "regional", "multilateral", "foundation", "private"],
    )
    instrument: str | None = Field(
        default=None,
        max_length=30,
        examples=["grant", "loan", "guarantee", "technical_assistance", "project_preparation"],
    )
    summary: str | None = Field(default=None, max_length=4000)
    countries: Codes = Field(default=None, description='ISO 3166-1 alpha-2 codes; "EU" for its member states')
    size_bands: Codes = Field(default=None, examples=[["10k_50k", "50k_250k"]])
    joint_required: bool | None = None
    min_cities: int | None = Field(default=None, ge=1, le=999)
    min_countries: int | None = Field(default=None, ge=1, le=999)
    fields: Codes = Field(default=None, examples=[["energy_supply", "transport"]])
    gpc_sectors: Codes = Field(default=None, examples=[["I", "II"]])
    measure_types: Codes = Field(default=None, description="codes of the measure catalogue")
    amount_min: Amount = Field(default=None, description="in the currency's units")
    amount_max: Amount = Field(default=None, description="in the currency's units")
    currency: str | None = Field(default=None, max_length=3, examples=["EUR"])
    funding_rate_percent: float | str | None = Field(
        default=None, description="the most of the costs it pays, in %"
    )
    source_url: str | None = Field(default=None, max_length=500, examples=["https://www.klimaschutz.de/"])
    checked_on: dt.date | None = Field(
        default=None, description="the day the entry was compared with its source"
    )


class ProgrammeIn(ProgrammeFields):
    maintainer_network_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="the network you run that keeps the entry"
    )


class ProgrammePatch(ProgrammeFields):
    pass


class SuggestionIn(ProgrammeFields):
    city_id: int = Field(ge=1, le=MAX_ID, description="the suggesting city (you edit it)")


class AcceptIn(In):
    maintainer_network_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class ReasonIn(In):
    reason: str = Field(max_length=2000)


class CallFields(In):
    title: str | None = Field(default=None, max_length=300)
    opens_on: dt.date | None = None
    closes_on: dt.date | None = Field(default=None, description="none: a rolling call")
    budget: Amount = Field(default=None, description="in the programme's currency")
    url: str | None = Field(default=None, max_length=500)
    note: str | None = Field(default=None, max_length=2000)


class CallOut(_Out):
    id: int
    title: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    budget_minor: int | None
    url: str
    note: str
    state: str
    version: int


class ProgrammeOut(_Out):
    id: int
    name: str
    funder_name: str
    funder_level: str
    instrument: str
    summary: str
    countries: list[str]
    size_bands: list[str]
    joint_required: bool
    min_cities: int
    min_countries: int
    fields: list[str]
    gpc_sectors: list[str]
    measure_types: list[str]
    amount_min_minor: int | None
    amount_max_minor: int | None
    currency: str
    funding_rate_bp: int | None
    source_url: str
    checked_on: dt.date | None
    check_is_stale: bool = Field(description="checked more than 12 months ago")
    status: str
    status_reason: str
    maintainer_network_id: int | None
    maintainer_network: str | None
    suggested_by_city_id: int | None
    state: str | None = Field(description="the best state of its calls today; null without calls")
    next_closing: dt.date | None
    calls: list[CallOut]
    version: int


class ProgrammePageOut(BaseModel):
    items: list[ProgrammeOut]
    total: int
    page: int
    size: int
    order: str = Field(
        default="open calls first by closing date, then rolling, then upcoming, then closed; never by payment"
    )


class ApplicationIn(In):
    programme_id: int = Field(ge=1, le=MAX_ID)
    call_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    lead_city_id: int = Field(ge=1, le=MAX_ID)
    partner_city_ids: list[int] = Field(default_factory=list, max_length=49)
    title: str = Field(max_length=300)
    amount_sought: Amount = Field(default=None, description="in the programme's currency")
    note: str = Field(default="", max_length=2000)
    network: str | None = Field(
        default=None, max_length=60, description="the slug, when a secretariat forms it"
    )
    measures: dict[str, int] | None = Field(
        default=None, max_length=50, description="city id -> plan measure id"
    )


class ApplicationCityIn(In):
    city_id: int = Field(ge=1, le=MAX_ID)
    plan_measure_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class StatusIn(In):
    status: str = Field(max_length=12, examples=["submitted", "awarded", "rejected", "withdrawn"])


class ApplicationCityOut(_Out):
    city_id: int
    name: str
    country: str
    lead: bool
    plan_measure_id: int | None
    plan_measure: str | None


class ShortfallOut(_Out):
    cities: int
    countries: int
    needed_cities: int
    needed_countries: int


class ApplicationOut(_Out):
    id: int
    programme_id: int
    programme: str
    call_id: int | None
    call: str | None
    call_state: str | None
    lead_city_id: int
    network_id: int | None
    network: str | None
    title: str
    status: str
    amount_sought_minor: int | None
    currency: str
    note: str
    cities: list[ApplicationCityOut]
    shortfall: ShortfallOut
    next_statuses: list[str]
    version: int
