"""A demo Local Green Deal, so that a fresh installation shows one signed deal in the demo city.

Modelled on Mannheim's "!DEAL"s: Heidelberg and its utility agree that the utility puts PV on the
roofs of schools and the city decides PV permits quickly; both signed, the utility reported once.
The organisation and the figures are illustrations, labelled as such in the summary.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.deals import commitments, lifecycle, signatures
from citypact.services.deals.loading import load_to_run, today_utc
from citypact.storage.deals import CommitmentReport, Deal
from citypact.storage.models import City, Organisation

TITLE = "Solar roofs for Heidelberg's schools (demo)"
ORGANISATION = "Stadtwerke Heidelberg (demo)"
SUMMARY = (
    "Demo data: the utility equips school roofs with PV and the city decides PV permits within four "
    "weeks. Organisation, figures and signatories are illustrations, not a real agreement."
)


def seed_demo_deal(session: Session, operator: Actor, *, today: dt.date | None = None) -> int | None:
    """The demo deal, unless it exists or Heidelberg is not in the registry; returns its id."""
    city_id = session.scalar(
        select(City.id).where(City.name == "Heidelberg", City.country == "DE").order_by(City.id).limit(1)
    )
    if city_id is None or session.scalar(select(Deal.id).where(Deal.title == TITLE)):
        return None
    day = min(today or today_utc(), today_utc())
    org = session.scalar(select(Organisation).where(Organisation.name == ORGANISATION))
    if org is None:
        org = Organisation(
            name=ORGANISATION, kind="utility", city_id=city_id, sector="energy supply", size="large",
            status="confirmed",
        )  # fmt: skip
        session.add(org)
        session.flush()
    start = dt.date(day.year, 1, 1)
    deal = lifecycle.create_deal(
        session, operator, city_id,
        {"title": TITLE, "summary": SUMMARY, "action_field": "clean_energy", "sdg_targets": "7;7.2;11;13",
         "start_date": start, "end_date": dt.date(day.year + 4, 12, 31)},
    )  # fmt: skip
    party = lifecycle.add_party(session, operator, deal.id, org.id)
    city_party = next(
        p.id for p in load_to_run(session, operator, deal.id).parties if p.organisation_id is None
    )
    solar = commitments.add_commitment(
        session, operator, deal.id, party.id,
        {"title": "PV on 40 school roofs", "description": "Installed, owned and run by the utility.",
         "due_date": dt.date(day.year + 4, 6, 30), "kpi_name": "School roofs with PV", "kpi_unit": "roofs",
         "kpi_baseline": 5, "kpi_baseline_year": day.year - 1, "kpi_target": 40,
         "kpi_target_year": day.year + 4, "expected_reduction_t": 1200, "gpc_sectors": "I"},
    )  # fmt: skip
    commitments.add_benefit(
        session,
        operator,
        solar.id,
        {"kind": "jobs", "quantity": 6, "unit": "FTE", "description": "installers"},
    )
    commitments.add_commitment(
        session, operator, deal.id, city_party,
        {"kind": "permit", "title": "PV permits decided within four weeks",
         "kpi_name": "PV permits decided within four weeks", "kpi_unit": "%", "kpi_baseline": 60,
         "kpi_baseline_year": day.year - 1, "kpi_target": 95, "kpi_target_year": day.year + 1},
    )  # fmt: skip
    lifecycle.take_step(session, operator, deal.id, "negotiating")
    signed = max(start, day - dt.timedelta(days=60))
    signatures.sign(session, operator, deal.id, city_party, "Lord Mayor (demo)", "Lord Mayor", signed)
    signatures.sign(
        session, operator, deal.id, party.id, "Managing director (demo)", "Managing Director", signed
    )
    lifecycle.take_step(session, operator, deal.id, "implementing")
    lifecycle.set_public_parts(
        session, operator, deal.id, ["summary", "parties", "commitments", "kpis", "progress"]
    )
    session.add(
        CommitmentReport(commitment_id=solar.id, as_of=day, value=12, note="demo: 12 roofs equipped so far")
    )
    signatures.plan_review(session, operator, deal.id, dt.date(day.year + 1, 3, 31))
    session.flush()
    return deal.id
