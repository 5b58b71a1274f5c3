"""A joint procurement's lifecycle: opening it (by a city, a central purchasing body or a network
secretariat), editing its subject and deadline, moving it through its phases, the timeline's
dates, and cancelling it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import (
    PHASES,
    Readiness,
    check_deadline,
    check_move,
    clean_cpv,
    forming,
)
from citypact.services import audit
from citypact.services.errors import InvalidInput, require
from citypact.services.input import clean_code, clean_date, clean_text
from citypact.services.procurement.loading import (
    MAX_PARTICIPANTS,
    TEXT_MAX,
    Loaded,
    city_by_id,
    load_to_run,
    now_utc,
    rules,
    sealed_until,
    stakeholder_organisations,
    today_utc,
    touch,
)
from citypact.services.registry.networks import confirmed_networks
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import Network, Organisation
from citypact.storage.procurement import (
    Procurement,
    ProcurementDemand,
    ProcurementLot,
    ProcurementMilestone,
    ProcurementParticipant,
)

CURRENCIES: Final = (
    "EUR",
    "USD",
    "GBP",
    "JPY",
    "CHF",
    "SEK",
    "DKK",
    "NOK",
    "PLN",
    "CZK",
    "HUF",
    "CAD",
    "AUD",
)


def clean_optional_cpv(field: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput(field, "give the CPV code as text, e.g. 34144910-0.")
    with rules():
        return clean_cpv(value, field)


def clean_deadline(field: str, value: Any) -> dt.datetime | None:
    """A moment with its time zone, from a datetime or ISO 8601 text."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(
                field,
                f"{value!r} is not a moment; write it as 2026-06-30T12:00:00+02:00 (with the time zone).",
            ) from None
    if moment.tzinfo is None:
        raise InvalidInput(field, "give the moment with its time zone, e.g. 2026-06-30T12:00:00+02:00.")
    if not 2000 <= moment.year <= 2200:  # also keeps the conversion to UTC from overflowing
        raise InvalidInput(field, "give a moment from the year 2000 to 2200.")
    return moment.astimezone(dt.UTC)


def _network(session: Session, slug: Any) -> Network | None:
    if slug in (None, ""):
        return None
    found = session.scalar(select(Network).where(Network.slug == str(slug)))
    if found is None:
        raise InvalidInput("network", f"no network {slug!r}; give its short name, e.g. c40.")
    return found


