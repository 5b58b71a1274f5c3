"""Issue 12 item 3: write requests are authorized before any work, the parameters that size a
computation are bounded (422 naming the field and the range), and the computation runs outside
the write transaction, so another writer is not locked out meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

import pytest
from fastapi.testclient import TestClient

from citypact.services.inventory import inventories
from citypact.services.inventory import waste as inventory_waste
from tests.conftest import World, bearer
from tests.factories import new_inventory

# The attack: a first-order-decay series from year -676976 (47 s inside the write transaction).
ABSURD_FOD = {
    "deposited_t": [1000.0],
    "start_year": -676976,
    "climate_zone": "boreal_temperate_wet",
    "doc": 0.15,
}
FOD = {"deposited_t": [1000.0] * 10, "start_year": 2010, "climate_zone": "boreal_temperate_wet", "doc": 0.15}


def _waste(client: TestClient, world: World, inventory_id: int, who: str, parameters: Mapping[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/inventories/{inventory_id}/waste",
        json={
            "method": "first_order_decay",
            "gpc_ref": "III.1.1",
            "parameters": dict(parameters),
            "source": "landfill records",
        },
        headers=bearer(world, who),
    )


def _no_computation(*args: object, **kwargs: object) -> None:
    raise AssertionError("the waste method was computed before the permission check")


@pytest.mark.parametrize(
    ("who", "code"), [("heidelberg_viewer", 403), ("kyoto_editor", 403), ("public", 401)]
)
def test_waste_refused_before_any_computation(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch, who: str, code: int
) -> None:
    inventory_id = new_inventory(world)
    monkeypatch.setattr(inventory_waste, "estimate", _no_computation)
    monkeypatch.setattr(inventory_waste, "check_bounds", _no_computation)
    started = time.perf_counter()
    response = _waste(client, world, inventory_id, who, ABSURD_FOD)
    assert response.status_code == code, response.text
    assert time.perf_counter() - started < 2.0


def test_waste_for_a_missing_inventory_is_404_before_any_computation(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inventory_waste, "estimate", _no_computation)
    assert _waste(client, world, 999_999, "heidelberg_editor", ABSURD_FOD).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"start_year": -676976}, "parameters.start_year", "from 1900 to"),
        ({"start_year": 10**12}, "parameters.start_year", "from 1900 to"),
        ({"inventory_year": 10**9}, "parameters.inventory_year", "from 2010 to"),
        ({"inventory_year": 2009}, "parameters.inventory_year", "from 2010 to"),
        ({"deposited_t": [1.0] * 100_000}, "parameters.deposited_t", "at most"),
    ],
)
def test_absurd_series_is_422_naming_the_field_and_range(
    client: TestClient, world: World, change: dict[str, Any], field: str, words: str
) -> None:
    inventory_id = new_inventory(world)
    started = time.perf_counter()
    response = _waste(client, world, inventory_id, "heidelberg_editor", FOD | change)
    assert time.perf_counter() - started < 2.0
    assert response.status_code == 422, response.text
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", field]
    assert words in problem["msg"]
    detail = client.get(
        f"/api/v1/inventories/{inventory_id}", headers=bearer(world, "heidelberg_editor")
    ).json()
    assert detail["rows"] == []  # nothing written


def test_a_series_in_bounds_is_stored(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    response = _waste(client, world, inventory_id, "heidelberg_editor", FOD)
    assert response.status_code == 201, response.text


def test_waste_computation_does_not_hold_the_write_lock(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the method computes, another city's editor writes: that write must not wait."""
    inventory_id = new_inventory(world)
    kyoto_editor = world.actor("kyoto_editor")
    other_write: dict[str, float] = {}

    def write_elsewhere() -> None:
        started = time.perf_counter()
        with world.db.write() as session:
            inventories.create_inventory(session, kyoto_editor, world.city["Kyoto"], year=2021)
        other_write["seconds"] = time.perf_counter() - started

    original = inventory_waste.estimate

    def slow_estimate(method: str, parameters: Mapping[str, Any]) -> Any:
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join(timeout=10)  # SQLite waits 30 s for a held write lock before failing
        return original(method, parameters)

    monkeypatch.setattr(inventory_waste, "estimate", slow_estimate)
    response = _waste(client, world, inventory_id, "heidelberg_editor", FOD)
    assert response.status_code == 201, response.text
    assert other_write.get("seconds", 99.0) < 5.0


def _another_writer_during_calculate(
    world: World, monkeypatch: pytest.MonkeyPatch, first_year: int
) -> list[float]:
    """While the inventory is computed, another editor creates an inventory in Kyoto; the seconds
    each such write took are appended to the list returned."""
    kyoto_editor = world.actor("kyoto_editor")
    seconds: list[float] = []

    def write_elsewhere() -> None:
        started = time.perf_counter()
        with world.db.write() as session:
            inventories.create_inventory(
                session, kyoto_editor, world.city["Kyoto"], year=first_year + len(seconds)
            )
        seconds.append(time.perf_counter() - started)

    original = inventories._calculate

    def calculate_while_another_writes(*args: Any) -> Any:
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join(timeout=10)
        return original(*args)

    monkeypatch.setattr(inventories, "_calculate", calculate_while_another_writes)
    return seconds


def test_activity_row_is_computed_outside_the_write_transaction(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inventory is recomputed for every row added; another writer must not wait for it."""
    inventory_id = new_inventory(world)
    seconds = _another_writer_during_calculate(world, monkeypatch, first_year=2020)
    response = client.post(
        f"/api/v1/inventories/{inventory_id}/activities",
        json={"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MWh", "source": "bills"},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 201, response.text
    assert seconds and max(seconds) < 5.0


def test_status_change_is_refused_before_the_status_is_read(client: TestClient, world: World) -> None:
    """A viewer learns nothing of the inventory's status from a wrong status (403, not 422)."""
    inventory_id = new_inventory(world)
    response = client.post(
        f"/api/v1/inventories/{inventory_id}/status",
        json={"status": "verified"},
        headers=bearer(world, "heidelberg_viewer"),
    )
    assert response.status_code == 403


def test_adding_rows_is_bounded_by_the_inventory_size(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inventories, "MAX_ROWS", 2)
    inventory_id = new_inventory(world)
    row = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MWh", "source": "bills"}
    for _ in range(2):
        response = client.post(
            f"/api/v1/inventories/{inventory_id}/activities",
            json=row,
            headers=bearer(world, "heidelberg_editor"),
        )
        assert response.status_code == 201, response.text
    response = client.post(
        f"/api/v1/inventories/{inventory_id}/activities", json=row, headers=bearer(world, "heidelberg_editor")
    )
    assert response.status_code == 422
    assert "at most 2 rows" in response.json()["detail"][0]["msg"]


def test_deleting_a_row_is_computed_outside_the_write_transaction(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory_id = new_inventory(world)
    row = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MWh", "source": "bills"}
    record_id = client.post(
        f"/api/v1/inventories/{inventory_id}/activities", json=row, headers=bearer(world, "heidelberg_editor")
    ).json()["id"]
    seconds = _another_writer_during_calculate(world, monkeypatch, first_year=2010)
    response = client.delete(
        f"/api/v1/inventories/{inventory_id}/activities/{record_id}",
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 204, response.text
    assert seconds and max(seconds) < 5.0
