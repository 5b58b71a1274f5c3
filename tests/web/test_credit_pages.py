"""The pages of the claims on credits: an account's statement and its CSV for the account's people,
a city's credits with gross and credits apart, public retirement records and certificates, the
Article 6 report for the registry, and the registry's open data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.credits_fixture import credit_world
from tests.factories import activity, new_inventory
from tests.reports.test_documents import _extractable, _pdf_objects
from tests.web.test_pages import log_in


def test_the_account_page_and_statement_csv_are_for_the_accounts_people(
    client: TestClient, world: World
) -> None:
    made = credit_world(world)
    url = f"/credits/accounts/{made.heidelberg_account}"
    assert client.get(url).status_code == 401
    log_in(client, "kyoto_editor")
    assert client.get(url).status_code == 404
    assert client.get(url + "/statement.csv").status_code == 404
    client.cookies.clear()
    log_in(client, "heidelberg_viewer")
    page = client.get(url)
    assert page.status_code == 200
    assert "31–130" in page.text and "672–808" in page.text and "Kyoto rooftop solar" in page.text
    assert f'href="/credits/retirements/{made.heidelberg_retirement}"' in page.text
    mine = client.get("/credits/accounts")
    assert f'href="/credits/accounts/{made.heidelberg_account}"' in mine.text
    assert f'href="/credits/accounts/{made.kyoto_account}"' not in mine.text
    rows = list(csv.DictReader(io.StringIO(client.get(url + "/statement.csv").text)))
    assert [r["quantity"] for r in rows] == ["100", "137", "100"]


def test_the_city_credits_page_shows_gross_and_credits_apart(client: TestClient, world: World) -> None:
    made = credit_world(world)
    inventory = new_inventory(world, year=2026)
    activity(world, inventory, {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"})
    city = world.city["Heidelberg"]
    public = client.get(f"/cities/{city}/credits")
    assert public.status_code == 200 and 'id="account-link"' not in public.text
    assert 'id="double-claims"' in public.text and "Net of retired credits" not in public.text
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/cities/{city}/credits")
    assert f'href="/credits/accounts/{made.heidelberg_account}"' in page.text
    done = client.post(
        f"/cities/{city}/credits/net-display",
        data={"csrf_token": token, "enabled": "1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = client.get(done.headers["location"])
    # gross 202.5594 t (1000 MWh of natural gas, AR5) stays; net 202.5594 - 100 = 102.5594, shown rounded
    cells = re.findall(r'<td class="num">([^<]*)</td>', shown.text.split('id="gross-and-credits"')[1])
    assert cells[:3] == ["203", "100", "103"]
    inventories = client.get(f"/cities/{city}/inventories")
    assert 'id="credits-apart"' in inventories.text and ">103<" in inventories.text


def test_retirements_are_public_with_their_certificate(client: TestClient, world: World) -> None:
    made = credit_world(world)
    page = client.get(f"/credits/retirements/{made.kyoto_retirement}")
    assert (
        page.status_code == 200
        and "Sakyo school" in page.text
        and "-2025-000000001-000000030</code>" in page.text
    )
    assert "do not reduce the retiring city&#39;s own greenhouse gas inventory" in page.text
    assert 'id="double-claim"' not in page.text
    buyer = client.get(f"/credits/retirements/{made.heidelberg_retirement}")
    assert (
        'id="double-claim"' in buyer.text
        and "shown apart from the city&#39;s gross GPC inventory" in buyer.text
    )
    assert client.get("/credits/retirements/999999").status_code == 404
    pdf = client.get(f"/credits/retirements/{made.kyoto_retirement}/certificate.pdf?lang=ja")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    objects = _pdf_objects(pdf.content)
    embedded = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", objects))
    assert any(name.startswith(b"Noto-Sans-CJK-JP") for name in embedded), embedded
    assert set("償却証明書") <= _extractable(objects)
    html = client.get(f"/credits/retirements/{made.kyoto_retirement}/certificate?lang=ja")
    assert html.status_code == 200 and 'lang="ja"' in html.text and "償却証明書" in html.text


def test_the_article6_report_is_for_the_registry(client: TestClient, world: World) -> None:
    credit_world(world)
    url = f"/credits/reports/article6/{dt.datetime.now(dt.UTC).year}.csv"
    log_in(client, "heidelberg_editor")
    assert client.get(url).status_code == 403
    client.cookies.clear()
    log_in(client, "admin")
    rows = list(csv.DictReader(io.StringIO(client.get(url).text)))
    assert [(r["serial_start"], r["quantity"], r["retirement_use"], r["double_claim"]) for r in rows] == [
        ("1", "30", "on_behalf", "no"), ("31", "100", "", "no"), ("131", "441", "", "no"),
        ("572", "100", "own_target", "yes"), ("672", "137", "", "no"), ("809", "142", "", "no"),
        ("951", "50", "", "no"),
    ]  # fmt: skip
    assert rows[1]["acquiring_party"] == "Heidelberg" and rows[1]["first_transfer_date"] != ""


def test_open_registry_data_leaks_no_holding(client: TestClient, world: World) -> None:
    made = credit_world(world, draft_project=True)
    data = client.get("/open-data/credits.json").json()
    assert [r["retirement_id"] for r in data["retirements"]] == [
        made.heidelberg_retirement,
        made.kyoto_retirement,
    ]
    texts = [client.get(f"/open-data/credits/{k}.csv").text for k in ("projects", "issuances", "retirements")]
    everything = json.dumps(data) + "".join(texts)
    assert "Secret draft" not in everything and "account" not in everything.lower()
    assert client.get("/open-data/credits/accounts.csv").status_code in (404, 422)
