"""A city's deal portfolio: its signed (or later) deals by action field and by SDG goal, with
their commitments and the t CO2e a year they are expected to cut.

The public counts what is public: a deal's commitments only where the city made "commitments"
public, its reductions only where "reductions" is public. The city's staff count everything
(`complete` says which of the two a portfolio is). Drafts and deals in negotiation are in neither.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.deal_progress import REDUCTION_UNIT
from citypact.domain.green_deals import ACTION_FIELDS
from citypact.services.deals.public import public_deal_filter, sdg_list
from citypact.services.registry.cities import readable_city
from citypact.storage.deals import Deal, DealCommitment


@dataclass(frozen=True)
class PortfolioRow:
    """One action field or SDG goal: how many deals, commitments and t CO2e a year."""

    code: str
    deals: int
    commitments: int
    expected_t: float


@dataclass(frozen=True)
class Portfolio:
    city_id: int
    city: str
    complete: bool  # True: counts non-public parts too (the city's staff)
    deals: int
    commitments: int
    expected_t: float
    by_action_field: tuple[PortfolioRow, ...]  # in the order of ACTION_FIELDS, fields with deals
    by_sdg: tuple[PortfolioRow, ...]  # SDG goals 1..17 with deals (a deal counts once per goal)
    unit: str = REDUCTION_UNIT


def _goal(target: str) -> str | None:
    """The goal of an SDG goal or target code: "7.2" -> "7"; None for what is not one."""
    head = target.split(".", 1)[0]
    return head if head.isdigit() and 1 <= int(head) <= 17 else None


def deal_portfolio(session: Session, actor: Actor, city_id: int) -> Portfolio:
    """The city's portfolio as the actor may see it (see the module's docstring)."""
    city = readable_city(session, actor, city_id)
    complete = actor.can_read_city_internals(city_id)
    deals = session.scalars(
        select(Deal).where(Deal.city_id == city_id, public_deal_filter()).order_by(Deal.id)
    ).all()
    per_deal: dict[int, tuple[int, float]] = {
        deal_id: (int(n), float(t or 0.0))
        for deal_id, n, t in session.execute(
            select(
                DealCommitment.deal_id,
                func.count(DealCommitment.id),
                func.sum(DealCommitment.expected_reduction_t),
            )
            .where(DealCommitment.deal_id.in_([d.id for d in deals]))
            .group_by(DealCommitment.deal_id)
        ).all()
    }
    fields: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    goals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    total = [0.0, 0.0, 0.0]
    for d in deals:
        parts = set(d.public_parts or [])
        n, t = per_deal.get(d.id, (0, 0.0))
        shown_n = n if complete or "commitments" in parts else 0
        shown_t = t if complete or "reductions" in parts else 0.0
        rows = [fields[d.action_field], total]
        rows += [goals[g] for g in sorted({g for g in map(_goal, sdg_list(d.sdg_targets)) if g})]
        for row in rows:
            row[0] += 1
            row[1] += shown_n
            row[2] += shown_t

    def as_row(code: str, row: list[float]) -> PortfolioRow:
        return PortfolioRow(code, int(row[0]), int(row[1]), row[2])

    return Portfolio(
        city_id,
        city.name,
        complete,
        int(total[0]),
        int(total[1]),
        total[2],
        tuple(as_row(f, fields[f]) for f in ACTION_FIELDS if f in fields),
        tuple(as_row(g, goals[g]) for g in sorted(goals, key=int)),
    )
