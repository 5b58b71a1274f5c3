"""Test data of the figures behind a position's indicator evidence, made like every user's (the
inventories as `data load` stores reported totals, through tests.factories.reported_inventory):

- Heidelberg's submitted inventories 2020 (600,000 t) and 2022 (580,000 t), 100,000 people each:
  territorial emissions per capita 6.0 and 5.8 t CO2e/person; it has none for 2021;
- Munich's 2022 inventory, still a draft: 913,000 t for 100,000 people (9.13, never public);
- Kyoto's 2022 inventory, submitted: 737,000 t for 100,000 people (7.37; public until a test
  unpublishes Kyoto);
- Heidelberg's draft position "Figures for the Bundestag", signed by Heidelberg (ready to send), with
  four indicators as evidence, in this order: Heidelberg 2022, Heidelberg 2021, Munich 2022, Kyoto 2022.
"""

from __future__ import annotations

from sqlalchemy import update

from citypact.services.positions import drafting, evidence, signing
from citypact.storage.models import City, utcnow
from tests.conftest import World
from tests.factories import reported_inventory

INDICATOR = "scope1_per_capita"
LINKED = (("Heidelberg", 2022), ("Heidelberg", 2021), ("Munich", 2022), ("Kyoto", 2022))


def figure_world(world: World) -> int:
    """The draft position's id."""
    reported_inventory(world, "Heidelberg", 2020, 600_000, 100_000)
    reported_inventory(world, "Heidelberg", 2022, 580_000, 100_000)
    reported_inventory(world, "Munich", 2022, 913_000, 100_000, status="draft")
    reported_inventory(world, "Kyoto", 2022, 737_000, 100_000)
    hd = world.city["Heidelberg"]
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        made = drafting.create_position(session, editor, {
            "city_id": hd, "title": "Figures for the Bundestag", "text": "What our inventories show.",
            "asks": "Fund municipal heat plans", "level": "national", "institution": "Bundestag",
        })  # fmt: skip
        for city, year in LINKED:
            evidence.add_evidence(session, editor, made.id, {
                "kind": "indicator", "city_id": world.city[city], "indicator": INDICATOR, "year": year,
                "source": f"{city}'s inventory {year}",
            })  # fmt: skip
        signing.sign(session, editor, made.id, hd)
        return made.id


def unpublish(world: World, city: str) -> None:
    """Take the city off the public pages (as an administrator's edit does: it touches updated_at)."""
    with world.db.write() as session:
        session.execute(
            update(City).where(City.id == world.city[city]).values(is_published=False, updated_at=utcnow())
        )
