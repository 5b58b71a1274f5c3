"""JSON shapes of the inventory endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import In


class Totals(BaseModel):
    basic: float = Field(description="t CO2e")
    basic_plus: float = Field(description="t CO2e")
    territorial: float = Field(description="t CO2e: every scope 1 source in the boundary")
    scope1: float
    scope2: float
    scope3: float
    biogenic_co2: float = Field(description="t CO2, memo item outside every total")


# AR6-split: AR6 with methane by origin (fossil 29.8, non-fossil 27.0; IPCC AR6 WG1 Table 7.15).
GwpName = Literal["AR4", "AR5", "AR6", "AR6-split"]
OTHER_GWP = (
    "t CO2e of the totals that stay under another GWP set than `gwp`, by set: CO2e reported without"
    " a gas split cannot be reweighed; when not empty the totals mix GWP sets"
)


class InventoryOut(BaseModel):
    id: int
    version: int = Field(default=1, description="If-Match of a status change, optional")
    city_id: int
    city_name: str
    country: str
    year: int
    standard: str
    gwp: str
    status: str
    factor_library: str
    population: int | None
    totals: Totals | None
    reported: dict[str, float] | None = Field(
        description="totals reported elsewhere (e.g. CDP), in t of the gases `reported_gases` names"
    )
    reported_source: str | None
    reported_gases: str | None = Field(
        None, description="CO2 where the reported totals cover CO2 only, CO2e where they cover all gases"
    )
    other_gwp: dict[str, float] | None = Field(None, description=OTHER_GWP)


class ResultOut(BaseModel):
    id: int
    computed_at: datetime
    factor_library: str
    gwp: str
    is_current: bool
    totals: Totals
    scope2_market: float | None = Field(description="market-based scope 2 memo, t CO2e")
    by_ref: dict[str, float | None]
    by_gas: dict[str, float] = Field(
        description="t of each gas, from the rows that give gases; CO2e not split by gas (national"
        " grid factors, reported CO2e totals) is in the totals and in none of these"
    )
    other_gwp: dict[str, float] | None = Field(None, description=OTHER_GWP)


class EmissionRowOut(BaseModel):
    record_id: int
    version: int | None = Field(default=None, description="the row's version: If-Match to PATCH or DELETE it")
    gpc_ref: str
    scope: int | None
    fuel: str | None
    amount: float | None
    unit: str | None
    notation_key: str | None
    activity_tj: float | None
    CO2_t: float | None
    CH4_t: float | None
    N2O_t: float | None
    biogenic_co2_t: float | None
    co2e_t: float | None
    market_co2e_t: float | None
    factor_kind: str = Field(
        description="notation_key, reported, user, user_location (a user factor on grid energy, in the"
        " totals), grid_direct or grid_life_cycle (the national grid factor and its basis; CO2e, not"
        " split by gas), ipcc_default"
    )
    factor_source: str | None
    data_quality: str | None
    ef_data_quality: str | None
    other_gwp: str | None = Field(
        None, description="the GWP set of this row's CO2e where it is not the inventory's (kept as reported)"
    )


class WarningOut(BaseModel):
    key: str = Field(description="hash of code, figures and rows: changed data give a new key")
    code: Literal["duplicate_rows", "per_capita_high", "per_capita_low"]
    figures: dict[str, float | str] = Field(
        description="duplicate_rows: gpc_ref, fuel, amount, unit; per_capita_*: metric (basic or"
        " scope1), per_capita_t, bound_t, seen_low_t, seen_high_t (t CO2e per inhabitant), population"
    )
    record_ids: list[int] = Field(description="the activity rows the warning is about")
    acknowledged: bool
    reason: str | None = Field(description="why the figure is right, as acknowledged")
    acknowledged_at: datetime | None


class InventoryDetailOut(BaseModel):
    inventory: InventoryOut
    can_edit: bool
    can_verify: bool
    results: list[ResultOut]
    rows: list[EmissionRowOut]
    warnings: list[WarningOut] = Field(
        default_factory=list, description="every one must be acknowledged before verification"
    )
    missing_refs: list[str] = Field(
        default_factory=list,
        description="GPC references the standard requires with neither an amount nor a notation key:"
        " submission is refused while any is missing",
    )


class AcknowledgeIn(In):
    reason: str = Field(min_length=3, max_length=1000, description="why the figure is right")


class InventoryIn(In):
    year: int = Field(ge=1990, le=2100)
    gwp: GwpName = "AR5"
    standard: Literal["BASIC", "BASIC+"] = "BASIC"
    boundary: str = Field(default="", max_length=2000)
    population: int | None = Field(default=None, ge=1, le=100_000_000)


class ActivityIn(In):
    gpc_ref: str | None = Field(default=None, max_length=10, examples=["I.1.1"])
    fuel: str | None = Field(default=None, max_length=100, examples=["Natural Gas"])
    amount: float | None = Field(default=None, ge=0)
    unit: str | None = Field(default=None, max_length=30, examples=["MWh"])
    notation_key: Literal["NO", "IE", "NE", "C"] | None = None
    explanation: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=300)
    year: int | None = Field(default=None, ge=1900, le=2100)
    data_quality: Literal["H", "M", "L"] | None = None
    ef_co2: float | None = Field(default=None, ge=0)
    ef_ch4: float | None = Field(default=None, ge=0)
    ef_n2o: float | None = Field(default=None, ge=0)
    ef_unit: str | None = Field(default=None, max_length=30, examples=["kg/MWh"])
    ef_source: str | None = Field(default=None, max_length=300)
    ef_data_quality: Literal["H", "M", "L"] | None = None
    ef_basis: Literal["location", "market"] | None = Field(
        default=None,
        description="grid electricity or district heat only: which scope-2 figure the user factor is."
        " Empty or location: it enters the totals (e.g. an eGRID subregion, the utility's factor);"
        " market: a supplier's or contract's factor, reported in the market-based memo while the"
        " national grid factor stays in the totals",
    )


class StatusIn(In):
    status: Literal["draft", "submitted", "verified"]


class RecalculateIn(In):
    gwp: GwpName | None = None


class ImportOut(BaseModel):
    inventory_id: int
    totals: Totals
    rows: int


class CdpImportOut(BaseModel):
    file: str
    records: int
    imported: int
    unchanged_with_activity_data: int
    without_emissions: int
    unmatched: list[str]
    conflicting_duplicates: list[str] = Field(
        description="records of a city-year already in the file with other figures (the first is imported)"
    )
    identical_duplicates: list[str] = Field(description="records repeating an earlier one: imported once")
    quarantined: list[str] = Field(
        description="negative figures, or city-wide figures outside 0.1-100 t CO2e per person: not stored"
    )
    name_conflicts: list[str] = Field(description="matched although the name and the coordinates disagree")
    warnings: list[str] = Field(description="unknown or repeated columns, not read")


def totals_of(obj: Any) -> Totals:
    return Totals(**{name: getattr(obj, name) for name in Totals.model_fields})


class WasteEstimateIn(In):
    method: Literal[
        "methane_commitment",
        "first_order_decay",
        "biological_treatment",
        "incineration",
        "open_burning",
        "wastewater_ch4",
        "wastewater_n2o",
    ]
    gpc_ref: str = Field(max_length=10, examples=["III.1.1"])
    parameters: dict[str, Any] = Field(
        description="the method's parameters, e.g. {'landfilled_t': 12000, 'composition': {'food': 0.4, "
        "'paper': 0.2}, 'site_type': 'managed_anaerobic'}",
        examples=[{"landfilled_t": 12000, "composition": {"food": 0.4, "paper": 0.2}}],
    )
    source: str = Field(min_length=1, max_length=300)
    data_quality: Literal["H", "M", "L"] | None = None
