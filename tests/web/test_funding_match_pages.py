"""The funding pages: a city's funding view and a measure's matches, the deadlines feed, the
secretariat's pipeline; who reads them; the funding-line form naming a programme."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select

from citypact.storage.funding import FundingProgramme
from citypact.storage.plan_money import PlanMeasureFunding
from citypact.storage.plans import PlanMeasure
from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.factories import confirm_membership
from tests.funding_match_fixture import confirm_members, french_member, funding_world

TODAY = dt.datetime.now(dt.UTC).date()
HEIDELBERG_READERS = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer"})


@pytest.mark.parametrize("who", ROLES)
def test_only_the_city_s_staff_read_its_funding_view_and_feed(
    client: TestClient, world: World, who: str
) -> None:
    funding_world(world, TODAY)
    _page_login(client, who)
    hd = world.city["Heidelberg"]
    for path in (f"/cities/{hd}/funding", f"/cities/{hd}/funding/calendar.ics"):
        response = client.get(path, follow_redirects=False)
        if who in HEIDELBERG_READERS:
            assert response.status_code == 200, (path, response.text[:300])
        elif who == "public":
            assert response.status_code in (303, 401), path
        else:
            assert response.status_code == 403, path
            assert "Retrofit of schools" not in response.text


def test_a_confirmed_secretariat_reads_the_view(client: TestClient, world: World) -> None:
    funding_world(world, TODAY)
    confirm_membership(world, "Kyoto")
    _page_login(client, "c40_secretariat")
    page = client.get(f"/cities/{world.city['Kyoto']}/funding")
    assert page.status_code == 200 and "Solar roofs" in page.text and "City-to-city JCM" in page.text


def test_the_view_shows_money_matches_reasons_deadlines_and_links(client: TestClient, world: World) -> None:
    fw = funding_world(world, TODAY)
    _page_login(client, "heidelberg_editor")
    hd = world.city["Heidelberg"]
    page = client.get(f"/cities/{hd}/funding").text
    assert "Retrofit of schools" in page and "Tram line" in page and "Old depot" not in page
    assert f'href="/funding/programmes/{fw.programmes["retrofit"]}"' in page
    assert "closes in 12 days" in page
    assert "700,000.00 EUR" in page  # the schools' gap
    assert "Suggested" not in page
    assert f'href="/cities/{hd}/funding/calendar.ics"' in page
    one = client.get(f"/cities/{hd}/funding?measure={fw.measures['schools']}").text
    assert 'id="fitting"' in one and "Municipal retrofit fund" in one
    assert "the field agrees: Municipal buildings" in one and "pays up to 50 %" in one
    assert 'id="ruled-out"' in one and "no call is open, rolling or announced" in one
    assert "needs 3 cities from 2 countries" in one
    assert f'href="/cities/{hd}/plan/measures/{fw.measures["schools"]}/money#funding"' in one
    assert client.get(f"/cities/{hd}/funding?measure={fw.measures['solar']}").status_code == 404


def test_the_view_speaks_german_and_japanese(client: TestClient, world: World) -> None:
    funding_world(world, TODAY)
    _page_login(client, "heidelberg_editor")
    hd = world.city["Heidelberg"]
    de = client.get(f"/cities/{hd}/funding", headers={"Accept-Language": "de"}).text
    assert "Förderung" in de and "schließt in 12 Tagen" in de
    ja = client.get(f"/cities/{hd}/funding", headers={"Accept-Language": "ja"}).text
    assert "資金" in ja


def test_the_feed_is_icalendar(client: TestClient, world: World) -> None:
    fw = funding_world(world, TODAY)
    _page_login(client, "heidelberg_viewer")
    response = client.get(f"/cities/{world.city['Heidelberg']}/funding/calendar.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 3
    assert str(events[0]["url"]).endswith(f"/funding/programmes/{fw.programmes['retrofit']}")


@pytest.mark.parametrize("who", ROLES)
def test_only_the_secretariat_and_admins_read_the_pipeline(
    client: TestClient, world: World, who: str
) -> None:
    funding_world(world, TODAY)
    confirm_membership(world, "Kyoto")
    _page_login(client, who)
    response = client.get("/networks/c40/funding", follow_redirects=False)
    if who in ("admin", "c40_secretariat"):
        assert response.status_code == 200 and "Solar roofs" in response.text
    elif who == "public":
        assert response.status_code in (303, 401)
    else:
        assert response.status_code == 403 and "Solar roofs" not in response.text


def test_the_funding_line_form_names_a_programme_and_refuses_an_unknown_one(
    client: TestClient, world: World
) -> None:
    fw = funding_world(world, TODAY)
    token = _page_login(client, "heidelberg_editor")
    hd, schools = world.city["Heidelberg"], fw.measures["schools"]
    url = f"/cities/{hd}/plan/measures/{schools}/funding"
    form = client.get(f"/cities/{hd}/plan/measures/{schools}/money").text
    assert f'<option value="{fw.programmes["retrofit"]}">Municipal retrofit fund</option>' in form
    assert "Suggested" not in form  # not a programme of the catalogue yet
    before = _row_counts(world)
    bad = client.post(
        url,
        data={"csrf_token": token, "source": "national_grant", "status": "sought", "label": "Retrofit fund",
              "amount": "50000", "programme_id": str(fw.programmes["suggested"])},
    )  # fmt: skip
    assert bad.status_code == 422 and "choose a programme of the catalogue" in bad.text
    assert 'value="Retrofit fund"' in bad.text  # what was typed is kept
    assert _row_counts(world) == before
    ok = client.post(
        url,
        data={"csrf_token": token, "source": "national_grant", "status": "sought", "label": "Retrofit fund",
              "amount": "50000", "programme_id": str(fw.programmes["retrofit"])},
        follow_redirects=False,
    )  # fmt: skip
    assert ok.status_code == 303
    with world.db.read() as session:
        line = session.scalars(
            select(PlanMeasureFunding).where(PlanMeasureFunding.label == "Retrofit fund")
        ).one()
    assert line.programme_id == fw.programmes["retrofit"] and line.status == "sought"
    assert (
        f'href="/funding/programmes/{fw.programmes["retrofit"]}"'
        in client.get(f"/cities/{hd}/plan/measures/{schools}/money").text
    )


def test_a_hostile_programme_name_stays_text(client: TestClient, world: World) -> None:
    fw = funding_world(world, TODAY)
    with world.db.write() as session:
        p = session.get(FundingProgramme, fw.programmes["retrofit"])
        assert p is not None
        p.name = '<script>alert("x")</script> fund'
    _page_login(client, "heidelberg_editor")
    page = client.get(f"/cities/{world.city['Heidelberg']}/funding").text
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; fund" in page


def test_the_plan_and_the_money_page_link_the_funding_view(client: TestClient, world: World) -> None:
    fw = funding_world(world, TODAY)
    _page_login(client, "heidelberg_editor")
    hd, schools = world.city["Heidelberg"], fw.measures["schools"]
    assert f'href="/cities/{hd}/funding"' in client.get(f"/cities/{hd}/plan").text
    money = client.get(f"/cities/{hd}/plan/measures/{schools}/money").text
    assert f'href="/cities/{hd}/funding?measure={schools}"' in money


def test_the_pipeline_page_links_the_joint_application_form(client: TestClient, world: World) -> None:
    fw = funding_world(world, TODAY)
    confirm_members(world, "Heidelberg", "Munich")
    with world.db.write() as session:
        session.add(
            PlanMeasure(
                city_id=world.city["Munich"],
                title="School retrofit Munich",
                field="buildings_municipal",
                instrument="own_operations",
                implementation="planned",
                capex_minor=90_000_000,
                currency="EUR",
            )  # fmt: skip
        )
    french_member(world)
    _page_login(client, "c40_secretariat")
    page = client.get("/networks/c40/funding").text
    assert "School retrofit Munich" in page and "Lyon schools" in page
    joint = page[page.index('id="joint"') :]
    assert "Cities joining forces" in joint and "Form the application" in joint
    programme = fw.programmes["joint"]
    # the lead has the largest gap (Heidelberg's tram, 5 M EUR), then Lyon (2 M), Munich (0.9 M)
    ids = ",".join(str(world.city[c]) for c in ("Heidelberg", "Lyon", "Munich"))
    assert f'href="/funding/applications/new?programme={programme}&amp;cities={ids}&amp;network=c40"' in joint


def test_a_fitting_programme_starts_the_funding_form_with_it(client: TestClient, world: World) -> None:
    fw = funding_world(world, TODAY)
    _page_login(client, "heidelberg_editor")
    hd, schools, retrofit = world.city["Heidelberg"], fw.measures["schools"], fw.programmes["retrofit"]
    one = client.get(f"/cities/{hd}/funding?measure={schools}").text
    start = f"/cities/{hd}/plan/measures/{schools}/money?programme={retrofit}#funding"
    assert f'href="{start}"' in one
    form = client.get(start.removesuffix("#funding")).text
    assert f'<option value="{retrofit}" selected>Municipal retrofit fund</option>' in form
    assert '<option value="sought" selected>' in form
    _page_login(client, "heidelberg_viewer")
    assert f'href="{start}"' not in client.get(f"/cities/{hd}/funding?measure={schools}").text
