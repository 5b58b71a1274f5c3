"""The attack surface of the business matchmaking pages: every form post against every role (the
allowed ones succeed and leave an audit entry; the public gets 401, others 403 or 404, and
nothing is written), and every read page against every role. The matrix's roles are joined by
the provider's own person and another provider's person. A test fails when a page route of
offers or messages is added without joining these lists."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from citypact.services.matchmaking import messages
from tests.api.test_attack_surface import ROLES
from tests.conftest import World
from tests.factories import confirm_membership
from tests.offers_fixture import OfferWorld, offer_world
from tests.web.page_roles import PageOp, Read, check_page_write, check_read_page, read_paths, write_paths

MY_ROLES = (*ROLES, "provider_person", "other_provider")
EVERYONE = frozenset(MY_ROLES)
PROVIDER = frozenset({"admin", "provider_person"})
CITY_SIDE = frozenset({"heidelberg_editor", "heidelberg_viewer"})


@dataclass(frozen=True)
class Made:
    ow: OfferWorld
    conversation: int


def made(world: World) -> Made:
    ow = offer_world(world)
    confirm_membership(world, "Kyoto")
    with world.db.write() as session:
        conv = messages.start_conversation(
            session, world.actor("heidelberg_editor"), ow.led_offer, world.city["Heidelberg"], subject="LED",
            body="Hello",
        )  # fmt: skip
        return Made(ow, conv.id)


NEW = {"title": "Depot chargers", "kind": "technology", "fields": "transport", "countries": "DE"}
OPS: list[PageOp[Made]] = [
    PageOp("/organisations/{organisation_id}/offers/new", PROVIDER,
           lambda w, x: f"/organisations/{x.ow.provider}/offers/new", lambda w, x: NEW),
    PageOp("/offers/{offer_id}/edit", PROVIDER, lambda w, x: f"/offers/{x.ow.led_offer}/edit",
           lambda w, x: {**NEW, "title": "LED retrofit 2"}),
    PageOp("/offers/{offer_id}/status", PROVIDER, lambda w, x: f"/offers/{x.ow.led_offer}/status",
           lambda w, x: {"status": "withdrawn"}),
    PageOp("/offers/{offer_id}/references", PROVIDER, lambda w, x: f"/offers/{x.ow.led_offer}/references",
           lambda w, x: {"place": "Graz", "project": "Lights", "year": "2023"}),
    PageOp("/offers/{offer_id}/references/{reference_id}/remove", PROVIDER,
           lambda w, x: f"/offers/{x.ow.led_offer}/references/{x.ow.reference}/remove"),
    PageOp("/offers/{offer_id}/contact", frozenset({"heidelberg_editor"}),
           lambda w, x: f"/offers/{x.ow.led_offer}/contact",
           lambda w, x: {"city_id": str(w.city["Heidelberg"]), "subject": "Hi", "body": "Interested"}),
    PageOp("/messages/{conversation_id}", CITY_SIDE | {"provider_person"},
           lambda w, x: f"/messages/{x.conversation}", lambda w, x: {"body": "More?"}),
]  # fmt: skip

READS: list[Read[Made]] = [
    ("/offers", EVERYONE, lambda w, x: "/offers"),
    ("/offers/{offer_id}", EVERYONE, lambda w, x: f"/offers/{x.ow.led_offer}"),
    ("/offers/{offer_id}/edit", PROVIDER, lambda w, x: f"/offers/{x.ow.led_offer}/edit"),
    ("/organisations/{organisation_id}/offers/new", PROVIDER,
     lambda w, x: f"/organisations/{x.ow.provider}/offers/new"),
    ("/offers/{offer_id}/references/{reference_id}/remove", PROVIDER,
     lambda w, x: f"/offers/{x.ow.led_offer}/references/{x.ow.reference}/remove"),
    ("/cities/{city_id}/offers", EVERYONE, lambda w, x: f"/cities/{w.city['Heidelberg']}/offers"),
    ("/messages", EVERYONE - {"public"}, lambda w, x: "/messages"),
    ("/messages/{conversation_id}", CITY_SIDE | {"provider_person"},
     lambda w, x: f"/messages/{x.conversation}"),
    ("/networks/{slug}/needs-without-offers", frozenset({"admin", "c40_secretariat"}),
     lambda w, x: "/networks/c40/needs-without-offers"),
]  # fmt: skip


def _offer_page(path: str) -> bool:
    return (
        path.startswith(("/offers", "/messages"))
        or path.endswith(("/offers/new", "/needs-without-offers"))
        or path == "/cities/{city_id}/offers"
    )


def test_every_offer_page_write_is_listed() -> None:
    assert write_paths(_offer_page) == {op.path for op in OPS}


def test_every_offer_read_page_is_listed() -> None:
    assert read_paths(_offer_page) == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp[Made]) -> None:
    check_page_write(client, world, op, made(world), MY_ROLES)


@pytest.mark.parametrize("read", READS, ids=lambda read: read[0])
def test_read_page_obeys_role(client: TestClient, world: World, read: Read[Made]) -> None:
    check_read_page(client, world, read, made(world), MY_ROLES)
