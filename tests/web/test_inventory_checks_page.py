"""The inventory page's checks: the completeness checklist and the warnings, acknowledged by form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from citypact.services.inventory import inventories
from tests.conftest import World
from tests.factories import new_inventory
from tests.web.test_pages import log_in

GAS = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}


def test_checklist_and_warning_acknowledged_on_the_page(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world, population=10_000_000, rows=[GAS, GAS])
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/inventories/{inventory_id}").text
    checks = page[page.index('<section id="checks">') : page.index('<section id="totals">')]
    assert "GPC BASIC: 31 reference numbers still need an amount or a notation key" in checks
    assert f'href="/inventories/{inventory_id}?subsector=I.1#rows">I.1.2</a>' in checks
    # Two rows of 1,000 MWh gas (201.96 + 0.504 + 0.0954 t each) for 10 million people: 405.1188 t,
    # 0.0000405 t each, below a tenth of the lowest city's 0.149 t: BASIC and scope 1 are warned
    # about, and the duplicate, naming both rows.
    assert checks.count('class="open"') == 3
    assert (
        "BASIC is 0.00004 t CO₂e per inhabitant (10,000,000 inhabitants), less than a tenth of the"
        " lowest figure of the cities we know (0.149 to 92.88 t)"
    ) in checks
    assert "Rows with the same I.1.1, Natural Gas, 1,000.00 MWh" in checks
    ids = re.findall(r'href="/inventories/\d+#record-(\d+)"', checks)
    assert len(ids) == 2 and all(f'id="record-{i}"' in page for i in ids)
    key = re.search(r'/warnings/([0-9a-f]+)/acknowledge"', checks).group(1)  # type: ignore[union-attr]
    response = client.post(
        f"/inventories/{inventory_id}/warnings/{key}/acknowledge",
        data={"csrf_token": token, "reason": "two deliveries"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(f"/inventories/{inventory_id}", params={"lang": "de"}).text
    assert "Bestätigt" in page and "two deliveries" in page and page.count('class="open"') == 2
    assert "weniger als ein Zehntel des niedrigsten Werts" in page


def test_verify_waits_for_the_warnings_on_the_page(client: TestClient, world: World) -> None:
    admin = world.actor("admin")
    inventory_id = new_inventory(world, population=10_000_000, rows=[GAS], completed=True, status="submitted")
    log_in(client, "admin")
    # 1,000 MWh of gas for 10 million people: BASIC and scope 1 below the range, two open warnings
    page = client.get(f"/inventories/{inventory_id}").text
    assert 'id="verify-blocked"' in page and "Acknowledge 2 open warnings to verify" in page
    assert 'name="status" value="verified"' not in page
    with world.db.write() as session:
        for warning in inventories.get_inventory(session, admin, inventory_id).warnings:
            inventories.acknowledge_warning(session, admin, inventory_id, warning.key, "a test city")
    page = client.get(f"/inventories/{inventory_id}", params={"lang": "de"}).text
    assert 'id="verify-blocked"' not in page and 'name="status" value="verified"' in page
