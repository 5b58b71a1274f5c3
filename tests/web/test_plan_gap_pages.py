"""One gap figure: the plan, the city page and the benchmark say the same thing for a city with
inventories, a target set from one of them, and measures."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.factories import reported_inventory
from tests.web.test_pages import log_in

GAP = re.compile(r'<(?:p|li) id="(?:gap|target)">(.*?)</(?:p|li)>', re.S)


def _gap_text(page: str) -> str:
    found = GAP.search(page)
    assert found, "no gap on the page"
    return html.unescape(re.sub(r"\s+", " ", found.group(1)))


def test_plan_city_and_benchmark_show_the_same_gap(client: TestClient, world: World) -> None:
    reported_inventory(world, "Heidelberg", 2021, 800_000, 160_000)
    reported_inventory(world, "Heidelberg", 2022, 720_000, 160_000)
    for city, population in (("Munich", 1_470_000), ("Cologne", 1_000_000)):
        reported_inventory(world, city, 2022, 7.0 * population, population)
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    form = client.get(f"/cities/{heidelberg}/plan").text
    assert 'id="target-from-inventory"' in form and '<option value="2022">' in form
    response = client.post(
        f"/cities/{heidelberg}/target",
        data={"csrf_token": token, "from_inventory": "2021", "target_year": "2025", "reduction_pct": "50",
              "source": "council decision"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    response = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={"csrf_token": token, "title": "Heat pumps", "field": "buildings_residential",
              "instrument": "fiscal", "start_date": "2023-01-01", "end_date": "2024-12-31",
              "expected_reduction_t": "50000"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    plan = _gap_text(client.get(f"/cities/{heidelberg}/plan").text)
    city = _gap_text(client.get(f"/cities/{heidelberg}").text)
    benchmark = _gap_text(client.get(f"/cities/{heidelberg}/benchmark").text)
    # 2022: 720,000 t against the path's 700,000 (800,000 in 2021 to 400,000 in 2025): 3 % above;
    # (400,000 / 720,000) ** (1/3) - 1 = -17.8 % a year from 2022 to 2025; by 2025 the measure cuts
    # 50,000 t: 670,000 - 400,000 = 270,000 t left to find.
    expected = (
        "Base year 2021: 800,000 t CO₂e, from the 2021 inventory. In 2022 emissions were 720,000 t CO₂e "
        "(from the 2022 inventory); the straight path to the target asks for 700,000 t. That is 3% above "
        "the path. Reaching the target takes −17.8% a year from now on. The measures in the plan leave "
        "270,000 t CO₂e to find by 2025."
    )
    assert plan == expected and city == expected
    sectors = client.get(f"/cities/{heidelberg}/plan").text.split('id="wedge-by-sector"')[1]
    assert "sector not given" in sectors and "50,000" in sectors
    assert benchmark == "Target: 50% less than 800,000 t CO₂e (2021) by 2025. " + expected
    german = _gap_text(client.get(f"/cities/{heidelberg}/plan", params={"lang": "de"}).text)
    assert "270.000" in german and "Basisjahr 2021" in german and "aus der Bilanz 2022" in german


def test_the_measure_form_keeps_funding_sector_responsible_and_co_benefits(
    client: TestClient, world: World
) -> None:
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    form = client.get(f"/cities/{heidelberg}/plan").text
    assert 'name="funding_source"' in form and 'value="resilience"' in form and 'name="gpc_sector"' in form
    response = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={"csrf_token": token, "title": "Heat pumps", "field": "buildings_residential",
              "instrument": "fiscal", "opex_per_year": "12000.5", "currency": "EUR",
              "funding_source": "eu_grant", "funding": "ERDF 2021-2027", "gpc_sector": "I",
              "responsible": "Energy agency", "co_benefits": ["health", "air_quality"]},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    page = client.get(f"/cities/{heidelberg}/plan").text
    assert "GPC sector I: Stationary energy" in page and "Funding: EU grant" in page
    assert "Operating cost: 12,000.50 EUR a year" in page and "Responsible: Energy agency" in page
    assert "Co-benefits: Air quality, Health" in page  # in the taxonomy's order
    assert 'id="wedge-by-sector"' not in page  # no target: no wedge to split
    german = client.get(f"/cities/{heidelberg}/plan", params={"lang": "de"}).text
    assert "EU-Förderung" in german
    exported = client.get(f"/api/v1/cities/{heidelberg}/plan/export", params={"format": "json"}).json()
    row = exported["measures"][0]
    assert (row["funding_source"], row["gpc_sector"], row["co_benefits"]) == (
        "eu_grant",
        "I",
        "air_quality;health",
    )
    assert row["opex_per_year"] == 12000.5 and row["responsible"] == "Energy agency"
    bad = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={"csrf_token": token, "title": "X", "field": "transport", "instrument": "soft",
              "funding_source": "lottery"},
    )  # fmt: skip
    assert bad.status_code == 422 and "funding_source" in bad.text
    flood = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={"csrf_token": token, "title": "X", "field": "transport", "instrument": "soft",
              "co_benefits": ["health"] * 11},
    )  # fmt: skip
    assert flood.status_code == 422 and "co_benefits" in flood.text  # more ticks than there are boxes
