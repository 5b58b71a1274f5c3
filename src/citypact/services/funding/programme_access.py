"""Who may read and change an entry of the funding programme catalogue, loading one for either,
and whom an actor acts for (the networks it runs, the cities it edits).

Who may do what:
- the public reads active and ended programmes; a suggested or declined entry is seen by the staff
  of the city that suggested it and by those who keep the catalogue, never by the public;
- those who keep the catalogue (Actor.keeps_funding_catalogue: any network's secretariat, admins)
  add entries; an entry is then maintained by the adding secretariat's network;
- an entry is edited (fields, calls, "checked today", ended) by its maintaining network's
  secretariat or an administrator. An entry with no maintaining network is kept by administrators
  only (the seed data loads that way), so no secretariat changes another's work unasked;
- a city's editors suggest an entry; any secretariat or an administrator accepts it (it becomes
  active, maintained by the reviewer's network) or declines it with a reason.
Every change is versioned (expected_version) and audited with before and after.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.storage.funding import FundingProgramme
from citypact.storage.models import City, Network, utcnow

PUBLIC_STATUSES: Final = ("active", "ended")


def _suggesting_staff(actor: Actor, programme: FundingProgramme) -> bool:
    city = programme.suggested_by_city_id
    return city is not None and (actor.is_admin or city in actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER))


def may_read(actor: Actor, programme: FundingProgramme) -> bool:
    if programme.status in PUBLIC_STATUSES:
        return True
    return actor.keeps_funding_catalogue() or _suggesting_staff(actor, programme)


def may_edit(actor: Actor, programme: FundingProgramme) -> bool:
    """The maintaining network's secretariat or an administrator; a suggestion: its reviewers."""
    if actor.is_admin:
        return True
    if programme.status == "suggested":
        return actor.keeps_funding_catalogue()
    network = programme.maintainer_network_id
    return network is not None and actor.runs_network(network)


def load(session: Session, actor: Actor, programme_id: int) -> FundingProgramme:
    programme = session.get(FundingProgramme, programme_id)
    if programme is None or not may_read(actor, programme):
        raise NotFound("funding programme", programme_id)
    return programme


def load_to_edit(session: Session, actor: Actor, programme_id: int) -> FundingProgramme:
    programme = load(session, actor, programme_id)
    require(
        may_edit(actor, programme),
        actor.is_authenticated,
        "Only the secretariat of the network that maintains this entry, or an administrator, changes it.",
    )
    if programme.status == "declined":
        raise Conflict("The suggestion was declined; it changes no more.")
    return programme


def maintainer(session: Session, actor: Actor, network_id: Any) -> int | None:
    """The network that will maintain a new entry: the one given (the actor runs it), else the
    actor's only network; an administrator may leave it empty (kept by administrators)."""
    if network_id not in (None, ""):
        try:
            nid = int(network_id)
        except (TypeError, ValueError):
            raise InvalidInput("maintainer_network_id", "give the id of a network you run.") from None
        if session.get(Network, nid) is None:
            raise InvalidInput("maintainer_network_id", f"no network with id {nid}.")
        if not actor.runs_network(nid):
            raise InvalidInput("maintainer_network_id", "give a network whose secretariat you are.")
        return nid
    networks = sorted(actor.networks())
    if actor.is_admin or not networks:
        return None
    if len(networks) > 1:
        raise InvalidInput("maintainer_network_id", "you run several networks; name the one that keeps it.")
    return networks[0]


def touch(programme: FundingProgramme, actor: Actor) -> None:
    programme.updated_at = utcnow()
    programme.updated_by = actor.user_id


def networks_run_by(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The networks whose secretariat the actor is, by name (to keep a new entry)."""
    ids = sorted(actor.networks())
    if not ids:
        return []
    rows = session.execute(select(Network.id, Network.name).where(Network.id.in_(ids)).order_by(Network.name))
    return [(r.id, r.name) for r in rows]


def cities_edited_by(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The cities whose editor the actor is, by name (to suggest or lead in their name)."""
    ids = sorted(actor.cities(Role.CITY_EDITOR))
    if not ids:
        return []
    rows = session.execute(select(City.id, City.name).where(City.id.in_(ids)).order_by(City.name))
    return [(r.id, r.name) for r in rows]
