"""The deal progress page and its forms, the public deal page, the portfolio and open data."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.deal_progress_fixture import signed_deal
from tests.web.test_pages import csrf_of, log_in


def test_a_stakeholder_reports_on_the_page_and_a_refused_form_keeps_what_was_typed(
    client: TestClient, world: World
) -> None:
    rows = signed_deal(world)
    token = log_in(client, "housing_person")
    page = client.get(f"/deals/{rows.deal_id}/progress")
    assert page.status_code == 200 and "Renovate 2000 flats" in page.text
    assert f'action="/deals/{rows.deal_id}/progress/{rows.housing_commitment}"' in page.text
    assert f'action="/deals/{rows.deal_id}/progress/{rows.solar_commitment}"' not in page.text  # not theirs
    url = f"/deals/{rows.deal_id}/progress/{rows.housing_commitment}"
    bad = client.post(url, data={"csrf_token": token, "as_of": "2026-06-01", "value": "12,5", "note": "mine"})
    assert bad.status_code == 422
    assert (
        'value="12,5"' in bad.text
        and "enter a number such as 1250.5" in bad.text
        and ">mine</textarea>" in bad.text
    )
    future = client.post(url, data={"csrf_token": token, "as_of": "2999-01-01", "value": "120"})
    assert future.status_code == 422 and 'value="2999-01-01"' in future.text
    done = client.post(
        url, data={"csrf_token": token, "as_of": "2026-06-01", "value": "1,120.5"}, follow_redirects=False
    )
    assert done.status_code == 303
    shown = client.get(done.headers["location"])
    assert (
        done.headers["location"]
        == f"/deals/{rows.deal_id}/progress?done=progress_reported#commitment-{rows.housing_commitment}"
    )
    # 1,120.5 kWh/m2 is far above the line (150 -> 100 over 2020-2030): late
    assert "Progress reported" in shown.text and '<td class="num">1,120</td>' in shown.text
    assert '<strong class="status-late">late</strong>' in shown.text


def test_the_citys_milestone_form_posts_to_the_deals_milestone_route(
    client: TestClient, world: World
) -> None:
    rows = signed_deal(world)
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/deals/{rows.deal_id}/progress", params={"lang": "de"})
    action = f"/deals/{rows.deal_id}/milestones/{rows.city_milestone}/done"
    assert f'action="{action}"' in page.text and "Diesen Meilenstein als erledigt markieren" in page.text
    done = client.post(action, data={"csrf_token": token, "done_on": "2026-05-01"}, follow_redirects=False)
    assert done.status_code == 303
    again = client.get(f"/deals/{rows.deal_id}/progress")
    assert "erledigt am 01.05.2026" in again.text  # the language chosen stays


def test_the_progress_page_is_not_for_the_public_and_posts_need_the_token(
    client: TestClient, world: World
) -> None:
    rows = signed_deal(world)
    assert client.get(f"/deals/{rows.deal_id}/progress").status_code == 404
    log_in(client, "housing_person")
    url = f"/deals/{rows.deal_id}/progress/{rows.housing_commitment}"
    assert client.post(url, data={"as_of": "2026-06-01", "value": "1"}).status_code == 403


def test_the_public_deal_page_in_three_languages(client: TestClient, world: World) -> None:
    rows = signed_deal(world, public_parts=["summary", "commitments", "progress"])
    page = client.get(f"/public/deals/{rows.deal_id}")
    assert page.status_code == 200
    assert "Warm homes, bright roofs" in page.text and "Renovate 2000 flats" in page.text
    assert "Neckar Housing" not in page.text and "Anna Bauer" not in page.text  # parties kept back
    for lang, word in (("de", "Verpflichtungen"), ("ja", "コミットメント")):
        assert word in client.get(f"/public/deals/{rows.deal_id}", params={"lang": lang}).text
    draft = signed_deal(world, status="draft", members=False)
    assert client.get(f"/public/deals/{draft.deal_id}").status_code == 404


def test_portfolio_page_and_open_data(client: TestClient, world: World) -> None:
    rows = signed_deal(world, public_parts=["commitments"])
    city = world.city["Heidelberg"]
    page = client.get(f"/cities/{city}/deal-portfolio")
    assert page.status_code == 200 and f'href="/public/deals/{rows.deal_id}"' in page.text
    as_csv = client.get("/open-data/deals.csv", params={"city_id": city})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["commitment"] for r in table] == [
        "Renovate 2000 flats",
        "800 kWp on roofs",
        "Fast roof permits",
    ]
    assert all(r["kpi_unit"] == "" and r["party"] == "" for r in table)  # kept back
    as_json = client.get("/open-data/deals.json").json()
    assert as_json["unit_of_reductions"] == "t CO2e/a" and len(as_json["deals"]) == 1
    assert client.get("/open-data/deals.xml").status_code == 422
    assert client.get("/open-data/deals.csv", params={"city_id": "0"}).status_code == 422


def test_csrf_token_helper_sees_the_form(client: TestClient, world: World) -> None:
    rows = signed_deal(world)
    log_in(client, "heidelberg_editor")
    assert csrf_of(client.get(f"/deals/{rows.deal_id}/progress").text)
