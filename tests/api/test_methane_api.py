"""The AR6 methane choice and mixed GWP sets through the API and the pages (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.factories import new_inventory
from tests.web.test_pages import csrf_of, log_in

GAS = b"gpc_ref,fuel,amount,unit\nI.1.1,Natural Gas,1000,MWh\n"
# 1000 MWh natural gas in homes: 201.96 t CO2, 0.018 t CH4 (fossil), 0.00036 t N2O (Table 2.5).
GAS_AR6_SPLIT = 201.96 + 0.018 * 29.8 + 0.00036 * 273
GAS_AR6 = 201.96 + 0.018 * 27.9 + 0.00036 * 273


def test_the_api_takes_shows_and_recalculates_the_methane_choice(client: TestClient, world: World) -> None:
    headers = bearer(world, "heidelberg_editor")
    created = client.post(
        f"/api/v1/cities/{world.city['Heidelberg']}/inventories",
        json={"year": 2022, "gwp": "AR6-split"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    inventory_id = created.json()["id"]
    assert created.json()["gwp"] == "AR6-split"
    uploaded = client.post(
        f"/api/v1/inventories/{inventory_id}/import",
        files={"file": ("gas.csv", GAS, "text/csv")},
        headers=headers,
    )
    assert uploaded.json()["totals"]["basic"] == pytest.approx(GAS_AR6_SPLIT)
    again = client.post(
        f"/api/v1/inventories/{inventory_id}/recalculate", json={"gwp": "AR6"}, headers=headers
    )
    assert again.json()["totals"]["basic"] == pytest.approx(GAS_AR6)
    detail = client.get(f"/api/v1/inventories/{inventory_id}", headers=headers).json()
    assert [r["gwp"] for r in detail["results"]] == ["AR6", "AR6-split"]
    assert detail["inventory"]["other_gwp"] is None
    assert detail["rows"][0]["other_gwp"] is None
    refused = client.post(
        f"/api/v1/inventories/{inventory_id}/recalculate", json={"gwp": "AR7"}, headers=headers
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "gwp"]


def test_the_factor_library_lists_the_split(client: TestClient) -> None:
    sets = client.get("/api/v1/factor-library").json()["gwp_sets"]
    assert sets["AR6"]["CH4"] == 27.9
    assert sets["AR6-split"] == {
        "CO2": 1.0,
        "CH4_fossil": 29.8,
        "CH4_non_fossil": 27.0,
        "N2O": 273.0,
        "SF6": 25200.0,
        "NF3": 17400.0,
    }


CITYCATALYST = (
    '"GPC Reference Number","Subsector name","Notation Key","Total Emissions","Total Emission Units",'
    '"CO2 Emissions","CH4 Emissions","N2O Emissions","Data source name"\n'
    '"III.1.1","Solid waste disposal",,"100","t CO2e","0","10000","0","landfill operator"\n'
)


def test_the_page_shows_the_choice_and_the_mixed_totals(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "citycatalyst.csv"
    path.write_text(CITYCATALYST)
    inventory_id = new_inventory(world, gwp="AR6-split", file=path)
    log_in(client, "heidelberg_editor")
    page = client.get(f"/inventories/{inventory_id}").text
    assert "methane by origin: fossil 29.8, non-fossil 27.0" in page
    assert 'id="mixed-gwp"' in page
    assert "100 t CO₂e under AR5" in page
    assert '<option value="AR6-split" selected>' in page
    listing = client.get(f"/cities/{world.city['Heidelberg']}/inventories").text
    assert "AR6-split (mixed GWP sets: AR5)" in listing
    # The form recalculates under the single value; the line stays AR5, so still mixed.
    token = csrf_of(page)
    done = client.post(
        f"/inventories/{inventory_id}/recalculate",
        data={"csrf_token": token, "gwp": "AR6"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    german = client.get(f"/inventories/{inventory_id}", headers={"Accept-Language": "de"}).text
    assert 'id="mixed-gwp"' in german
