"""The Climate City Contract as JSON: codes and figures (t CO2e, money in integer minor units with
its currency); the pages, PDF and XLSX word them."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import In
from citypact.domain.action_plans import PathGap
from citypact.services.plans.climate_city_contract import ContractView


class TargetOut(BaseModel):
    base_year: int
    base_emissions_t: float
    target_year: int
    reduction_pct: float
    goal_t: float = Field(description="emissions the target allows in the target year")
    source: str


class CommitmentOut(BaseModel):
    deal_id: int
    deal_title: str
    id: int
    party: str = Field(description="the organisation; empty: the city itself or not public")
    kind: str = Field(description="action, support, permit, funding")
    title: str
    due_date: dt.date | None
    kpi_name: str
    kpi_unit: str
    kpi_target: float | None
    kpi_target_year: int | None
    expected_reduction_t: float | None = Field(description="t CO2e a year")
    plan_measure_id: int | None
    withheld: list[str] = Field(description="parts of the deal its city keeps internal")


class CommitmentsOut(BaseModel):
    target: TargetOut | None
    signed: list[CommitmentOut]


class LineOut(BaseModel):
    item: str = Field(description="measure or commitment")
    id: int
    title: str
    reduction_t: float | None = Field(description="expected t CO2e a year")
    start: dt.date | None
    end: dt.date | None
    counted: bool = Field(description="false: a commitment to a plan measure, counted in the measure")


class GapOut(BaseModel):
    target_year: int
    goal_t: float
    expected_t: float
    to_find_t: float = Field(description="expected minus goal: what stays open (negative: more than enough)")


class ActionPlanOut(BaseModel):
    lines: list[LineOut]
    measures_t: float
    commitments_t: float
    latest_year: int | None
    latest_t: float | None
    closed_t: float | None = Field(description="what the plan cuts from the latest point by the target year")
    with_city_measures: GapOut | None
    with_deals: GapOut | None


class MeasureMoneyOut(BaseModel):
    measure_id: int
    title: str
    currency: str
    basis: str = Field(description="lines, assumed (spread over the measure's dates) or undated")
    capex_by_year: dict[int, int]
    opex_by_year: dict[int, int]
    unscheduled_minor: int
    cost_minor: int
    secured_minor: int
    sought_minor: int


class CurrencyOut(BaseModel):
    currency: str
    capex_by_year: dict[int, int]
    opex_by_year: dict[int, int]
    unscheduled_minor: int
    cost_minor: int
    secured_by_source: dict[str, int]
    sought_by_source: dict[str, int]
    secured_minor: int
    sought_minor: int
    gap_after_secured_minor: int
    gap_after_sought_minor: int


class AssumptionOut(BaseModel):
    code: str
    measure_id: int
    title: str


class InvestmentOut(BaseModel):
    years: list[int]
    measures: list[MeasureMoneyOut]
    currencies: list[CurrencyOut] = Field(description="one per currency; currencies are never added")
    assumptions: list[AssumptionOut]


class MissingOut(BaseModel):
    code: str
    item: str = Field(description="city, measure, deal or commitment")
    item_id: int | None
    name: str


class ContractOut(BaseModel):
    city_id: int
    city_name: str
    as_of: dt.date
    internal: bool = Field(description="the reader sees the investment plan and unsigned deals")
    basis: str
    commitments: CommitmentsOut
    action_plan: ActionPlanOut
    investment_plan: InvestmentOut | None = Field(description="null: shown to the city's staff only")
    missing: list[MissingOut]


def _gap(gap: PathGap | None) -> GapOut | None:
    if gap is None:
        return None
    return GapOut(
        target_year=gap.target_year, goal_t=gap.goal_t, expected_t=gap.expected_t, to_find_t=gap.to_find_t
    )


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def contract_out(view: ContractView) -> ContractOut:
    c = view.contract
    cm, ap, inv = c.commitments, c.action_plan, c.investment
    target = None
    if cm.target is not None and cm.goal_t is not None:
        t = cm.target
        target = TargetOut(
            base_year=t.base_year, base_emissions_t=t.base_emissions_t, target_year=t.target_year,
            reduction_pct=t.reduction_pct, goal_t=cm.goal_t, source=view.target_source,
        )  # fmt: skip
    signed = [
        CommitmentOut(
            deal_id=s.deal_id,
            deal_title=s.deal_title,
            id=s.commitment.id,
            party=s.commitment.party,
            kind=s.commitment.kind,
            title=s.commitment.title,
            due_date=s.commitment.due_date,
            kpi_name=s.commitment.kpi_name,
            kpi_unit=s.commitment.kpi_unit,
            kpi_target=s.commitment.kpi_target,
            kpi_target_year=s.commitment.kpi_target_year,
            expected_reduction_t=s.commitment.expected_reduction_t,
            plan_measure_id=s.commitment.plan_measure_id,
            withheld=sorted(s.commitment.withheld),
        )  # fmt: skip
        for s in cm.signed
    ]
    plan = ActionPlanOut(
        lines=[
            LineOut(item=x.item, id=x.item_id, title=x.title, reduction_t=x.reduction_t, start=x.start,
                    end=x.end, counted=x.counted)  # fmt: skip
            for x in ap.lines
        ],
        measures_t=ap.measures_t, commitments_t=ap.commitments_t, latest_year=ap.latest_year,
        latest_t=_finite(ap.latest_t), closed_t=_finite(ap.closed_t),
        with_city_measures=_gap(ap.city_gap), with_deals=_gap(ap.gap),
    )  # fmt: skip
    investment = None
    if inv is not None:
        investment = InvestmentOut(
            years=list(inv.years),
            measures=[
                MeasureMoneyOut(
                    measure_id=m.measure_id,
                    title=m.title,
                    currency=m.currency,
                    basis=m.basis,
                    capex_by_year=dict(m.capex_by_year),
                    opex_by_year=dict(m.opex_by_year),
                    unscheduled_minor=m.unscheduled_minor,
                    cost_minor=m.cost_minor,
                    secured_minor=m.secured_minor,
                    sought_minor=m.sought_minor,
                )  # fmt: skip
                for m in inv.measures
            ],
            currencies=[
                CurrencyOut(
                    currency=t.currency,
                    capex_by_year=dict(t.capex_by_year),
                    opex_by_year=dict(t.opex_by_year),
                    unscheduled_minor=t.unscheduled_minor,
                    cost_minor=t.cost_minor,
                    secured_by_source=dict(t.secured_by_source),
                    sought_by_source=dict(t.sought_by_source),
                    secured_minor=t.secured_minor,
                    sought_minor=t.sought_minor,
                    gap_after_secured_minor=t.gap_after_secured_minor,
                    gap_after_sought_minor=t.gap_after_sought_minor,
                )  # fmt: skip
                for t in inv.totals
            ],
            assumptions=[
                AssumptionOut(code=a.code, measure_id=a.measure_id, title=a.title) for a in inv.assumptions
            ],
        )
    return ContractOut(
        city_id=view.city_id, city_name=view.city_name, as_of=view.as_of, internal=view.internal,
        basis=view.basis, commitments=CommitmentsOut(target=target, signed=signed), action_plan=plan,
        investment_plan=investment,
        missing=[MissingOut(code=m.code, item=m.item, item_id=m.item_id, name=m.name) for m in c.missing],
    )  # fmt: skip


class CostIn(In):
    kind: Literal["capex", "opex"] = Field(
        description="capex: the whole sum over the years; opex: each year's"
    )
    year_from: int = Field(ge=2000, le=2100)
    year_to: int = Field(ge=2000, le=2100)
    amount_minor: int = Field(gt=0, le=10**15, description="minor units of the measure's currency (JPY: yen)")


class FundingIn(In):
    source: Literal["own_budget", "national_grant", "eu_grant", "loan", "private", "other"]
    status: Literal["secured", "sought"]
    amount_minor: int = Field(gt=0, le=10**15, description="minor units of the measure's currency (JPY: yen)")
    label: str = Field("", max_length=200, description="which programme, lender or partner")
    programme_id: int | None = Field(
        None,
        ge=1,
        le=2_147_483_647,
        description="the funding programme of the catalogue it comes from or is sought from",
    )


class MoneyOut(BaseModel):
    plan_measure_id: int
    currency: str | None
    costs: list[dict[str, int | str]]
    funding: list[dict[str, int | str | None]]
