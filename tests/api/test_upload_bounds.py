"""Issue 12 item 4: uploads are authorized before the file is saved or parsed, bounded (XLSX
unpacked size, DTDs, rows, columns), and their error lists are capped with a total count.

The attack files come from bench/uploads.py, which measures the same cases at full size."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from bench.uploads import csv_bad_rows, csv_unknown_columns, xlsx_rows, xlsx_with_entities
from citypact.formats.errors import MAX_PROBLEMS, UPLOAD_LIMITS, ImportErrors, TableLimits
from citypact.formats.tables import read_xlsx_text
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from citypact.services.plans import plan_files
from tests.conftest import World, bearer
from tests.factories import new_inventory
from tests.web.test_pages import log_in


def _upload(client: TestClient, world: World, inventory_id: int, name: str, content: bytes, who: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/inventories/{inventory_id}/import",
        files={"file": (name, content, "application/octet-stream")},
        headers=bearer(world, who),
    )


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("the upload was saved or parsed before the permission check")


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any saving or reading of an uploaded file fails the test."""
    for service in (inventory_imports, plan_files):
        monkeypatch.setattr(service, "saved_upload", _never)
    monkeypatch.setattr(inventory_imports, "read_inventory_file", _never)
    monkeypatch.setattr(inventory_imports, "read_cdp_file", _never)
    monkeypatch.setattr(plan_files, "read_plan_file", _never)


@pytest.mark.parametrize(
    ("who", "code"), [("heidelberg_viewer", 403), ("kyoto_editor", 403), ("public", 401)]
)
@pytest.mark.usefixtures("no_parsing")
def test_upload_refused_before_it_is_saved_or_parsed(
    client: TestClient, world: World, who: str, code: int
) -> None:
    inventory_id = new_inventory(world)
    assert _upload(client, world, inventory_id, "a.xlsx", b"PK...", who).status_code == code
    plan = client.post(
        f"/api/v1/cities/{world.city['Heidelberg']}/plan/import",
        files={"file": ("plan.csv", b"measure\n", "text/csv")},
        headers=bearer(world, who),
    )
    assert plan.status_code == code


@pytest.mark.usefixtures("no_parsing")
def test_upload_to_a_missing_inventory_is_404_before_parsing(client: TestClient, world: World) -> None:
    response = _upload(client, world, 999_999, "activity.csv", csv_bad_rows(2_000), "heidelberg_editor")
    assert response.status_code == 404
    assert len(response.content) < 200


