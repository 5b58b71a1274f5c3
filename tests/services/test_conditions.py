"""One loader of framework conditions (services.conditions): the definitions every page shares."""

from __future__ import annotations

import math

from citypact.services.benchmarking.conditions import NATIONAL_DEGREE_DAYS, load_conditions
from citypact.storage.models import City, CityStatistic
from tests.conftest import World


def test_one_definition_of_grid_degree_days_and_population(world: World) -> None:
    heidelberg, munich, kyoto = (world.city[n] for n in ("Heidelberg", "Munich", "Kyoto"))
    with world.db.write() as session:
        for variable, value in (("hdd", 3100.0), ("cdd", 20.0)):
            session.add(
                CityStatistic(
                    city_id=munich, year=2015, variable=variable, value=value, unit="degC*day",
                    source="nangini2019_gea",
                )
            )  # fmt: skip
    with world.db.read() as session:
        area = session.get(City, heidelberg).area_km2  # type: ignore[union-attr]
        conditions = load_conditions(
            session, [heidelberg, munich, kyoto], year={heidelberg: 2021}, population={heidelberg: 150_000.0}
        )
    assert conditions.ids.tolist() == [heidelberg, munich, kyoto]
    # The fixture's DE grid: 356 g/kWh in 2021, 385.39 in 2022; JP 485.39 in 2022.
    # Heidelberg's reference year is 2021 (its latest emissions figure): that year's figure.
    # Munich and Kyoto have no figure: the latest published year.
    assert conditions.grid.tolist() == [0.356, 0.38539, 0.48539]
    assert conditions.grid_year is not None and conditions.grid_year.tolist() == [2021, 2022, 2022]
    # Degree days: Munich its own (GEA+); Heidelberg has none, so the national figure of the nearest
    # year (DE 2022: 2842.45), labelled national; Kyoto none at all (no national figure for JP).
    assert conditions.hdd[0] == 2842.45 and conditions.hdd[1] == 3100.0 and math.isnan(conditions.hdd[2])
    assert conditions.degree_day_source is not None
    assert conditions.degree_day_source.tolist() == [NATIONAL_DEGREE_DAYS, "nangini2019_gea", ""]
    # The population of the city's own figure wins over the registry's; density follows it.
    assert conditions.population[0] == 150_000.0
    if area:
        assert math.isclose(conditions.density[0], 150_000.0 / area)
    assert conditions.region is not None and conditions.region[0] == "Europe"
