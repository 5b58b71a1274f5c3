"""A city's Climate City Contract read for one reader: the plain inputs domain.climate_city_contract
assembles, loaded with what the reader may see.

Who sees what (docs/local_green_deals.md, "Climate City Contract"): anyone who may read the city
(a published city, or its staff) gets the commitments and the action plan; deals count from their
signing, and for the public only the parts each deal's city made public (parties' names,
commitments, KPIs, expected reductions). The investment plan (costs, funding, the funding gap)
and unsigned deals are internal: the city's staff and the secretariats of the networks the city
confirmed see them, as other internal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.climate_city_contract import (
    SIGNED_OR_LATER,
    CommitmentInput,
    Contract,
    CostLine,
    DealInput,
    FundingLine,
    MeasureInput,
    Target,
    assemble,
)
from citypact.services.plans.action_plans.gap import inventory_totals
from citypact.services.plans.measure_money import lines_of, may_read_money
from citypact.services.registry.cities import readable_city
from citypact.storage.deals import Deal, DealCommitment, DealParty
from citypact.storage.models import Organisation
from citypact.storage.plans import ClimateTarget, PlanMeasure


@dataclass(frozen=True)
class ContractView:
    city_id: int
    city_name: str
    as_of: dt.date
    internal: bool  # the reader sees the investment plan and unsigned deals
    basis: str  # the inventories' total: "GPC BASIC" or "territorial"
    target_source: str
    contract: Contract


def _measures(session: Session, city_id: int, with_money: bool) -> list[MeasureInput]:
    plans = session.scalars(
        select(PlanMeasure)
        .where(PlanMeasure.city_id == city_id, PlanMeasure.cancelled.is_(False))
        .order_by(PlanMeasure.id)
    ).all()
    costs, funding = lines_of(session, [p.id for p in plans]) if with_money else ({}, {})
    return [
        MeasureInput(
            p.id,
            p.title,
            p.start_date,
            p.end_date,
            p.expected_reduction_t,
            p.gpc_sector,
            p.currency if with_money else None,
            p.capex_minor if with_money else None,
            p.opex_minor_per_year if with_money else None,
            tuple(CostLine(c.kind, c.year_from, c.year_to, c.amount_minor) for c in costs.get(p.id, [])),
            tuple(FundingLine(f.source, f.label, f.status, f.amount_minor) for f in funding.get(p.id, [])),
        )
        for p in plans
    ]


def _deals(session: Session, city_id: int, internal: bool) -> list[DealInput]:
    query = select(Deal).where(Deal.city_id == city_id, Deal.status != "ended_early").order_by(Deal.id)
    if not internal:
        query = query.where(Deal.status.in_(SIGNED_OR_LATER))
    deals = session.scalars(query).all()
    ids = [d.id for d in deals]
    names: dict[int, str] = {}
    commitments: dict[int, list[DealCommitment]] = {i: [] for i in ids}
    if ids:
        names = {
            party_id: org_name or ""
            for party_id, org_name in session.execute(
                select(DealParty.id, Organisation.name)
                .outerjoin(Organisation, Organisation.id == DealParty.organisation_id)
                .where(DealParty.deal_id.in_(ids))
            )
        }
        for c in session.scalars(
            select(DealCommitment).where(DealCommitment.deal_id.in_(ids)).order_by(DealCommitment.id)
        ):
            commitments[c.deal_id].append(c)
    found = []
    for deal in deals:
        shown = set(deal.public_parts or ())
        if not internal and "commitments" not in shown:
            items: tuple[CommitmentInput, ...] = ()
        else:
            withheld = frozenset() if internal else frozenset({"kpis", "reductions"} - shown)
            hide_party = not internal and "parties" not in shown
            items = tuple(
                _commitment(c, names.get(c.party_id, ""), withheld, hide_party) for c in commitments[deal.id]
            )
        found.append(
            DealInput(deal.id, deal.title, deal.status, deal.signed_on, deal.start_date, deal.end_date, items)
        )
    return found


def _commitment(c: DealCommitment, party: str, withheld: frozenset[str], hide_party: bool) -> CommitmentInput:
    kpis = "kpis" not in withheld
    return CommitmentInput(
        c.id,
        "" if hide_party else party,
        c.kind,
        c.title,
        c.due_date,
        c.kpi_name if kpis else "",
        c.kpi_unit if kpis else "",
        c.kpi_target if kpis else None,
        c.kpi_target_year if kpis else None,
        c.expected_reduction_t if "reductions" not in withheld else None,
        c.plan_measure_id,
        withheld,
    )


def get_contract(
    session: Session, actor: Actor, city_id: int, *, today: dt.date | None = None
) -> ContractView:
    """The city's contract as `actor` may read it (NotFound for a city they may not read)."""
    city = readable_city(session, actor, city_id)
    internal = may_read_money(session, actor, city_id)
    row = session.scalar(select(ClimateTarget).where(ClimateTarget.city_id == city_id))
    basis, totals = inventory_totals(session, city_id)
    target = None
    if row is not None:
        base = totals.get(row.base_year, row.base_emissions_t)  # the plan's rule (action_plans.gap)
        target = Target(row.base_year, base, row.target_year, row.reduction_pct)
    contract = assemble(
        target,
        sorted(totals.items()),
        _measures(session, city_id, internal),
        _deals(session, city_id, internal),
        with_money=internal,
    )
    return ContractView(
        city.id,
        city.name,
        today or dt.date.today(),
        internal,
        basis,
        row.source if row is not None else "",
        contract,
    )
