"""No double counting: retiring credits, even toward the city's own target with the net figure
switched on, changes none of the city's GPC totals, its open inventory data, its year-over-year
trend or the benchmark's figures. They are gross; the credits are shown apart."""

from __future__ import annotations

import json
from typing import Any

from citypact.services.benchmarking.benchmark import city_benchmark
from citypact.services.credits import claims
from citypact.services.inventory import exports, inventories
from tests.conftest import World
from tests.credits_fixture import credit_world
from tests.factories import activity, new_inventory, reported_inventory


def _figures(world: World, inventory_id: int) -> dict[str, Any]:
    heidelberg = world.city["Heidelberg"]
    with world.db.read() as session:
        detail = inventories.get_inventory(session, world.actor("heidelberg_editor"), inventory_id)
        bench = city_benchmark(session, world.actor("public"), heidelberg, peers="country")
        trend = inventories.year_over_year(session, world.actor("heidelberg_editor"), heidelberg)
        listed = inventories.list_inventories(session, world.actor("heidelberg_editor"), heidelberg)
    return {
        "totals": detail.summary.totals,
        "open_data": json.dumps(exports.as_json(detail), sort_keys=True, default=str),
        "listed": [(s.year, s.totals) for s in listed],
        "trend": trend.to_dicts(),
        "benchmark": (bench.headline_year, bench.headline, bench.series, bench.trend_pct, bench.peer_series),
    }


def test_retired_credits_change_no_gross_figure(world: World) -> None:
    for city, year, scope1 in (("Heidelberg", 2021, 800_000), ("Heidelberg", 2022, 720_000),
                               ("Munich", 2021, 14_700_000), ("Munich", 2022, 11_760_000),
                               ("Cologne", 2022, 6_300_000)):  # fmt: skip
        reported_inventory(world, city, year, scope1, 1_000_000)
    inventory = new_inventory(world, year=2026)
    activity(world, inventory, {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"})
    before = _figures(world, inventory)
    credit_world(world)  # Heidelberg retires 100 credits toward its own target for 2026
    with world.db.write() as session:
        claims.set_net_display(session, world.actor("heidelberg_editor"), world.city["Heidelberg"], True)
    after = _figures(world, inventory)
    assert after == before
    assert before["benchmark"][1] is not None  # the benchmark had a figure to keep
    with world.db.read() as session:
        years = claims.gross_and_net(session, world.actor("heidelberg_editor"), world.city["Heidelberg"])
    net_2026 = next(y for y in years if y.year == 2026)
    assert net_2026.own_target_credits == 100 and net_2026.net_t is not None  # shown apart, labelled
