"""Providers' offers, a city's needs with the offers that fit, and conversations: who may do what,
bad input, and that a refused request writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from citypact.domain.access import Actor
from citypact.services.cooperation import offers as cooperation
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
    StaleVersion,
)
from citypact.services.matchmaking import messages, needs, offers
from citypact.storage.funding import (
    ProviderConversation,
    ProviderMessage,
    ProviderOffer,
    ProviderOfferReference,
)
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.factories import confirm_membership
from tests.offers_fixture import LED_OFFER, OfferWorld, offer_world


@pytest.fixture
def ow(world: World) -> OfferWorld:
    return offer_world(world)


def counts(world: World) -> tuple[int, ...]:
    with world.db.read() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t)) or 0
            for t in (
                ProviderOffer,
                ProviderOfferReference,
                ProviderConversation,
                ProviderMessage,
                AuditEntry,
            )
        )


def test_provider_creates_publishes_and_the_public_sees_published_only(world: World, ow: OfferWorld) -> None:
    with world.db.read() as session:
        public = offers.list_offers(session, Actor())
        assert {o.title for o in public} == {"LED retrofit", "Rooftop PV"}
        with pytest.raises(NotFound):
            offers.get_offer(session, Actor(), ow.draft_offer)
        own = offers.list_offers(session, world.actor("provider_person"), organisation_id=ow.provider)
        assert {o.title for o in own} == {"LED retrofit", "Heat pump pilots"}
        led = offers.get_offer(session, Actor(), ow.led_offer)
        assert led.references[0].city_name == "Munich" and led.references[0].case_study_id == ow.case_id
        assert not led.may_edit


@pytest.mark.parametrize("who", ["other_provider", "heidelberg_editor", "c40_secretariat", "plain_user"])
def test_only_the_own_organisation_edits_its_offer(world: World, ow: OfferWorld, who: str) -> None:
    before = counts(world)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        offers.update_offer(session, world.actor(who), ow.led_offer, {"title": "Hijacked"})
    with world.db.write() as session, pytest.raises(PermissionDenied):
        offers.add_reference(session, world.actor(who), ow.led_offer, {"place": "X", "project": "Y"})
    with world.db.write() as session, pytest.raises((PermissionDenied, NotFound)):
        offers.create_offer(session, world.actor(who), ow.provider, LED_OFFER)
    with world.db.write() as session, pytest.raises(NotFound):
        offers.set_status(session, world.actor(who), ow.draft_offer, "published")
    assert counts(world) == before
    with world.db.read() as session:
        assert offers.get_offer(session, Actor(), ow.led_offer).title == "LED retrofit"


def test_public_gets_not_authenticated(world: World, ow: OfferWorld) -> None:
    with world.db.write() as session, pytest.raises(NotAuthenticated):
        offers.update_offer(session, Actor(), ow.led_offer, {"title": "x"})


def test_an_ngo_may_not_list_offers(world: World, ow: OfferWorld) -> None:
    before = counts(world)
    with world.db.write() as session, pytest.raises(Conflict, match="business or research"):
        offers.create_offer(session, world.actor("ngo_person"), ow.ngo, LED_OFFER)
    assert counts(world) == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({**LED_OFFER, "title": ""}, "title"),
        ({**LED_OFFER, "kind": "gadget"}, "kind"),
        ({**LED_OFFER, "fields": ["space"]}, "fields"),
        ({**LED_OFFER, "measure_types": ["teleport"]}, "measure_types"),
        ({**LED_OFFER, "countries": ["XX"]}, "countries"),
        ({**LED_OFFER, "languages": ["english"]}, "languages"),
        ({**LED_OFFER, "fields": [], "measure_types": []}, "fields"),
        ({**LED_OFFER, "countries": [f"C{i}" for i in range(40)]}, "countries"),
        ({**LED_OFFER, "price": 1}, "price"),
        ({**LED_OFFER, "summary": "x" * 4001}, "summary"),
    ],
)
def test_bad_offer_input_names_the_field(
    world: World, ow: OfferWorld, values: dict[str, object], field: str
) -> None:
    before = counts(world)
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        offers.create_offer(session, world.actor("provider_person"), ow.provider, values)
    assert error.value.field == field
    assert counts(world) == before


def test_update_is_versioned_and_audited(world: World, ow: OfferWorld) -> None:
    person = world.actor("provider_person")
    with world.db.write() as session:
        version = offers.get_offer(session, person, ow.led_offer).version
        offers.update_offer(
            session, person, ow.led_offer, {"summary": "Now with sensors."}, expected_version=version
        )
    with world.db.write() as session, pytest.raises(StaleVersion):
        offers.update_offer(session, person, ow.led_offer, {"summary": "Old read"}, expected_version=version)
    with world.db.read() as session:
        entries = session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "provider_offer", AuditEntry.entity_id == str(ow.led_offer)
            )
        ).all()
    assert {"create", "add_reference", "set_status", "update"} <= set(entries)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"project": "P"}, "city_id"),
        ({"place": "Graz", "project": ""}, "project"),
        ({"place": "Graz", "project": "P", "url": "http://example.org"}, "url"),
        ({"place": "Graz", "project": "P", "year": 1800}, "year"),
        ({"place": "Graz", "project": "P", "case_study_id": 99999}, "case_study_id"),
        ({"city_id": 99999, "project": "P"}, "city_id"),
    ],
)
def test_bad_reference_names_the_field(
    world: World, ow: OfferWorld, values: dict[str, object], field: str
) -> None:
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        offers.add_reference(session, world.actor("provider_person"), ow.led_offer, values)
    assert error.value.field == field


def test_reference_removed(world: World, ow: OfferWorld) -> None:
    with world.db.write() as session:
        offers.remove_reference(session, world.actor("provider_person"), ow.led_offer, ow.reference)
    with world.db.read() as session:
        assert offers.get_offer(session, Actor(), ow.led_offer).references == ()


def test_city_needs_meet_fitting_offers_with_reasons(world: World, ow: OfferWorld) -> None:
    with world.db.read() as session:
        found = needs.city_needs(session, world.actor("heidelberg_editor"), world.city["Heidelberg"])
    by = {(n.source, n.id): n for n in found.needs}
    assert ("plan_measure", ow.done_measure) not in by  # implemented: no longer a need
    led = by["plan_measure", ow.led_measure]
    assert [o.offer_id for o in led.offers] == [ow.led_offer]  # Kansai serves JP only
    assert {"same_measure_type", "same_field", "serves_country", "speaks_language", "published_case"} <= set(
        led.offers[0].reasons
    )
    assert by["cooperation_need", ow.transport_need].offers == ()


def test_secretariat_sees_needs_without_offers(world: World, ow: OfferWorld) -> None:
    confirm_membership(world, "Kyoto")  # Heidelberg is no member of C40
    with world.db.write() as session:
        kyoto, editor = world.city["Kyoto"], world.actor("kyoto_editor")
        unmet = cooperation.add_item(
            session, editor, kyoto, {"kind": "need", "field": "waste", "support": "training"}
        )
        cooperation.add_item(
            session, editor, kyoto, {"kind": "need", "field": "energy_supply", "support": "training"}
        )
        unmet_id = unmet.id
    with world.db.read() as session:
        open_needs = needs.needs_without_offers(session, world.actor("c40_secretariat"), "c40")
        assert [(n.city_name, n.source, n.id) for n in open_needs] == [
            ("Kyoto", "cooperation_need", unmet_id)
        ]
        with pytest.raises(PermissionDenied):
            needs.needs_without_offers(session, world.actor("heidelberg_editor"), "c40")
        with pytest.raises(NotAuthenticated):
            needs.needs_without_offers(session, Actor(), "c40")


def _start(world: World, ow: OfferWorld, who: str = "heidelberg_editor") -> int:
    with world.db.write() as session:
        return messages.start_conversation(
            session, world.actor(who), ow.led_offer, world.city["Heidelberg"], subject="LED for the old town",
            body="Could you retrofit 2 000 lights?", plan_measure_id=ow.led_measure,
        ).id  # fmt: skip


def test_conversation_both_sides_read_and_reply_with_unread_counts(world: World, ow: OfferWorld) -> None:
    cid = _start(world, ow)
    with world.db.read() as session:
        box = messages.inbox(session, world.actor("provider_person"))
        assert [(c.id, c.unread, c.side) for c in box] == [(cid, 1, "provider")]
        assert messages.inbox(session, world.actor("other_provider")) == []
    with world.db.write() as session:
        read = messages.read_conversation(session, world.actor("provider_person"), cid)
        assert read.messages[0].body.startswith("Could you")
        messages.reply(session, world.actor("provider_person"), cid, "Yes, from March.")
    with world.db.write() as session:
        assert messages.inbox(session, world.actor("provider_person"))[0].unread == 0
        assert messages.inbox(session, world.actor("heidelberg_viewer"))[0].unread == 1
        messages.reply(session, world.actor("heidelberg_viewer"), cid, "Thank you.")
        seen = messages.read_conversation(session, world.actor("heidelberg_editor"), cid)
        assert [m.side for m in seen.messages] == ["city", "provider", "city"]
        assert seen.messages[0].read_at is not None  # the provider opened it


@pytest.mark.parametrize("who", ["other_provider", "kyoto_editor", "c40_secretariat", "admin", "plain_user"])
def test_outsiders_do_not_read_or_reply(world: World, ow: OfferWorld, who: str) -> None:
    cid = _start(world, ow)
    before = counts(world)
    with world.db.write() as session, pytest.raises(NotFound):
        messages.read_conversation(session, world.actor(who), cid)
    with world.db.write() as session, pytest.raises(NotFound):
        messages.reply(session, world.actor(who), cid, "Let me in")
    assert counts(world) == before


@pytest.mark.parametrize("who", ["heidelberg_viewer", "kyoto_editor", "provider_person", "plain_user"])
def test_only_the_citys_editor_starts_a_conversation(world: World, ow: OfferWorld, who: str) -> None:
    before = counts(world)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        messages.start_conversation(
            session, world.actor(who), ow.led_offer, world.city["Heidelberg"], subject="s", body="b"
        )
    assert counts(world) == before


def test_message_bounds_and_need_checks(world: World, ow: OfferWorld) -> None:
    editor = world.actor("heidelberg_editor")
    city = world.city["Heidelberg"]
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        messages.start_conversation(session, editor, ow.led_offer, city, subject="s", body="x" * 4001)
    assert error.value.field == "body"
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        messages.start_conversation(session, editor, ow.led_offer, city, subject="s", body="")
    assert error.value.field == "body"
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        messages.start_conversation(
            session, editor, ow.led_offer, city, subject="s", body="b", plan_measure_id=999999
        )
    assert error.value.field == "plan_measure_id"
    with world.db.write() as session, pytest.raises(NotFound):
        messages.start_conversation(session, editor, ow.draft_offer, city, subject="s", body="b")


def test_rate_limit_per_city_per_day(world: World, ow: OfferWorld) -> None:
    for _ in range(messages.MAX_NEW_PER_DAY):
        _start(world, ow)
    before = counts(world)
    with pytest.raises(RateLimited, match="tomorrow"):
        _start(world, ow)
    assert counts(world) == before


def test_filters_take_codes_literally(world: World, ow: OfferWorld) -> None:
    with world.db.read() as session:
        assert [
            o.title for o in offers.list_offers(session, Actor(), measure_type="led_street_lighting")
        ] == ["LED retrofit"]
        assert offers.list_offers(session, Actor(), measure_type="led%") == []
        assert offers.list_offers(session, Actor(), measure_type="led_street_lightin_") == []
        assert {o.title for o in offers.list_offers(session, Actor(), language="ja")} == {"Rooftop PV"}


def test_the_candidate_index_ranks_as_all_offers_do(world: World, ow: OfferWorld) -> None:
    from citypact.domain.offer_match import Need, fitting

    with world.db.read() as session:
        facts, _ = needs.published_offer_facts(session)
        found = needs.city_needs(session, Actor(), world.city["Heidelberg"])
    index = needs.Candidates(facts)
    assert found.needs
    for view in found.needs:
        made = Need(view.source, view.id, world.city["Heidelberg"], view.field, view.measure_type, "DE", None)
        assert [f.offer_id for f in fitting(made, facts)] == [
            f.offer_id for f in fitting(made, index.of(made))
        ]
