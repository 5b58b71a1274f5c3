"""The lifecycle of a partnership: the proposal, acceptance, signatures of the declaration, the
later steps to the end, the editable fields and new members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.partnerships import (
    KINDS,
    MEMBER_ROLES,
    SIGNING_ROLES,
    Status,
    all_accepted,
    all_signed,
    check_signature_date,
    check_transition,
    may_set_status,
)
from citypact.services import audit
from citypact.services.cooperation.partnerships.loading import (
    MAX_MEMBERS,
    TEXT_MAX,
    Loaded,
    city_by_id,
    load,
    load_for_work,
    rules,
    today_utc,
    touch,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_date, clean_flag, clean_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, Network
from citypact.storage.partnerships import Partnership, PartnershipMember


def check_may_propose(session: Session, actor: Actor, city_id: int) -> None:
    """Refuse before anything else unless the actor edits the city that proposes."""
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    require(actor.can_edit_city(city_id), actor.is_authenticated, "Only this city's editors propose for it.")


def propose(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    title: Any,
    kind: Any,
    partners: Sequence[Mapping[str, Any]],
    role: Any = "partner",
    description: Any = "",
    is_public: Any = False,
    network: Any = None,
    today: dt.date | None = None,
) -> Partnership:
    """Propose a partnership of `city_id` (the actor edits it) with the partner cities, each with its
    role; the proposing city has accepted, the others are asked to."""
    check_may_propose(session, actor, city_id)
    day = today or today_utc()
    clean_title = clean_text("title", title, 300, required=True)
    clean_kind = clean_code("kind", kind, KINDS)
    own_role = clean_code("role", role, MEMBER_ROLES)
    if own_role not in SIGNING_ROLES:
        raise InvalidInput("role", "the proposing city signs the declaration; use partner, mentor or mentee.")
    network_id = None
    if network not in (None, ""):
        found = session.scalar(select(Network.id).where(Network.slug == str(network)))
        if found is None:
            raise InvalidInput("network", f"no network {network!r}; give its short name, e.g. c40.")
        network_id = found
    if not isinstance(partners, Sequence) or not partners or len(partners) >= MAX_MEMBERS:
        raise InvalidInput("partners", f"name 1 to {MAX_MEMBERS - 1} partner cities.")
    invited: dict[int, str] = {}
    for partner in partners:
        other = city_by_id(session, "partners", partner.get("city_id"))
        if other.id == city_id or other.id in invited:
            raise InvalidInput("partners", f"{other.name} is named twice; name each city once.")
        invited[other.id] = clean_code("partners", partner.get("role", "partner"), MEMBER_ROLES)
    if not any(r in SIGNING_ROLES for r in invited.values()):
        raise InvalidInput("partners", "name at least one partner city that signs (not only observers).")
    partnership = Partnership(
        title=clean_title,
        kind=clean_kind,
        status=Status.PROPOSED.value,
        description=clean_text("description", description, TEXT_MAX),
        proposed_by=city_id,
        network_id=network_id,
        is_public=clean_flag("is_public", is_public),
        review="",
        created_by=actor.user_id,
    )
    session.add(partnership)
    session.flush()
    session.add(
        PartnershipMember(partnership_id=partnership.id, city_id=city_id, role=own_role, accepted_on=day)
    )
    for other_id, other_role in invited.items():
        session.add(PartnershipMember(partnership_id=partnership.id, city_id=other_id, role=other_role))
    audit.record(
        session, actor, "propose", "partnership", partnership.id, city_id=city_id, network_id=network_id,
        after={"title": clean_title, "kind": clean_kind, "members": {city_id: own_role, **invited}},
    )  # fmt: skip
    return partnership


def _member_for(loaded: Loaded, actor: Actor, city_id: int, what: str) -> PartnershipMember:
    member = loaded.member(city_id)
    if member is None or member.role not in SIGNING_ROLES:
        raise InvalidInput("city_id", f"city {city_id} is not a partner of this partnership that {what}.")
    require(
        loaded.who.may_act_for(city_id),
        actor.is_authenticated,
        "You act for your own city only: its editors accept and sign for it.",
    )
    return member


def accept(
    session: Session, actor: Actor, partnership_id: int, city_id: int, *, today: dt.date | None = None
) -> Partnership:
    """A member city's editor accepts the proposal; when every member has, it is accepted. An
    observer's editor accepts being named (at any time before the end); until then the public does
    not see the observer."""
    loaded = load(session, actor, partnership_id)
    observer = loaded.member(city_id)
    if observer is not None and observer.role not in SIGNING_ROLES:
        return _accept_as_observer(session, actor, loaded, observer, today or today_utc())
    member = _member_for(loaded, actor, city_id, "accepts")
    partnership = loaded.partnership
    if partnership.status != Status.PROPOSED:
        raise Conflict(f"The partnership is {partnership.status}; only a proposal is accepted.")
    if member.accepted_on is not None:
        raise Conflict(f"This city accepted on {member.accepted_on.isoformat()} already.")
    day = today or today_utc()
    member.accepted_on = day
    after: dict[str, Any] = {"city_id": city_id, "accepted_on": day.isoformat()}
    if all_accepted(loaded.states()):
        partnership.status = Status.ACCEPTED.value
        partnership.accepted_on = day
        after["status"] = Status.ACCEPTED.value
    touch(loaded)
    audit.record(
        session, actor, "accept", "partnership", partnership.id, city_id=city_id,
        network_id=partnership.network_id, before={"status": Status.PROPOSED.value}, after=after,
    )  # fmt: skip
    return partnership


def _accept_as_observer(
    session: Session, actor: Actor, loaded: Loaded, member: PartnershipMember, day: dt.date
) -> Partnership:
    require(
        loaded.who.may_answer_for(member.city_id),
        actor.is_authenticated,
        "You act for your own city only: its editors accept for it.",
    )
    partnership = loaded.partnership
    if partnership.status == Status.ENDED:
        raise Conflict("This partnership has ended; it is kept as it was.")
    if member.accepted_on is not None:
        raise Conflict(f"This city accepted on {member.accepted_on.isoformat()} already.")
    member.accepted_on = day
    touch(loaded)
    audit.record(
        session, actor, "accept", "partnership", partnership.id, city_id=member.city_id,
        network_id=partnership.network_id, after={"city_id": member.city_id, "role": member.role,
                                                  "accepted_on": day.isoformat()},
    )  # fmt: skip
    return partnership


def sign(
    session: Session,
    actor: Actor,
    partnership_id: int,
    city_id: int,
    *,
    signed_on: Any = None,
    signatory: Any = "",
    today: dt.date | None = None,
) -> Partnership:
    """Record the date a member city signed the declaration (today if none is given); the partnership
    is declared on the date of the last signature."""
    loaded = load(session, actor, partnership_id)
    member = _member_for(loaded, actor, city_id, "signs")
    partnership = loaded.partnership
    if partnership.status != Status.ACCEPTED:
        raise Conflict(
            f"The partnership is {partnership.status}; the declaration is signed once every city accepted."
        )
    if member.signed_on is not None:
        raise Conflict(f"This city signed on {member.signed_on.isoformat()} already.")
    day = today or today_utc()
    signed = clean_date("signed_on", signed_on) or day
    with rules():
        check_signature_date(signed, day)
    member.signed_on = signed
    member.signatory = clean_text("signatory", signatory, 200)
    member.signed_by = actor.user_id
    after: dict[str, Any] = {
        "city_id": city_id,
        "signed_on": signed.isoformat(),
        "signatory": member.signatory,
    }
    if all_signed(loaded.states()):
        partnership.status = Status.DECLARED.value
        declared = max(m.signed_on for m in loaded.members if m.signed_on is not None)
        partnership.declared_on = declared
        after |= {"status": Status.DECLARED.value, "declared_on": declared.isoformat()}
    touch(loaded)
    audit.record(
        session, actor, "sign", "partnership", partnership.id, city_id=city_id,
        network_id=partnership.network_id, before={"status": Status.ACCEPTED.value}, after=after,
    )  # fmt: skip
    return partnership


def set_status(
    session: Session,
    actor: Actor,
    partnership_id: int,
    status: Any,
    *,
    note: Any = "",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Partnership:
    """Move the partnership on: declared -> active (members), active -> reviewed (the secretariat, with
    the review's findings as `note`), and ended from any status (declined, withdrawn, completed)."""
    loaded = load(session, actor, partnership_id)
    partnership = loaded.partnership
    check_version("partnership", partnership_id, partnership.version, expected_version)
    if not isinstance(status, str):
        raise InvalidInput("status", "give the status to move to, e.g. active.")
    with rules():
        target = check_transition(partnership.status, status)
    require(
        may_set_status(loaded.who, target),
        actor.is_authenticated,
        "The network's secretariat reviews a partnership."
        if target is Status.REVIEWED
        else "Only the editors of the member cities move the partnership on.",
    )
    clean_note = clean_text("note", note, TEXT_MAX, required=target is Status.REVIEWED)
    day = today or today_utc()
    before = {"status": partnership.status}
    partnership.status = target.value
    if target is Status.REVIEWED:
        partnership.reviewed_on, partnership.review = day, clean_note
    if target is Status.ENDED:
        partnership.ended_on = day
    touch(loaded)
    flush_checked(session, "partnership", partnership_id, expected_version)
    audit.record(
        session, actor, "status", "partnership", partnership.id, city_id=loaded.audit_city(),
        network_id=partnership.network_id, before=before,
        after={"status": target.value, "on": day.isoformat(), "note": clean_note},
    )  # fmt: skip
    return partnership


EDITABLE: Final = ("title", "description", "is_public")


def update_partnership(
    session: Session,
    actor: Actor,
    partnership_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> Partnership:
    """Change the title, description or whether the partnership is public (members' editors), if
    it is still at `expected_version` (services.versions)."""
    loaded = load_for_work(session, actor, partnership_id)
    check_version("partnership", partnership_id, loaded.partnership.version, expected_version)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be changed here; use {', '.join(EDITABLE)}.")
    clean: dict[str, Any] = {}
    if "title" in changes:
        clean["title"] = clean_text("title", changes["title"], 300, required=True)
    if "description" in changes:
        clean["description"] = clean_text("description", changes["description"], TEXT_MAX)
    if "is_public" in changes:
        clean["is_public"] = clean_flag("is_public", changes["is_public"])
    partnership = loaded.partnership
    before, after = audit.changed_fields({k: getattr(partnership, k) for k in clean}, clean)
    if not after:
        return partnership
    for key, value in after.items():
        setattr(partnership, key, value)
    touch(loaded)
    flush_checked(session, "partnership", partnership_id, expected_version)
    audit.record(
        session, actor, "update", "partnership", partnership.id, city_id=loaded.audit_city(),
        network_id=partnership.network_id, before=before, after=after,
    )  # fmt: skip
    return partnership


def add_member(
    session: Session, actor: Actor, partnership_id: int, city_id: Any, role: Any = "observer"
) -> PartnershipMember:
    """Invite another city: as a partner while the proposal is open (it then has to accept too), as
    an observer at any time before the end (observers neither accept nor sign)."""
    loaded = load_for_work(session, actor, partnership_id)
    city = city_by_id(session, "city_id", city_id)
    clean_role = clean_code("role", role, MEMBER_ROLES)
    if loaded.member(city.id) is not None:
        raise Conflict(f"{city.name} is a member already.")
    if clean_role in SIGNING_ROLES and loaded.partnership.status != Status.PROPOSED:
        raise InvalidInput(
            "role", "after the proposal was accepted, cities join as observers; propose a new partnership."
        )
    member = PartnershipMember(partnership_id=partnership_id, city_id=city.id, role=clean_role)
    session.add(member)
    session.flush()
    touch(loaded)
    audit.record(
        session, actor, "add_member", "partnership", partnership_id, city_id=loaded.audit_city(),
        network_id=loaded.partnership.network_id, after={"city_id": city.id, "role": clean_role},
    )  # fmt: skip
    return member
