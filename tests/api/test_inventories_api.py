"""The inventory endpoints: create, upload, read, export, status, and who may do what."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.conftest import World, bearer
from tests.factories import complete_via_api

ACTIVITY = b"""gpc_ref,fuel,amount,unit,notation_key,explanation,source
I.1.1,Natural Gas,1000,MWh,,,utility bills
I.1.2,electricity,1000,MWh,,,grid operator
II.1.1,Gas/Diesel Oil,100,t,,,fuel sales
I.4.4,,,,NO,no power plant in the city,
"""
GAS_T = 201.96 + 0.018 * 28 + 0.00036 * 265


def _create(client: TestClient, world: World, who: str = "heidelberg_editor", year: int = 2022) -> int:
    response = client.post(
        f"/api/v1/cities/{world.city['Heidelberg']}/inventories",
        json={"year": year, "gwp": "AR5"},
        headers=bearer(world, who),
    )
    assert response.status_code == 201, response.text
    inventory_id: int = response.json()["id"]
    return inventory_id


def _upload(
    client: TestClient, world: World, inventory_id: int, content: bytes, who: str = "heidelberg_editor"
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/inventories/{inventory_id}/import",
        files={"file": ("activity.csv", content, "text/csv")},
        headers=bearer(world, who),
    )


def test_create_upload_read_and_export(client: TestClient, world: World) -> None:
    inventory_id = _create(client, world)
    response = _upload(client, world, inventory_id, ACTIVITY)
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == 4
    detail = client.get(
        f"/api/v1/inventories/{inventory_id}", headers=bearer(world, "heidelberg_editor")
    ).json()
    assert detail["can_edit"] is True
    by_ref = detail["results"][0]["by_ref"]
    assert by_ref["I.1.1"] == pytest.approx(GAS_T)
    assert by_ref["I.4.4"] is None
    exported = client.get(
        f"/api/v1/inventories/{inventory_id}/export",
        params={"format": "gpc"},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert exported.status_code == 200
    lines = exported.text.splitlines()
    assert lines[0].startswith("gpc_ref,sector,subsector,scope")
    assert len(lines) == 1 + 53  # every GPC reference number
    # 201.96 + 0.504 + 0.0954 t CO2e of gas: 202.5594, not 202.55940000000001 or the like.
    assert [line for line in lines if line.startswith("I.1.1,")][0].count("202.5594,") == 1
    rows = client.get(
        f"/api/v1/inventories/{inventory_id}/export", headers=bearer(world, "heidelberg_editor")
    ).json()
    assert rows["by_ref"]["I.1.1"] == 202.5594
    assert "0.09540000000000001" not in exported.text + str(rows)
    crf = client.get(
        f"/api/v1/inventories/{inventory_id}/export",
        params={"format": "crf"},
        headers=bearer(world, "heidelberg_editor"),
    )
    sheet = load_workbook(io.BytesIO(crf.content))["Emissions (t CO2e)"]
    header = [c.value for c in sheet[2]]
    residential = next(
        row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] == "Residential buildings"
    )
    assert residential[header.index("Natural gas")] == pytest.approx(GAS_T)


def test_bad_upload_is_422_naming_row_and_column_and_writes_nothing(client: TestClient, world: World) -> None:
    inventory_id = _create(client, world)
    response = _upload(client, world, inventory_id, ACTIVITY + b"I.2.1,Natural Gas,-5,MWh,,,\n")
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["activity.csv", 6, "amount"]
    assert "negative" in problem["msg"]
    detail = client.get(
        f"/api/v1/inventories/{inventory_id}", headers=bearer(world, "heidelberg_editor")
    ).json()
    assert detail["rows"] == []


@pytest.mark.parametrize(
    ("who", "code"), [("public", 401), ("kyoto_editor", 403), ("heidelberg_viewer", 403)]
)
def test_only_the_citys_editors_write(client: TestClient, world: World, who: str, code: int) -> None:
    inventory_id = _create(client, world)
    assert _upload(client, world, inventory_id, ACTIVITY, who).status_code == code
    response = client.post(
        f"/api/v1/inventories/{inventory_id}/activities",
        json={"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1, "unit": "MWh"},
        headers=bearer(world, who),
    )
    assert response.status_code == code


def test_draft_hidden_from_public_until_submitted(client: TestClient, world: World) -> None:
    inventory_id = _create(client, world)
    assert client.get(f"/api/v1/inventories/{inventory_id}").status_code == 404
    _upload(client, world, inventory_id, ACTIVITY)
    complete_via_api(client, bearer(world, "heidelberg_editor"), inventory_id)
    response = client.post(
        f"/api/v1/inventories/{inventory_id}/status",
        json={"status": "submitted"},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 200
    public = client.get(f"/api/v1/inventories/{inventory_id}")
    assert public.status_code == 200
    assert public.json()["can_edit"] is False
    listed = client.get(f"/api/v1/cities/{world.city['Heidelberg']}/inventories").json()
    assert [i["status"] for i in listed] == ["submitted"]


def test_single_activity_edits_and_recalculation(client: TestClient, world: World) -> None:
    inventory_id = _create(client, world)
    headers = bearer(world, "heidelberg_editor")
    added = client.post(
        f"/api/v1/inventories/{inventory_id}/activities",
        json={"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MWh", "data_quality": "H"},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    bad = client.patch(
        f"/api/v1/inventories/{inventory_id}/activities/{added.json()['id']}",
        json={"unit": "bananas"},
        headers=headers,
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "unit"]
    result = client.post(
        f"/api/v1/inventories/{inventory_id}/recalculate", json={"gwp": "AR4"}, headers=headers
    )
    assert result.status_code == 200
    assert result.json()["totals"]["basic"] == pytest.approx(201.96 + 0.018 * 25 + 0.00036 * 298)


def test_cdp_import_is_for_administrators(client: TestClient, world: World) -> None:
    content = b"Account Number,City Name\n1,x\n"
    response = client.post(
        "/api/v1/imports/cdp",
        files={"file": ("cdp.csv", content, "text/csv")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 403


def test_factor_library_is_readable(client: TestClient) -> None:
    library = client.get("/api/v1/factor-library").json()
    assert library["locked"] is True
    assert library["gwp_sets"]["AR5"]["CH4"] == 28.0
    rows = client.get("/api/v1/factor-library/combustion", params={"fuel": "natural gas"}).json()
    residential = next(r for r in rows if r["category"] == "residential_agriculture_stationary")
    assert (residential["CO2"], residential["CH4"], residential["N2O"]) == (56100.0, 5.0, 0.1)
    assert residential["tj_per_t"] == pytest.approx(0.048)
    grid = client.get("/api/v1/factor-library/grid/de").json()
    assert {"year", "g_co2e_per_kwh", "basis", "source"} <= set(grid[0])


def test_ef_basis_decides_which_scope_2_figure_a_user_factor_is(client: TestClient, world: World) -> None:
    """Heidelberg 2022, 1,000 MWh with a user factor of 350 kg/MWh: market-based, the totals take
    Germany's 2022 direct grid factor (Electricity Maps, 409.53 g/kWh: 409.53 t) and the memo 350 t;
    location-based (the default), the totals take 350 t and there is no memo."""
    inventory_id = _create(client, world)
    headers = bearer(world, "heidelberg_editor")
    row = {
        "gpc_ref": "I.2.2",
        "fuel": "electricity",
        "amount": 1000,
        "unit": "MWh",
        "ef_co2": 350,
        "ef_unit": "kg/MWh",
        "ef_source": "Stadtwerke Heidelberg, supplier mix 2022",
    }
    added = client.post(
        f"/api/v1/inventories/{inventory_id}/activities", json={**row, "ef_basis": "market"}, headers=headers
    )
    assert added.status_code == 201, added.text

    def current() -> dict[str, object]:
        detail = client.get(f"/api/v1/inventories/{inventory_id}", headers=headers).json()
        result: dict[str, object] = next(r for r in detail["results"] if r["is_current"])
        result["row"] = detail["rows"][0]
        return result

    market = current()
    assert market["totals"]["scope2"] == pytest.approx(409.53)  # type: ignore[index]
    assert market["scope2_market"] == pytest.approx(350.0)
    assert market["row"]["factor_kind"] == "grid_direct"  # type: ignore[index]
    changed = client.patch(
        f"/api/v1/inventories/{inventory_id}/activities/{added.json()['id']}",
        json={"ef_basis": "location"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    location = current()
    assert location["totals"]["scope2"] == pytest.approx(350.0)  # type: ignore[index]
    assert location["scope2_market"] is None
    assert location["row"]["factor_kind"] == "user_location"  # type: ignore[index]

    gas = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 10, "unit": "MWh", "ef_co2": 200}
    refused = client.post(
        f"/api/v1/inventories/{inventory_id}/activities",
        json={**gas, "ef_unit": "kg/MWh", "ef_source": "lab", "ef_basis": "location"},
        headers=headers,
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "ef_basis"]


def test_the_template_reads_ef_basis(client: TestClient, world: World) -> None:
    inventory_id = _create(client, world)
    content = (
        b"gpc_ref,fuel,amount,unit,ef_co2,ef_unit,ef_source,ef_basis\n"
        b"I.2.2,electricity,1000,MWh,350,kg/MWh,supplier, Market \n"
    )
    response = _upload(client, world, inventory_id, content)
    assert response.status_code == 200, response.text
    detail = client.get(
        f"/api/v1/inventories/{inventory_id}", headers=bearer(world, "heidelberg_editor")
    ).json()
    assert detail["results"][0]["scope2_market"] == pytest.approx(350.0)  # 1,000 MWh x 350 kg
    assert detail["results"][0]["totals"]["scope2"] == pytest.approx(409.53)  # DE 2022 direct


def test_warnings_and_completeness_in_the_detail_and_acknowledged_through_the_api(
    client: TestClient, world: World
) -> None:
    editor, admin = bearer(world, "heidelberg_editor"), bearer(world, "admin")
    inventory_id = _create(client, world)
    twice = ACTIVITY + b"I.1.1,Natural Gas,1000,MWh,,,utility bills\n"  # rows 2 and 6 are equal
    assert _upload(client, world, inventory_id, twice).status_code == 200
    detail = client.get(f"/api/v1/inventories/{inventory_id}", headers=editor).json()
    # ACTIVITY reports I.1.1, I.1.2 and II.1.1 of BASIC's 32 references: 29 are missing.
    assert len(detail["missing_refs"]) == 29 and detail["missing_refs"][0] == "I.2.1"
    refused = client.post(
        f"/api/v1/inventories/{inventory_id}/status", json={"status": "submitted"}, headers=editor
    )
    assert refused.status_code == 409 and "29 reference numbers" in refused.json()["detail"]
    warnings = [w for w in detail["warnings"] if w["code"] == "duplicate_rows"]
    (warning,) = warnings
    gas_rows = [r["record_id"] for r in detail["rows"] if r["gpc_ref"] == "I.1.1"]
    assert warning["record_ids"] == gas_rows and len(gas_rows) == 2
    assert warning["figures"] == {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}
    assert warning["acknowledged"] is False

    complete_via_api(client, editor, inventory_id)
    assert (
        client.post(
            f"/api/v1/inventories/{inventory_id}/status", json={"status": "submitted"}, headers=editor
        ).status_code
        == 200
    )
    blocked = client.post(
        f"/api/v1/inventories/{inventory_id}/status", json={"status": "verified"}, headers=admin
    )
    assert blocked.status_code == 409 and "not acknowledged" in blocked.json()["detail"]

    url = f"/api/v1/inventories/{inventory_id}/warnings"
    unknown = client.post(f"{url}/abc123/acknowledge", json={"reason": "fine"}, headers=admin)
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "warning_key"]
    assert (
        client.post(f"{url}/{warning['key']}/acknowledge", json={"reason": ""}, headers=admin).status_code
        == 422
    )
    keys = [
        w["key"] for w in client.get(f"/api/v1/inventories/{inventory_id}", headers=admin).json()["warnings"]
    ]
    for key in keys:
        done = client.post(f"{url}/{key}/acknowledge", json={"reason": "checked the bills"}, headers=admin)
        assert done.status_code == 201, done.text
    assert all(w["acknowledged"] and w["reason"] == "checked the bills" for w in done.json())
    verified = client.post(
        f"/api/v1/inventories/{inventory_id}/status", json={"status": "verified"}, headers=admin
    )
    assert verified.status_code == 200 and verified.json()["status"] == "verified"


def test_cdp_import_report_lists_duplicates_and_quarantine(client: TestClient, world: World) -> None:
    header = ("Account Number,City,Country,Year Reported to CDP,Accounting Year,"
              "TOTAL Direct emissions (metric tonnes CO2e),Population,City Location\n")  # fmt: skip
    rows = (
        '1,Heidelberg,Germany,2023,2022,720000,160000,POINT (8.69 49.41)\n'
        '1,Heidelberg,Germany,2023,2022,720000,160000,POINT (8.69 49.41)\n'
        '2,Kyoto,Japan,2023,2022,-1,1460000,POINT (135.77 35.01)\n'
    )  # fmt: skip
    response = client.post(
        "/api/v1/imports/cdp",
        files={"file": ("cdp.csv", (header + rows).encode(), "text/csv")},
        headers=bearer(world, "admin"),
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["imported"] == 1 and report["conflicting_duplicates"] == []
    assert report["identical_duplicates"] == [
        "row 3: same city (Heidelberg) and year 2022 as row 2, same figures: imported once"
    ]
    assert report["quarantined"][0].startswith("row 4, column 'TOTAL Direct emissions (metric tonnes CO2e)'")
    assert report["name_conflicts"] == [] and report["warnings"] == []