@pytest.mark.usefixtures("no_parsing")
def test_cdp_upload_of_a_non_administrator_is_refused_before_parsing(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/imports/cdp",
        files={"file": ("cdp.csv", b"Account Number\n1\n", "text/csv")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 403


@pytest.mark.usefixtures("no_parsing")
def test_page_import_form_refuses_a_viewer_before_parsing(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    csrf = log_in(client, "heidelberg_viewer")
    response = client.post(
        f"/inventories/{inventory_id}/import",
        data={"csrf_token": csrf},
        files={"file": ("activity.xlsx", b"PK...", "application/octet-stream")},
    )
    assert response.status_code == 403


def test_zip_bomb_is_refused_by_its_unpacked_size(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    bomb = xlsx_rows(500_000)  # about 108 MB unpacked
    assert len(bomb) < 1_000_000
    response = _upload(client, world, inventory_id, "activity.xlsx", bomb, "heidelberg_editor")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert "unpacks to" in problem["msg"] and "100 MB allowed" in problem["msg"]


def test_xml_entity_declarations_are_refused(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    response = _upload(
        client, world, inventory_id, "activity.xlsx", xlsx_with_entities(), "heidelberg_editor"
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert "declares a document type or XML entities" in problem["msg"]


def test_xlsx_rows_and_columns_are_bounded(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["a", "b", "c", "d"])
    for row in range(11):
        sheet.append([str(row)] * 4)
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert read_xlsx_text(path, TableLimits(rows=11, columns=4, inflated_bytes=10**6)).height == 11
    with pytest.raises(ImportErrors, match="more than 10 data rows"):
        read_xlsx_text(path, TableLimits(rows=10, columns=4, inflated_bytes=10**6))
    with pytest.raises(ImportErrors, match="4 columns, more than the 3 allowed"):
        read_xlsx_text(path, TableLimits(rows=100, columns=3, inflated_bytes=10**6))


def test_bad_rows_answer_the_first_problems_and_the_total(client: TestClient, world: World) -> None:
    """A 12.8 MB CSV of bad rows once answered with a 90.6 MB error list."""
    inventory_id = new_inventory(world)
    rows = 20_000
    content = csv_bad_rows(rows)
    response = _upload(client, world, inventory_id, "activity.csv", content, "heidelberg_editor")
    assert response.status_code == 422
    assert len(response.content) < 40_000
    detail = response.json()["detail"]
    assert len(detail) == MAX_PROBLEMS + 1
    assert detail[0]["loc"] == ["activity.csv", 2, "amount"]
    last = detail[-1]
    assert last["type"] == "import_more" and last["total"] == rows and last["more"] == rows - MAX_PROBLEMS
    assert f"and {rows - MAX_PROBLEMS:,} more problems" in last["msg"]


def test_more_rows_than_allowed_are_refused_in_one_problem(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    content = csv_bad_rows(UPLOAD_LIMITS.rows + 10)
    response = _upload(client, world, inventory_id, "activity.csv", content, "heidelberg_editor")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert f"more than {UPLOAD_LIMITS.rows:,} data rows" in problem["msg"]


def test_unknown_columns_are_bounded(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    response = _upload(
        client, world, inventory_id, "activity.csv", csv_unknown_columns(60_000), "heidelberg_editor"
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]  # once 60,000 problems, 28 MB
    assert problem["loc"] == ["activity.csv", 1, None]
    assert "60,004 columns, more than the 200 allowed" in problem["msg"]
    response = _upload(
        client, world, inventory_id, "activity.csv", csv_unknown_columns(150), "heidelberg_editor"
    )
    detail = response.json()["detail"]
    assert len(detail) == MAX_PROBLEMS + 1 and detail[-1]["total"] == 150


def test_the_page_shows_the_first_problems_and_counts_the_rest(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    csrf = log_in(client, "heidelberg_editor")
    response = client.post(
        f"/inventories/{inventory_id}/import",
        data={"csrf_token": csrf},
        files={"file": ("activity.csv", csv_bad_rows(250), "text/csv")},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 422
    assert response.text.count("is not a number") == MAX_PROBLEMS
    assert "250 Fehler gefunden." in response.text and "Die ersten 100 sind aufgeführt." in response.text


def test_plan_files_are_bounded(client: TestClient, world: World) -> None:
    measures = json.dumps([{"measure": "x"}] * (plan_files.PLAN_LIMITS.rows + 1)).encode()
    response = client.post(
        f"/api/v1/cities/{world.city['Heidelberg']}/plan/import",
        files={"file": ("plan.json", io.BytesIO(measures), "application/json")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 422
    assert "more than 2,000 data rows" in response.json()["detail"][0]["msg"]


def test_an_import_is_computed_outside_the_write_transaction(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the file is read and computed, another city's editor writes without waiting."""
    inventory_id = new_inventory(world)
    kyoto_editor = world.actor("kyoto_editor")
    seconds: list[float] = []

    def write_elsewhere() -> None:
        started = time.perf_counter()
        with world.db.write() as session:
            inventories.create_inventory(session, kyoto_editor, world.city["Kyoto"], year=2020 - len(seconds))
        seconds.append(time.perf_counter() - started)

    original = inventories._calculate

    def calculate_while_another_writes(*args: Any) -> Any:
        writer = threading.Thread(target=write_elsewhere)
        writer.start()
        writer.join(timeout=10)  # SQLite waits 30 s for a held write lock before failing
        return original(*args)

    monkeypatch.setattr(inventories, "_calculate", calculate_while_another_writes)
    content = b"gpc_ref,fuel,amount,unit,source\nI.1.1,Natural Gas,1000,MWh,bills\n"
    response = _upload(client, world, inventory_id, "activity.csv", content, "heidelberg_editor")
    assert response.status_code == 200, response.text
    assert seconds and max(seconds) < 5.0
