"""A demo provider, so a fresh installation shows business matchmaking at once: a business in
Heidelberg (the demo city) with two published offers, one with a reference in Heidelberg. The
company, its offers and the reference are illustrations, labelled as such."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.matchmaking import offers
from citypact.storage.funding import ProviderOffer
from citypact.storage.models import City, MeasureType, Organisation, utcnow

NAME = "Neckar Licht und Wärme GmbH (demo)"
OFFERS = (
    {
        "title": "LED street lighting with remote dimming (demo)",
        "kind": "technology",
        "summary": "Demo data: replaces street lights by LEDs and dims them at night from one control room.",
        "fields": ["buildings_municipal", "energy_supply"],
        "measure_types": ["led_street_lighting"],
        "countries": ["DE", "AT", "JP"],
        "languages": ["de", "en", "ja"],
    },
    {
        "title": "Energy advice for renovating schools (demo)",
        "kind": "service",
        "summary": "Demo data: audits of school buildings and a renovation roadmap with costs and savings.",
        "fields": ["buildings_municipal", "buildings_residential"],
        "measure_types": [],
        "countries": ["DE", "AT"],
        "languages": ["de", "en"],
    },
)


def seed_demo_offers(session: Session, operator: Actor) -> list[int]:
    """The demo provider and its offers, unless it exists or Heidelberg is not in the registry."""
    city = session.scalar(
        select(City.id).where(City.name == "Heidelberg", City.country == "DE").order_by(City.id).limit(1)
    )
    if city is None or session.scalar(select(Organisation.id).where(Organisation.name == NAME)) is not None:
        return []
    org = Organisation(
        name=NAME, kind="business", city_id=city, sector="lighting and building energy", status="confirmed",
        registered_at=utcnow(), decided_at=utcnow(),
    )  # fmt: skip
    session.add(org)
    session.flush()
    known = set(session.scalars(select(MeasureType.code)))
    made = []
    for values in OFFERS:
        types = [t for t in values["measure_types"] if t in known]
        offer = offers.create_offer(session, operator, org.id, {**values, "measure_types": types})
        made.append(offer.id)
    offers.add_reference(
        session, operator, made[0],
        {"city_id": city, "project": "LED retrofit of the old town's street lights (demo)", "year": 2024},
    )  # fmt: skip
    for offer_id in made:
        offers.set_status(session, operator, offer_id, "published")
    assert all(session.get(ProviderOffer, i) is not None for i in made)
    return made
