"""The pages of carbon-credit projects: the public list with filters, a new project whose form keeps
what was typed and says at the field what is wrong, the project page with the forms for parties,
documents and registration, a report through submission and verification, the issuance form for
the registry, removals that ask first; in English, German and Japanese."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.storage.credits import CreditMonitoringReport, CreditProject, CreditProjectParty
from tests.conftest import World
from tests.credit_projects_fixture import draft_project, officers, registered_project, verified_project
from tests.web.test_pages import log_in

FORM = {
    "title": "Solar park",
    "methodology": "grid_renewable",
    "crediting_start": "2025-01-01",
    "crediting_end": "2034-12-31",
    "buffer_percent": "5",
    "authorisation": "ndc",
    "eg_mwh": "10,000",
    "ef_grid_t_per_mwh": "0.4",
    "ef_grid_source": "PDD",
}


def test_new_project_keeps_what_was_typed_and_says_where(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    page = client.get("/credits/projects/new")
    assert page.status_code == 200 and 'id="project-form"' in page.text
    bad = FORM | {"eg_mwh": "-5", "csrf_token": token, "city_id": str(world.city["Heidelberg"])}
    response = client.post("/credits/projects/new", data=bad)
    assert response.status_code == 422
    assert 'id="project-eg-mwh" name="eg_mwh" type="text" value="-5" aria-invalid="true"' in response.text
    assert 'value="Solar park"' in response.text
    with world.db.read() as session:
        assert session.scalar(select(func.count(CreditProject.id))) == 0
    made = client.post(
        "/credits/projects/new",
        data=FORM | {"csrf_token": token, "city_id": str(world.city["Heidelberg"])},
        follow_redirects=False,
    )
    assert made.status_code == 303
    found = re.search(r"/credits/projects/(\d+)", made.headers["location"])
    assert found
    page = client.get(f"/credits/projects/{found.group(1)}")
    assert page.status_code == 200 and 'id="add-party"' in page.text and "4,000.0" in page.text


def test_other_city_cannot_host_for_heidelberg(client: TestClient, world: World) -> None:
    token = log_in(client, "kyoto_editor")
    response = client.post(
        "/credits/projects/new", data=FORM | {"csrf_token": token, "city_id": str(world.city["Heidelberg"])}
    )
    assert response.status_code == 403


def test_parties_shares_and_removal_that_asks(client: TestClient, world: World) -> None:
    made = draft_project(world, partner=False)
    token = log_in(client, "heidelberg_editor")
    base = f"/credits/projects/{made.id}"
    added = client.post(
        f"{base}/parties",
        data={"csrf_token": token, "city_id": str(world.city["Kyoto"]), "share_percent": "40"},
        follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303
    page = client.get(base)
    assert 'id="shares-missing"' in page.text and "40" in page.text  # 140 %: 40 % too much
    bad = client.post(
        f"{base}/parties/{made.host_party}/share", data={"csrf_token": token, "share_percent": "sixty"}
    )
    assert bad.status_code == 422
    ok = client.post(f"{base}/parties/{made.host_party}/share",
                     data={"csrf_token": token, "share_percent": "60"}, follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    page = client.get(base)
    assert 'id="shares-missing"' not in page.text
    # 4 000 credits (a year of the estimate): buffer 200; Kyoto floor(3 800 x 40 %) = 1 520, Heidelberg 2 280.
    assert "1,520" in page.text and "2,280" in page.text and 'id="rounding-rule"' in page.text
    with world.db.read() as session:
        kyoto = session.scalar(
            select(CreditProjectParty.id).where(CreditProjectParty.city_id == world.city["Kyoto"])
        )
    ask = client.get(f"{base}/parties/{kyoto}/remove")
    assert ask.status_code == 200 and 'id="remove-party"' in ask.text
    gone = client.post(f"{base}/parties/{kyoto}/remove", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303
    with world.db.read() as session:
        assert session.scalar(select(func.count(CreditProjectParty.id))) == 1


def test_registry_registers_and_the_public_sees_it(client: TestClient, world: World) -> None:
    officers(world)
    made = draft_project(world)
    assert client.get(f"/credits/projects/{made.id}").status_code == 401  # a draft: sign in
    token = log_in(client, "registry_officer")
    page = client.get(f"/credits/projects/{made.id}")
    assert 'id="register-form"' in page.text
    done = client.post(
        f"/credits/projects/{made.id}/register", data={"csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    client.cookies.clear()
    public = client.get(f"/credits/projects/{made.id}")
    assert public.status_code == 200 and 'id="register-form"' not in public.text
    listed = client.get("/credits/projects", params={"host_country": "DE", "methodology": "grid_renewable"})
    assert f'href="/credits/projects/{made.id}"' in listed.text
    assert f'href="/credits/projects/{made.id}"' not in client.get("/credits/projects?status=closed").text


def test_report_written_submitted_and_verified_through_the_pages(client: TestClient, world: World) -> None:
    made = registered_project(world)
    token = log_in(client, "kyoto_editor")
    base = f"/credits/projects/{made.id}/reports"
    bad = client.post(f"{base}/new", data={"csrf_token": token, "period_start": "2024-01-01",
                                           "period_end": "2024-12-31", "eg_mwh": "9000"})  # fmt: skip
    assert bad.status_code == 422 and 'id="report-period-start"' in bad.text
    made_report = client.post(
        f"{base}/new",
        data={"csrf_token": token, "period_start": "2025-01-01", "period_end": "2025-12-31", "eg_mwh": "9000",
              "ef_grid_t_per_mwh": "0.4", "ef_grid_source": "PDD"},
        follow_redirects=False,
    )  # fmt: skip
    assert made_report.status_code == 303
    location = made_report.headers["location"]
    page = client.get(location)
    assert 'id="submit-report"' in page.text and "3,600.0" in page.text and "verifier_person" in page.text
    submitted = client.post(f"{location}/submit", data={"csrf_token": token,
                                                        "verifier_id": str(world.users["verifier_person"])},
                            follow_redirects=False)  # fmt: skip
    assert submitted.status_code == 303
    client.cookies.clear()
    token = log_in(client, "verifier_person")
    page = client.get(location)
    assert 'id="verify-report"' in page.text
    above = client.post(
        f"{location}/verify", data={"csrf_token": token, "verified_t": "3700", "reference": "VR"}
    )
    assert above.status_code == 422 and 'id="verify-statement"' in above.text
    done = client.post(f"{location}/verify",
                       data={"csrf_token": token, "verified_t": "3500", "reference": "VR"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    with world.db.read() as session:
        assert session.scalar(select(CreditMonitoringReport.status)) == "verified"


def test_verified_report_shows_the_issue_form_to_the_registry_only(client: TestClient, world: World) -> None:
    made = verified_project(world)
    location = f"/credits/projects/{made.id}/reports/{made.report}"
    log_in(client, "heidelberg_editor")
    assert 'id="issue-form"' not in client.get(location).text
    client.cookies.clear()
    log_in(client, "registry_officer")
    page = client.get(location)
    assert 'id="issue-form"' in page.text and 'name="csrf_token"' in page.text
    assert f'action="{location}/issue"' in page.text


@pytest.mark.parametrize(
    ("lang", "title"), [("de", "Kohlenstoffgutschrift-Projekte"), ("ja", "カーボンクレジット・プロジェクト")]
)
def test_pages_in_german_and_japanese(client: TestClient, world: World, lang: str, title: str) -> None:
    made = verified_project(world)
    listed = client.get("/credits/projects", params={"lang": lang})
    assert listed.status_code == 200 and title in listed.text
    page = client.get(f"/credits/projects/{made.id}", params={"lang": lang})
    assert page.status_code == 200


def test_city_page_links_the_projects(client: TestClient, world: World) -> None:
    made = verified_project(world)
    city = world.city["Kyoto"]
    page = client.get(f"/cities/{city}")
    assert f'href="/credits/projects?city_id={city}"' in page.text
    listed = client.get(f"/credits/projects?city_id={city}")
    assert f'href="/credits/projects/{made.id}"' in listed.text
    assert (
        f'href="/credits/projects/{made.id}"'
        not in client.get(f"/credits/projects?city_id={world.city['Munich']}").text
    )
