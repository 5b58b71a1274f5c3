"""Invitations to partnerships: what a city has been asked to join, and the answers besides accepting
(lifecycle.accept): the invited city declines, the proposing city withdraws its proposal.

Only the invited city's editors decline for it; only the proposing city's editors withdraw. A
partner city that declines ends the proposal (it cannot be accepted by every city any more); an
observer that declines is no longer named. The reason given is kept in the audit entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.partnerships import SIGNING_ROLES, MemberState, Status, may_decline
from citypact.services import audit
from citypact.services.cooperation.partnerships.loading import load, today_utc, touch
from citypact.services.cooperation.partnerships.views import Ending
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_text
from citypact.storage.models import AuditEntry, City
from citypact.storage.partnerships import Partnership, PartnershipMember

REASON_MAX: Final = 2000


def decline(
    session: Session,
    actor: Actor,
    partnership_id: int,
    city_id: int,
    *,
    reason: Any = "",
    today: dt.date | None = None,
) -> Partnership:
    """The invited city `city_id` says no: a partner ends the proposal, an observer leaves."""
    loaded = load(session, actor, partnership_id)
    member = loaded.member(city_id)
    if member is None:
        raise InvalidInput("city_id", f"city {city_id} is not invited to this partnership.")
    require(
        loaded.who.may_answer_for(city_id),
        actor.is_authenticated,
        "You answer for your own city only: its editors decline for it.",
    )
    partnership = loaded.partnership
    state = MemberState(member.city_id, member.role, member.accepted_on is not None, False)
    if not may_decline(partnership.status, state):
        if member.accepted_on is not None:
            raise Conflict(
                f"This city accepted on {member.accepted_on.isoformat()}; end the partnership instead."
            )
        raise Conflict(f"The partnership is {partnership.status}; only an open invitation is declined.")
    clean_reason = clean_text("reason", reason, REASON_MAX)
    day = today or today_utc()
    before: dict[str, Any] = {"status": partnership.status, "city_id": city_id, "role": member.role}
    after: dict[str, Any] = {"declined_by": city_id, "on": day.isoformat(), "reason": clean_reason}
    if member.role in SIGNING_ROLES:
        partnership.status = Status.ENDED.value
        partnership.ended_on = day
        after["status"] = Status.ENDED.value
    else:
        session.delete(member)
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "decline", "partnership", partnership.id, city_id=city_id,
        network_id=partnership.network_id, before=before, after=after,
    )  # fmt: skip
    return partnership


def withdraw(
    session: Session,
    actor: Actor,
    partnership_id: int,
    *,
    reason: Any = "",
    today: dt.date | None = None,
) -> Partnership:
    """The proposing city takes its proposal back before every city has accepted it."""
    loaded = load(session, actor, partnership_id)
    partnership = loaded.partnership
    proposer = partnership.proposed_by
    require(
        proposer is not None and loaded.who.may_act_for(proposer),
        actor.is_authenticated,
        "Only the proposing city's editors withdraw a proposal.",
    )
    if partnership.status != Status.PROPOSED:
        raise Conflict(f"The partnership is {partnership.status}; only a proposal is withdrawn.")
    clean_reason = clean_text("reason", reason, REASON_MAX)
    day = today or today_utc()
    partnership.status = Status.ENDED.value
    partnership.ended_on = day
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "withdraw", "partnership", partnership.id, city_id=proposer,
        network_id=partnership.network_id, before={"status": Status.PROPOSED.value},
        after={"status": Status.ENDED.value, "on": day.isoformat(), "reason": clean_reason},
    )  # fmt: skip
    return partnership


def ending(session: Session, partnership_id: int) -> Ending | None:
    """Whether an answer ended the partnership (declined or withdrawn), by whom and why: from the
    audit entry the answer wrote, so nothing is stored twice."""
    entry = session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.entity == "partnership",
            AuditEntry.entity_id == str(partnership_id),
            AuditEntry.action.in_(("decline", "withdraw")),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None or not entry.after or entry.after.get("status") != Status.ENDED.value:
        return None  # none, or an observer that declined: the partnership went on
    how = "declined" if entry.action == "decline" else "withdrawn"
    return Ending(how, entry.city_id, str(entry.after.get("reason", "")))


@dataclass(frozen=True)
class Invitation:
    """An open invitation of a city to a partnership, or a proposal of the city still waiting."""

    partnership_id: int
    title: str
    kind: str
    role: str  # the role the city is asked to take
    proposed_by: int | None
    proposer_name: str
    proposed_on: dt.date
    waiting_for: list[str]  # names of the cities that have not answered yet


@dataclass(frozen=True)
class Invitations:
    """The city's open invitations (`received`) and its own proposals still open (`sent`)."""

    city_id: int
    city_name: str
    received: list[Invitation]
    sent: list[Invitation]
    can_answer: bool  # the reader edits the city: accepts, declines and withdraws for it


def open_invitations(session: Session, actor: Actor, city_id: int) -> Invitations:
    """What the city has been asked and has not answered, and its proposals others have not: for
    the city's own staff (editors and viewers) and administrators only."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    staff = actor.is_admin or city_id in actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    require(staff, actor.is_authenticated, "Only the city's own staff see its invitations.")
    rows = session.execute(
        select(Partnership, PartnershipMember)
        .join(PartnershipMember, PartnershipMember.partnership_id == Partnership.id)
        .where(PartnershipMember.city_id == city_id, Partnership.status != Status.ENDED.value)
        .order_by(Partnership.created_at.desc(), Partnership.id.desc())
    ).all()
    ids = [p.id for p, _ in rows]
    members: dict[int, list[tuple[PartnershipMember, str]]] = {}
    for m, name in session.execute(
        select(PartnershipMember, City.name)
        .join(City, City.id == PartnershipMember.city_id)
        .where(PartnershipMember.partnership_id.in_(ids))
        .order_by(PartnershipMember.id)
    ):
        members.setdefault(m.partnership_id, []).append((m, name))
    received: list[Invitation] = []
    sent: list[Invitation] = []
    for p, own in rows:
        named = members.get(p.id, [])
        waiting = [name for m, name in named if m.accepted_on is None and m.city_id != city_id]
        proposer = next((name for m, name in named if m.city_id == p.proposed_by), "")
        invitation = Invitation(
            p.id, p.title, p.kind, own.role, p.proposed_by, proposer, p.created_at.date(), waiting
        )
        state = MemberState(own.city_id, own.role, own.accepted_on is not None, False)
        if may_decline(p.status, state):
            received.append(invitation)
        elif p.proposed_by == city_id and p.status == Status.PROPOSED:
            sent.append(invitation)
    return Invitations(city_id, city.name, received, sent, actor.is_admin or actor.can_edit_city(city_id))
