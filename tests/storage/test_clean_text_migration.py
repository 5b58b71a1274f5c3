"""Migration 0010 removes hostile characters from text stored before they were refused."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select, update

from citypact.domain.text import refused_character
from citypact.services.registry.cities import search_cities
from citypact.storage.migrate import alembic_config, upgrade
from citypact.storage.models import City, Network
from citypact.storage.plans import PlanKpi, PlanMeasure
from tests.conftest import PG_URL, World

NUL = "" if PG_URL else "\x00"  # PostgreSQL never stored one


def test_stored_hostile_text_is_cleaned(database_url: str, world: World) -> None:
    heidelberg, kyoto = world.city["Heidelberg"], world.city["Kyoto"]
    command.downgrade(alembic_config(database_url), "0009")
    with world.db.write() as session:
        session.execute(
            update(City)
            .where(City.id == heidelberg)
            .values(name=f"Heidel\x01berg{NUL}\u202e", description="Old town\n\tBahnstadt\x1b[31m\ufffe")
        )
        session.execute(update(City).where(City.id == kyoto).values(admin_area="Kyoto\nPrefecture\u2066"))
        session.execute(update(Network).where(Network.slug == "c40").values(name="C40\x7f Cities\x85"))
        session.execute(
            PlanMeasure.__table__.insert().values(
                city_id=heidelberg,
                title="LED\x07 lights",
                field="transport",
                instrument="soft",
                decision_level="municipality",
                implementation="planned",
                description="",
                owner_department="",
                responsible="",
                funding="",
                reduction_method="",
                gpc_refs="",
            )
        )
        plan_id = session.scalar(select(PlanMeasure.id).where(PlanMeasure.city_id == heidelberg))
        session.execute(
            PlanKpi.__table__.insert().values(
                plan_measure_id=plan_id,
                name="buses",
                unit="count",
                target=10,
                target_year=2030,
                measured=[{"year": 2024, "value": 3, "source": "fleet\x01 list"}],
            )
        )
    upgrade(database_url)
    with world.db.read() as session:
        city = session.get(City, heidelberg)
        assert city is not None
        assert city.name == "Heidelberg"
        assert city.description == "Old town\n\tBahnstadt[31m"
        assert "|heidelberg|" in city.search_text
        assert session.scalar(select(City.admin_area).where(City.id == kyoto)) == "Kyoto Prefecture"
        assert session.scalar(select(Network.name).where(Network.slug == "c40")) == "C40 Cities"
        assert session.scalar(select(PlanMeasure.title).where(PlanMeasure.id == plan_id)) == "LED lights"
        measured = session.scalar(select(PlanKpi.measured).where(PlanKpi.plan_measure_id == plan_id))
        assert measured == [{"year": 2024, "value": 3, "source": "fleet list"}]
        assert [c.name for c in search_cities(session, q="Heidelberg").items] == ["Heidelberg"]
        for name in session.scalars(select(City.name)):
            assert refused_character(name) is None
