"""The annual report's and the open data's pages: who reads a draft and who publishes (every role
against the form post; a refused post writes nothing), the public reading the frozen report, its
PDF, the form keeping what was typed, and the open data downloads."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from citypact.services.open_data import catalogue
from tests.annual_report_fixture import report_world, set_inventory
from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.web.test_form_csrf import ROUTES

SECRETARIAT = frozenset({"admin", "c40_secretariat"})
EVERYONE = frozenset(ROLES)
READS = [
    ("/networks/{slug}/reports", EVERYONE, "/networks/c40/reports"),
    ("/networks/{slug}/reports/{year}", SECRETARIAT, "/networks/c40/reports/2025"),  # a draft
    ("/networks/{slug}/reports/{year}.pdf", SECRETARIAT, "/networks/c40/reports/2025.pdf"),
    ("/open-data", EVERYONE, "/open-data"),
    ("/open-data/datapackage.json", EVERYONE, "/open-data/datapackage.json"),
    ("/open-data/tables/{name}.csv", EVERYONE, "/open-data/tables/cities.csv"),
    ("/open-data/tables/{name}.parquet", EVERYONE, "/open-data/tables/cities.parquet"),
]


def _mine(path: str) -> bool:
    return (
        "/reports" in path
        and path.startswith("/networks/")
        or path.startswith(("/open-data/tables", "/open-data/datapackage"))
        or path == "/open-data"
    )


def test_every_page_is_listed() -> None:
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    paths = {
        str(r.path)
        for r in iter_route_contexts(app.routes)
        if r.methods and "GET" in r.methods and _mine(str(r.path)) and not str(r.path).startswith("/api/")
    }
    assert paths == {p for p, _, _ in READS}
    assert {str(r.path) for r in ROUTES if _mine(str(r.path))} == {"/networks/{slug}/reports/{year}/publish"}


@pytest.mark.parametrize(("path", "allowed", "url"), READS, ids=[r[0] for r in READS])
def test_read_page_obeys_role(
    client: TestClient, world: World, path: str, allowed: frozenset[str], url: str
) -> None:
    report_world(world)
    for role in ROLES:
        _page_login(client, role)
        response = client.get(url)
        expected = (200,) if role in allowed else (401, 403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code}"


def test_publish_obeys_role(client: TestClient, world: World) -> None:
    report_world(world)
    url = "/networks/c40/reports/2025/publish"
    for role in (r for r in ROLES if r not in SECRETARIAT):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data={"csrf_token": token})
        assert response.status_code in ((401,) if role == "public" else (403, 404)), role
        assert _row_counts(world) == before
    token = _page_login(client, "c40_secretariat")
    before = _row_counts(world)
    response = client.post(url, data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("done=report_published")
    after = _row_counts(world)
    assert after["annual_report"] == before["annual_report"] + 1
    assert after["audit_entry"] > before["audit_entry"]


def test_story_publish_then_public_reads_frozen(client: TestClient, world: World) -> None:
    report_world(world)
    token = _page_login(client, "c40_secretariat")
    page = client.get("/networks/c40/reports/2025")
    assert page.status_code == 200 and 'id="draft-note"' in page.text and "+10.0 %" in page.text
    digest = page.text.split('name="data_hash" value="')[1].split('"')[0]
    # the data change after the secretariat read the draft: publishing what was read is refused
    set_inventory(world, "Kyoto", 2025, "verified", 900.0, 100)
    refused = client.post(
        "/networks/c40/reports/2025/publish",
        data={"csrf_token": token, "data_hash": digest, "base_year": "2020"},
    )
    assert refused.status_code == 422 and "changed since you read" in refused.text
    page = client.get("/networks/c40/reports/2025")
    digest = page.text.split('name="data_hash" value="')[1].split('"')[0]
    done = client.post(
        "/networks/c40/reports/2025/publish",
        data={"csrf_token": token, "data_hash": digest, "base_year": "2020"},
    )
    assert done.status_code == 200 and 'id="notice"' in done.text
    set_inventory(world, "Kyoto", 2025, "verified", 5000.0, 100)
    _page_login(client, "public")
    public = client.get("/networks/c40/reports/2025")
    assert public.status_code == 200 and "publish-report" not in public.text
    assert "4,000" in public.text and "5,000" not in public.text  # 900 + 2500 + 600, frozen
    listing = client.get("/networks/c40/reports")
    assert 'href="/networks/c40/reports/2025"' in listing.text and "draft-report" not in listing.text
    pdf = client.get("/networks/c40/reports/2025.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for lang in ("de", "ja"):
        client.cookies.set("lang", lang)
        assert client.get("/networks/c40/reports/2025", headers={"Accept-Language": lang}).status_code == 200


def test_draft_form_keeps_what_was_typed(client: TestClient, world: World) -> None:
    report_world(world)
    _page_login(client, "c40_secretariat")
    bad = client.get("/networks/c40/reports", params={"year": "20x5", "base_year": "1999"})
    assert bad.status_code == 422 and 'value="20x5"' in bad.text and 'aria-invalid="true"' in bad.text
    good = client.get(
        "/networks/c40/reports", params={"year": "2025", "base_year": "2020"}, follow_redirects=False
    )
    assert good.status_code == 303 and good.headers["location"] == "/networks/c40/reports/2025?base_year=2020"


def test_open_data_downloads(client: TestClient, world: World) -> None:
    report_world(world)
    package = client.get("/open-data/datapackage.json").json()
    assert package["resources"][0]["path"] == "/open-data/tables/cities.csv"
    listing = client.get("/open-data")
    for ds in catalogue.DATASETS:
        assert f'href="/open-data/tables/{ds.name}.parquet"' in listing.text
    totals = pl.read_parquet(io.BytesIO(client.get("/open-data/tables/inventory_totals.parquet").content))
    assert "Hidden Town" not in totals["city"].to_list() and "draft" not in totals["status"].to_list()
    csv_text = client.get("/open-data/tables/inventory_totals.csv").text
    assert csv_text.startswith("inventory_id,city_id,city,")
    assert client.get("/open-data/tables/nope.csv").status_code == 404
    assert json.loads(json.dumps(package))["name"] == "citypact-open-data"
