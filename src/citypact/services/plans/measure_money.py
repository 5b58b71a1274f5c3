"""A plan measure's money by year (cost lines) and where it comes from (funding lines): the
investment plan of the Climate City Contract reads them.

Only the city's editors add or remove lines; the figures are internal, read by the city's staff and
the secretariats of the networks it confirmed (as other internal data). Amounts are integer minor
units of the measure's currency, so the measure needs a currency first. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import FUNDING_SOURCES
from citypact.domain.green_deals import COST_KINDS, FUNDING_STATUSES
from citypact.services import audit
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.input import clean_code, clean_text, clean_year
from citypact.services.plans.action_plans.plan_measures import own_plan
from citypact.services.registry.networks import confirmed_network_ids
from citypact.storage.funding import FundingProgramme
from citypact.storage.plan_money import PlanMeasureCost, PlanMeasureFunding
from citypact.storage.plans import PlanMeasure

YEARS: Final = (2000, 2100)
MAX_SPAN_YEARS: Final = 50  # a cost line covers at most this many years (its message says 50)
MAX_COST_LINES: Final = 60
MAX_FUNDING_LINES: Final = 30
LINKABLE_PROGRAMMES: Final = ("active", "ended")  # a funding line may name these
MAX_AMOUNT_MINOR: Final = 10**15  # 10 trillion in a currency with cents: beyond any city's measure


@dataclass(frozen=True)
class CostView:
    id: int
    kind: str
    year_from: int
    year_to: int
    amount_minor: int


@dataclass(frozen=True)
class FundingView:
    id: int
    source: str
    label: str
    status: str
    amount_minor: int
    programme_id: int | None = None  # the funding programme it comes from or is sought from


@dataclass(frozen=True)
class MeasureMoneyView:
    plan_measure_id: int
    city_id: int
    title: str
    currency: str | None
    costs: tuple[CostView, ...]
    funding: tuple[FundingView, ...]
    can_edit: bool


def may_read_money(session: Session, actor: Actor, city_id: int) -> bool:
    """The city's staff, admins and the secretariats of the networks the city confirmed."""
    return actor.can_read_city_internals(city_id, confirmed_network_ids(session, city_id))


def lines_of(
    session: Session, plan_ids: Sequence[int]
) -> tuple[dict[int, list[CostView]], dict[int, list[FundingView]]]:
    """The cost and funding lines of the measures, by measure id (no authorization: for services
    that have already decided the reader may see them)."""
    costs: dict[int, list[CostView]] = {i: [] for i in plan_ids}
    funding: dict[int, list[FundingView]] = {i: [] for i in plan_ids}
    if not plan_ids:
        return costs, funding
    for c in session.scalars(
        select(PlanMeasureCost)
        .where(PlanMeasureCost.plan_measure_id.in_(plan_ids))
        .order_by(PlanMeasureCost.year_from, PlanMeasureCost.id)
    ):
        costs[c.plan_measure_id].append(CostView(c.id, c.kind, c.year_from, c.year_to, c.amount_minor))
    for f in session.scalars(
        select(PlanMeasureFunding)
        .where(PlanMeasureFunding.plan_measure_id.in_(plan_ids))
        .order_by(PlanMeasureFunding.id)
    ):
        funding[f.plan_measure_id].append(
            FundingView(f.id, f.source, f.label, f.status, f.amount_minor, f.programme_id)
        )
    return costs, funding


def get_money(session: Session, actor: Actor, city_id: int, plan_id: int) -> MeasureMoneyView:
    """The measure's cost and funding lines, for those who may read the city's internal figures."""
    plan = session.get(PlanMeasure, plan_id)
    if plan is None or plan.city_id != city_id or not may_read_money(session, actor, city_id):
        raise NotFound("plan measure", plan_id)
    costs, funding = lines_of(session, [plan_id])
    return MeasureMoneyView(
        plan_id,
        city_id,
        plan.title,
        plan.currency,
        tuple(costs[plan_id]),
        tuple(funding[plan_id]),
        actor.can_edit_city(city_id),
    )


