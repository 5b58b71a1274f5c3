"""A city's Climate City Contract, assembled from plain inputs in the three parts of the EU Cities
Mission: commitments (the city's target and what the signatories of its deals commit to), the
action plan (plan measures and deal commitments with their expected reductions against the latest
inventory and the target) and the investment plan (costs per measure by year, funding secured and
sought, the funding gap per currency).

What is missing is listed as codes with the item named, never left blank. Money is integer minor
units; different currencies are never added. The gap to the target comes from the wedge of
domain.action_plans, so the contract shows the figure the plan page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeVar

from citypact.domain.action_plans import MeasureEffect, PathGap, path_gap, wedge

# A deal counts for the contract once every party has signed it; one ended early no longer does.
SIGNED_OR_LATER: Final = ("signed", "implementing", "reviewed", "completed")
UNSIGNED: Final = ("draft", "negotiating")
MISSING_CODES: Final = (
    "no_target",
    "no_inventory",
    "no_measures",
    "no_deals",
    "measure_without_reduction",
    "measure_without_dates",
    "measure_without_costs",
    "measure_without_currency",
    "measure_without_funding",
    "deal_unsigned",
    "commitment_without_kpi",
    "commitment_without_due_date",
)
ASSUMPTIONS: Final = ("capex_spread_evenly", "opex_every_year")
_K = TypeVar("_K", int, str)


@dataclass(frozen=True)
class Target:
    base_year: int
    base_emissions_t: float  # the base-year inventory's total where there is one, else typed
    target_year: int
    reduction_pct: float


@dataclass(frozen=True)
class CostLine:
    kind: str  # capex: the whole sum over the years; opex: each year's
    year_from: int
    year_to: int
    amount_minor: int


@dataclass(frozen=True)
class FundingLine:
    source: str  # domain.action_plans.FUNDING_SOURCES
    label: str
    status: str  # secured, sought
    amount_minor: int


@dataclass(frozen=True)
class MeasureInput:
    """A measure of the city's plan that is not cancelled, with its money where the reader may see it."""

    id: int
    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    expected_reduction_t: float | None = None
    gpc_sector: str | None = None
    currency: str | None = None
    capex_minor: int | None = None
    opex_minor_per_year: int | None = None
    costs: tuple[CostLine, ...] = ()
    funding: tuple[FundingLine, ...] = ()


@dataclass(frozen=True)
class CommitmentInput:
    id: int
    party: str  # the organisation's name, or "" for the city itself
    kind: str  # action, support, permit, funding
    title: str
    due_date: dt.date | None = None
    kpi_name: str = ""
    kpi_unit: str = ""
    kpi_target: float | None = None
    kpi_target_year: int | None = None
    expected_reduction_t: float | None = None
    plan_measure_id: int | None = None  # its reduction is then the measure's, counted once there
    withheld: frozenset[str] = frozenset()  # deal parts the reader may not see ("kpis", "reductions")


@dataclass(frozen=True)
class DealInput:
    id: int
    title: str
    status: str
    signed_on: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    commitments: tuple[CommitmentInput, ...] = ()


@dataclass(frozen=True)
class Missing:
    code: str  # MISSING_CODES
    item: str  # "city", "measure", "deal", "commitment"
    item_id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class SignedCommitment:
    deal_id: int
    deal_title: str
    commitment: CommitmentInput


@dataclass(frozen=True)
class Commitments:
    target: Target | None
    goal_t: float | None  # the emissions the target allows in the target year
    signed: tuple[SignedCommitment, ...]


@dataclass(frozen=True)
class Reduction:
    """One line of the action plan: a measure or a deal commitment and its expected cut (t CO2e/a)."""

    item: str  # "measure", "commitment"
    item_id: int
    title: str
    reduction_t: float | None
    start: dt.date | None
    end: dt.date | None
    counted: bool  # False: a commitment to a plan measure, its cut counted in the measure's


