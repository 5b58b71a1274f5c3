"""Bad data answers with a 4xx that names the place, and stored data no longer accepted on input
does not break the pages that show it (issue 12, item 12: each of these was a 500)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import update

from citypact.config import Settings
from citypact.storage.models import BenchmarkRound, City, InventoryResult
from tests.conftest import World, bearer, shared_app
from tests.factories import new_inventory
from tests.web.test_pages import log_in


@pytest.fixture
def strict(client: TestClient) -> TestClient:
    """The same application, answering a server error as a 500 instead of raising it in the test."""
    return TestClient(client.app, raise_server_exceptions=False)


def test_benchmark_round_pages_with_members_without_emissions(strict: TestClient, world: World) -> None:
    """C40's members in the test registry have no emissions: every round page was a 500."""
    made = strict.post(
        "/api/v1/networks/c40/benchmark-rounds",
        json={"title": "2027"},
        headers=bearer(world, "c40_secretariat"),
    )
    assert made.status_code == 201, made.text
    round_id = made.json()["id"]
    assert made.json()["results"][0]["performance_pct"] is None
    # A round stored before every member had every key.
    with world.db.write() as session:
        old = [
            {
                "city_id": world.city["Kyoto"],
                "name": "Kyoto",
                "country": "JP",
                "catalogue_score_pct": None,
                "note": "no submitted or verified emissions",
            }
        ]
        session.execute(update(BenchmarkRound).values(results=old))
    log_in(strict, "c40_secretariat")
    for url in ("/networks/c40/benchmark-rounds", f"/networks/c40/benchmark-rounds/{round_id}"):
        page = strict.get(url)
        assert page.status_code == 200, url
    assert "no submitted or verified emissions" in page.text
    api = strict.get(f"/api/v1/benchmark-rounds/{round_id}", headers=bearer(world, "c40_secretariat"))
    assert api.status_code == 200 and api.json()["results"][0]["latest_year"] is None


