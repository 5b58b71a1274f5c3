"""The moves of an entry of the funding programme catalogue: marked checked today, ended, a city's
suggestion accepted or declined. Who may do what: programme_access.py."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import Conflict, require
from citypact.services.funding.programme_access import load, load_to_edit, maintainer, touch
from citypact.services.funding.programme_input import today_utc
from citypact.services.input import clean_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.funding import FundingProgramme

REASON_MAX: Final = 2000


def mark_checked(
    session: Session,
    actor: Actor,
    programme_id: int,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> FundingProgramme:
    """The maintainers compared the entry with its source page today."""
    programme = load_to_edit(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    day = today or today_utc()
    before = programme.checked_on
    programme.checked_on = day
    touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "checked",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before={"checked_on": before.isoformat() if before else None},
        after={"checked_on": day.isoformat()},
    )
    return programme


def end_programme(
    session: Session, actor: Actor, programme_id: int, reason: Any, *, expected_version: int | None = None
) -> FundingProgramme:
    """The programme runs no more calls (its maintainers, with a reason); it stays readable."""
    programme = load_to_edit(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    why = clean_text("reason", reason, REASON_MAX, required=True)
    if programme.status != "active":
        raise Conflict(f"The programme is {programme.status}; only an active one ends.")
    programme.status = "ended"
    programme.status_reason = why
    touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "end",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before={"status": "active"},
        after={"status": "ended", "status_reason": why},
    )
    return programme


def accept_suggestion(
    session: Session,
    actor: Actor,
    programme_id: int,
    *,
    maintainer_network_id: Any = None,
    expected_version: int | None = None,
) -> FundingProgramme:
    """A secretariat (or an administrator) takes a city's suggestion into the catalogue: it becomes
    active and maintained by the reviewer's network."""
    require(
        actor.keeps_funding_catalogue(),
        actor.is_authenticated,
        "Only a network's secretariat or an administrator reviews suggestions.",
    )
    programme = load(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    if programme.status != "suggested":
        raise Conflict(f"The entry is {programme.status}, not a suggestion waiting for review.")
    network = maintainer(session, actor, maintainer_network_id)
    programme.status = "active"
    programme.maintainer_network_id = network
    touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "accept",
        "funding_programme",
        programme_id,
        network_id=network,
        city_id=programme.suggested_by_city_id,
        before={"status": "suggested"},
        after={"status": "active", "maintainer_network_id": network},
    )
    return programme


def decline_suggestion(
    session: Session, actor: Actor, programme_id: int, reason: Any, *, expected_version: int | None = None
) -> FundingProgramme:
    """Decline a city's suggestion with a reason the city reads."""
    require(
        actor.keeps_funding_catalogue(),
        actor.is_authenticated,
        "Only a network's secretariat or an administrator reviews suggestions.",
    )
    programme = load(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    why = clean_text("reason", reason, REASON_MAX, required=True)
    if programme.status != "suggested":
        raise Conflict(f"The entry is {programme.status}, not a suggestion waiting for review.")
    programme.status = "declined"
    programme.status_reason = why
    touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "decline",
        "funding_programme",
        programme_id,
        city_id=programme.suggested_by_city_id,
        before={"status": "suggested"},
        after={"status": "declined", "status_reason": why},
    )
    return programme
