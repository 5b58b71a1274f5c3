"""Registering an organisation, asking to speak for one, and the city editors' decisions.

A person speaks for an organisation only through a membership of role "stakeholder"
(Actor.speaks_for), made here when the city's editors confirm their request and removed when they
refuse, end it, or the person leaves. Every step is audited in the organisation's city.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.green_deals import ORGANISATION_SIZES, ORGANISATION_TYPES
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, Membership, Organisation, utcnow
from citypact.storage.stakeholders import OrganisationPerson

NAME_MAX: Final = 200
SECTOR_MAX: Final = 120
EMAIL_MAX: Final = 254
WEBSITE_MAX: Final = 300
POSITION_MAX: Final = 200
REASON_MAX: Final = 2_000
# Registrations a person may have waiting at once: enough for a consultant, too few to flood a queue.
MAX_PENDING_PER_PERSON: Final = 10
FIELDS: Final = ("name", "kind", "sector", "size", "contact_email", "website")
# Messages a page shows at the field, in the reader's language (web/organisation_forms marks them).
DUPLICATE_NAME: Final = "an organisation of this name is already registered in this city."
BAD_EMAIL: Final = "give an e-mail address such as info@example.org."
BAD_WEBSITE: Final = "give the address starting with https://, e.g. https://example.org."
NEED_REASON: Final = "say why, so the person knows what to change."


def clean_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """The organisation's details, each checked and bounded, naming the field that is wrong."""
    email = clean_text("contact_email", values.get("contact_email"), EMAIL_MAX).lower()
    if email and (email.count("@") != 1 or " " in email or "." not in email.split("@")[1]):
        raise InvalidInput("contact_email", BAD_EMAIL)
    website = clean_text("website", values.get("website"), WEBSITE_MAX)
    if website and not website.startswith(("https://", "http://")):
        raise InvalidInput("website", BAD_WEBSITE)
    size = values.get("size")
    return {
        "name": clean_text("name", values.get("name"), NAME_MAX, required=True),
        "kind": clean_code("kind", values.get("kind"), ORGANISATION_TYPES),
        "sector": clean_text("sector", values.get("sector"), SECTOR_MAX),
        "size": None if size in (None, "") else clean_code("size", size, ORGANISATION_SIZES),
        "contact_email": email,
        "website": website,
    }


def _check_unique_name(session: Session, city_id: int, name: str, own_id: int | None = None) -> None:
    """Two organisations of one city may not share a name in any case (refused ones aside, so a name
    can be registered again after a refusal)."""
    query = select(Organisation.id).where(
        Organisation.city_id == city_id,
        func.lower(Organisation.name) == name.lower(),
        Organisation.status != "refused",
    )
    if own_id is not None:
        query = query.where(Organisation.id != own_id)
    if session.scalar(query.limit(1)) is not None:
        raise InvalidInput("name", DUPLICATE_NAME)


def organisation(session: Session, organisation_id: int) -> Organisation:
    found = session.get(Organisation, organisation_id) if 1 <= organisation_id <= 2**31 - 1 else None
    if found is None or found.city_id is None:
        raise NotFound("organisation", organisation_id)
    return found