@pytest.mark.parametrize("amount", [1e308, 1e16, "Infinity", "NaN", -1e308])
def test_absurd_and_non_finite_amounts_are_refused(strict: TestClient, world: World, amount: object) -> None:
    inventory = new_inventory(world)
    body = f'{{"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": {amount}, "unit": "MWh"}}'
    response = strict.post(
        f"/api/v1/inventories/{inventory}/activities",
        content=body.replace('"Infinity"', "Infinity").replace('"NaN"', "NaN"),
        headers={**bearer(world, "heidelberg_editor"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert "amount" in response.text


def test_an_imported_amount_of_1e308_is_refused(strict: TestClient, world: World) -> None:
    inventory = new_inventory(world)
    response = strict.post(
        f"/api/v1/inventories/{inventory}/import",
        files={"file": ("a.csv", b"gpc_ref,fuel,amount,unit\nI.1.1,Natural Gas,1e308,MWh\n", "text/csv")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["a.csv", 2, "amount"]


def test_pages_show_stored_infinite_totals(strict: TestClient, world: World) -> None:
    """Totals stored as infinity (an overflow before amounts were bounded) show as a dash."""
    inventory = new_inventory(world)
    headers = bearer(world, "heidelberg_editor")
    added = strict.post(
        f"/api/v1/inventories/{inventory}/activities",
        json={"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MWh"},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    infinite = float("inf")
    with world.db.write() as session:
        session.execute(
            update(InventoryResult).values(
                basic=infinite, basic_plus=infinite, scope1=infinite, territorial=infinite
            )
        )
    log_in(strict, "heidelberg_editor")
    city = world.city["Heidelberg"]
    for url in (f"/inventories/{inventory}", f"/cities/{city}/inventories", f"/cities/{city}"):
        assert strict.get(url).status_code == 200, url
    strict.delete(f"/api/v1/inventories/{inventory}/activities/{added.json()['id']}", headers=headers)
    for url in (f"/inventories/{inventory}", f"/cities/{city}/inventories"):
        assert strict.get(url).status_code == 200, url


@pytest.mark.parametrize("city_id", [2**64, 2**31, 0, -1])
def test_an_exchange_naming_an_impossible_city_id(strict: TestClient, world: World, city_id: int) -> None:
    headers = bearer(world, "heidelberg_editor")
    made = strict.post(
        "/api/v1/partnerships",
        json={
            "city_id": world.city["Heidelberg"],
            "title": "Heat planning",
            "kind": "peer",
            "partners": [{"city_id": world.city["Kyoto"], "role": "partner"}],
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    response = strict.post(
        f"/api/v1/partnerships/{made.json()['id']}/exchanges",
        json={"kind": "visit", "year": 2025, "title": "Visit", "city_ids": [city_id]},
        headers=headers,
    )
    assert response.status_code == 422, response.text
    assert "city_ids" in response.json()["detail"][0]["loc"]


def _xlsx(rows: list[list[object]], *, without_dimension: bool = False) -> bytes:
    """A workbook of `rows`; `without_dimension` drops the sheet's declared range, as files written by
    other programs (or by hand) may: then each row is read as long as it is, not as wide as the sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if not without_dimension:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("rows", "loc"),
    [
        (
            [["gpc_ref", "fuel", "amount", "unit"], ["I.1.1", "Natural Gas", 100, "MWh", "stray"]],
            ["a.xlsx", 2, "column 5"],
        ),
        (
            [["gpc_ref", "fuel", "amount", "unit", "unit"], ["I.1.1", "Natural Gas", 100, "MWh"]],
            ["a.xlsx", 1, "unit"],
        ),
    ],
)
def test_an_xlsx_row_wider_than_its_header(
    strict: TestClient, world: World, rows: list[list[object]], loc: list[object]
) -> None:
    inventory = new_inventory(world)
    response = strict.post(
        f"/api/v1/inventories/{inventory}/import",
        files={"file": ("a.xlsx", _xlsx(rows, without_dimension=True), "application/octet-stream")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == loc


def test_an_xlsx_row_with_empty_cells_past_its_header_is_read(strict: TestClient, world: World) -> None:
    inventory = new_inventory(world)
    rows: list[list[object]] = [
        ["gpc_ref", "fuel", "amount", "unit"],
        ["I.1.1", "Natural Gas", 100, "MWh", None, " "],
    ]
    response = strict.post(
        f"/api/v1/inventories/{inventory}/import",
        files={"file": ("a.xlsx", _xlsx(rows, without_dimension=True), "application/octet-stream")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("method", "parameters"),
    [
        ("incineration", {"waste_t": 10}),
        ("open_burning", {"waste_t": [1]}),
        ("incineration", {"waste_t": {"food": None}}),
        ("incineration", {"waste_t": {"food": 10}, "properties": {"food": "x"}}),
        ("methane_commitment", {"landfilled_t": 10, "composition": 0.5}),
        ("methane_commitment", {"landfilled_t": "ten", "composition": {"food": 1.0}}),
        ("biological_treatment", {"treated_t": {"composting": 1e308}}),
    ],
)
def test_waste_parameters_of_the_wrong_form(
    strict: TestClient, world: World, method: str, parameters: dict[str, object]
) -> None:
    inventory = new_inventory(world)
    ref = {"incineration": "III.3.1", "open_burning": "III.3.1", "biological_treatment": "III.2.1"}
    response = strict.post(
        f"/api/v1/inventories/{inventory}/waste",
        json={
            "method": method,
            "gpc_ref": ref.get(method, "III.1.1"),
            "parameters": parameters,
            "source": "s",
        },
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 422, response.text


def test_an_oversize_chunked_upload_is_413(world: World, database_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=database_url, secret_key="test-secret-key", max_body_bytes=100_000)
    with TestClient(shared_app(settings, world.db), raise_server_exceptions=False) as client:
        inventory = new_inventory(world)
        boundary = "citypactboundary"

        def body() -> Iterator[bytes]:  # a generator: sent chunked, with no Content-Length
            yield (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
                "Content-Type: text/csv\r\n\r\ngpc_ref,fuel,amount,unit\r\n"
            ).encode()
            for _ in range(100):
                yield b"I.1.1,Natural Gas,100,MWh\r\n" * 100
            yield f"\r\n--{boundary}--\r\n".encode()

        response = client.post(
            f"/api/v1/inventories/{inventory}/import",
            content=body(),
            headers={
                **bearer(world, "heidelberg_editor"),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        assert "content-length" not in {k.lower() for k in response.request.headers}
        assert response.status_code == 413, response.text
        assert "100,000 bytes" in response.text
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("name", ["京都", "Heidel\x01berg", 'He"i;del'])
def test_exports_of_a_city_with_any_name(strict: TestClient, world: World, name: str) -> None:
    """A download's file name carries the city's name: a non-Latin-1 name or a stored control
    character in the Content-Disposition header (or an XLSX cell) was a 500."""
    inventory = new_inventory(world)
    headers = bearer(world, "heidelberg_editor")
    strict.post(
        f"/api/v1/inventories/{inventory}/activities",
        json={"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MWh"},
        headers=headers,
    )
    with world.db.write() as session:
        session.execute(update(City).where(City.id == world.city["Heidelberg"]).values(name=name))
    for kind in ("json", "csv", "gpc", "crf"):
        response = strict.get(
            f"/api/v1/inventories/{inventory}/export", params={"format": kind}, headers=headers
        )
        assert response.status_code == 200, kind
    disposition = response.headers["content-disposition"]
    assert (
        disposition.startswith('attachment; filename="inventory-DE-') and "filename*=UTF-8''" in disposition
    )
    assert re.match(
        r'attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8\'\'[A-Za-z0-9._~%-]+$', disposition
    )
