"""JSON shapes of joint infrastructure projects in the REST API.

Money is integer minor units (`*_minor`) of the project's currency; amounts sent in are decimals of
the currency (`"1250000.50"` or 1250000.5), refused if they have more decimals than it has. Codes
(kind, rule, status, cost kind, funding source) are checked by the services, which name the field
and the choices (domain/joint_projects.py, domain/action_plans.FUNDING_SOURCES).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID

Amount = Decimal  # JSON number or string; bounded where it is used


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProjectIn(In):
    lead_city_id: int = Field(ge=1, le=MAX_ID, description="the lead city; you are one of its editors")
    title: str = Field(max_length=300, examples=["Neckar valley district heating"])
    kind: str = Field(
        max_length=30,
        examples=["district_heating", "cycle_highway", "waste_plant", "public_transport", "renewable_energy"],
    )
    description: str = Field(default="", max_length=20_000)
    rule: str = Field(max_length=12, examples=["population", "use", "benefit", "agreed"])
    input_unit: str = Field(default="", max_length=60, description="what use or benefit figures count")
    start_year: int = Field(ge=1990, le=2100)
    end_year: int = Field(ge=1990, le=2100)
    currency: str = Field(max_length=3, examples=["EUR"])
    reduction_t: float | None = Field(default=None, ge=0, le=1e9, description="t CO2e a year, whole project")
    reduction_basis: str = Field(default="", max_length=20_000, description="how it was estimated, source")


class ProjectPatch(In):
    title: str | None = Field(default=None, max_length=300)
    kind: str | None = Field(default=None, max_length=30)
    description: str | None = Field(default=None, max_length=20_000)
    rule: str | None = Field(default=None, max_length=12)
    input_unit: str | None = Field(default=None, max_length=60)
    start_year: int | None = Field(default=None, ge=1990, le=2100)
    end_year: int | None = Field(default=None, ge=1990, le=2100)
    currency: str | None = Field(default=None, max_length=3)
    reduction_t: float | None = Field(default=None, ge=0, le=1e9)
    reduction_basis: str | None = Field(default=None, max_length=20_000)


class StatusIn(In):
    status: str = Field(max_length=12, examples=["planned", "building", "operating", "closed"])


class PartnerInputs(In):
    use_quantity: float | None = Field(default=None, ge=0, le=1e15)
    benefit: float | None = Field(default=None, ge=0, le=1e15)
    agreed_share_pct: float | None = Field(default=None, ge=0, le=100)


class PartnerIn(PartnerInputs):
    city_id: int = Field(ge=1, le=MAX_ID)


class PartnerPatch(PartnerInputs):
    refresh_population: bool = Field(default=False, description="take the registry's population again")


class PlanLinkIn(In):
    plan_measure_id: int | None = Field(
        ge=1, le=MAX_ID, description="a measure of your city's plan; null unlinks"
    )


class CostIn(In):
    kind: str = Field(max_length=5, examples=["capex", "opex"])
    label: str = Field(default="", max_length=200)
    year_from: int = Field(ge=1990, le=2100)
    year_to: int | None = Field(default=None, ge=1990, le=2100)
    amount: Amount = Field(ge=0, le=Decimal(10**13), description="capex: the whole; opex: a year's amount")


class FundingIn(In):
    source: str = Field(
        max_length=20, examples=["own_budget", "national_grant", "eu_grant", "loan", "private"]
    )
    label: str = Field(default="", max_length=200, description="which programme or lender")
    amount: Amount = Field(ge=0, le=Decimal(10**13))


class YearShareOut(_Out):
    year: int
    capex_minor: int
    opex_minor: int
    total_minor: int


class PartnerOut(_Out):
    city_id: int
    city_name: str
    country: str
    is_lead: bool
    population: int | None
    population_year: int | None
    use_quantity: float | None
    benefit: float | None
    agreed_share_pct: float | None
    confirmed_on: dt.date | None
    plan_measure_id: int | None
    plan_measure_title: str | None
    share: float | None = Field(description="0 to 1; null while the rule cannot be applied")
    capex_minor: int | None
    opex_minor: int | None
    total_minor: int | None
    reduction_t: float | None = Field(description="attributed t CO2e a year (whole kilograms)")
    years: list[YearShareOut]


class CostOut(_Out):
    id: int
    kind: str
    label: str
    year_from: int
    year_to: int | None
    amount_minor: int


class FundingOut(_Out):
    id: int
    source: str
    label: str
    amount_minor: int


class ProjectSummaryOut(_Out):
    id: int
    title: str
    kind: str
    status: str
    lead_city_id: int
    lead_city_name: str
    start_year: int
    end_year: int
    partners: int


class ProjectOut(_Out):
    id: int
    version: int
    title: str
    kind: str
    description: str
    status: str
    lead_city_id: int
    lead_city_name: str
    start_year: int
    end_year: int
    currency: str
    rule: str
    input_unit: str
    reduction_t: float | None
    reduction_basis: str
    partners: list[PartnerOut]
    costs: list[CostOut]
    funding: list[FundingOut]
    years: list[YearShareOut] = Field(description="the whole project's costs per year")
    total_minor: int
    funding_minor: int
    attributed_t: float | None = Field(description="the partners' parts summed; never above reduction_t")
    problem: str | None = Field(
        description="why the rule cannot be applied yet: missing_input, zero_inputs, agreed_not_100"
    )
