"""The import on the inventory page: the template links, "Replace all rows" unticked and confirmed
with counts, the result page with the refused rows, and a submit that says what is missing."""

from __future__ import annotations

import base64
import csv
import io
import re

import polars as pl
from fastapi.testclient import TestClient

from citypact.domain.activity import as_activity_table
from citypact.services.inventory import inventories
from tests.conftest import World
from tests.factories import activity, new_inventory
from tests.web.test_pages import log_in

GAS = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}
HEADER = "gpc_ref,fuel,amount,unit,year\r\n"
GOOD = "I.1.1,Natural Gas,500,MWh,2022\r\n"


def _import(client: TestClient, token: str, inventory_id: int, text: str, **fields: str) -> tuple[int, str]:
    response = client.post(
        f"/inventories/{inventory_id}/import",
        data={"csrf_token": token, **fields},
        files={"file": ("rows.csv", text.encode(), "text/csv")},
    )
    return response.status_code, response.text


def _rows(client: TestClient, inventory_id: int) -> int:
    page = client.get(f"/inventories/{inventory_id}").text
    return len(re.findall(r'id="record-\d+"', page))


def test_replace_is_unticked_and_asks_with_counts(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS, GAS, GAS])  # three rows typed by hand
    token = log_in(client, "heidelberg_editor")
    with world.db.write() as session:  # and two imported (added, not replacing)
        inventories.import_activities(
            session,
            world.actor("heidelberg_editor"),
            inventory_id,
            as_activity_table(pl.DataFrame([{"row": 2, **GAS}, {"row": 3, **GAS}])),
            file_name="x.csv",
            replace=False,
        )
    page = client.get(f"/inventories/{inventory_id}").text
    form = page[page.index('id="import"') : page.index("</form>", page.index('id="import"'))]
    assert '<input type="checkbox" name="replace" value="1">' in form  # not checked
    assert 'name="confirm_replace" value="5"' in form
    assert "delete the 5 rows this inventory holds now (3 of them typed by hand)" in form
    # Ticked without the second tick: nothing is read or deleted, the page says why.
    status, text = _import(client, token, inventory_id, HEADER + GOOD, replace="1")
    assert status == 422 and "Nothing was imported" in text
    assert "deletes the 5 rows of the inventory (3 of them typed by hand)" in text
    assert _rows(client, inventory_id) == 5
    # A count other than the inventory's (it changed since the page was shown): refused too.
    status, _ = _import(client, token, inventory_id, HEADER + GOOD, replace="1", confirm_replace="4")
    assert status == 422 and _rows(client, inventory_id) == 5
    # Confirmed: the five rows go, the file's one row stays.
    status, text = _import(client, token, inventory_id, HEADER + GOOD, replace="1", confirm_replace="5")
    assert status == 200, text
    assert "1 row added." in text and "The 5 rows the inventory held were deleted." in text
    assert "The inventory now holds 1 row." in text
    assert _rows(client, inventory_id) == 1
    page = client.get(f"/inventories/{inventory_id}").text
    assert "delete the 1 row this inventory holds now (0 of them typed by hand)" in page


def test_adding_without_replace_keeps_the_rows(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS])
    token = log_in(client, "heidelberg_editor")
    status, text = _import(client, token, inventory_id, HEADER + GOOD + GOOD)
    assert status == 200 and "2 rows added." in text and "The inventory now holds 3 rows." in text


def test_a_bad_row_refuses_the_file_and_offers_the_refused_rows(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS, GAS])
    token = log_in(client, "heidelberg_editor")
    bad_year = "I.1.1,Natural Gas,700,MWh,2021\r\n"
    bad_amount = "I.1.1,Natural Gas,lots,MWh,\r\n"
    status, text = _import(client, token, inventory_id, HEADER + GOOD + bad_amount + GOOD)
    assert status == 422
    assert "Nothing was imported" in text and "The inventory keeps its 2 rows as they were." in text
    assert "1 row refused." in text
    assert re.search(r'<td class="num">3</td><td>amount</td>', text)
    assert _rows(client, inventory_id) == 2  # nothing else lost
    # The year is checked after the cells (its rows named: 3 and 4)
    status, text = _import(client, token, inventory_id, HEADER + GOOD + bad_year + bad_year)
    assert status == 422 and "2 rows refused." in text
    assert "the row is of 2021, this inventory of 2022" in text
    href = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)" download="refused-rows.csv"', text)
    assert href, text
    refused = list(csv.reader(io.StringIO(base64.b64decode(href.group(1)).decode())))
    assert refused[0] == ["gpc_ref", "fuel", "amount", "unit", "year", "reason"]
    assert [r[:5] for r in refused[1:]] == [["I.1.1", "Natural Gas", "700", "MWh", "2021"]] * 2
    assert refused[1][5].startswith("row 3, column 'year': the row is of 2021, this inventory of 2022")
    assert refused[2][5].startswith("row 4, column 'year'")
    assert _rows(client, inventory_id) == 2


def test_the_page_template_imports_cleanly(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world)
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/inventories/{inventory_id}").text
    assert 'href="/inventories/template.csv?year=2022"' in page
    assert 'href="/inventories/template.xlsx?year=2022"' in page
    for kind in ("csv", "xlsx"):
        download = client.get(f"/inventories/template.{kind}", params={"year": 2022})
        assert download.status_code == 200
        assert f'filename="citypact-activities-2022.{kind}"' in download.headers["content-disposition"]
        response = client.post(
            f"/inventories/{inventory_id}/import",
            data={"csrf_token": token},
            files={"file": (f"template.{kind}", download.content, "application/octet-stream")},
        )
        assert response.status_code == 200, response.text
        assert "1 row added." in response.text
    assert _rows(client, inventory_id) == 2
    assert client.get("/inventories/template.pdf").status_code == 422
    assert client.get("/inventories/template.csv", params={"year": 99999}).status_code == 422


def test_submitting_an_incomplete_inventory_says_what_is_missing(client: TestClient, world: World) -> None:
    for rows in ([], [GAS]):
        inventory_id = new_inventory(world, year=2020 + len(rows), rows=rows)
        token = log_in(client, "heidelberg_editor")
        page = client.get(f"/inventories/{inventory_id}").text
        version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
        response = client.post(
            f"/inventories/{inventory_id}/status",
            data={"csrf_token": token, "status": "submitted", "version": version},
        )
        assert response.status_code == 200 and "not_submitted=1" in str(response.url)
        text = response.text
        assert 'id="not-submitted"' in text and "The inventory was not submitted" in text
        missing = 32 - len(rows)
        assert f"GPC BASIC: {missing} reference numbers still need an amount or a notation key" in text
        assert "draft" in text[text.index('id="status"') : text.index('id="status"') + 80]


def test_another_citys_editor_cannot_import(client: TestClient, world: World) -> None:
    inventory_id = new_inventory(world, rows=[GAS])
    activity(world, inventory_id, GAS)
    token = log_in(client, "kyoto_editor")
    status, _ = _import(client, token, inventory_id, HEADER + GOOD, replace="1", confirm_replace="2")
    assert status == 403
    log_in(client, "heidelberg_editor")
    assert _rows(client, inventory_id) == 2
