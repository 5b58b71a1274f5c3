"""The business matchmaking pages: the list with its filters and stated order, a provider's forms
keeping what was typed and saying at the field what is wrong, a city's needs with fitting offers,
the contact form, the inbox, the rate limit's message, no e-mail address of the other side on any
page, and the pages in German and Japanese."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citypact.services.errors import RateLimited
from citypact.services.matchmaking import messages
from tests.conftest import World
from tests.offers_fixture import OfferWorld, offer_world
from tests.web.test_pages import csrf_of, log_in


@pytest.fixture
def ow(world: World) -> OfferWorld:
    return offer_world(world)


def test_list_filters_and_states_the_order(client: TestClient, ow: OfferWorld) -> None:
    page = client.get("/offers").text
    assert "LED retrofit" in page and "Rooftop PV" in page and "Heat pump pilots" not in page
    assert 'id="order-rule"' in page and "Nobody pays" in page
    jp = client.get("/offers", params={"country": "JP"}).text
    assert "Rooftop PV" in jp and "LED retrofit" not in jp
    bad = client.get("/offers", params={"field": "space"})
    assert bad.status_code == 422 and "field" in bad.text
    assert 'href="/offers"' in page  # the navigation links the list
    assert 'id="inbox-link"' not in page  # the public has no inbox


def test_new_offer_form_keeps_input_and_names_the_field(client: TestClient, ow: OfferWorld) -> None:
    token = log_in(client, "provider_person")
    assert "List an offer of Neckar Licht GmbH" in client.get("/offers").text
    response = client.post(
        f"/organisations/{ow.provider}/offers/new",
        data={"csrf_token": token, "title": "Smart meters", "kind": "technology", "fields": "transport",
              "countries": "DE, XX"},
    )  # fmt: skip
    assert response.status_code == 422
    assert 'value="Smart meters"' in response.text and "XX" in response.text
    assert 'aria-invalid="true"' in response.text and "offer-countries-error" in response.text
    done = client.post(
        f"/organisations/{ow.provider}/offers/new",
        data={"csrf_token": token, "title": "Smart meters", "kind": "technology", "fields": "transport",
              "countries": "DE"}, follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "Smart meters" in page and "Publish the offer" in page


def test_reference_removal_asks_first(client: TestClient, ow: OfferWorld) -> None:
    log_in(client, "provider_person")
    page = client.get(f"/offers/{ow.led_offer}/references/{ow.reference}/remove")
    assert (
        page.status_code == 200 and "Munich street lights" in page.text and 'id="confirm-delete"' in page.text
    )
    assert "Munich street lights" in client.get(f"/offers/{ow.led_offer}").text  # nothing removed by asking


def test_city_needs_contact_inbox_and_reply(client: TestClient, world: World, ow: OfferWorld) -> None:
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    assert f'href="/cities/{heidelberg}/offers"' in client.get("/offers").text
    needs = client.get(f"/cities/{heidelberg}/offers").text
    assert "LED retrofit" in needs and "offers this measure type" in needs
    assert "No published offer fits this need yet." in needs  # the transport need
    link = f"/offers/{ow.led_offer}?city={heidelberg}&amp;need=plan_measure:{ow.led_measure}#contact"
    assert link in needs
    offer = client.get(
        f"/offers/{ow.led_offer}", params={"city": heidelberg, "need": f"plan_measure:{ow.led_measure}"}
    )
    assert 'name="plan_measure_id"' in offer.text
    assert 'id="contact-need">About the measure: LED street lighting' in offer.text
    other_city = client.get(f"/offers/{ow.led_offer}", params={"city": 999999, "need": "plan_measure:1"})
    assert other_city.status_code == 200 and 'name="plan_measure_id"' not in other_city.text
    empty = client.post(
        f"/offers/{ow.led_offer}/contact",
        data={"csrf_token": token, "city_id": str(heidelberg), "subject": "LED", "body": ""},
    )  # fmt: skip
    assert empty.status_code == 422 and "contact-body-error" in empty.text
    sent = client.post(
        f"/offers/{ow.led_offer}/contact",
        data={"csrf_token": token, "city_id": str(heidelberg), "subject": "LED for the old town",
              "body": "2 000 lights?", "plan_measure_id": str(ow.led_measure)}, follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303
    conversation = sent.headers["location"]
    city_view = client.get(conversation).text
    client.cookies.clear()
    token = log_in(client, "provider_person")
    assert "(Unread: 1)" in client.get("/offers").text
    inbox = client.get("/messages").text
    assert "LED for the old town" in inbox and "<strong>" in inbox
    provider_view = client.get(conversation).text
    assert "2 000 lights?" in provider_view
    replied = client.post(
        conversation, data={"csrf_token": token, "body": "Yes, from March."}, follow_redirects=False
    )
    assert replied.status_code == 303
    for page in (needs, offer.text, city_view):
        assert "provider_person@" not in page and "contact@provider_person" not in page
    for page in (inbox, provider_view):
        assert "heidelberg_editor@" not in page


def test_rate_limit_message_on_the_contact_form(client: TestClient, world: World, ow: OfferWorld) -> None:
    with world.db.write() as session:
        for _ in range(messages.MAX_NEW_PER_DAY):
            messages.start_conversation(
                session, world.actor("heidelberg_editor"), ow.led_offer, world.city["Heidelberg"],
                subject="s", body="b",
            )  # fmt: skip
    token = log_in(client, "heidelberg_editor")
    response = client.post(
        f"/offers/{ow.led_offer}/contact",
        data={"csrf_token": token, "city_id": str(world.city["Heidelberg"]), "subject": "One more",
              "body": "Hi"},
    )  # fmt: skip
    assert response.status_code == 422 and "tomorrow" in response.text and 'value="One more"' in response.text


@pytest.mark.parametrize(("lang", "words"), [("de", "Angebote"), ("ja", "提供")])
def test_pages_in_german_and_japanese(
    client: TestClient, world: World, ow: OfferWorld, lang: str, words: str
) -> None:
    page = client.get("/offers", params={"lang": lang}).text
    assert words in page
    assert "Nobody pays" not in page
    city = client.get(f"/cities/{world.city['Heidelberg']}/offers", params={"lang": lang}).text
    assert "offers this measure type" not in city


def test_secretariat_page(client: TestClient, world: World, ow: OfferWorld) -> None:
    log_in(client, "c40_secretariat")
    assert 'href="/networks/c40/needs-without-offers"' in client.get("/offers").text
    page = client.get("/networks/c40/needs-without-offers")
    assert page.status_code == 200 and "Every open need of the members found an offer." in page.text
    assert csrf_of is not None


def test_the_services_messages_are_the_translated_ones(
    client: TestClient, world: World, ow: OfferWorld
) -> None:
    from citypact.i18n.offer_messages import KNOWN
    from citypact.services.errors import InvalidInput
    from citypact.services.matchmaking import offers

    with world.db.write() as session:
        for call in (
            lambda: offers.create_offer(
                session, world.actor("provider_person"), ow.provider, {"title": "T", "kind": "service"}
            ),
            lambda: offers.add_reference(
                session, world.actor("provider_person"), ow.led_offer, {"project": "P"}
            ),
            lambda: offers.add_reference(
                session,
                world.actor("provider_person"),
                ow.led_offer,
                {"place": "X", "project": "P", "url": "ftp://x"},
            ),
        ):
            with pytest.raises(InvalidInput) as error:
                call()
            assert error.value.message in KNOWN
        for _ in range(messages.MAX_NEW_PER_DAY):
            messages.start_conversation(
                session, world.actor("heidelberg_editor"), ow.led_offer, world.city["Heidelberg"],
                subject="s", body="b",
            )  # fmt: skip
    with pytest.raises(RateLimited) as limited, world.db.write() as session:
        messages.start_conversation(
            session,
            world.actor("heidelberg_editor"),
            ow.led_offer,
            world.city["Heidelberg"],
            subject="s",
            body="b",
        )
    assert str(limited.value) in KNOWN
    token = log_in(client, "heidelberg_editor")
    german = client.post(
        f"/offers/{ow.led_offer}/contact?lang=de",
        data={"csrf_token": token, "city_id": str(world.city["Heidelberg"]), "subject": "s", "body": "b"},
    )  # fmt: skip
    assert "schreiben Sie morgen wieder" in german.text
