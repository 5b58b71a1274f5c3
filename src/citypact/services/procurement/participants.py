"""The group of buyers: the lead buyer invites a city, the city's editors join (naming the buying
department) or withdraw, which they may only do before the tender is published."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import check_forming, check_withdrawal
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, require
from citypact.services.input import clean_text
from citypact.services.procurement.loading import (
    MAX_PARTICIPANTS,
    Loaded,
    check_active,
    city_by_id,
    load,
    load_to_run,
    rules,
    today_utc,
    touch,
)
from citypact.services.registry.networks import confirmed_networks
from citypact.services.versions import check_version, flush_checked
from citypact.storage.procurement import ProcurementDemand, ProcurementParticipant


def invite(session: Session, actor: Actor, procurement_id: int, city_id: Any) -> ProcurementParticipant:
    """Invite a city (the lead buyer, while the group is forming); in a network's procurement only
    a confirmed member of the network."""
    loaded = load_to_run(session, actor, procurement_id)
    p = loaded.procurement
    with rules():
        check_forming(p.phase, "the group of buyers")
    city = city_by_id(session, "city_id", city_id)
    existing = loaded.participant(city.id)
    if existing is not None and existing.status != "withdrawn":
        raise InvalidInput("city_id", f"{city.name} is already {existing.status} in this procurement.")
    if existing is None and len(loaded.participants) >= MAX_PARTICIPANTS:
        raise InvalidInput("city_id", f"a procurement has at most {MAX_PARTICIPANTS} participating cities.")
    if p.network_id is not None and p.network_id not in confirmed_networks(session, [city.id]).get(
        city.id, set()
    ):
        raise InvalidInput(
            "city_id", f"{city.name} has not confirmed its membership of this procurement's network."
        )
    if existing is None:
        existing = ProcurementParticipant(procurement_id=p.id, city_id=city.id, invited_on=today_utc())
        session.add(existing)
    else:
        existing.status, existing.invited_on = "invited", today_utc()
        existing.joined_on = existing.withdrawn_on = None
    touch(loaded)
    session.flush()
    audit.record(
        session,
        actor,
        "invite",
        "procurement",
        p.id,
        city_id=city.id,
        network_id=p.network_id,
        after={"city_id": city.id},
    )
    return existing


def _own(
    session: Session, actor: Actor, procurement_id: int, city_id: Any, what: str
) -> tuple[Loaded, ProcurementParticipant]:
    loaded = load(session, actor, procurement_id)
    city = city_by_id(session, "city_id", city_id)
    require(
        actor.can_edit_city(city.id), actor.is_authenticated, f"Only {city.name}'s editors {what} for it."
    )
    check_active(loaded)
    participant = loaded.participant(city.id)
    if participant is None:
        raise InvalidInput("city_id", f"{city.name} is not invited to this procurement.")
    return loaded, participant


def join(
    session: Session,
    actor: Actor,
    procurement_id: int,
    city_id: Any,
    department: Any = "",
    expected_version: int | None = None,
) -> ProcurementParticipant:
    """The invited city's editor joins, naming the department that buys; a joined city may change
    its department the same way."""
    loaded, participant = _own(session, actor, procurement_id, city_id, "join")
    with rules():
        check_forming(loaded.procurement.phase, "the group of buyers")
    if participant.status == "withdrawn":
        raise Conflict("This city withdrew; the lead buyer invites it again if it wants to return.")
    check_version("participant", participant.city_id, participant.version, expected_version)
    dept = clean_text("department", department, 200)
    before = {"status": participant.status, "department": participant.department}
    participant.department = dept
    if participant.status == "invited":
        participant.status, participant.joined_on = "joined", today_utc()
    touch(loaded)
    flush_checked(session, "participant", participant.city_id, expected_version)
    audit.record(
        session,
        actor,
        "join",
        "procurement",
        procurement_id,
        city_id=participant.city_id,
        network_id=loaded.procurement.network_id,
        before=before,
        after={"status": participant.status, "department": dept},
    )
    return participant


def withdraw(
    session: Session, actor: Actor, procurement_id: int, city_id: Any, expected_version: int | None = None
) -> ProcurementParticipant:
    """The city leaves the group (or declines the invitation) before the tender is published; its
    demand lines are kept, marked withdrawn, and count no more. The lead city cannot withdraw from
    the procurement it leads (it cancels it instead)."""
    loaded, participant = _own(session, actor, procurement_id, city_id, "withdraw")
    with rules():
        check_withdrawal(loaded.procurement.phase)
    if participant.city_id == loaded.procurement.lead_city_id:
        raise Conflict("The lead city runs this procurement; cancel it instead of withdrawing.")
    if participant.status == "withdrawn":
        raise Conflict("This city has already withdrawn.")
    check_version("participant", participant.city_id, participant.version, expected_version)
    before = participant.status
    participant.status, participant.withdrawn_on = "withdrawn", today_utc()
    for line in session.scalars(
        select(ProcurementDemand).where(ProcurementDemand.participant_id == participant.id)
    ):
        line.withdrawn = True
    touch(loaded)
    flush_checked(session, "participant", participant.city_id, expected_version)
    audit.record(
        session,
        actor,
        "withdraw",
        "procurement",
        procurement_id,
        city_id=participant.city_id,
        network_id=loaded.procurement.network_id,
        before={"status": before},
        after={"status": "withdrawn"},
    )
    return participant
