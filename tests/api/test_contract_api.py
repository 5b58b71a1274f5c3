"""/api/v1/cities/{id}/climate-city-contract: JSON with hand-computed figures, XLSX and PDF, and
who sees the investment plan; a measure's money lines through the API."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.conftest import World, bearer
from tests.contract_fixture import contract_city


def test_the_contract_as_json(client: TestClient, world: World) -> None:
    ids = contract_city(world)
    path = f"/api/v1/cities/{ids['city']}/climate-city-contract"
    staff = client.get(path, headers=bearer(world, "heidelberg_editor")).json()
    assert staff["internal"] is True
    assert staff["commitments"]["target"]["goal_t"] == 500.0
    plan = staff["action_plan"]
    assert plan["with_deals"]["to_find_t"] == 130.0 and plan["closed_t"] == 170.0
    (eur,) = staff["investment_plan"]["currencies"]
    assert (eur["cost_minor"], eur["gap_after_secured_minor"], eur["gap_after_sought_minor"]) == (
        301_300,
        201_300,
        151_300,
    )
    assert eur["capex_by_year"] == {"2025": 100_001, "2026": 100_334, "2027": 100_332, "2028": 333}
    assert [m["code"] for m in staff["missing"]][-1] == "deal_unsigned"
    public = client.get(path).json()
    assert public["internal"] is False and public["investment_plan"] is None
    assert public["commitments"]["signed"][0]["withheld"] == ["kpis"]


def test_downloads_and_unknown_cities(client: TestClient, world: World) -> None:
    ids = contract_city(world)
    path = f"/api/v1/cities/{ids['city']}/climate-city-contract"
    xlsx = client.get(f"{path}.xlsx", params={"lang": "ja"})
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    assert len(load_workbook(io.BytesIO(xlsx.content)).sheetnames) == 4
    same = client.get(path, params={"format": "xlsx"})
    assert same.headers["content-type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(path, params={"format": "pdf", "lang": "ja"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/api/v1/cities/999999/climate-city-contract").status_code == 404
    assert client.get(path, params={"format": "docx"}).status_code == 422
    assert client.get(path, params={"lang": "fr"}).status_code == 422


def test_money_lines_through_the_api(client: TestClient, world: World) -> None:
    ids = contract_city(world)
    base = f"/api/v1/cities/{ids['city']}/plan/measures/{ids['bus']}"
    hd = bearer(world, "heidelberg_editor")
    bad = client.post(
        f"{base}/costs",
        json={"kind": "capex", "year_from": 2026, "year_to": 2025, "amount_minor": 5},
        headers=hd,
    )
    assert bad.status_code == 422 and "year_to" in bad.text
    assert (
        client.post(
            f"{base}/costs",
            json={"kind": "capex", "year_from": 2026, "year_to": 2027, "amount_minor": 0},
            headers=hd,
        ).status_code
        == 422
    )
    made = client.post(
        f"{base}/funding", json={"source": "private", "status": "secured", "amount_minor": 1300}, headers=hd
    )
    assert made.status_code == 201
    lines = client.get(f"{base}/money", headers=hd).json()
    assert lines["currency"] == "EUR" and lines["funding"][0]["amount_minor"] == 1300
    assert client.get(f"{base}/money").status_code == 404
    assert client.get(f"{base}/money", headers=bearer(world, "kyoto_editor")).status_code == 404
