"""Test data of a network's public portal, C40 of the small registry (members Kyoto and Portland):

- Kyoto: counted inventories 2015 (1000 t, submitted) and 2020 (900 t, verified), a draft 2022
  (100 t, not counted) and its target: 50 % below 2015 by 2030. The path asks 1000 - 500 * 5/15 =
  833.3 t for 2020; 900 t is above it: "off_path", change 900/1000 - 1 = -10 %.
- Portland: counted 2015 (1000 t) and 2021 (820 t), no target: "change", -18 %.
- "Hidden Town": a member of C40, not published: never on the portal.
- Partnerships: a public one (Heidelberg and Kyoto) and a private one ("Secret pact").
- Deals: Kyoto's signed "Signed deal" and its draft "Draft deal".
- Cases: Kyoto's published "Published case" and unpublished "Unpublished case".
- News: a published post "Spring news" and a draft "Draft news" by the C40 secretariat.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update

from citypact.services.portal import news
from citypact.storage.deals import Deal
from citypact.storage.models import CaseStudy, City, Network, NetworkMember
from citypact.storage.partnerships import Partnership
from citypact.storage.plans import ClimateTarget
from tests.conftest import World
from tests.factories import new_city, proposed, reported_inventory


@dataclass(frozen=True)
class PortalWorld:
    hidden_city: int
    public_partnership: int
    private_partnership: int
    signed_deal: int
    draft_deal: int
    published_case: int
    hidden_case: int
    published_news: int
    draft_news: int


def _case(world: World, title: str, published: bool) -> int:
    with world.db.write() as session:
        case = CaseStudy(
            city_id=world.city["Kyoto"], field="energy_supply", instrument="investment",
            implementation="implemented", title=title, summary="What Kyoto did.", is_published=published,
        )  # fmt: skip
        session.add(case)
        session.flush()
        return case.id


def _deal(world: World, title: str, status: str) -> int:
    with world.db.write() as session:
        deal = Deal(
            city_id=world.city["Kyoto"], title=title, action_field="energy", status=status,
            signed_on=dt.date(2026, 3, 1) if status == "signed" else None,
        )  # fmt: skip
        session.add(deal)
        session.flush()
        return deal.id


def portal_world(world: World) -> PortalWorld:
    reported_inventory(world, "Kyoto", 2015, 1000.0)
    reported_inventory(world, "Kyoto", 2020, 900.0, status="verified")
    reported_inventory(world, "Kyoto", 2022, 100.0, status="draft")
    reported_inventory(world, "Portland", 2015, 1000.0)
    reported_inventory(world, "Portland", 2021, 820.0)
    hidden = new_city(world, name="Hidden Town", country="DE", lat=52.0, lon=13.0)
    with world.db.write() as session:
        session.add(
            ClimateTarget(
                city_id=world.city["Kyoto"], base_year=2015, base_emissions_t=1000.0, target_year=2030,
                reduction_pct=50.0, source="Kyoto climate plan",
            )
        )  # fmt: skip
        session.execute(update(City).where(City.id == hidden).values(is_published=False))
        c40 = session.scalar(select(Network.id).where(Network.slug == "c40"))
        session.add(NetworkMember(network_id=c40, city_id=hidden, source="test"))
    public_p = proposed(world, is_public=True)
    private_p = proposed(world, is_public=False)
    with world.db.write() as session:
        session.execute(update(Partnership).where(Partnership.id == private_p).values(title="Secret pact"))
        secretariat = world.actor("c40_secretariat")
        spring = news.create_news(
            session, secretariat, "c40",
            {"title": "Spring news", "body": "Ten cities met.\n\nThey agreed.", "language": "en"},
            publish=True,
        ).id  # fmt: skip
        draft = news.create_news(
            session, secretariat, "c40", {"title": "Draft news", "body": "Not yet.", "language": "en"}
        ).id
    return PortalWorld(
        hidden_city=hidden,
        public_partnership=public_p,
        private_partnership=private_p,
        signed_deal=_deal(world, "Signed deal", "signed"),
        draft_deal=_deal(world, "Draft deal", "draft"),
        published_case=_case(world, "Published case", True),
        hidden_case=_case(world, "Unpublished case", False),
        published_news=spring,
        draft_news=draft,
    )
