"""Conversations between a city and a provider about one offer.

- A city's editor starts a conversation about a published offer (maybe about one of the city's
  needs) with a first message; a city starts at most MAX_NEW_PER_DAY conversations a day.
- The two sides read and reply: the city's editors and viewers (side "city") and the confirmed
  people of the offer's organisation (side "provider"). Nobody else reads a conversation, not even
  an administrator: it is the two sides' correspondence. Its existence is not revealed (NotFound).
- Only names are shown of the other side (the city's name, the organisation's name, the author's
  display name), never an e-mail address: the platform carries the message.
- Opening a conversation marks the other side's messages read; the inbox counts the unread ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, RateLimited, require
from citypact.services.input import clean_text
from citypact.services.matchmaking.offers import readable_offer
from citypact.storage.funding import ProviderConversation, ProviderMessage, ProviderOffer
from citypact.storage.models import City, CooperationItem, Organisation, User, utcnow
from citypact.storage.plans import PlanMeasure

BODY_MAX: Final = 4_000
SUBJECT_MAX: Final = 300
MAX_NEW_PER_DAY: Final = 20  # conversations one city starts in 24 hours
MAX_MESSAGES: Final = 500  # messages of one conversation; a reply beyond is refused
INBOX_LIMIT: Final = 100
SHOWN_MESSAGES: Final = 200


@dataclass(frozen=True)
class MessageView:
    id: int
    side: str
    author_name: str
    body: str
    sent_at: dt.datetime
    read_at: dt.datetime | None
    mine: bool


@dataclass(frozen=True)
class ConversationView:
    id: int
    offer_id: int
    offer_title: str
    city_id: int
    city_name: str
    organisation_id: int
    organisation_name: str
    subject: str
    plan_measure_id: int | None
    cooperation_item_id: int | None
    started_at: dt.datetime
    last_message_at: dt.datetime
    side: str  # the reader's side
    unread: int
    messages: tuple[MessageView, ...]


def _city_side(actor: Actor) -> set[int]:
    return actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)


def side_of(actor: Actor, city_id: int, organisation_id: int) -> str | None:
    """The side the actor writes for in a conversation of `city_id` with `organisation_id`."""
    if city_id in _city_side(actor):
        return "city"
    if organisation_id in actor.organisations():
        return "provider"
    return None


def editable_cities(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of the cities the actor may write for (its editors), by name: the contact form's choices."""
    ids = actor.cities(Role.CITY_EDITOR)
    if not ids:
        return []
    rows = session.execute(select(City.id, City.name).where(City.id.in_(ids)).order_by(City.name))
    return [(str(i), name) for i, name in rows]


def _load(
    session: Session, actor: Actor, conversation_id: int
) -> tuple[ProviderConversation, ProviderOffer, str]:
    require(actor.is_authenticated, actor.is_authenticated)
    conv = session.get(ProviderConversation, conversation_id)
    offer = session.get(ProviderOffer, conv.offer_id) if conv is not None else None
    side = (
        side_of(actor, conv.city_id, offer.organisation_id)
        if conv is not None and offer is not None
        else None
    )
    if conv is None or offer is None or side is None:
        raise NotFound("conversation", conversation_id)
    return conv, offer, side


def _body(value: object) -> str:
    return clean_text("body", value, BODY_MAX, required=True)


def start_conversation(
    session: Session,
    actor: Actor,
    offer_id: int,
    city_id: int,
    *,
    subject: object,
    body: object,
    plan_measure_id: int | None = None,
    cooperation_item_id: int | None = None,
) -> ProviderConversation:
    """A city's editor writes to the provider of a published offer."""
    require(actor.is_authenticated, actor.is_authenticated)
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    require(
        city_id in actor.cities(Role.CITY_EDITOR),
        True,
        "Only the city's editors contact providers in its name.",
    )
    offer = readable_offer(session, actor, offer_id)
    if offer.status != "published":
        raise Conflict("Only a published offer can be answered; publish it first.")
    clean_subject = clean_text("subject", subject, SUBJECT_MAX, required=True)
    clean_body = _body(body)
    if plan_measure_id is not None and cooperation_item_id is not None:
        raise InvalidInput("plan_measure_id", "name one need: a plan measure or a cooperation need.")
    if plan_measure_id is not None:
        pm = session.get(PlanMeasure, plan_measure_id)
        if pm is None or pm.city_id != city_id:
            raise InvalidInput("plan_measure_id", f"no measure {plan_measure_id} in this city's plan.")
    if cooperation_item_id is not None:
        item = session.get(CooperationItem, cooperation_item_id)
        if item is None or item.city_id != city_id or item.kind != "need":
            raise InvalidInput(
                "cooperation_item_id", f"no cooperation need {cooperation_item_id} of this city."
            )
    since = utcnow() - dt.timedelta(days=1)
    started = session.scalar(
        select(func.count())
        .select_from(ProviderConversation)
        .where(ProviderConversation.city_id == city_id, ProviderConversation.started_at >= since)
    )
    if (started or 0) >= MAX_NEW_PER_DAY:
        raise RateLimited(
            f"This city started {MAX_NEW_PER_DAY} conversations in the last 24 hours, the most a day; "
            "reply in an existing conversation or write again tomorrow."
        )
    now = utcnow()
    conv = ProviderConversation(
        offer_id=offer.id, city_id=city_id, subject=clean_subject, plan_measure_id=plan_measure_id,
        cooperation_item_id=cooperation_item_id, started_by=actor.user_id, started_at=now,
        last_message_at=now,
    )  # fmt: skip
    session.add(conv)
    session.flush()
    session.add(
        ProviderMessage(
            conversation_id=conv.id, side="city", author_id=actor.user_id, body=clean_body, sent_at=now
        )
    )
    session.flush()
    audit.record(
        session, actor, "start_conversation", "provider_conversation", conv.id, city_id=city_id,
        after={"offer_id": offer.id, "subject": clean_subject},
    )  # fmt: skip
    return conv


