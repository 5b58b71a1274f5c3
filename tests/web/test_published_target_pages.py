"""Published (CDP 2021) targets on the city page and in the API's city detail."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.services.registry.public_targets import load_public_targets
from tests.conftest import World
from tests.services.test_public_targets import ROWS, _table


def test_city_page_and_api_show_the_published_targets(client: TestClient, world: World) -> None:
    with world.db.write() as session:
        load_public_targets(session, _table(ROWS))
    heidelberg = world.city["Heidelberg"]
    detail = client.get(f"/api/v1/cities/{heidelberg}").json()
    targets = detail["public_targets"]
    assert [(t["target_year"], t["sector"]) for t in targets] == [
        (2030, "Transport"),
        (2030, None),
        (2050, None),
    ]
    assert targets[2] | {"source_title": ""} == {
        "source": "cdp_targets_2021", "source_title": "", "reported_year": 2021,
        "target_type": "base_year_absolute", "sector": None, "base_year": 1987,
        "base_emissions_t": 1_000_000.0, "reduction_pct": 95.0, "target_year": 2050,
        "target_emissions_t": None, "paris_alignment": "1.5C",
        "achieved_pct": 20.0, "year_set": None,
    }  # fmt: skip
    assert client.get(f"/api/v1/cities/{world.city['Portland']}").json()["public_targets"] == []
    page = client.get(f"/cities/{heidelberg}").text
    assert 'id="published-targets"' in page and "1.5 °C pathway" in page and "CDP-ICLEI 2021" in page
    german = client.get(f"/cities/{heidelberg}", params={"lang": "de"}).text
    assert "Veröffentlichte Minderungsziele" in german and "1,5-°C-Pfad" in german
    japanese = client.get(f"/cities/{heidelberg}", params={"lang": "ja"}).text
    assert "公表された排出削減目標" in japanese
    assert 'id="published-targets"' not in client.get(f"/cities/{world.city['Portland']}").text