@dataclass(frozen=True)
class ActionPlanPart:
    lines: tuple[Reduction, ...]
    measures_t: float  # the sum of the measures' expected reductions
    commitments_t: float  # the sum of the counted commitments' expected reductions
    latest_year: int | None  # the latest inventory's year
    latest_t: float | None
    city_gap: PathGap | None  # the wedge's gap with the city's measures only
    gap: PathGap | None  # ... with the deals' commitments added: to_find_t is what stays open

    @property
    def closed_t(self) -> float | None:
        """What the plan cuts from the latest point by the target year (the wedge's own figures)."""
        if self.gap is None or self.latest_t is None:
            return None
        return self.latest_t - self.gap.expected_t


@dataclass(frozen=True)
class MeasureMoney:
    measure_id: int
    title: str
    currency: str
    basis: str  # "lines": cost lines; "assumed": capex and opex spread over its dates; "undated"
    capex_by_year: Mapping[int, int]
    opex_by_year: Mapping[int, int]
    unscheduled_minor: int  # capex known but without years (no cost lines, no dates)
    secured_minor: int
    sought_minor: int

    @property
    def cost_minor(self) -> int:
        return sum(self.capex_by_year.values()) + sum(self.opex_by_year.values()) + self.unscheduled_minor


@dataclass(frozen=True)
class CurrencyTotal:
    """The investment plan in one currency; the gap is the cost not (yet) covered."""

    currency: str
    capex_by_year: Mapping[int, int]
    opex_by_year: Mapping[int, int]
    unscheduled_minor: int
    secured_by_source: Mapping[str, int]
    sought_by_source: Mapping[str, int]

    @property
    def cost_minor(self) -> int:
        return sum(self.capex_by_year.values()) + sum(self.opex_by_year.values()) + self.unscheduled_minor

    @property
    def secured_minor(self) -> int:
        return sum(self.secured_by_source.values())

    @property
    def sought_minor(self) -> int:
        return sum(self.sought_by_source.values())

    @property
    def gap_after_secured_minor(self) -> int:
        return self.cost_minor - self.secured_minor

    @property
    def gap_after_sought_minor(self) -> int:
        return self.cost_minor - self.secured_minor - self.sought_minor


@dataclass(frozen=True)
class Assumption:
    code: str  # ASSUMPTIONS
    measure_id: int
    title: str


@dataclass(frozen=True)
class InvestmentPart:
    measures: tuple[MeasureMoney, ...]
    totals: tuple[CurrencyTotal, ...]  # one per currency, by code
    years: tuple[int, ...]
    assumptions: tuple[Assumption, ...]


@dataclass(frozen=True)
class Contract:
    commitments: Commitments
    action_plan: ActionPlanPart
    investment: InvestmentPart | None  # None: the reader may not see the city's money
    missing: tuple[Missing, ...] = field(default=())


def spread_evenly(amount_minor: int, years: Sequence[int]) -> dict[int, int]:
    """`amount_minor` over `years` in equal shares by the largest-remainder rule: each year gets the
    whole part of its share and the units left go one each to the years with the largest remainder
    (all equal here, so the earliest years), so the years add up to the amount exactly."""
    if not years:
        raise ValueError("spread over no years")
    whole, left = divmod(amount_minor, len(years))
    return {year: whole + (1 if i < left else 0) for i, year in enumerate(years)}


