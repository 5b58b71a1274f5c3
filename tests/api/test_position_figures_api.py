"""/api/v1/positions/{id}: an indicator's figure with unit and year, typed; never an unpublished
city's or a draft inventory's."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from citypact.services.positions import sending
from tests.conftest import World, bearer
from tests.position_figures_fixture import figure_world, unpublish

P = "/api/v1/positions"
FIGURE = ("value", "unit", "data_year", "figure_source")


def test_the_api_gives_the_figure_live_on_a_draft_and_as_sent_after(client: TestClient, world: World) -> None:
    position = figure_world(world)
    draft = client.get(f"{P}/{position}", headers=bearer(world, "heidelberg_editor")).json()["evidence"]
    assert [tuple(e[k] for k in FIGURE) for e in draft] == [
        (5.8, "t CO2e/person", 2022, "test report Heidelberg 2022"),  # 580,000 t / 100,000 people
        (None, "t CO2e/person", None, None),  # no 2021 figure: none, not another year's
        (None, "t CO2e/person", None, None),  # Munich's inventory is a draft
        (7.37, "t CO2e/person", 2022, "test report Kyoto 2022"),
    ]
    assert all(e["figure_taken_at"] is None for e in draft)
    unpublish(world, "Kyoto")
    with world.db.write() as session:
        sending.send(session, world.actor("heidelberg_editor"), position, dt.date(2026, 3, 2), "email")
    sent = client.get(f"{P}/{position}")  # the public
    assert sent.status_code == 200
    evidence = sent.json()["evidence"]
    assert [e["value"] for e in evidence] == [5.8, None, None, None]
    assert all(e["figure_taken_at"] for e in evidence)
    assert "7.37" not in sent.text and "9.13" not in sent.text
