"""Monitoring reports: what a registered project reduced in one period, and their verification.

draft -> submitted (to a named verifier) -> verified or rejected; a rejected report is edited and
submitted again. "issued" is set by the ledger's issue(), never here.

Who may do what:
- participants create a report for a period inside the crediting period (periods of one project
  never overlap), with the methodology's parameters, edit it while draft or rejected, and submit
  it naming a verifier: a person holding the verifier role who is not a participant (independence);
- the named verifier, and only they, verifies it (the verified figure, the reference of their
  verification report, a statement; a verified figure above the monitored one needs a statement
  saying why) or rejects it with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credit_methodologies import MAX_TONNES
from citypact.services import audit
from citypact.services.auth.accounts import actor_for
from citypact.services.credits.loading import (
    MAX_ID,
    MAX_REPORTS,
    TEXT_MAX,
    Loaded,
    check_parameters,
    clean_id,
    compute,
    is_participant,
    load,
    load_to_edit,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, require
from citypact.services.input import clean_date, clean_number, clean_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.credits import CreditMonitoringReport
from citypact.storage.models import utcnow

EDITABLE: Final = ("period_start", "period_end", "parameters")
REFERENCE_MAX: Final = 500


def _report(session: Session, loaded: Loaded, report_id: int) -> CreditMonitoringReport:
    report = session.get(CreditMonitoringReport, report_id) if 1 <= report_id <= MAX_ID else None
    if report is None or report.project_id != loaded.project.id:
        raise NotFound("monitoring report", report_id)
    return report


def load_report(
    session: Session, actor: Actor, project_id: int, report_id: int
) -> tuple[Loaded, CreditMonitoringReport]:
    """The report and its project: the public reads verified and issued reports of public
    projects; drafts, submitted and rejected ones their participants, the registry and the named
    verifier."""
    loaded = load(session, actor, project_id)
    report = _report(session, loaded, report_id)
    named = actor.user_id is not None and report.verifier_id == actor.user_id
    if not (loaded.internal or named or report.status in ("verified", "issued")):
        raise NotFound("monitoring report", report_id)
    return loaded, report


def _check_period(
    session: Session, loaded: Loaded, start: dt.date, end: dt.date, report_id: int | None
) -> None:
    project = loaded.project
    if end < start:
        raise InvalidInput("period_end", "the period ends before it starts.")
    if start < project.crediting_start or end > project.crediting_end:
        raise InvalidInput(
            "period_start",
            f"the period must lie in the crediting period {project.crediting_start}"
            f" to {project.crediting_end}.",
        )
    overlap = session.scalar(
        select(CreditMonitoringReport.id).where(
            CreditMonitoringReport.project_id == project.id,
            CreditMonitoringReport.period_start <= end,
            CreditMonitoringReport.period_end >= start,
            CreditMonitoringReport.id != (report_id or 0),
        )
    )
    if overlap is not None:
        raise InvalidInput("period_start", f"the period overlaps the one of report {overlap}.")


def _compute(loaded: Loaded, start: dt.date, parameters: Mapping[str, float | str]) -> float:
    project = loaded.project
    return compute(project.methodology, parameters, project.host_country, start.year).reductions_t


def create_report(
    session: Session, actor: Actor, project_id: int, values: Mapping[str, Any]
) -> CreditMonitoringReport:
    """A draft report of a registered project (participants); its reductions are computed."""
    loaded = load_to_edit(session, actor, project_id)
    if loaded.project.status != "registered":
        raise Conflict(
            f"The project is {loaded.project.status}; reports are written for registered projects."
        )
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    count = session.scalar(
        select(func.count())
        .select_from(CreditMonitoringReport)
        .where(CreditMonitoringReport.project_id == project_id)
    )
    if (count or 0) >= MAX_REPORTS:
        raise Conflict(f"A project has at most {MAX_REPORTS} monitoring reports.")
    start = clean_date("period_start", values.get("period_start"), required=True)
    end = clean_date("period_end", values.get("period_end"), required=True)
    assert start is not None and end is not None  # required
    _check_period(session, loaded, start, end, None)
    parameters = check_parameters(loaded.project.methodology, values.get("parameters"))
    report = CreditMonitoringReport(
        project_id=project_id, period_start=start, period_end=end, parameters=dict(parameters),
        reductions_t=_compute(loaded, start, parameters), status="draft", created_by=actor.user_id,
    )  # fmt: skip
    session.add(report)
    session.flush()
    audit.record(
        session, actor, "create", "credit_report", report.id, city_id=loaded.project.host_city_id,
        after={"project": project_id, "period_start": start.isoformat(), "period_end": end.isoformat(),
               "parameters": parameters, "reductions_t": report.reductions_t},
    )  # fmt: skip
    return report


def _editable(report: CreditMonitoringReport) -> None:
    if report.status not in ("draft", "rejected"):
        raise Conflict(f"The report is {report.status}; only a draft or a rejected report changes.")


def update_report(
    session: Session,
    actor: Actor,
    project_id: int,
    report_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> CreditMonitoringReport:
    """Change a draft or rejected report's period or parameters (participants); a rejected report
    becomes a draft again."""
    loaded = load_to_edit(session, actor, project_id)
    report = _report(session, loaded, report_id)
    check_version("monitoring report", report_id, report.version, expected_version)
    _editable(report)
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    start = (
        clean_date("period_start", values["period_start"], required=True)
        if "period_start" in values
        else None
    )
    end = clean_date("period_end", values["period_end"], required=True) if "period_end" in values else None
    start = start or report.period_start
    end = end or report.period_end
    _check_period(session, loaded, start, end, report.id)
    parameters = check_parameters(loaded.project.methodology, values.get("parameters", report.parameters))
    before = {
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "parameters": dict(report.parameters),
        "reductions_t": report.reductions_t,
        "status": report.status,
    }
    report.period_start, report.period_end = start, end
    report.parameters = dict(parameters)
    report.reductions_t = _compute(
        loaded, start, {k: v for k, v in parameters.items() if isinstance(v, float | str)}
    )
    report.status = "draft"
    flush_checked(session, "monitoring report", report_id, expected_version)
    after = {"period_start": start.isoformat(), "period_end": end.isoformat(), "parameters": parameters,
             "reductions_t": report.reductions_t, "status": "draft"}  # fmt: skip
    changed_before, changed_after = audit.changed_fields(before, after)
    audit.record(
        session, actor, "update", "credit_report", report_id, city_id=loaded.project.host_city_id,
        before=changed_before, after=changed_after,
    )  # fmt: skip
    return report


def check_verifier(session: Session, loaded: Loaded, verifier_id: Any) -> int:
    """A verifier may be named: they hold the verifier role and take no part in the project."""
    vid = clean_id("verifier_id", verifier_id)
    verifier = actor_for(session, vid)
    if verifier is None or not verifier.verifies_credits():
        raise InvalidInput("verifier_id", "name a person holding the credit verifier role.")
    if is_participant(verifier, loaded.parties):
        raise InvalidInput(
            "verifier_id", "the verifier must be independent: this person takes part in the project."
        )
    return vid


def submit_report(
    session: Session,
    actor: Actor,
    project_id: int,
    report_id: int,
    verifier_id: Any,
    *,
    expected_version: int | None = None,
) -> CreditMonitoringReport:
    """Submit a draft (or rejected) report to the named independent verifier (participants)."""
    loaded = load_to_edit(session, actor, project_id)
    report = _report(session, loaded, report_id)
    check_version("monitoring report", report_id, report.version, expected_version)
    _editable(report)
    if loaded.project.status != "registered":
        raise Conflict(
            f"The project is {loaded.project.status}; only a registered project's reports go to verification."
        )
    vid = check_verifier(session, loaded, verifier_id)
    before = {"status": report.status, "verifier_id": report.verifier_id}
    report.status = "submitted"
    report.verifier_id = vid
    report.status_reason = ""
    report.submitted_by = actor.user_id
    report.submitted_at = utcnow()
    flush_checked(session, "monitoring report", report_id, expected_version)
    audit.record(
        session, actor, "submit", "credit_report", report_id, city_id=loaded.project.host_city_id,
        before=before, after={"status": "submitted", "verifier_id": vid},
    )  # fmt: skip
    return report


def _load_to_verify(
    session: Session, actor: Actor, project_id: int, report_id: int, expected_version: int | None
) -> tuple[Loaded, CreditMonitoringReport]:
    loaded, report = load_report(session, actor, project_id, report_id)
    named = actor.user_id is not None and report.verifier_id == actor.user_id and actor.verifies_credits()
    require(named, actor.is_authenticated, "Only the verifier named for this report verifies it.")
    if is_participant(actor, loaded.parties):
        raise PermissionDenied("The verifier must be independent of the project.")
    check_version("monitoring report", report_id, report.version, expected_version)
    if report.status != "submitted":
        raise Conflict(f"The report is {report.status}; only a submitted report is verified or rejected.")
    return loaded, report


def verify_report(
    session: Session,
    actor: Actor,
    project_id: int,
    report_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> CreditMonitoringReport:
    """Verify a submitted report (its named verifier): `verified_t` (t CO2e, 0 or more), the
    `reference` of the verification report and a `statement`; a figure above the monitored one
    needs a statement saying why."""
    loaded, report = _load_to_verify(session, actor, project_id, report_id, expected_version)
    unknown = sorted(set(values) - {"verified_t", "reference", "statement"})
    if unknown:
        raise InvalidInput(unknown[0], "cannot be set here; use verified_t, reference, statement.")
    verified = clean_number("verified_t", values.get("verified_t"), 0.0, MAX_TONNES)
    reference = clean_text("reference", values.get("reference"), REFERENCE_MAX, required=True)
    statement = clean_text("statement", values.get("statement"), TEXT_MAX)
    if verified > max(report.reductions_t, 0.0) + 1e-9 and not statement:
        raise InvalidInput(
            "statement", f"the verified figure is above the monitored {report.reductions_t:.3f} t; say why."
        )
    report.status = "verified"
    report.verified_t = verified
    report.verification_reference = reference
    report.verification_statement = statement
    report.verified_at = utcnow()
    flush_checked(session, "monitoring report", report_id, expected_version)
    audit.record(
        session, actor, "verify", "credit_report", report_id, city_id=loaded.project.host_city_id,
        before={"status": "submitted"},
        after={"status": "verified", "verified_t": verified, "reference": reference, "statement": statement},
    )  # fmt: skip
    return report


def reject_report(
    session: Session,
    actor: Actor,
    project_id: int,
    report_id: int,
    reason: Any,
    *,
    expected_version: int | None = None,
) -> CreditMonitoringReport:
    """Send a submitted report back with a reason (its named verifier)."""
    loaded, report = _load_to_verify(session, actor, project_id, report_id, expected_version)
    why = clean_text("reason", reason, TEXT_MAX, required=True)
    report.status = "rejected"
    report.status_reason = why
    flush_checked(session, "monitoring report", report_id, expected_version)
    audit.record(
        session, actor, "reject", "credit_report", report_id, city_id=loaded.project.host_city_id,
        before={"status": "submitted"}, after={"status": "rejected", "status_reason": why},
    )  # fmt: skip
    return report