def _money(m: MeasureInput) -> tuple[MeasureMoney | None, list[Assumption]]:
    """The measure's costs by year, from its cost lines or else its capex and opex over its dates."""
    currency = m.currency
    if currency is None:
        return None, []
    capex: dict[int, int] = {}
    opex: dict[int, int] = {}
    unscheduled = 0
    assumed: list[Assumption] = []
    if m.costs:
        basis = "lines"
        for line in m.costs:
            years = range(line.year_from, line.year_to + 1)
            if line.kind == "capex":
                _add(capex, spread_evenly(line.amount_minor, years))
            else:
                _add(opex, dict.fromkeys(years, line.amount_minor))
    elif m.start and m.end:
        basis = "assumed"
        years = range(m.start.year, m.end.year + 1)
        if m.capex_minor:
            _add(capex, spread_evenly(m.capex_minor, years))
            assumed.append(Assumption("capex_spread_evenly", m.id, m.title))
        if m.opex_minor_per_year:
            _add(opex, dict.fromkeys(years, m.opex_minor_per_year))
            assumed.append(Assumption("opex_every_year", m.id, m.title))
    else:
        basis = "undated"
        unscheduled = m.capex_minor or 0
    secured = sum(f.amount_minor for f in m.funding if f.status == "secured")
    sought = sum(f.amount_minor for f in m.funding if f.status == "sought")
    return MeasureMoney(m.id, m.title, currency, basis, capex, opex, unscheduled, secured, sought), assumed


def _add(into: dict[_K, int], more: Mapping[_K, int]) -> None:
    for key, value in more.items():
        into[key] = into.get(key, 0) + value


def _has_costs(m: MeasureInput) -> bool:
    return bool(m.costs) or bool(m.capex_minor) or bool(m.opex_minor_per_year)


def investment_plan(measures: Sequence[MeasureInput]) -> tuple[InvestmentPart, list[Missing]]:
    """Costs by year and funding per measure and per currency, and what keeps them from being whole."""
    missing: list[Missing] = []
    rows: list[MeasureMoney] = []
    assumptions: list[Assumption] = []
    funding: dict[str, dict[str, dict[str, int]]] = {}  # currency -> status -> source -> minor
    for m in measures:
        if not _has_costs(m):
            missing.append(Missing("measure_without_costs", "measure", m.id, m.title))
            if not m.funding:
                continue
        money, assumed = _money(m)
        if money is None:
            missing.append(Missing("measure_without_currency", "measure", m.id, m.title))
            continue
        if _has_costs(m):
            rows.append(money)
            assumptions.extend(assumed)
            if not m.funding:
                missing.append(Missing("measure_without_funding", "measure", m.id, m.title))
        by_status = funding.setdefault(money.currency, {"secured": {}, "sought": {}})
        for f in m.funding:
            _add(by_status.setdefault(f.status, {}), {f.source: f.amount_minor})
    totals = []
    for currency in sorted({r.currency for r in rows} | set(funding)):
        capex: dict[int, int] = {}
        opex: dict[int, int] = {}
        for r in rows:
            if r.currency == currency:
                _add(capex, r.capex_by_year)
                _add(opex, r.opex_by_year)
        by_status = funding.get(currency, {})
        totals.append(
            CurrencyTotal(
                currency,
                dict(sorted(capex.items())),
                dict(sorted(opex.items())),
                sum(r.unscheduled_minor for r in rows if r.currency == currency),
                dict(sorted(by_status.get("secured", {}).items())),
                dict(sorted(by_status.get("sought", {}).items())),
            )
        )
    years = sorted({y for r in rows for y in (*r.capex_by_year, *r.opex_by_year)})
    return InvestmentPart(tuple(rows), tuple(totals), tuple(years), tuple(assumptions)), missing


def _commitment_effect(deal: DealInput, c: CommitmentInput) -> MeasureEffect:
    """A commitment ramps in from the deal's start (else its signing) to its due date (else the
    deal's end), as a plan measure does over its dates."""
    return MeasureEffect(c.expected_reduction_t or 0.0, deal.start or deal.signed_on, c.due_date or deal.end)


