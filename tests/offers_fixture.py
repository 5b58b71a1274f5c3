"""Test data of low-carbon business matchmaking, made through the services like every user's.

- the measures catalogue (led_street_lighting, renovation_subsidy) and Munich's published LED case;
- "Neckar Licht GmbH" (business, Heidelberg, confirmed) with its confirmed person `provider_person`;
  its offer "LED retrofit" (led_street_lighting, field buildings_municipal, DE/AT, de/en, published)
  with a reference in Munich linking the case, and a draft "Heat pump pilots";
- "Kansai Solar KK" (business, Kyoto) with `other_provider`: a published offer for Japan only;
- "Altstadt Verein" (an NGO, confirmed) with `ngo_person`: may not list offers;
- Heidelberg's plan: LED street lighting (planned) and a renovation subsidy (implemented, so done),
  and a cooperation need in transport that no offer fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from citypact.domain.access import Role
from citypact.services.auth import accounts
from citypact.services.cooperation import offers as cooperation
from citypact.services.matchmaking import offers
from citypact.storage.models import CaseStudy, Organisation, User
from citypact.storage.stakeholders import OrganisationPerson
from tests.conftest import World
from tests.factories import plan_measure, seed_library, user

LED_OFFER = {
    "title": "LED retrofit",
    "kind": "technology",
    "summary": "Street lights replaced by LEDs with remote dimming.",
    "fields": ["buildings_municipal"],
    "measure_types": ["led_street_lighting"],
    "countries": ["DE", "AT"],
    "languages": ["de", "en"],
}


@dataclass(frozen=True)
class OfferWorld:
    provider: int  # Neckar Licht GmbH
    other_provider: int  # Kansai Solar KK
    ngo: int
    led_offer: int  # published
    draft_offer: int
    kyoto_offer: int  # published, JP only
    reference: int
    led_measure: int  # Heidelberg's, planned
    done_measure: int
    transport_need: int  # Heidelberg's cooperation need
    case_id: int


def _org(world: World, name: str, kind: str, city: str, person: str) -> int:
    with world.db.write() as session:
        org = Organisation(
            name=name, kind=kind, city_id=world.city[city], status="confirmed",
            contact_email=f"contact@{person}.example",
        )  # fmt: skip
        session.add(org)
        session.flush()
        person_id = user(session, name=person, role=Role.STAKEHOLDER, scope_id=org.id)
        session.add(OrganisationPerson(organisation_id=org.id, user_id=person_id, status="confirmed"))
        org_id = org.id
    with world.db.write() as session:
        world.users.update({u.name: u.id for u in session.scalars(select(User))})
        actor = accounts.actor_for(session, person_id)
        assert actor is not None
        world.tokens[person] = accounts.issue_token(session, actor, "tests").token
    return org_id


def offer_world(world: World) -> OfferWorld:
    seed_library(world)
    provider = _org(world, "Neckar Licht GmbH", "business", "Heidelberg", "provider_person")
    other = _org(world, "Kansai Solar KK", "business", "Kyoto", "other_provider")
    ngo = _org(world, "Altstadt Verein", "ngo", "Heidelberg", "ngo_person")
    with world.db.read() as session:
        case_id = session.scalar(select(CaseStudy.id))
    assert case_id is not None
    person = world.actor("provider_person")
    with world.db.write() as session:
        led = offers.create_offer(session, person, provider, LED_OFFER)
        ref = offers.add_reference(
            session, person, led.id,
            {"city_id": world.city["Munich"], "project": "Munich street lights", "year": 2022,
             "case_study_id": case_id, "url": "https://example.org/munich-led"},
        )  # fmt: skip
        offers.set_status(session, person, led.id, "published")
        draft = offers.create_offer(
            session, person, provider,
            {"title": "Heat pump pilots", "kind": "service", "fields": ["buildings_residential"]},
        )  # fmt: skip
        ids = (led.id, ref.id, draft.id)
    with world.db.write() as session:
        kyoto = offers.create_offer(
            session, world.actor("other_provider"), other,
            {"title": "Rooftop PV", "kind": "technology", "fields": ["buildings_municipal", "energy_supply"],
             "countries": ["JP"], "languages": ["ja"]},
        )  # fmt: skip
        offers.set_status(session, world.actor("other_provider"), kyoto.id, "published")
        kyoto_id = kyoto.id
    led_measure = plan_measure(world, measure="led_street_lighting", implementation="planned")
    done = plan_measure(world, measure="renovation_subsidy", implementation="implemented")
    with world.db.write() as session:
        need = cooperation.add_item(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"],
            {"kind": "need", "field": "transport", "support": "training",
             "description": "Bus depot electrification"},
        )  # fmt: skip
        need_id = need.id
    return OfferWorld(
        provider=provider, other_provider=other, ngo=ngo, led_offer=ids[0], draft_offer=ids[2],
        kyoto_offer=kyoto_id, reference=ids[1], led_measure=led_measure, done_measure=done,
        transport_need=need_id, case_id=case_id,
    )  # fmt: skip
