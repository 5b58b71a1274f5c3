"""Who may read and change a joint position, loading one for either, and the domain's refusals
as errors.

Who may do what:
- a city's editors draft a position for their city (the drafting city is in its group); a network's
  secretariat drafts a recommendation (or a position) in the network's name, for cities that
  confirmed they are its members;
- the drafter (the drafting city's editors, or the network's secretariat; admins too) changes the
  draft, invites and removes cities, adds and removes evidence, sends it and records the answer;
- a city's signature is given and withdrawn only by an editor of that city (not an administrator:
  nobody signs in a city's name but its own people), and only while the position is a draft;
- a draft is read by the staff (editors, viewers) of its group's cities, the secretariat of its
  network (or of the networks the drafting city confirmed), and admins; once sent it is public.
Positions are versioned (If-Match on the API); every change is audited; a refused request writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor, Role
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, require
from citypact.services.registry.networks import confirmed_networks
from citypact.storage.positions import JointPosition, JointPositionCity, JointPositionSignature

PROBLEMS: Final = {
    "not_draft": "The position has been sent; it changes no more (record the answer instead).",
    "not_in_group": "This city is not in the position's group; the drafter invites it first.",
    "signed_already": "This city has signed already.",
    "not_signed": "This city has not signed.",
    "no_asks": "asks: write at least one ask (one per line) before sending.",
    "no_signature": "A position is sent with at least one city's signature; ask the group's editors to sign.",
    "future_date": "The date lies in the future; give the day it happened.",
    "not_sent": "The position is not sent yet; send it before recording an answer.",
    "no_such_step": "This outcome does not follow the position's present state.",
    "before_sent": "The answer cannot be dated before the position was sent.",
}


def group_of(session: Session, position_id: int) -> list[int]:
    return list(
        session.scalars(
            select(JointPositionCity.city_id)
            .where(JointPositionCity.position_id == position_id)
            .order_by(JointPositionCity.invited_at, JointPositionCity.city_id)
        )
    )


def signatures_of(session: Session, position_id: int) -> dict[int, JointPositionSignature]:
    rows = session.scalars(
        select(JointPositionSignature).where(JointPositionSignature.position_id == position_id)
    )
    return {s.city_id: s for s in rows}


def may_edit(actor: Actor, position: JointPosition) -> bool:
    if position.city_id is not None and actor.can_edit_city(position.city_id):
        return True
    return position.network_id is not None and actor.runs_network(position.network_id)


def secretariats(session: Session, position: JointPosition) -> set[int]:
    found = {position.network_id} if position.network_id is not None else set()
    if position.city_id is not None:
        found |= confirmed_networks(session, [position.city_id]).get(position.city_id, set())
    return found


def may_read(session: Session, actor: Actor, position: JointPosition, group: Sequence[int]) -> bool:
    if rules.is_public(position.status) or actor.is_admin or may_edit(actor, position):
        return True
    if not actor.is_authenticated:
        return False
    staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    if any(c in staff for c in group):
        return True
    return bool(actor.networks() & secretariats(session, position))


def load(session: Session, actor: Actor, position_id: int) -> tuple[JointPosition, list[int]]:
    position = session.get(JointPosition, position_id)
    if position is None:
        raise NotFound("position", position_id)
    group = group_of(session, position_id)
    if not may_read(session, actor, position, group):
        raise NotFound("position", position_id)  # a draft's existence is not revealed
    return position, group


def load_to_edit(session: Session, actor: Actor, position_id: int) -> tuple[JointPosition, list[int]]:
    if not actor.is_authenticated and not actor.is_admin:  # the command line's operator is an admin
        raise NotAuthenticated()
    position, group = load(session, actor, position_id)
    require(
        may_edit(actor, position),
        actor.is_authenticated,
        "Only the drafting city's editors or the network's secretariat change this position.",
    )
    return position, group


def raise_problem(code: str | None) -> None:
    if code is None:
        return
    message = PROBLEMS[code]
    if code == "no_asks":
        raise InvalidInput("asks", "write at least one ask (one per line) before sending.")
    if code == "future_date":
        raise InvalidInput("date", "the date lies in the future; give the day it happened.")
    if code == "before_sent":
        raise InvalidInput("answer_on", "the answer cannot be dated before the position was sent.")
    raise Conflict(message)
