"""The inventory page's add-activity form takes ef_basis, and the page and the GPC table say which
CO2e is not split by gas."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_pages import log_in


def _inventory_with_market_row(client: TestClient, world: World) -> int:
    token = log_in(client, "heidelberg_editor")
    created = client.post(
        f"/cities/{world.city['Heidelberg']}/inventories",
        data={"csrf_token": token, "year": "2022", "gwp": "AR5", "standard": "BASIC"},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    inventory_id = int(created.headers["location"].split("?")[0].rsplit("/", 1)[1])
    added = client.post(
        f"/inventories/{inventory_id}/activities",
        data={
            "csrf_token": token,
            "gpc_ref": "I.2.2",
            "fuel": "electricity",
            "amount": "1000",
            "unit": "MWh",
            "ef_co2": "350",
            "ef_unit": "kg/MWh",
            "ef_source": "supplier mix 2022",
            "ef_basis": "market",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    return inventory_id


def test_the_form_records_a_market_based_factor_as_the_memo(client: TestClient, world: World) -> None:
    inventory_id = _inventory_with_market_row(client, world)
    page = client.get(f"/inventories/{inventory_id}").text
    # Memo: 1,000 MWh x 350 kg/MWh = 350 t; totals: Germany 2022 direct 409.53 g/kWh x 1e6 kWh = 409.53 t,
    # all of it CO2e not split by gas.
    assert 'name="ef_basis"' in page
    assert "Scope 2, market-based (memo)" in page and "350 t CO₂e" in page
    assert '<dd id="not-by-gas">410 t CO₂e</dd>' in page
    assert "market-based factor in the memo: supplier mix 2022" in page


def test_the_gpc_table_leaves_gases_empty_for_co2e_only_rows(client: TestClient, world: World) -> None:
    inventory_id = _inventory_with_market_row(client, world)
    exported = client.get(f"/api/v1/inventories/{inventory_id}/export", params={"format": "gpc"})
    row = next(r for r in csv.DictReader(io.StringIO(exported.text)) if r["gpc_ref"] == "I.2.2")
    assert (row["CO2_t"], row["CH4_t"], row["N2O_t"]) == ("", "", "")
    assert float(row["co2e_t"]) == pytest.approx(409.53)
    assert float(row["co2e_not_by_gas_t"]) == pytest.approx(409.53)
