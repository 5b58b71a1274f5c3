"""One population per city, with its year and source: the latest year wins; on the same year the
city's inventory, then its statistics, then the registry; the pages show that one figure."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import delete

from citypact.services.registry.population import INVENTORY, Population, population, populations
from citypact.storage.models import City, CityStatistic
from tests.conftest import World
from tests.factories import reported_inventory


def _registry(world: World, value: int, year: int, source: str) -> None:
    """The registry's figure, and no statistics of population yet (the fixture has some)."""
    with world.db.write() as session:
        session.execute(
            delete(CityStatistic).where(
                CityStatistic.city_id == world.city["Heidelberg"], CityStatistic.variable == "population"
            )
        )
        city = session.get(City, world.city["Heidelberg"])
        assert city is not None
        city.population, city.population_year, city.population_source = value, year, source


def _statistic(world: World, value: float, year: int, source: str = "Statistisches Landesamt") -> None:
    with world.db.write() as session:
        session.add(
            CityStatistic(
                city_id=world.city["Heidelberg"], year=year, variable="population", value=value,
                unit="persons", source=source,
            )
        )  # fmt: skip


def test_the_latest_figure_is_chosen(world: World) -> None:
    hd = world.city["Heidelberg"]
    _registry(world, 144_000, 2016, "nangini2019")
    with world.db.read() as session:
        assert population(session, hd) == Population(144_000, 2016, "nangini2019")
    _statistic(world, 160_355, 2020)
    with world.db.read() as session:
        assert population(session, hd) == Population(160_355, 2020, "Statistisches Landesamt")
    reported_inventory(world, "Heidelberg", 2022, 1_000_000, population=147_437)
    reported_inventory(
        world, "Heidelberg", 2023, 1_000_000, population=150_000, status="draft"
    )  # a draft: not
    with world.db.read() as session:
        assert population(session, hd) == Population(147_437, 2022, INVENTORY)
    _statistic(world, 158_000.4, 2022)  # the same year: the city's inventory stays first
    with world.db.read() as session:
        assert population(session, hd) == Population(147_437, 2022, INVENTORY)
        both = populations(session, [hd, world.city["Kyoto"], 999_999])
    assert set(both) <= {hd, world.city["Kyoto"]} and both[hd].value == 147_437


def test_same_year_statistic_beats_the_registry_and_pages_agree(client: TestClient, world: World) -> None:
    hd = world.city["Heidelberg"]
    _registry(world, 144_000, 2016, "nangini2019")
    _statistic(world, 147_437.0, 2016, "census")
    page = client.get(f"/cities/{hd}").text
    assert '<dd id="population">147,437 <small>(2016, census)</small></dd>' in page
    listed = client.get("/cities", params={"q": "Heidelberg"}).text
    assert "147,437 <small>(2016, census)</small>" in listed and "144,000" not in listed
    reported_inventory(world, "Heidelberg", 2022, 1_000_000, population=150_001)
    german = client.get(f"/cities/{hd}", params={"lang": "de"}).text
    assert "150.001 <small>(2022, die Bilanz der Stadt)</small>" in german