def open_procurement(
    session: Session,
    actor: Actor,
    *,
    title: Any,
    subject: Any = "",
    cpv: Any = None,
    currency: Any = "EUR",
    lead_city_id: Any = None,
    lead_organisation_id: Any = None,
    network: Any = None,
    participants: Sequence[Any] = (),
    department: Any = "",
    bids_due_at: Any = None,
) -> Procurement:
    """Open a procurement led by a city or by a central purchasing body (an organisation). The actor
    edits the lead city, works for the lead organisation, or runs `network`; a network's procurement
    is among its members: every city in it must have confirmed its membership. A lead city takes
    part itself; the other cities named are invited."""
    net = _network(session, network)
    if (lead_city_id in (None, "")) == (lead_organisation_id in (None, "")):
        raise InvalidInput(
            "lead_city_id", "name the lead buyer: a city, or a central purchasing body (organisation)."
        )
    lead_city = None
    if lead_city_id not in (None, ""):
        lead_city = city_by_id(session, "lead_city_id", lead_city_id)
        allowed = actor.can_edit_city(lead_city.id)
    else:
        if isinstance(lead_organisation_id, bool) or not isinstance(lead_organisation_id, int):
            raise InvalidInput("lead_organisation_id", "give the organisation's id, a whole number.")
        org = (
            session.get(Organisation, lead_organisation_id)
            if 1 <= lead_organisation_id <= 2**31 - 1
            else None
        )
        if org is None:
            raise InvalidInput("lead_organisation_id", f"no organisation with id {lead_organisation_id}.")
        allowed = actor.is_admin or org.id in stakeholder_organisations(actor)
    require(
        allowed or (net is not None and actor.runs_network(net.id)),
        actor.is_authenticated,
        "Only the lead buyer's people, or the secretariat of the network, open a procurement.",
    )
    if not isinstance(participants, Sequence) or isinstance(participants, str):
        raise InvalidInput("participants", "give a list of city ids.")
    if len(participants) >= MAX_PARTICIPANTS:
        raise InvalidInput("participants", f"name at most {MAX_PARTICIPANTS - 1} cities.")
    invited = [city_by_id(session, "participants", c) for c in participants]
    ids = [c.id for c in invited]
    if len(set(ids)) != len(ids) or (lead_city is not None and lead_city.id in ids):
        raise InvalidInput("participants", "name each city once (the lead city takes part anyway).")
    everyone = ids + ([lead_city.id] if lead_city else [])
    if net is not None:
        confirmed = confirmed_networks(session, everyone)
        outside = [
            c.name
            for c in invited + ([lead_city] if lead_city else [])
            if net.id not in confirmed.get(c.id, set())
        ]
        if outside:
            raise InvalidInput(
                "participants",
                f"not confirmed members of {net.slug}: {', '.join(outside)}; a network's "
                "procurement is among the cities that confirmed their membership.",
            )
    deadline = clean_deadline("bids_due_at", bids_due_at)
    if deadline is not None:
        with rules():
            check_deadline(PHASES[0], deadline, now_utc())
    procurement = Procurement(
        title=clean_text("title", title, 300, required=True),
        subject=clean_text("subject", subject, TEXT_MAX),
        cpv=clean_optional_cpv("cpv", cpv),
        currency=clean_code("currency", currency, [c.lower() for c in CURRENCIES]).upper(),
        lead_city_id=lead_city.id if lead_city else None,
        lead_organisation_id=None if lead_city else lead_organisation_id,
        network_id=net.id if net else None,
        phase=PHASES[0].value,
        status="active",
        bids_due_at=deadline,
        created_by=actor.user_id,
    )
    session.add(procurement)
    session.flush()
    day = today_utc()
    dept = clean_text("department", department, 200)
    if lead_city is not None:
        session.add(
            ProcurementParticipant(
                procurement_id=procurement.id,
                city_id=lead_city.id,
                department=dept,
                status="joined",
                invited_on=day,
                joined_on=day,
            )
        )
    for city_id in ids:
        session.add(ProcurementParticipant(procurement_id=procurement.id, city_id=city_id, invited_on=day))
    session.add(ProcurementMilestone(procurement_id=procurement.id, phase=PHASES[0].value, actual_on=day))
    audit.record(
        session,
        actor,
        "open",
        "procurement",
        procurement.id,
        city_id=procurement.lead_city_id,
        network_id=procurement.network_id,
        after={
            "title": procurement.title,
            "cpv": procurement.cpv,
            "lead_city_id": procurement.lead_city_id,
            "lead_organisation_id": procurement.lead_organisation_id,
            "invited": ids,
        },
    )
    return procurement


EDITABLE: Final = ("title", "subject", "cpv", "currency", "bids_due_at")


def update_procurement(
    session: Session,
    actor: Actor,
    procurement_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> Loaded:
    """Change the title, subject, CPV code, currency (while the group is forming) or the bid deadline."""
    loaded = load_to_run(session, actor, procurement_id)
    p = loaded.procurement
    check_version("procurement", procurement_id, p.version, expected_version)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be changed here; change {', '.join(EDITABLE)}.")
    before = {k: _plain(getattr(p, k)) for k in changes}
    if "title" in changes:
        p.title = clean_text("title", changes["title"], 300, required=True)
    if "subject" in changes:
        p.subject = clean_text("subject", changes["subject"], TEXT_MAX)
    if "cpv" in changes:
        p.cpv = clean_optional_cpv("cpv", changes["cpv"])
    if "currency" in changes:
        currency = clean_code("currency", changes["currency"], [c.lower() for c in CURRENCIES]).upper()
        if currency != p.currency and not forming(p.phase):
            raise InvalidInput(
                "currency", "the tender is published in its currency; it can no longer change."
            )
        p.currency = currency
    if "bids_due_at" in changes:
        deadline = clean_deadline("bids_due_at", changes["bids_due_at"])
        if deadline is None:
            if not forming(p.phase):
                raise InvalidInput("bids_due_at", "a published tender keeps its deadline for bids.")
            p.bids_due_at = None
        else:
            with rules():
                p.bids_due_at = check_deadline(p.phase, deadline, now_utc())
    touch(loaded)
    flush_checked(session, "procurement", procurement_id, expected_version)
    after = {k: _plain(getattr(p, k)) for k in changes}
    b, a = audit.changed_fields(before, after)
    if a:
        audit.record(
            session,
            actor,
            "update",
            "procurement",
            p.id,
            city_id=loaded.audit_city(),
            network_id=p.network_id,
            before=b,
            after=a,
        )
    return loaded


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime | dt.date) else value


