"""Page forms keep what was typed (issue 16): a refused form answers 422 with the same page, the
values as typed, an error summary linking to the field, the message at the field in the page's
language and never a field path; after a write the next page says what was done; a row is deleted
only after a confirmation page, and can be changed in place."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from citypact.web.forms import PageForm, form_text
from tests.conftest import World
from tests.web.test_pages import log_in


def new_inventory(client: TestClient, world: World, token: str, city: str = "Heidelberg") -> int:
    created = client.post(
        f"/cities/{world.city[city]}/inventories",
        data={"csrf_token": token, "year": "2022", "gwp": "AR5", "standard": "BASIC"},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    found = re.fullmatch(r"/inventories/(\d+)\?done=inventory_created", created.headers["location"])
    assert found, created.headers["location"]
    return int(found.group(1))


def assert_refused_at(page: str, field_id: str, said: str) -> None:
    """The field is marked and described by its message; the summary links to it, saying `said`
    ("Label: message")."""
    message = said.split(": ", 1)[-1]
    assert f'id="{field_id}"' in page
    field = re.search(rf'<(?:input|select|textarea) id="{field_id}"[^>]*>', page)
    assert field, field_id
    assert 'aria-invalid="true"' in field.group(0)
    assert f'aria-describedby="{field_id}-error"' in field.group(0)
    assert re.search(rf'id="{field_id}-error">.*{re.escape(message)}', page)
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', page, re.S)
    assert summary and f'href="#{field_id}">{said}' in summary.group(0)
    assert "body." not in page


BAD_ROW = {
    "gpc_ref": "I.1.1",
    "fuel": "Natural Gas",
    "amount": "12,5x",
    "unit": "MWh",
    "source": "utility bills 2022",
    "explanation": "from the <b>bills</b>",
}


def test_a_bad_amount_keeps_the_row_as_typed(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory = new_inventory(client, world, token)
    refused = client.post(f"/inventories/{inventory}/activities", data={"csrf_token": token, **BAD_ROW})
    assert refused.status_code == 422
    page = refused.text
    assert_refused_at(page, "activity-amount", "Amount: enter a number such as 1250.5")
    assert 'id="activity-amount-error"><span class="visually-hidden">Error: </span>enter a number' in page
    assert 'value="12,5x"' in page and 'value="utility bills 2022"' in page
    assert 'value="from the &lt;b&gt;bills&lt;/b&gt;"' in page  # kept, and escaped
    assert '<option value="I.1.1" selected>' in page
    assert "<title>Error: Heidelberg inventory 2022" in page
    assert "No rows here yet." in page  # nothing was written


def test_the_message_is_in_the_page_language(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory = new_inventory(client, world, token)
    client.get("/cities", params={"lang": "de"})
    german = client.post(f"/inventories/{inventory}/activities", data={"csrf_token": token, **BAD_ROW}).text
    assert_refused_at(german, "activity-amount", "Menge: geben Sie eine Zahl ein, etwa 1250.5")
    assert "Es gibt ein Problem" in german
    client.get("/cities", params={"lang": "ja"})
    japanese = client.post(f"/inventories/{inventory}/activities", data={"csrf_token": token, **BAD_ROW}).text
    assert_refused_at(japanese, "activity-amount", "量: 1250.5 のような数値を入力してください")
    assert "問題があります" in japanese


def test_a_service_refusal_is_shown_at_its_field(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory = new_inventory(client, world, token)
    row = {**BAD_ROW, "amount": "100", "unit": "parsecs"}
    refused = client.post(f"/inventories/{inventory}/activities", data={"csrf_token": token, **row})
    assert refused.status_code == 422
    field = re.search(r'<input id="activity-unit"[^>]*>', refused.text)
    assert field and 'aria-invalid="true"' in field.group(0) and 'value="parsecs"' in field.group(0)
    assert 'href="#activity-unit">Unit: ' in refused.text and "body." not in refused.text


def test_an_unknown_choice_is_refused_at_the_edge(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory = new_inventory(client, world, token)
    row = {**BAD_ROW, "amount": "100", "data_quality": "X"}
    refused = client.post(f"/inventories/{inventory}/activities", data={"csrf_token": token, **row})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "activity-data-quality", "Data quality: choose one of the options in the list"
    )


def test_a_bad_year_keeps_the_new_inventory_form(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city = world.city["Heidelberg"]
    refused = client.post(
        f"/cities/{city}/inventories",
        data={"csrf_token": token, "year": "20x2", "gwp": "AR6", "standard": "BASIC+"},
    )
    assert refused.status_code == 422
    assert_refused_at(refused.text, "inventory-year", "Year: enter a year as four digits, such as 2030")
    assert 'value="20x2"' in refused.text
    assert (
        '<option value="AR6" selected>' in refused.text and '<option value="BASIC+" selected>' in refused.text
    )


def test_a_notice_says_what_was_done(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory = new_inventory(client, world, token)
    row = {**BAD_ROW, "amount": "1000"}
    added = client.post(
        f"/inventories/{inventory}/activities", data={"csrf_token": token, **row}, follow_redirects=False
    )
    assert (
        added.status_code == 303
        and added.headers["location"] == f"/inventories/{inventory}?done=row_added#rows"
    )
    page = client.get(added.headers["location"]).text
    assert '<p class="notice" role="status" id="notice">Activity added</p>' in page
    german = client.get(f"/inventories/{inventory}", params={"done": "row_added", "lang": "de"}).text
    assert 'id="notice">Aktivität hinzugefügt</p>' in german
    unknown = client.get(
        f"/inventories/{inventory}", params={"done": "<script>x</script>", "lang": "en"}
    ).text
    assert 'id="notice"' not in unknown and "<script>x" not in unknown


def _one_row(client: TestClient, world: World, token: str) -> tuple[int, int]:
    inventory = new_inventory(client, world, token)
    row = {**BAD_ROW, "amount": "1000"}
    client.post(f"/inventories/{inventory}/activities", data={"csrf_token": token, **row})
    found = re.search(
        r"/inventories/\d+/activities/(\d+)/delete", client.get(f"/inventories/{inventory}").text
    )
    assert found
    return inventory, int(found.group(1))


def test_deleting_a_row_asks_first(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory, record = _one_row(client, world, token)
    page = client.get(f"/inventories/{inventory}").text
    # The row's link leads to a page that asks; no form on the inventory page deletes at once.
    assert f'<a href="/inventories/{inventory}/activities/{record}/delete">delete</a>' in page
    assert f'action="/inventories/{inventory}/activities/{record}/delete"' not in page
    asking = client.get(f"/inventories/{inventory}/activities/{record}/delete")
    assert asking.status_code == 200
    assert "Delete this activity row?" in asking.text and "Natural Gas" in asking.text
    assert f'action="/inventories/{inventory}/activities/{record}/delete"' in asking.text
    assert f'href="/inventories/{inventory}#record-{record}">Cancel</a>' in asking.text
    assert f'id="record-{record}"' in client.get(f"/inventories/{inventory}").text  # asking deleted nothing
    version = re.search(r'name="version" value="(\d+)"', asking.text)
    assert version
    done = client.post(
        f"/inventories/{inventory}/activities/{record}/delete",
        data={"csrf_token": token, "version": version.group(1)},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/inventories/{inventory}?done=row_deleted#rows"
    assert f'id="record-{record}"' not in client.get(f"/inventories/{inventory}").text


def test_a_row_is_changed_in_place(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory, record = _one_row(client, world, token)
    form = client.get(f"/inventories/{inventory}/activities/{record}/edit")
    assert form.status_code == 200
    assert 'value="1000"' in form.text and 'value="utility bills 2022"' in form.text
    version = re.search(r'name="version" value="(\d+)"', form.text)
    assert version
    changed = {**BAD_ROW, "amount": "2000", "version": version.group(1)}
    bad = client.post(
        f"/inventories/{inventory}/activities/{record}/edit",
        data={"csrf_token": token, **changed, "amount": "x"},
    )
    assert bad.status_code == 422
    assert_refused_at(bad.text, "activity-amount", "Amount: enter a number such as 1250.5")
    saved = client.post(
        f"/inventories/{inventory}/activities/{record}/edit",
        data={"csrf_token": token, **changed},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/inventories/{inventory}?done=row_saved#record-{record}"
    # 2000 MWh of natural gas in homes: twice the 202.5594 t CO2e of 1000 MWh (AR5).
    assert "405.12" in client.get(f"/inventories/{inventory}").text
    stale = client.post(
        f"/inventories/{inventory}/activities/{record}/edit", data={"csrf_token": token, **changed}
    )
    assert stale.status_code == 409 and "Someone else saved this while you were editing it" in stale.text
    assert 'value="2000"' in stale.text


def test_another_citys_editor_sees_no_row_form(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    inventory, record = _one_row(client, world, token)
    client.post("/logout", data={"csrf_token": token})
    kyoto = log_in(client, "kyoto_editor")
    for path in ("edit", "delete"):
        assert client.get(f"/inventories/{inventory}/activities/{record}/{path}").status_code in (403, 404)
    refused = client.post(
        f"/inventories/{inventory}/activities/{record}/edit",
        data={"csrf_token": kyoto, **BAD_ROW, "amount": "5"},
    )
    assert refused.status_code in (403, 404)


def test_a_proposal_naming_an_unknown_city_keeps_what_was_typed(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city = world.city["Heidelberg"]
    proposal = {
        "title": "Heat planning together",
        "kind": "peer",
        "partners": "Atlantis",
        "description": "Two years of exchanges on municipal heat planning.",
        "is_public": "1",
    }
    refused = client.post(f"/cities/{city}/partnerships", data={"csrf_token": token, **proposal})
    assert refused.status_code == 422
    field = re.search(r'<input id="proposal-partners"[^>]*>', refused.text)
    assert field and 'aria-invalid="true"' in field.group(0) and 'value="Atlantis"' in field.group(0)
    assert "no city named &#39;Atlantis&#39;" in refused.text and "body." not in refused.text
    assert 'value="Heat planning together"' in refused.text and "Two years of exchanges" in refused.text
    made = client.post(
        f"/cities/{city}/partnerships",
        data={"csrf_token": token, **proposal, "partners": "Kyoto"},
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"].endswith("?done=partnership_proposed")
    assert 'role="status" id="notice">Partnership proposed' in client.get(made.headers["location"]).text


@pytest.mark.parametrize(
    ("typed_text", "number"),
    [("1250.5", 1250.5), ("1,250.5", 1250.5), (" -3 ", -3.0), (".5", 0.5), ("", None)],
)
def test_a_number_as_a_form_takes_it(typed_text: str, number: float | None) -> None:
    form = PageForm("f", {"amount": "Amount"}, {"amount": typed_text})
    assert form.number("amount") == number and form.ok


@pytest.mark.parametrize(
    "typed_text", ["12,5", "1.000,5", "1,00", "nan", "inf", "1e3", "１２", "²", "12 MWh"]
)
def test_a_decimal_comma_or_anything_but_a_number_is_refused(typed_text: str) -> None:
    """12,5 is never read as 125, nor 1.000,5 as 1.0005: the officer is asked to write it again."""
    form = PageForm("f", {"amount": "Amount"}, {"amount": typed_text})
    assert form.number("amount") is None and form.errors == {"amount": "enter a number such as 1250.5"}


def test_a_year_is_four_ascii_digits() -> None:
    form = PageForm("f", {"year": "Year"}, {"year": "²⁰²²"})
    assert form.year("year") is None and "year" in form.errors
    assert PageForm("f", {}, {"year": "2022"}).year("year") == 2022


def test_a_stored_figure_fills_a_field_without_float_noise() -> None:
    """A base year's emissions summed from an inventory keep their digits but not the noise."""
    assert form_text(455.85992970000007) == "455.8599297"
    assert form_text(0.1 + 0.2) == "0.3"
    assert form_text(50.0) == "50"
    assert form_text(1_454_201.25) == "1454201.25"
    assert (form_text(None), form_text(True), form_text(12)) == ("", "1", "12")