def _editor_of(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    """The organisation, if the actor edits its city; else the error (an unknown id is not found)."""
    org = organisation(session, organisation_id)
    require(
        actor.can_edit_city(org.city_id or 0),
        actor.is_authenticated,
        "Only the editors of the organisation's city decide this.",
    )
    return org


def _grant(session: Session, user_id: int, organisation_id: int) -> None:
    exists = session.scalar(
        select(Membership.id).where(
            Membership.user_id == user_id,
            Membership.role == Role.STAKEHOLDER.value,
            Membership.organisation_id == organisation_id,
        )
    )
    if exists is None:
        session.add(Membership(user_id=user_id, role=Role.STAKEHOLDER.value, organisation_id=organisation_id))


def _revoke(session: Session, user_id: int, organisation_id: int) -> None:
    session.execute(
        delete(Membership).where(
            Membership.user_id == user_id,
            Membership.role == Role.STAKEHOLDER.value,
            Membership.organisation_id == organisation_id,
        )
    )


def register(
    session: Session, actor: Actor, city_id: int, values: Mapping[str, Any], *, position: Any = ""
) -> Organisation:
    """A signed-in person registers an organisation in a city: it is pending, and so is their request
    to speak for it, until the city's editors decide."""
    require(actor.user_id is not None, actor.is_authenticated)
    assert actor.user_id is not None
    if not 1 <= city_id <= 2**31 - 1 or session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    fields = clean_fields(values)
    role = clean_text("position", position, POSITION_MAX)
    _check_unique_name(session, city_id, fields["name"])
    waiting = session.scalar(
        select(func.count(Organisation.id)).where(
            Organisation.registered_by == actor.user_id, Organisation.status == "pending"
        )
    )
    if (waiting or 0) >= MAX_PENDING_PER_PERSON:
        raise Conflict(
            f"You have {MAX_PENDING_PER_PERSON} registrations waiting for the city's decision; "
            "wait for those first."
        )
    org = Organisation(
        city_id=city_id,
        status="pending",
        registered_by=actor.user_id,
        registered_at=utcnow(),
        **fields,
    )
    session.add(org)
    session.flush()
    session.add(OrganisationPerson(organisation_id=org.id, user_id=actor.user_id, position=role))
    audit.record(session, actor, "register", "organisation", org.id, city_id=city_id, after=fields)
    return org


def request_to_join(
    session: Session, actor: Actor, organisation_id: int, *, position: Any = ""
) -> OrganisationPerson:
    """A signed-in person asks to speak for a confirmed organisation; one who left or was refused
    may ask again."""
    require(actor.user_id is not None, actor.is_authenticated)
    org = organisation(session, organisation_id)
    if org.status != "confirmed":
        raise NotFound("organisation", organisation_id)
    role = clean_text("position", position, POSITION_MAX)
    row = session.scalar(
        select(OrganisationPerson).where(
            OrganisationPerson.organisation_id == org.id, OrganisationPerson.user_id == actor.user_id
        )
    )
    if row is not None and row.status in ("requested", "confirmed"):
        done = "asked" if row.status == "requested" else "been confirmed"
        raise Conflict(f"You have already {done} to speak for {org.name}.")
    if row is None:
        row = OrganisationPerson(organisation_id=org.id, user_id=actor.user_id, position=role)
        session.add(row)
    else:
        row.status, row.position, row.reason = "requested", role, ""
        row.requested_at, row.decided_by, row.decided_at = utcnow(), None, None
    session.flush()
    audit.record(
        session, actor, "request", "organisation_person", row.id, city_id=org.city_id,
        after={"organisation_id": org.id, "user_id": actor.user_id, "position": role},
    )  # fmt: skip
    return row


def _reason(reason: Any, *, required: bool) -> str:
    text = clean_text("reason", reason, REASON_MAX)
    if required and not text:
        raise InvalidInput("reason", NEED_REASON)
    return text


def decide_organisation(
    session: Session,
    actor: Actor,
    organisation_id: int,
    *,
    confirm: bool,
    reason: Any = "",
    expected_version: int | None = None,
) -> Organisation:
    """The city's editors confirm a pending organisation (and its registrant's request with it) or
    refuse it with a reason (and every request waiting on it)."""
    org = _editor_of(session, actor, organisation_id)
    if org.status != "pending":
        raise Conflict(f"{org.name} was already {org.status}.")
    why = _reason(reason, required=not confirm)
    check_version("organisation", org.id, org.version, expected_version)
    now = utcnow()
    org.status = "confirmed" if confirm else "refused"
    org.status_reason, org.decided_by, org.decided_at = why, actor.user_id, now
    waiting = session.scalars(
        select(OrganisationPerson).where(
            OrganisationPerson.organisation_id == org.id, OrganisationPerson.status == "requested"
        )
    ).all()
    for person in waiting:  # while pending, only its registrant can have asked
        person.status = "confirmed" if confirm else "refused"
        person.reason, person.decided_by, person.decided_at = why, actor.user_id, now
        if confirm:
            _grant(session, person.user_id, org.id)
    flush_checked(session, "organisation", org.id, expected_version)
    audit.record(
        session, actor, "confirm" if confirm else "refuse", "organisation", org.id, city_id=org.city_id,
        before={"status": "pending"}, after={"status": org.status, "reason": why},
    )  # fmt: skip
    return org


def _person(session: Session, org: Organisation, person_id: int) -> OrganisationPerson:
    row = session.get(OrganisationPerson, person_id) if 1 <= person_id <= 2**31 - 1 else None
    if row is None or row.organisation_id != org.id:
        raise NotFound("request", person_id)
    return row


def decide_person(
    session: Session, actor: Actor, organisation_id: int, person_id: int, *, confirm: bool, reason: Any = ""
) -> OrganisationPerson:
    """The city's editors confirm a person's request (they then speak for the organisation) or refuse
    it with a reason."""
    org = _editor_of(session, actor, organisation_id)
    row = _person(session, org, person_id)
    if org.status != "confirmed":
        raise Conflict(f"Decide on {org.name} itself first: it is {org.status}.")
    if row.status != "requested":
        raise Conflict(f"This request was already {row.status}.")
    why = _reason(reason, required=not confirm)
    row.status = "confirmed" if confirm else "refused"
    row.reason, row.decided_by, row.decided_at = why, actor.user_id, utcnow()
    if confirm:
        _grant(session, row.user_id, org.id)
    session.flush()
    audit.record(
        session, actor, "confirm" if confirm else "refuse", "organisation_person", row.id,
        city_id=org.city_id, before={"status": "requested"}, after={"status": row.status, "reason": why},
    )  # fmt: skip
    return row


def end_person(
    session: Session, actor: Actor, organisation_id: int, person_id: int, *, reason: Any
) -> OrganisationPerson:
    """The city's editors end a confirmed person's right to speak for the organisation, saying why."""
    org = _editor_of(session, actor, organisation_id)
    row = _person(session, org, person_id)
    if row.status != "confirmed":
        raise Conflict(f"Only a confirmed person's right can be ended; this one is {row.status}.")
    why = _reason(reason, required=True)
    row.status, row.reason, row.decided_by, row.decided_at = "left", why, actor.user_id, utcnow()
    _revoke(session, row.user_id, org.id)
    session.flush()
    audit.record(
        session, actor, "end", "organisation_person", row.id, city_id=org.city_id,
        before={"status": "confirmed"}, after={"status": "left", "reason": why},
    )  # fmt: skip
    return row


def leave(session: Session, actor: Actor, organisation_id: int) -> OrganisationPerson:
    """A person stops speaking for the organisation, or withdraws a request still waiting."""
    require(actor.user_id is not None, actor.is_authenticated)
    org = organisation(session, organisation_id)
    row = session.scalar(
        select(OrganisationPerson).where(
            OrganisationPerson.organisation_id == org.id, OrganisationPerson.user_id == actor.user_id
        )
    )
    if row is None or row.status not in ("requested", "confirmed"):
        raise NotFound("organisation", organisation_id)
    before = row.status
    row.status, row.decided_by, row.decided_at = "left", actor.user_id, utcnow()
    _revoke(session, row.user_id, org.id)
    session.flush()
    audit.record(
        session, actor, "leave", "organisation_person", row.id, city_id=org.city_id,
        before={"status": before}, after={"status": "left"},
    )  # fmt: skip
    return row


def update_organisation(
    session: Session,
    actor: Actor,
    organisation_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> Organisation:
    """The organisation's confirmed people change its details; fields not given stay as they are."""
    org = organisation(session, organisation_id)
    require(
        actor.speaks_for(org.id),
        actor.is_authenticated,
        "Only the organisation's confirmed people change it.",
    )
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be changed here; change {', '.join(FIELDS)}.")
    current = {f: getattr(org, f) for f in FIELDS}
    fields = clean_fields({**current, **changes})
    check_version("organisation", org.id, org.version, expected_version)
    if fields["name"].lower() != org.name.lower():
        _check_unique_name(session, org.city_id or 0, fields["name"], org.id)
    before, after = audit.changed_fields(current, fields)
    if not after:
        return org
    for key, value in after.items():
        setattr(org, key, value)
    flush_checked(session, "organisation", org.id, expected_version)
    audit.record(
        session, actor, "update", "organisation", org.id, city_id=org.city_id, before=before, after=after
    )
    return org
