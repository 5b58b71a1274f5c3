"""Test data of a network's annual report, with figures computed by hand in the tests.

C40's published members: Kyoto and Portland (from the registry) and Heidelberg (added here); and
"Hidden Town", a member city that is not published (nothing of it may show). Inventories (reported
GPC BASIC totals in t CO2e, the inventory's population):

    Kyoto       2020 submitted 1000 t, 100 people;  2025 verified 800 t, 100 people
    Portland    2020 submitted 2000 t, 400 people;  2024 submitted 2500 t, 500 people;
                2025 DRAFT 100 t (never counted)
    Heidelberg  2023 submitted 600 t, 200 people
    Hidden Town 2020 and 2025 submitted 9999 t (unpublished city: never counted)

Report 2025 with base year 2020 (the earliest): latest totals 800 + 2500 + 600 = 3900 t, people
100 + 500 + 200 = 800, 4.875 t per person; compared (Kyoto, Portland): 3000 t -> 3300 t, +10 %;
Kyoto -20 %, Portland +25 %.

Partnerships of C40: a public one (Heidelberg and Kyoto, declared, two goals, one achieved) and a
private one (never shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from citypact.storage.models import City, Inventory, Network, NetworkMember
from citypact.storage.partnerships import Partnership, PartnershipGoal
from tests.conftest import World
from tests.factories import declared, new_city, proposed

INVENTORIES = (
    # city, year, status, t CO2e, population
    ("Kyoto", 2020, "submitted", 1000.0, 100),
    ("Kyoto", 2025, "verified", 800.0, 100),
    ("Portland", 2020, "submitted", 2000.0, 400),
    ("Portland", 2024, "submitted", 2500.0, 500),
    ("Portland", 2025, "draft", 100.0, 500),
    ("Heidelberg", 2023, "submitted", 600.0, 200),
    ("Hidden Town", 2020, "submitted", 9999.0, 50),
    ("Hidden Town", 2025, "submitted", 9999.0, 50),
)


@dataclass(frozen=True)
class ReportWorld:
    network_id: int
    hidden_city: int
    public_partnership: int
    private_partnership: int


def set_inventory(world: World, city: str, year: int, status: str, total: float, population: int) -> None:
    """Insert (or change) a reported inventory directly, with its status and GPC BASIC total."""
    with world.db.write() as session:
        found = session.scalar(
            select(Inventory).where(Inventory.city_id == world.city[city], Inventory.year == year)
        )
        if found is None:
            found = Inventory(city_id=world.city[city], year=year, factor_library="test")
            session.add(found)
        found.status = status
        found.population = population
        found.reported = {"basic": total, "scope1": total}
        found.reported_source = f"test report {city} {year}"
        found.reported_gases = "CO2e"


def report_world(world: World) -> ReportWorld:
    hidden = new_city(world, name="Hidden Town", country="DE", population=50)
    world.city["Hidden Town"] = hidden
    with world.db.write() as session:
        network_id = session.scalar(select(Network.id).where(Network.slug == "c40"))
        assert network_id is not None
        session.get_one(City, hidden).is_published = False
        for name in ("Heidelberg", "Hidden Town"):
            session.add(
                NetworkMember(network_id=network_id, city_id=world.city[name], since_year=2020, source="test")
            )
    for row in INVENTORIES:
        set_inventory(world, *row)
    public = declared(world, is_public=True)
    private = proposed(world, is_public=False)
    with world.db.write() as session:
        for pid in (public, private):
            made = session.get_one(Partnership, pid)
            made.network_id = network_id
            made.created_at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
        session.add(PartnershipGoal(partnership_id=public, text="A heat plan each", status="achieved"))
        session.add(PartnershipGoal(partnership_id=public, text="A joint tender", status="open"))
        session.add(PartnershipGoal(partnership_id=private, text="Secret goal", status="achieved"))
    return ReportWorld(network_id, hidden, public, private)