def _amount(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("amount_minor", "give a whole number of minor units (cents; yen as they are).")
    if not 0 < value <= MAX_AMOUNT_MINOR:
        raise InvalidInput("amount_minor", f"give an amount above 0 and at most {MAX_AMOUNT_MINOR}.")
    return value


def _currency(plan: PlanMeasure) -> str:
    if not plan.currency:
        raise InvalidInput("currency", "give the measure a currency first: amounts are in its currency.")
    return plan.currency


def _count(session: Session, table: type[PlanMeasureCost] | type[PlanMeasureFunding], plan_id: int) -> int:
    return session.scalar(select(func.count()).where(table.plan_measure_id == plan_id)) or 0


def add_cost(
    session: Session,
    actor: Actor,
    city_id: int,
    plan_id: int,
    *,
    kind: Any,
    year_from: Any,
    year_to: Any,
    amount_minor: Any,
) -> PlanMeasureCost:
    """A capital cost spread over year_from..year_to, or an operating cost paid each of those years."""
    plan = own_plan(session, actor, city_id, plan_id)
    code = clean_code("kind", kind, COST_KINDS)
    first = clean_year("year_from", year_from, *YEARS)
    last = clean_year("year_to", year_to, *YEARS)
    if last < first:
        raise InvalidInput("year_to", "give a last year that is not before the first year.")
    if last - first + 1 > MAX_SPAN_YEARS:
        raise InvalidInput("year_to", "a cost line covers at most 50 years; split it in two.")
    amount = _amount(amount_minor)
    currency = _currency(plan)
    if _count(session, PlanMeasureCost, plan_id) >= MAX_COST_LINES:
        raise InvalidInput("kind", f"a measure has at most {MAX_COST_LINES} cost lines; remove one first.")
    cost = PlanMeasureCost(
        plan_measure_id=plan_id, kind=code, year_from=first, year_to=last, amount_minor=amount
    )
    session.add(cost)
    session.flush()
    after = {"kind": code, "year_from": first, "year_to": last, "amount_minor": amount, "currency": currency}
    audit.record(session, actor, "create", "plan_measure_cost", cost.id, city_id=city_id, after=after)
    return cost


def add_funding(
    session: Session,
    actor: Actor,
    city_id: int,
    plan_id: int,
    *,
    source: Any,
    status: Any,
    amount_minor: Any,
    label: Any = "",
    programme_id: Any = None,
) -> PlanMeasureFunding:
    """Money for the measure from one source, secured or sought, maybe naming the funding
    programme (active or ended) it comes from or is sought from."""
    plan = own_plan(session, actor, city_id, plan_id)
    code = clean_code("source", source, tuple(FUNDING_SOURCES))
    state = clean_code("status", status, FUNDING_STATUSES)
    text = clean_text("label", label, 200)
    programme = _programme(session, programme_id)
    amount = _amount(amount_minor)
    currency = _currency(plan)
    if _count(session, PlanMeasureFunding, plan_id) >= MAX_FUNDING_LINES:
        raise InvalidInput(
            "source", f"a measure has at most {MAX_FUNDING_LINES} funding lines; remove one first."
        )
    line = PlanMeasureFunding(
        plan_measure_id=plan_id,
        source=code,
        label=text,
        status=state,
        amount_minor=amount,
        programme_id=programme,
    )
    session.add(line)
    session.flush()
    after = {"source": code, "label": text, "status": state, "amount_minor": amount, "currency": currency}
    if programme is not None:
        after["programme_id"] = programme
    audit.record(session, actor, "create", "plan_measure_funding", line.id, city_id=city_id, after=after)
    return line


def _programme(session: Session, programme_id: Any) -> int | None:
    """The id of a funding programme a line may name (active or ended), or None when not given."""
    if programme_id is None or programme_id == "":
        return None
    if isinstance(programme_id, bool) or not isinstance(programme_id, int):
        raise InvalidInput("programme_id", "give the id of a funding programme, or none.")
    found = session.get(FundingProgramme, programme_id)
    if found is None or found.status not in LINKABLE_PROGRAMMES:
        raise InvalidInput("programme_id", "choose a programme of the catalogue (active or ended), or none.")
    return found.id


def remove_cost(session: Session, actor: Actor, city_id: int, plan_id: int, cost_id: int) -> None:
    own_plan(session, actor, city_id, plan_id)
    cost = session.get(PlanMeasureCost, cost_id)
    if cost is None or cost.plan_measure_id != plan_id:
        raise NotFound("cost line", cost_id)
    before = {"kind": cost.kind, "years": f"{cost.year_from}-{cost.year_to}", "amount": cost.amount_minor}
    session.delete(cost)
    session.flush()
    audit.record(session, actor, "delete", "plan_measure_cost", cost_id, city_id=city_id, before=before)


def remove_funding(session: Session, actor: Actor, city_id: int, plan_id: int, funding_id: int) -> None:
    own_plan(session, actor, city_id, plan_id)
    line = session.get(PlanMeasureFunding, funding_id)
    if line is None or line.plan_measure_id != plan_id:
        raise NotFound("funding line", funding_id)
    before: dict[str, object] = {"source": line.source, "label": line.label, "status": line.status}
    before["amount_minor"] = line.amount_minor
    session.delete(line)
    session.flush()
    audit.record(session, actor, "delete", "plan_measure_funding", funding_id, city_id=city_id, before=before)
