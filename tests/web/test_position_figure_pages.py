"""A position's indicator evidence shows its figure with unit and year in the reader's language, on
the page and in the document; an unpublished city's or a draft inventory's figure never shows."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from citypact.services.positions import evidence, sending
from tests.conftest import World
from tests.factories import new_inventory
from tests.position_figures_fixture import figure_world, unpublish
from tests.web.test_pages import log_in

HIDDEN = ("7.37", "7,37", "9.13", "9,13")  # Kyoto unpublished, Munich's draft inventory


def _send(world: World, position_id: int) -> None:
    with world.db.write() as session:
        sending.send(session, world.actor("heidelberg_editor"), position_id, dt.date(2026, 3, 2), "letter")


def test_a_draft_shows_the_live_figure_and_says_when_a_year_has_none(
    client: TestClient, world: World
) -> None:
    position = figure_world(world)
    log_in(client, "heidelberg_editor")
    page = client.get(f"/positions/{position}").text
    figure = '<strong class="figure">5.8 t CO₂e/person</strong>'
    assert f"{figure} (public benchmark, now: test report Heidelberg 2022)" in page
    assert "no figure for 2021 in the public benchmark" in page  # never 2020's 6 nor 2022's 5.8
    assert "taken from the public benchmark as they stand when you mark the position as sent" in page


def test_a_sent_position_shows_the_figure_as_sent_in_three_languages(
    client: TestClient, world: World
) -> None:
    position = figure_world(world)
    unpublish(world, "Kyoto")
    _send(world, position)
    expected = {
        "en": "5.8 t CO₂e/person</strong> (public benchmark, as sent",
        "de": "5,8 t CO₂e/Person</strong> (öffentlicher Benchmark, wie versandt",
        "ja": "5.8 t CO₂e/人</strong> (公開ベンチマーク、送付時の値",
    }
    for lang, words in expected.items():
        for url in (f"/positions/{position}?lang={lang}", f"/positions/{position}/document?lang={lang}"):
            response = client.get(url)
            assert response.status_code == 200 and words in response.text, (lang, url)
            assert not any(h in response.text for h in HIDDEN), (lang, url)
    assert "kein Wert für 2021 im öffentlichen Benchmark" in client.get(f"/positions/{position}?lang=de").text
    pdf = client.get(f"/positions/{position}/document.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_figures_source_reads_in_the_readers_language(client: TestClient, world: World) -> None:
    position = figure_world(world)
    gas = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 100.0, "unit": "TJ"}
    new_inventory(world, year=2023, population=100_000, rows=[gas], completed=True, status="submitted")
    with world.db.write() as session:
        evidence.add_evidence(session, world.actor("heidelberg_editor"), position, {
            "kind": "indicator", "city_id": world.city["Heidelberg"],
            "indicator": "stationary_energy_per_capita", "year": 2023, "source": "Heidelberg",
        })  # fmt: skip
    log_in(client, "heidelberg_editor")
    page = client.get(f"/positions/{position}?lang=de").text
    # 100 TJ = 27,777.8 MWh over 100,000 people: 0.278 MWh per person.
    assert (
        "0,278 MWh/Person</strong> (öffentlicher Benchmark, aktueller Stand: "
        "GPC-Inventar, mit citypact berechnet (eingereicht))"
    ) in page
