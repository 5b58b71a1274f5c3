"""Progress of a deal's commitments: reading it, and reporting KPI values (milestones are marked
done through services.deals.set_milestone_done).

Who reports: an organisation's confirmed people (`Actor.speaks_for`) for their organisation's
commitments, the city's editors for the city's; only while the deal is signed, implementing or
reviewed. Reports are added, never edited (a correction is a new report). Who reads: the city's
staff, the people of the deal's parties and admins; the public reads progress through the public
view of a signed deal (services.deals.public), never here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.deal_progress import (
    DealSummary,
    Milestone,
    Progress,
    Report,
    commitment_progress,
    deal_summary,
    kpi_line,
)
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, require
from citypact.storage.deals import (
    CommitmentMilestone,
    CommitmentReport,
    Deal,
    DealCommitment,
    DealParty,
)
from citypact.storage.models import Organisation

REPORTING: Final = ("signed", "implementing", "reviewed")
SIGNED_OR_LATER: Final = ("signed", "implementing", "reviewed", "completed")
NOTE_MAX: Final = 2000
VALUE_MAX: Final = 1e15  # a KPI beyond this is a typing error, not a figure
EARLIEST: Final = dt.date(1990, 1, 1)


def is_public(deal: Deal) -> bool:
    """A deal is public once signed: signed or later, or ended early after it was signed."""
    return deal.status in SIGNED_OR_LATER or (deal.status == "ended_early" and deal.signed_on is not None)


def reads_inside(session: Session, actor: Actor, deal: Deal) -> bool:
    """Whether the actor reads the whole deal: the city's staff, admins, the parties' people."""
    if actor.can_read_city_internals(deal.city_id):
        return True
    orgs = actor.organisations()
    if not orgs:
        return False
    party_orgs = session.scalars(
        select(DealParty.organisation_id).where(
            DealParty.deal_id == deal.id, DealParty.organisation_id.in_(orgs)
        )
    ).first()
    return party_orgs is not None


def inside_deal(session: Session, actor: Actor, deal_id: int) -> Deal:
    """The deal for one who reads it whole; NotFound otherwise (a draft is not revealed)."""
    deal = session.get(Deal, deal_id)
    if deal is None or not reads_inside(session, actor, deal):
        raise NotFound("deal", deal_id)
    return deal


def may_report(actor: Actor, deal: Deal, party: DealParty) -> bool:
    """Whether the actor reports for this party's commitments (the deal's status aside)."""
    if party.organisation_id is None:
        return actor.can_edit_city(deal.city_id)
    return actor.speaks_for(party.organisation_id)


@dataclass(frozen=True)
class ReportView:
    id: int
    as_of: dt.date
    value: float
    note: str


@dataclass(frozen=True)
class MilestoneView:
    id: int
    title: str
    due_date: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class CommitmentProgress:
    """One commitment with its KPI, its reports (newest first) and its standing."""

    id: int
    party_id: int
    organisation_id: int | None  # None: the city
    organisation: str | None
    kind: str
    title: str
    due_date: dt.date | None
    kpi_name: str
    kpi_unit: str
    kpi_baseline: float | None
    kpi_baseline_year: int | None
    kpi_target: float | None
    kpi_target_year: int | None
    expected_reduction_t: float | None
    plan_measure_id: int | None
    progress: Progress
    reports: tuple[ReportView, ...]
    milestones: tuple[MilestoneView, ...]
    may_report: bool


@dataclass(frozen=True)
class DealProgress:
    deal_id: int
    city_id: int
    title: str
    status: str
    start_date: dt.date | None
    may_report: bool  # the deal takes reports now (status), whoever asks
    commitments: tuple[CommitmentProgress, ...]
    summary: DealSummary


def load_progress(session: Session, deal: Deal, actor: Actor, today: dt.date) -> DealProgress:
    """The progress of every commitment of a loaded deal. No authorization: for callers that
    decided what the actor may see (this module's readers and the public view)."""
    parties = {p.id: p for p in session.scalars(select(DealParty).where(DealParty.deal_id == deal.id))}
    org_ids = {p.organisation_id for p in parties.values() if p.organisation_id is not None}
    names: dict[int, str] = dict(
        session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))).all()
    )
    commitments = session.scalars(
        select(DealCommitment).where(DealCommitment.deal_id == deal.id).order_by(DealCommitment.id)
    ).all()
    ids = [c.id for c in commitments]
    reports: dict[int, list[CommitmentReport]] = {i: [] for i in ids}
    for r in session.scalars(
        select(CommitmentReport)
        .where(CommitmentReport.commitment_id.in_(ids))
        .order_by(CommitmentReport.as_of, CommitmentReport.id)
    ):
        reports[r.commitment_id].append(r)
    stones: dict[int, list[CommitmentMilestone]] = {i: [] for i in ids}
    for m in session.scalars(
        select(CommitmentMilestone)
        .where(CommitmentMilestone.commitment_id.in_(ids))
        .order_by(CommitmentMilestone.due_date, CommitmentMilestone.id)
    ):
        stones[m.commitment_id].append(m)
    open_now = deal.status in REPORTING
    views = []
    for c in commitments:
        party = parties[c.party_id]
        line = kpi_line(c.kpi_baseline, c.kpi_baseline_year, c.kpi_target, c.kpi_target_year, deal.start_date)
        found = commitment_progress(
            line,
            [Report(r.as_of, r.value) for r in reports[c.id]],
            [Milestone(m.due_date, m.done_on) for m in stones[c.id]],
            reporting_from=deal.start_date or deal.signed_on,
            today=today,
        )
        views.append(
            CommitmentProgress(
                c.id,
                c.party_id,
                party.organisation_id,
                names.get(party.organisation_id) if party.organisation_id else None,
                c.kind,
                c.title,
                c.due_date,
                c.kpi_name,
                c.kpi_unit,
                c.kpi_baseline,
                c.kpi_baseline_year,
                c.kpi_target,
                c.kpi_target_year,
                c.expected_reduction_t,
                c.plan_measure_id,
                found,
                tuple(ReportView(r.id, r.as_of, r.value, r.note) for r in reversed(reports[c.id])),
                tuple(MilestoneView(m.id, m.title, m.due_date, m.done_on) for m in stones[c.id]),
                open_now and may_report(actor, deal, party),
            )  # fmt: skip
        )
    summary = deal_summary((v.progress, v.expected_reduction_t) for v in views)
    return DealProgress(
        deal.id, deal.city_id, deal.title, deal.status, deal.start_date, open_now, tuple(views), summary
    )


