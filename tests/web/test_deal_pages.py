"""The deal pages: a city's deals and the new-deal form that keeps what was typed, a deal made from a
ready idea, the deal page with each party's forms where the reader may act, signatures that sign the
deal, removals that ask first; in English, German and Japanese."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.storage.deals import CommitmentBenefit, Deal, DealCommitment
from citypact.storage.ideas import Idea
from tests.conftest import World
from tests.deals_fixture import draft_deal, negotiated_deal, ready_idea, signed_deal, stakeholders
from tests.web.test_pages import log_in

FORM = {
    "title": "Solar roofs deal",
    "action_field": "clean_energy",
    "sdg_targets": "7;13",
    "start_date": "2026-01-01",
    "end_date": "2030-12-31",
}


def test_new_deal_form_keeps_what_was_typed(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city = world.city["Heidelberg"]
    page = client.get(f"/cities/{city}/deals")
    assert page.status_code == 200 and 'id="new-deal"' in page.text
    bad = FORM | {"end_date": "2025-12-31", "sdg_targets": "7;99", "csrf_token": token}
    response = client.post(f"/cities/{city}/deals", data=bad)
    assert response.status_code == 422 and 'aria-invalid="true"' in response.text
    assert 'value="Solar roofs deal"' in response.text and 'value="7;99"' in response.text
    with world.db.read() as session:
        assert session.scalar(select(func.count(Deal.id))) == 0
    made = client.post(f"/cities/{city}/deals", data=FORM | {"csrf_token": token}, follow_redirects=False)
    assert made.status_code == 303
    found = re.search(r"/deals/(\d+)", made.headers["location"])
    assert found
    page = client.get(f"/deals/{found.group(1)}")
    assert page.status_code == 200 and "Solar roofs deal" in page.text and 'id="add-party"' in page.text


def test_city_page_links_the_deals(client: TestClient, world: World) -> None:
    page = client.get(f"/cities/{world.city['Heidelberg']}")
    assert f'href="/cities/{world.city["Heidelberg"]}/deals"' in page.text


def test_make_a_deal_from_a_ready_idea(client: TestClient, world: World) -> None:
    orgs = stakeholders(world)
    idea = ready_idea(world, [orgs.stadtwerke, orgs.wohnbau])
    token = log_in(client, "heidelberg_editor")
    form = client.get(f"/ideas/{idea}/make-deal")
    assert form.status_code == 200
    assert 'value="Solar roofs for every school"' in form.text and "Wohnbau Heidelberg" in form.text
    data = {"csrf_token": token, "title": "Solar roofs for every school", "action_field": "clean_energy",
            "sdg_targets": "7;7.2", "organisation_ids": [str(orgs.stadtwerke)]}  # fmt: skip
    made = client.post(f"/ideas/{idea}/make-deal", data=data, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = client.get(made.headers["location"]).text
    assert "<h3>Stadtwerke Heidelberg" in page and "<h3>Wohnbau Heidelberg" not in page
    with world.db.read() as session:
        stored = session.get(Idea, idea)
        assert stored is not None and stored.status == "became_deal"
    log_in(client, "kyoto_editor")
    assert client.get(f"/ideas/{idea}/make-deal").status_code in (403, 409)


def test_each_party_sees_its_own_forms(client: TestClient, world: World) -> None:
    orgs = stakeholders(world)
    made = negotiated_deal(world, orgs)
    log_in(client, "stadtwerke_person")
    page = client.get(f"/deals/{made.id}").text
    assert f'id="sign-{made.stadtwerke_party}"' in page and f'id="sign-{made.city_party}"' not in page
    assert 'id="step-form"' not in page and 'id="public-parts"' not in page
    assert "Roofs with PV" in page and "250,000.00 EUR" in page
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/deals/{made.id}").text
    assert f'id="sign-{made.city_party}"' in page and f'id="sign-{made.stadtwerke_party}"' not in page
    # the utility's commitment form is not the city's to open
    assert client.get(f"/deals/{made.id}/commitments/{made.solar}/edit").status_code == 403
    bad = client.post(
        f"/deals/{made.id}/parties/{made.city_party}/signature",
        data={"csrf_token": token, "signatory_name": "E. W.", "signed_on": "2026-13-01"},
    )
    assert bad.status_code == 422 and 'value="E. W."' in bad.text


def test_signing_through_the_pages(client: TestClient, world: World) -> None:
    orgs = stakeholders(world)
    made = negotiated_deal(world, orgs)
    for who, party, name, day in (
        ("stadtwerke_person", made.stadtwerke_party, "Michael Teigeler", "2026-03-05"),
        ("heidelberg_editor", made.city_party, "Eckart Würzner", "2026-03-02"),
    ):
        token = log_in(client, who)
        response = client.post(
            f"/deals/{made.id}/parties/{party}/signature",
            data={"csrf_token": token, "signatory_name": name, "signatory_title": "", "signed_on": day},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
    page = client.get(f"/deals/{made.id}").text
    assert "Signed on 5 Mar 2026." in page or "Signed on Mar 5, 2026." in page


def test_commitment_form_and_removal_ask_first(client: TestClient, world: World) -> None:
    orgs = stakeholders(world)
    made = draft_deal(world, orgs)
    token = log_in(client, "stadtwerke_person")
    new = client.get(f"/deals/{made.id}/parties/{made.stadtwerke_party}/commitments/new")
    assert new.status_code == 200 and 'name="kind" value="action"' in new.text
    data = {"csrf_token": token, "kind": "action", "title": "Heat pumps", "kpi_baseline_year": "2025",
            "kpi_target_year": "2024", "kpi_target": "1x"}  # fmt: skip
    bad = client.post(f"/deals/{made.id}/parties/{made.stadtwerke_party}/commitments", data=data)
    assert bad.status_code == 422 and 'value="1x"' in bad.text
    data |= {"kpi_target": "120", "kpi_target_year": "2030", "kpi_unit": "pumps", "kpi_name": "Heat pumps"}
    ok = client.post(
        f"/deals/{made.id}/parties/{made.stadtwerke_party}/commitments", data=data, follow_redirects=False
    )
    assert ok.status_code == 303, ok.text
    with world.db.read() as session:
        commitment = session.scalars(select(DealCommitment)).one()
    asked = client.get(f"/deals/{made.id}/commitments/{commitment.id}/remove")
    assert asked.status_code == 200 and "Heat pumps" in asked.text and 'id="confirm-delete"' in asked.text
    gone = client.post(
        f"/deals/{made.id}/commitments/{commitment.id}/remove",
        data={"csrf_token": token, "version": str(commitment.version)}, follow_redirects=False,
    )  # fmt: skip
    assert gone.status_code == 303
    with world.db.read() as session:
        assert session.scalar(select(func.count(DealCommitment.id))) == 0


def test_removing_a_co_benefit_asks_first(client: TestClient, world: World) -> None:
    made = negotiated_deal(world, stakeholders(world))
    with world.db.read() as session:
        benefit = session.scalars(select(CommitmentBenefit)).one()
    remove = f"/deals/{made.id}/commitments/{benefit.commitment_id}/benefits/{benefit.id}/remove"
    log_in(client, "heidelberg_editor")  # the city's editor does not act for the utility's commitment
    assert client.get(remove).status_code == 403
    token = log_in(client, "stadtwerke_person")
    assert f'href="{remove}"' in client.get(f"/deals/{made.id}").text
    asked = client.get(remove, headers={"Accept-Language": "de"})
    assert asked.status_code == 200 and "Arbeitsplätze" in asked.text and 'id="confirm-delete"' in asked.text
    gone = client.post(remove, data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303 and "done=benefit_removed" in gone.headers["location"]
    with world.db.read() as session:
        assert session.scalar(select(func.count(CommitmentBenefit.id))) == 0


@pytest.mark.parametrize(
    ("lang", "words"), [("de", "Lokale Green Deals von"), ("ja", "ローカル・グリーンディール")]
)
def test_pages_in_german_and_japanese(client: TestClient, world: World, lang: str, words: str) -> None:
    orgs = stakeholders(world)
    made = signed_deal(world, orgs)
    log_in(client, "heidelberg_editor")
    city_page = client.get(f"/cities/{world.city['Heidelberg']}/deals", params={"lang": lang})
    assert city_page.status_code == 200 and words in city_page.text
    page = client.get(f"/deals/{made.id}", params={"lang": lang}).text
    assert ("Unterschriften" if lang == "de" else "署名") in page


def test_the_public_sees_only_signed_deals_by_title(client: TestClient, world: World) -> None:
    orgs = stakeholders(world)
    signed = signed_deal(world, orgs)
    draft_deal(world, orgs, title="Secret draft")
    page = client.get(f"/cities/{world.city['Heidelberg']}/deals").text
    assert "Solar city deal" in page and "Secret draft" not in page
    assert f'href="/deals/{signed.id}"' not in page
    assert client.get(f"/deals/{signed.id}").status_code in (401, 303)