def readiness(session: Session, loaded: Loaded) -> Readiness:
    joined = [x.id for x in loaded.participants if x.status == "joined"]
    lots = session.scalar(
        select(func.count())
        .select_from(ProcurementLot)
        .where(ProcurementLot.procurement_id == loaded.procurement.id)
    )
    lines = session.scalar(
        select(func.count())
        .select_from(ProcurementDemand)
        .join(ProcurementLot, ProcurementLot.id == ProcurementDemand.lot_id)
        .where(
            ProcurementLot.procurement_id == loaded.procurement.id,
            ProcurementDemand.participant_id.in_(joined),
            ProcurementDemand.withdrawn.is_(False),
            ProcurementDemand.quantity > 0,
        )
    )
    return Readiness(
        lots=lots or 0,
        joined=len(joined),
        demand_lines=lines or 0,
        bids_due_at=sealed_until(loaded.procurement),
    )


def move_phase(
    session: Session,
    actor: Actor,
    procurement_id: int,
    target: Any,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Loaded:
    """Move the procurement to its next phase (domain.procurement.phases.check_move), recording the
    day it happened in the timeline. Invitations not answered lapse when the tender is published."""
    loaded = load_to_run(session, actor, procurement_id)
    p = loaded.procurement
    check_version("procurement", procurement_id, p.version, expected_version)
    if not isinstance(target, str):
        raise InvalidInput("phase", f"give one of {', '.join(PHASES)}.")
    moment = now or now_utc()
    with rules():
        goal = check_move(p.phase, target.strip(), readiness(session, loaded), moment)
    before = p.phase
    p.phase = goal.value
    milestone = session.scalar(
        select(ProcurementMilestone).where(
            ProcurementMilestone.procurement_id == p.id, ProcurementMilestone.phase == goal.value
        )
    )
    if milestone is None:
        session.add(ProcurementMilestone(procurement_id=p.id, phase=goal.value, actual_on=moment.date()))
    else:
        milestone.actual_on = moment.date()
    if not forming(goal.value):
        for x in loaded.participants:
            if x.status == "invited":
                x.status = "withdrawn"
                x.withdrawn_on = moment.date()
    touch(loaded)
    flush_checked(session, "procurement", procurement_id, expected_version)
    audit.record(
        session,
        actor,
        "phase",
        "procurement",
        p.id,
        city_id=loaded.audit_city(),
        network_id=p.network_id,
        before={"phase": before},
        after={"phase": goal.value},
    )
    return loaded


def set_milestone(
    session: Session,
    actor: Actor,
    procurement_id: int,
    phase: Any,
    *,
    planned_on: Any = None,
    actual_on: Any = None,
    expected_version: int | None = None,
) -> ProcurementMilestone:
    """Set the planned and actual dates of one phase of the timeline."""
    loaded = load_to_run(session, actor, procurement_id)
    code = clean_code("phase", phase, [ph.value for ph in PHASES])
    planned = clean_date("planned_on", planned_on)
    actual = clean_date("actual_on", actual_on)
    if actual is not None and actual > today_utc():
        raise InvalidInput(
            "actual_on", "a phase cannot have happened in the future; give the planned date instead."
        )
    milestone = session.scalar(
        select(ProcurementMilestone).where(
            ProcurementMilestone.procurement_id == procurement_id, ProcurementMilestone.phase == code
        )
    )
    before = None
    if milestone is None:
        milestone = ProcurementMilestone(procurement_id=procurement_id, phase=code)
        session.add(milestone)
    else:
        check_version("milestone", code, milestone.version, expected_version)
        before = {"planned_on": _plain(milestone.planned_on), "actual_on": _plain(milestone.actual_on)}
    milestone.planned_on = planned
    milestone.actual_on = actual
    touch(loaded)
    flush_checked(session, "milestone", code, expected_version)
    audit.record(
        session,
        actor,
        "timeline",
        "procurement",
        procurement_id,
        city_id=loaded.audit_city(),
        network_id=loaded.procurement.network_id,
        before=before,
        after={"phase": code, "planned_on": _plain(planned), "actual_on": _plain(actual)},
    )
    return milestone


def cancel(
    session: Session, actor: Actor, procurement_id: int, reason: Any, expected_version: int | None = None
) -> Loaded:
    """Cancel the procurement (it is kept, read-only); the reason is kept in the audit trail."""
    loaded = load_to_run(session, actor, procurement_id)
    p = loaded.procurement
    check_version("procurement", procurement_id, p.version, expected_version)
    why = clean_text("reason", reason, 2_000, required=True)
    p.status = "cancelled"
    touch(loaded)
    flush_checked(session, "procurement", procurement_id, expected_version)
    audit.record(
        session,
        actor,
        "cancel",
        "procurement",
        p.id,
        city_id=loaded.audit_city(),
        network_id=p.network_id,
        before={"status": "active"},
        after={"status": "cancelled", "reason": why},
    )
    return loaded