def get_progress(
    session: Session, actor: Actor, deal_id: int, *, today: dt.date | None = None
) -> DealProgress:
    """The deal's progress for one who reads the deal whole."""
    deal = inside_deal(session, actor, deal_id)
    return load_progress(session, deal, actor, today or dt.date.today())


def _commitment_for_reporting(
    session: Session, actor: Actor, deal_id: int, commitment_id: int
) -> tuple[Deal, DealCommitment]:
    if not actor.is_authenticated:
        raise NotAuthenticated()  # the public reports nothing; asked before the deal is looked up
    deal = inside_deal(session, actor, deal_id)
    commitment = session.get(DealCommitment, commitment_id)
    if commitment is None or commitment.deal_id != deal.id:
        raise NotFound("commitment", commitment_id)
    party = session.get(DealParty, commitment.party_id)
    assert party is not None  # a foreign key with ON DELETE CASCADE
    require(
        may_report(actor, deal, party),
        actor.is_authenticated,
        "Only the people of the party that committed (the city's editors for the city) report on it.",
    )
    if deal.status not in REPORTING:
        raise Conflict("Progress is reported while a deal is signed, implementing or reviewed.")
    return deal, commitment


def _day(field: str, value: dt.date, today: dt.date) -> dt.date:
    if value > today:
        raise InvalidInput(field, "The date is in the future; report what was reached by today.")
    if value < EARLIEST:
        raise InvalidInput(field, "The date is before 1990.")
    return value


def report_value(
    session: Session,
    actor: Actor,
    deal_id: int,
    commitment_id: int,
    *,
    as_of: dt.date,
    value: float,
    note: str = "",
    today: dt.date | None = None,
) -> int:
    """Add a KPI value as of a date to a commitment; returns the report's id."""
    deal, commitment = _commitment_for_reporting(session, actor, deal_id, commitment_id)
    day = _day("as_of", as_of, today or dt.date.today())
    if not math.isfinite(value) or abs(value) > VALUE_MAX:
        raise InvalidInput("value", "Give a finite number (at most 1e15 in size).")
    if not commitment.kpi_unit and not commitment.kpi_name:
        raise InvalidInput("value", "This commitment has no KPI to report; mark its milestones done.")
    text = note.strip()
    if len(text) > NOTE_MAX:
        raise InvalidInput("note", f"At most {NOTE_MAX} characters.")
    report = CommitmentReport(
        commitment_id=commitment.id, as_of=day, value=float(value), note=text, reported_by=actor.user_id
    )
    session.add(report)
    session.flush()
    audit.record(
        session, actor, "report", "commitment_report", report.id, city_id=deal.city_id,
        after={"commitment_id": commitment.id, "as_of": day.isoformat(), "value": float(value), "note": text},
    )  # fmt: skip
    return report.id
