"""A draft's group and its signatures: inviting and removing cities, a city's editors signing
and withdrawing. Who may do what: access.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor, Role
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.funding.programme_input import as_ids, today_utc
from citypact.services.positions.access import PROBLEMS, load, load_to_edit, raise_problem, signatures_of
from citypact.services.positions.drafting import MAX_CITIES, check_members, cities_by_id
from citypact.services.versions import check_version
from citypact.storage.models import utcnow
from citypact.storage.positions import JointPositionCity, JointPositionSignature


def invite_city(session: Session, actor: Actor, position_id: int, city_id: Any) -> JointPositionCity:
    """Invite a city into the draft's group; its editors may then sign."""
    position, group = load_to_edit(session, actor, position_id)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    ids = as_ids("city_id", city_id, 1)
    if not ids:
        raise InvalidInput("city_id", "name the city to invite by its id.")
    cities_by_id(session, "city_id", ids)
    if ids[0] in group:
        raise Conflict("This city is in the group already.")
    if len(group) >= MAX_CITIES:
        raise Conflict(f"A group has at most {MAX_CITIES} cities.")
    if position.network_id is not None:
        check_members(session, position.network_id, ids)
    row = JointPositionCity(position_id=position_id, city_id=ids[0], invited_at=utcnow())
    session.add(row)
    position.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "invite_city", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, after={"city_id": ids[0]},
    )  # fmt: skip
    return row


def remove_city(
    session: Session, actor: Actor, position_id: int, city_id: int, *, expected_version: int | None = None
) -> None:
    """Take a city out of the draft's group (with its signature); the drafting city stays."""
    position, group = load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    if city_id == position.city_id:
        raise Conflict("The drafting city stays in its position's group.")
    row = session.get(JointPositionCity, (position_id, city_id))
    if row is None:
        raise NotFound("city of the position", city_id)
    signature = session.get(JointPositionSignature, (position_id, city_id))
    before: dict[str, Any] = {
        "city_id": city_id,
        "signed_on": signature.signed_on.isoformat() if signature else None,
    }
    if signature is not None:
        session.delete(signature)
    session.delete(row)
    position.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "remove_city", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before=before,
    )  # fmt: skip


def _signer(actor: Actor, city_id: Any) -> int:
    ids = as_ids("city_id", city_id, 1)
    if not ids:
        raise InvalidInput("city_id", "name the city you sign for by its id.")
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if ids[0] not in actor.cities(Role.CITY_EDITOR):
        raise PermissionDenied("Only an editor of this city signs for it.")
    return ids[0]


def sign(session: Session, actor: Actor, position_id: int, city_id: Any) -> JointPositionSignature:
    """The city's signature, dated today, given by one of its editors."""
    cid = _signer(actor, city_id)
    position, group = load(session, actor, position_id)
    raise_problem(rules.sign_problem(position.status, cid, group, signatures_of(session, position_id)))
    row = JointPositionSignature(position_id=position_id, city_id=cid, signed_by=actor.user_id,
                                 signed_on=today_utc(), signed_at=utcnow())  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "sign", "joint_position", position_id, city_id=cid,
        network_id=position.network_id, after={"city_id": cid, "signed_on": row.signed_on.isoformat()},
    )  # fmt: skip
    return row


def withdraw_signature(
    session: Session, actor: Actor, position_id: int, city_id: Any, *, expected_version: int | None = None
) -> None:
    """Withdraw the city's signature before the position is sent (an editor of that city)."""
    cid = _signer(actor, city_id)
    position, _ = load(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    signed = signatures_of(session, position_id)
    raise_problem(rules.withdraw_problem(position.status, cid, signed))
    row = signed[cid]
    before = {"city_id": cid, "signed_on": row.signed_on.isoformat()}
    session.delete(row)
    session.flush()
    audit.record(
        session, actor, "withdraw_signature", "joint_position", position_id, city_id=cid,
        network_id=position.network_id, before=before,
    )  # fmt: skip