def action_plan(
    target: Target | None,
    inventories: Sequence[tuple[int, float]],
    measures: Sequence[MeasureInput],
    deals: Sequence[DealInput],
) -> ActionPlanPart:
    """The measures' and the signed deals' commitments' cuts against the target, through the wedge."""
    lines = [
        Reduction("measure", m.id, m.title, m.expected_reduction_t, m.start, m.end, True) for m in measures
    ]
    effects = [MeasureEffect(m.expected_reduction_t or 0.0, m.start, m.end) for m in measures]
    extra: list[MeasureEffect] = []
    for deal in deals:
        for c in deal.commitments:
            if "reductions" in c.withheld or c.expected_reduction_t is None:
                continue
            counted = c.plan_measure_id is None
            lines.append(
                Reduction("commitment", c.id, c.title, c.expected_reduction_t, None, c.due_date, counted)
            )
            if counted:
                extra.append(_commitment_effect(deal, c))
    known = sorted(inventories)
    latest = known[-1] if known else None
    city_gap = gap = None
    latest_t = latest[1] if latest else None
    latest_year = latest[0] if latest else None
    if target is not None:
        after_base = [(y, t) for y, t in known if y > target.base_year]
        args = (target.base_year, target.base_emissions_t, target.target_year, target.reduction_pct)
        city_path = wedge(*args, effects, known=after_base)
        path = wedge(*args, [*effects, *extra], known=after_base)
        city_gap, gap = path_gap(city_path), path_gap(path)
        latest_year = path.latest_year
        latest_t = path.plan[path.years.index(path.latest_year)]
    return ActionPlanPart(
        tuple(lines),
        sum(m.expected_reduction_t or 0.0 for m in measures),
        sum(e.reduction_t for e in extra),
        latest_year,
        latest_t,
        city_gap,
        gap,
    )


def _deal_missing(deals: Iterable[DealInput]) -> list[Missing]:
    missing = []
    for deal in deals:
        if deal.status in UNSIGNED:
            missing.append(Missing("deal_unsigned", "deal", deal.id, deal.title))
            continue
        for c in deal.commitments:
            if c.kind != "action":
                continue  # the city's support, permits and funding carry no KPI of their own
            if "kpis" not in c.withheld and not (c.kpi_name and c.kpi_unit and c.kpi_target is not None):
                missing.append(Missing("commitment_without_kpi", "commitment", c.id, c.title))
            if c.due_date is None:
                missing.append(Missing("commitment_without_due_date", "commitment", c.id, c.title))
    return missing


def assemble(
    target: Target | None,
    inventories: Sequence[tuple[int, float]],
    measures: Sequence[MeasureInput],
    deals: Sequence[DealInput],
    *,
    with_money: bool,
) -> Contract:
    """The contract. `inventories`: (year, t CO2e) of the city's counted inventories; `deals`: every
    deal the reader may see (unsigned ones are listed as missing, not counted); `with_money`: the
    reader may see the investment plan."""
    missing: list[Missing] = []
    if target is None:
        missing.append(Missing("no_target", "city"))
    if not inventories:
        missing.append(Missing("no_inventory", "city"))
    if not measures:
        missing.append(Missing("no_measures", "city"))
    if not deals:
        missing.append(Missing("no_deals", "city"))
    for m in measures:
        if m.expected_reduction_t is None:
            missing.append(Missing("measure_without_reduction", "measure", m.id, m.title))
        if m.start is None or m.end is None:
            missing.append(Missing("measure_without_dates", "measure", m.id, m.title))
    signed = [d for d in deals if d.status in SIGNED_OR_LATER]
    missing.extend(_deal_missing(deals))
    investment = None
    if with_money:
        investment, money_missing = investment_plan(measures)
        missing.extend(money_missing)
    goal = target.base_emissions_t * (1 - target.reduction_pct / 100) if target else None
    commitments = Commitments(
        target,
        goal,
        tuple(SignedCommitment(d.id, d.title, c) for d in signed for c in d.commitments),
    )
    order = {code: i for i, code in enumerate(MISSING_CODES)}
    missing.sort(key=lambda m: (order[m.code], m.item_id or 0))
    return Contract(
        commitments, action_plan(target, inventories, measures, signed), investment, tuple(missing)
    )