def reply(session: Session, actor: Actor, conversation_id: int, body: object) -> ProviderMessage:
    """A message of the actor's side (either side's people)."""
    conv, _, side = _load(session, actor, conversation_id)
    clean_body = _body(body)
    count = session.scalar(
        select(func.count()).select_from(ProviderMessage).where(ProviderMessage.conversation_id == conv.id)
    )
    if (count or 0) >= MAX_MESSAGES:
        raise Conflict(f"A conversation holds at most {MAX_MESSAGES} messages; start a new one.")
    now = utcnow()
    message = ProviderMessage(
        conversation_id=conv.id, side=side, author_id=actor.user_id, body=clean_body, sent_at=now
    )
    session.add(message)
    conv.last_message_at = now
    session.flush()
    audit.record(
        session, actor, "reply", "provider_conversation", conv.id, city_id=conv.city_id,
        after={"message": message.id, "side": side},
    )  # fmt: skip
    return message


def _unread(session: Session, pairs: Sequence[tuple[int, str]]) -> dict[int, int]:
    """Conversation id -> messages of the other side not yet read, for (id, reader's side) pairs."""
    if not pairs:
        return {}
    found = {cid: 0 for cid, _ in pairs}
    side = dict(pairs)
    for cid, msg_side, n in session.execute(
        select(ProviderMessage.conversation_id, ProviderMessage.side, func.count())
        .where(ProviderMessage.conversation_id.in_(list(side)), ProviderMessage.read_at.is_(None))
        .group_by(ProviderMessage.conversation_id, ProviderMessage.side)
    ):
        if msg_side != side[cid]:
            found[cid] += n
    return found


def inbox(session: Session, actor: Actor) -> list[ConversationView]:
    """The actor's conversations (either side), the latest first, without their messages."""
    require(actor.is_authenticated, actor.is_authenticated)
    cities, orgs = _city_side(actor), actor.organisations()
    if not cities and not orgs:
        return []
    rows = session.execute(
        select(ProviderConversation, ProviderOffer, City.name, Organisation.name)
        .join(ProviderOffer, ProviderOffer.id == ProviderConversation.offer_id)
        .join(City, City.id == ProviderConversation.city_id)
        .join(Organisation, Organisation.id == ProviderOffer.organisation_id)
        .where(or_(ProviderConversation.city_id.in_(cities), ProviderOffer.organisation_id.in_(orgs)))
        .order_by(ProviderConversation.last_message_at.desc(), ProviderConversation.id.desc())
        .limit(INBOX_LIMIT)
    ).all()
    sides = {
        conv.id: side_of(actor, conv.city_id, offer.organisation_id) or "city" for conv, offer, _, _ in rows
    }
    unread = _unread(session, list(sides.items()))
    return [
        _view(conv, offer, city_name, org_name, sides[conv.id], unread[conv.id], ())
        for conv, offer, city_name, org_name in rows
    ]


def unread_total(session: Session, actor: Actor) -> int:
    return sum(c.unread for c in inbox(session, actor)) if actor.is_authenticated else 0


def _view(
    conv: ProviderConversation,
    offer: ProviderOffer,
    city_name: str,
    org_name: str,
    side: str,
    unread: int,
    messages: tuple[MessageView, ...],
) -> ConversationView:
    return ConversationView(
        id=conv.id, offer_id=offer.id, offer_title=offer.title, city_id=conv.city_id, city_name=city_name,
        organisation_id=offer.organisation_id, organisation_name=org_name, subject=conv.subject,
        plan_measure_id=conv.plan_measure_id, cooperation_item_id=conv.cooperation_item_id,
        started_at=conv.started_at, last_message_at=conv.last_message_at, side=side, unread=unread,
        messages=messages,
    )  # fmt: skip


def read_conversation(
    session: Session, actor: Actor, conversation_id: int, *, mark_read: bool = True
) -> ConversationView:
    """The conversation with its latest messages (oldest first); the other side's unread messages
    are marked read when `mark_read`."""
    conv, offer, side = _load(session, actor, conversation_id)
    city = session.get(City, conv.city_id)
    org = session.get(Organisation, offer.organisation_id)
    assert city is not None and org is not None
    rows = session.execute(
        select(ProviderMessage, User.name)
        .outerjoin(User, User.id == ProviderMessage.author_id)
        .where(ProviderMessage.conversation_id == conv.id)
        .order_by(ProviderMessage.sent_at.desc(), ProviderMessage.id.desc())
        .limit(SHOWN_MESSAGES)
    ).all()
    unread = sum(1 for m, _ in rows if m.side != side and m.read_at is None)
    messages = tuple(
        MessageView(m.id, m.side, name or "", m.body, m.sent_at, m.read_at, m.side == side)
        for m, name in reversed(rows)
    )
    if mark_read and unread:
        now = utcnow()
        for m, _ in rows:
            if m.side != side and m.read_at is None:
                m.read_at = now
        session.flush()
        unread = 0
    return _view(conv, offer, city.name, org.name, side, unread, messages)
