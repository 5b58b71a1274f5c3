"""The moves of an entry of the funding programme catalogue: marked checked today, ended, a city's
suggestion accepted or declined. Who may do what: programme_access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
NOT_A_SUGGESTION: Final = "The entry is {status}, not a suggestion waiting for review."


@dataclass(frozen=True)
class Move:
    """A change of an entry's status: its audit action, the status it leaves and the one it takes,
    the refusal when the entry is elsewhere (with its `{status}`), whether it is a review of a
    city's suggestion (any keeper of the catalogue; else the entry's maintainers) and whether it
    needs a reason."""

    action: str
    source: str
    target: str
    refusal: str
    review: bool
    reasoned: bool


END: Final = Move(
    "end",
    "active",
    "ended",
    "The programme is {status}; only an active one ends.",
    review=False,
    reasoned=True,
)
ACCEPT: Final = Move("accept", "suggested", "active", NOT_A_SUGGESTION, review=True, reasoned=False)
DECLINE: Final = Move("decline", "suggested", "declined", NOT_A_SUGGESTION, review=True, reasoned=True)


def _move(
    session: Session,
    actor: Actor,
    programme_id: int,
    move: Move,
    *,
    reason: Any = None,
    maintainer_network_id: Any = None,
    expected_version: int | None = None,
) -> FundingProgramme:
    """Check who may, the version, the reason and the present status; change the status (an
    accepted suggestion is then kept by the reviewer's network) and audit it."""
    if move.review:
        require(
            actor.keeps_funding_catalogue(),
            actor.is_authenticated,
            "Only a network's secretariat or an administrator reviews suggestions.",
        )
        programme = load(session, actor, programme_id)
    else:
        programme = load_to_edit(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    why = clean_text("reason", reason, REASON_MAX, required=True) if move.reasoned else None
    if programme.status != move.source:
        raise Conflict(move.refusal.format(status=programme.status))
    after: dict[str, Any] = {"status": move.target}
    if move.target == "active":
        network = maintainer(session, actor, maintainer_network_id)
        programme.maintainer_network_id = network
        after["maintainer_network_id"] = network
    programme.status = move.target
    if why is not None:
        programme.status_reason = why
        after["status_reason"] = why
    touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        move.action,
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        city_id=programme.suggested_by_city_id if move.review else None,
        before={"status": move.source},
        after=after,
    )
    return programme


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
    return _move(session, actor, programme_id, END, reason=reason, expected_version=expected_version)


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
    return _move(
        session,
        actor,
        programme_id,
        ACCEPT,
        maintainer_network_id=maintainer_network_id,
        expected_version=expected_version,
    )


def decline_suggestion(
    session: Session, actor: Actor, programme_id: int, reason: Any, *, expected_version: int | None = None
) -> FundingProgramme:
    """Decline a city's suggestion with a reason the city reads."""
    return _move(session, actor, programme_id, DECLINE, reason=reason, expected_version=expected_version)
