"""/api/v1/provider-offers, /api/v1/cities/{id}/offer-matches and /api/v1/conversations:
providers' offers and references, a city's needs with the offers that fit, and the conversations
between a city and a provider. Who may do what: services/matchmaking/offers.py and messages.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.offers import (
    CityMatchesOut,
    ConversationIn,
    ConversationOut,
    OfferIn,
    OfferOut,
    OfferPatch,
    ReferenceIn,
    ReplyIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services.matchmaking import messages, needs, offers
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["business matchmaking"])


def _offer(db: Database, actor: Actor, offer_id: int, response: Response | None = None) -> OfferOut:
    with db.read() as session:
        found = OfferOut.model_validate(offers.get_offer(session, actor, offer_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


@router.get("/provider-offers", response_model=list[OfferOut])
def list_all(
    session: ReadDB,
    actor: CurrentActor,
    field: Annotated[str | None, Query(max_length=30)] = None,
    measure_type: Annotated[str | None, Query(max_length=80)] = None,
    country: Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2")] = None,
    kind: Annotated[str | None, Query(max_length=12)] = None,
    language: Annotated[str | None, Query(max_length=3, description="ISO 639-1")] = None,
    organisation_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    limit: Annotated[int, Query(ge=1, le=offers.LIST_LIMIT)] = offers.LIST_LIMIT,
) -> list[OfferOut]:
    """Published offers, most recently updated first (an organisation's own people also get its
    drafts with `organisation_id`). Matches to a city's needs come in the stated order instead."""
    found = offers.list_offers(
        session, actor, field=field, measure_type=measure_type, country=country, kind=kind, language=language,
        organisation_id=organisation_id, limit=limit,
    )  # fmt: skip
    return [OfferOut.model_validate(o) for o in found]


@router.post("/provider-offers", response_model=OfferOut, status_code=201)
def create(body: OfferIn, db: DB, actor: Writer, response: Response) -> OfferOut:
    """A draft offer in the name of a business or research organisation you speak for."""
    with db.write() as session:
        offer = offers.create_offer(
            session, actor, body.organisation_id,
            body.model_dump(mode="json", exclude_unset=True, exclude={"organisation_id"}),
        )  # fmt: skip
        offer_id = offer.id
    return _offer(db, actor, offer_id, response)


@router.get("/provider-offers/{offer_id}", response_model=OfferOut)
def detail(offer_id: PathId, db: DB, actor: CurrentActor, response: Response) -> OfferOut:
    """A published offer with its references (drafts: its provider only). The ETag is its version."""
    return _offer(db, actor, offer_id, response)


@router.patch("/provider-offers/{offer_id}", response_model=OfferOut)
def change(
    offer_id: PathId, body: OfferPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> OfferOut:
    """Change the offer, or publish or withdraw it with `status` (its provider); If-Match: its ETag."""
    values = body.model_dump(mode="json", exclude_unset=True, exclude={"status"})
    with db.write() as session:
        if values:
            offers.update_offer(session, actor, offer_id, values, expected_version=version)
        if body.status is not None:
            offers.set_status(
                session, actor, offer_id, body.status, expected_version=None if values else version
            )
    return _offer(db, actor, offer_id, response)


@router.post("/provider-offers/{offer_id}/references", response_model=OfferOut, status_code=201)
def add_reference(offer_id: PathId, body: ReferenceIn, db: DB, actor: Writer) -> OfferOut:
    """A project in which a city used the offer (its provider)."""
    with db.write() as session:
        offers.add_reference(session, actor, offer_id, body.model_dump(mode="json", exclude_unset=True))
    return _offer(db, actor, offer_id)


@router.delete("/provider-offers/{offer_id}/references/{reference_id}", status_code=204)
def remove_reference(
    offer_id: PathId, reference_id: PathId, db: DB, actor: Writer, version: IfMatch
) -> Response:
    """Remove a reference (its provider); If-Match: the offer's ETag (a reference is part of it)."""
    with db.write() as session:
        offers.remove_reference(session, actor, offer_id, reference_id, expected_version=version)
    return Response(status_code=204)


@router.get("/cities/{city_id}/offer-matches", response_model=CityMatchesOut)
def city_matches(city_id: PathId, session: ReadDB, actor: CurrentActor) -> CityMatchesOut:
    """The city's open needs (plan measures not done or cancelled, cooperation needs), each with the
    published offers that fit and the reasons, in the stated order (never payment). Readable as the
    city's plan is."""
    return CityMatchesOut.model_validate(needs.city_needs(session, actor, city_id))


@router.get("/conversations", response_model=list[ConversationOut])
def inbox(session: ReadDB, actor: CurrentActor) -> list[ConversationOut]:
    """Your conversations with providers or with cities, the latest first, with unread counts."""
    return [ConversationOut.model_validate(c) for c in messages.inbox(session, actor)]


@router.post("/conversations", response_model=ConversationOut, status_code=201)
def start(body: ConversationIn, db: DB, actor: Writer) -> ConversationOut:
    """Write to the provider of a published offer in your city's name (its editors; at most
    20 new conversations a city a day)."""
    with db.write() as session:
        conv = messages.start_conversation(
            session, actor, body.offer_id, body.city_id, subject=body.subject, body=body.body,
            plan_measure_id=body.plan_measure_id, cooperation_item_id=body.cooperation_item_id,
        )  # fmt: skip
        conv_id = conv.id
    with db.read() as session:
        return ConversationOut.model_validate(
            messages.read_conversation(session, actor, conv_id, mark_read=False)
        )


@router.get("/conversations/{conversation_id}", response_model=ConversationOut)
def read(conversation_id: PathId, db: DB, actor: CurrentActor) -> ConversationOut:
    """The conversation (its two sides only); the other side's messages are marked read."""
    with db.write() as session:
        return ConversationOut.model_validate(messages.read_conversation(session, actor, conversation_id))


@router.post("/conversations/{conversation_id}/messages", response_model=ConversationOut, status_code=201)
def reply(conversation_id: PathId, body: ReplyIn, db: DB, actor: Writer) -> ConversationOut:
    """A reply for your side of the conversation."""
    with db.write() as session:
        messages.reply(session, actor, conversation_id, body.body)
    with db.read() as session:
        return ConversationOut.model_validate(
            messages.read_conversation(session, actor, conversation_id, mark_read=False)
        )
