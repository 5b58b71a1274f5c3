"""The business matchmaking API: the provider's own rights (the matrix's roles hold none), a
city's offer matches, conversations for the two sides only, and no e-mail address of the other
side in any answer."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citypact.services.matchmaking import messages
from tests.conftest import World, bearer
from tests.offers_fixture import OfferWorld, offer_world

P = "/api/v1/provider-offers"
C = "/api/v1/conversations"


@pytest.fixture
def ow(world: World) -> OfferWorld:
    return offer_world(world)


def test_provider_creates_edits_publishes_and_adds_references(
    client: TestClient, world: World, ow: OfferWorld
) -> None:
    h = bearer(world, "provider_person")
    made = client.post(
        P, json={"organisation_id": ow.provider, "title": "Bus depot chargers", "kind": "technology",
                 "fields": ["transport"], "countries": ["DE"], "languages": ["de"]}, headers=h,
    )  # fmt: skip
    assert made.status_code == 201, made.text
    offer = made.json()
    assert offer["status"] == "draft" and made.headers["etag"]
    assert client.get(f"{P}/{offer['id']}").status_code == 404  # a draft is not public
    published = client.patch(
        f"{P}/{offer['id']}", json={"status": "published", "summary": "Fast chargers."},
        headers=h | {"If-Match": made.headers["etag"]},
    )  # fmt: skip
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    stale = client.patch(
        f"{P}/{offer['id']}", json={"title": "x"}, headers=h | {"If-Match": made.headers["etag"]}
    )
    assert stale.status_code == 412
    ref = client.post(
        f"{P}/{offer['id']}/references",
        json={"city_id": world.city["Munich"], "project": "Depot", "year": 2024}, headers=h,
    )  # fmt: skip
    assert ref.status_code == 201 and ref.json()["references"][0]["city_name"] == "Munich"
    listed = client.get(P, params={"field": "transport", "country": "DE"}).json()
    assert [o["title"] for o in listed] == ["Bus depot chargers"]


def test_another_providers_person_is_refused_and_nothing_changes(
    client: TestClient, world: World, ow: OfferWorld
) -> None:
    h = bearer(world, "other_provider")
    assert (
        client.patch(f"{P}/{ow.led_offer}", json={"title": "Mine"}, headers=h | {"If-Match": "*"}).status_code
        == 403
    )
    assert (
        client.post(
            f"{P}/{ow.led_offer}/references", json={"place": "X", "project": "Y"}, headers=h
        ).status_code
        == 403
    )
    assert (
        client.delete(
            f"{P}/{ow.led_offer}/references/{ow.reference}", headers=h | {"If-Match": "*"}
        ).status_code
        == 403
    )
    assert client.post(P, json={"organisation_id": ow.provider, "title": "T", "kind": "service",
                                "fields": ["waste"]}, headers=h).status_code == 403  # fmt: skip
    assert (
        client.patch(
            f"{P}/{ow.draft_offer}", json={"status": "published"}, headers=h | {"If-Match": "*"}
        ).status_code
        == 404
    )
    assert client.get(f"{P}/{ow.led_offer}").json()["title"] == "LED retrofit"


def test_bad_input_names_the_field(client: TestClient, world: World, ow: OfferWorld) -> None:
    h = bearer(world, "provider_person")
    bad = client.post(
        P,
        json={"organisation_id": ow.provider, "title": "T", "kind": "gadget", "fields": ["waste"]},
        headers=h,
    )
    assert bad.status_code == 422 and "kind" in bad.text
    long = client.post(C, json={"offer_id": ow.led_offer, "city_id": world.city["Heidelberg"], "subject": "s",
                                "body": "x" * 4001}, headers=bearer(world, "heidelberg_editor"))  # fmt: skip
    assert long.status_code == 422 and "body" in long.text


def test_city_offer_matches(client: TestClient, world: World, ow: OfferWorld) -> None:
    found = client.get(f"/api/v1/cities/{world.city['Heidelberg']}/offer-matches").json()
    assert "never payment" in found["order"]
    led = next(n for n in found["needs"] if n["source"] == "plan_measure" and n["id"] == ow.led_measure)
    assert led["offers"][0]["offer_id"] == ow.led_offer
    assert "same_measure_type" in led["offers"][0]["reasons"]


def test_conversation_for_the_two_sides_only_without_email(
    client: TestClient, world: World, ow: OfferWorld
) -> None:
    city_h, provider_h = bearer(world, "heidelberg_editor"), bearer(world, "provider_person")
    started = client.post(
        C, json={"offer_id": ow.led_offer, "city_id": world.city["Heidelberg"], "subject": "Old town",
                 "body": "2 000 lights?", "plan_measure_id": ow.led_measure}, headers=city_h,
    )  # fmt: skip
    assert started.status_code == 201, started.text
    cid = started.json()["id"]
    box = client.get(C, headers=provider_h).json()
    assert [(c["id"], c["unread"]) for c in box] == [(cid, 1)]
    read = client.get(f"{C}/{cid}", headers=provider_h)
    assert read.json()["messages"][0]["body"] == "2 000 lights?"
    replied = client.post(f"{C}/{cid}/messages", json={"body": "Yes."}, headers=provider_h)
    assert replied.status_code == 201
    assert client.get(C, headers=city_h).json()[0]["unread"] == 1
    answers = [started.text, client.get(C, headers=provider_h).text, read.text, replied.text,
               client.get(f"{C}/{cid}", headers=city_h).text, client.get(C, headers=city_h).text]  # fmt: skip
    for text in answers:
        assert "@" not in text  # neither the users' e-mails nor the organisation's contact_email
    for who in ("other_provider", "kyoto_editor", "admin", "c40_secretariat"):
        assert client.get(f"{C}/{cid}", headers=bearer(world, who)).status_code == 404
        assert client.get(C, headers=bearer(world, who)).json() == []
    assert client.get(C).status_code == 401


def test_reference_removal_names_the_offers_version(client: TestClient, world: World, ow: OfferWorld) -> None:
    h = bearer(world, "provider_person")
    etag = client.get(f"{P}/{ow.led_offer}").headers["etag"]
    url = f"{P}/{ow.led_offer}/references/{ow.reference}"
    assert client.delete(url, headers=h).status_code == 428  # the offer changed since it was created
    assert client.delete(url, headers=h | {"If-Match": '"1"'}).status_code == 412
    assert client.delete(url, headers=h | {"If-Match": etag}).status_code == 204
    assert client.get(f"{P}/{ow.led_offer}").json()["references"] == []


def test_a_city_past_the_days_conversations_gets_429(
    client: TestClient, world: World, ow: OfferWorld
) -> None:
    city_h = bearer(world, "heidelberg_editor")
    start = {"offer_id": ow.led_offer, "city_id": world.city["Heidelberg"], "subject": "s", "body": "b"}
    for _ in range(messages.MAX_NEW_PER_DAY):
        assert client.post(C, json=start, headers=city_h).status_code == 201
    refused = client.post(C, json=start, headers=city_h)
    assert refused.status_code == 429 and "tomorrow" in refused.json()["detail"]
    assert len(client.get(C, headers=city_h).json()) == messages.MAX_NEW_PER_DAY
