"""Where am I: the home page leads to every capability with live figures, a signed-in officer lands
on "My city", and invitations reach the invited city (accept, decline with a reason, withdraw); a
suggestion of the partners page opens a filled-in proposal."""

from __future__ import annotations

import datetime as dt
import html
import re

from fastapi.testclient import TestClient

from citypact.domain.access import Role
from citypact.services.auth import accounts
from citypact.services.cooperation import partnerships
from tests.conftest import OPERATOR, PASSWORD, World
from tests.factories import declared, proposed, reported_inventory
from tests.web.test_pages import csrf_of, log_in


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_home_page_leads_to_every_capability_with_live_figures(client: TestClient, world: World) -> None:
    reported_inventory(world, "Heidelberg", 2019, 1_000_000.0)
    reported_inventory(world, "Kyoto", 2019, 2_000_000.0, status="draft")  # a draft is not counted
    declared(world, is_public=True)
    page = client.get("/").text
    for href in ("/cities", "/networks", "/cases", "/measures", "/tours"):
        assert f'href="{href}"' in page
    for capability in ("inventories", "plans", "benchmark", "partners", "cases", "networks", "tours"):
        assert f'id="cap-{capability}"' in page
    text = _text(page)
    # The test registry: 7 cities in 3 countries, 3 twin links, 1 network; 1 inventory submitted (the
    # draft is Kyoto's own), so 1 city with emissions data; 1 public partnership declared.
    for figure in (
        "1 inventory submitted",
        "1 city with emissions data",
        "1 public partnership",
        "3 twin-town links",
        "1 network",
        "7 cities · 3 countries",
    ):
        assert figure in text, figure
    assert 'href="/my"' not in page  # the public has no "My city"
    nav = page[page.index('<nav aria-label="Main"') : page.index("</nav>")]
    assert "<summary>Menu</summary>" in nav and nav.count('href="/tours"') == 2 and 'href="/cases"' in nav


def test_an_officer_lands_on_my_city_after_login(client: TestClient, world: World) -> None:
    token = csrf_of(client.get("/login").text)
    landed = client.post(
        "/login",
        data={"csrf_token": token, "email": "kyoto_editor@test.example", "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert landed.headers["location"] == "/my"
    assert 'id="my-city-link"' in client.get("/").text
    client.cookies.clear()
    token = csrf_of(client.get("/login").text)
    somewhere = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": "kyoto_editor@test.example",
            "password": PASSWORD,
            "next": "/cases",
        },
        follow_redirects=False,
    )
    assert somewhere.headers["location"] == "/cases"  # a page asked for is kept


def test_my_city_shows_inventories_partnerships_tasks_and_changes(client: TestClient, world: World) -> None:
    reported_inventory(world, "Heidelberg", 2019, 1_000_000.0)
    pid = declared(world)
    soon = dt.date.today() + dt.timedelta(days=10)
    with world.db.write() as session:
        partnerships.add_task(
            session,
            world.actor("heidelberg_editor"),
            pid,
            title="Share the heat atlas",
            due_on=soon.isoformat(),
        )
        partnerships.add_task(
            session, world.actor("heidelberg_editor"), pid, title="Someday", due_on="2099-01-01"
        )
    log_in(client, "heidelberg_viewer")
    page = client.get("/my").text
    text = _text(page)
    assert "My city: Heidelberg" in text
    assert re.search(r'href="/inventories/\d+">2019</a>: submitted', page)
    assert f'href="/partnerships/{pid}"' in page
    assert "Share the heat atlas" in text and "Someday" not in text  # due within 60 days only
    assert f'href="/partnerships/{pid}#work-plan"' in page
    recent = page[page.index('id="recent"') :]
    assert recent.index("create partnership_task") < recent.index("sign partnership")  # newest first
    assert 'id="position"' in page and f'href="/cities/{world.city["Heidelberg"]}/benchmark"' in page


def test_my_city_for_several_cities_a_secretariat_and_the_public(client: TestClient, world: World) -> None:
    assert client.get("/my", follow_redirects=False).headers["location"] == "/login?next=/my"
    with world.db.write() as session:
        accounts.grant_role(
            session, OPERATOR, world.users["plain_user"], Role.CITY_EDITOR, world.city["Kyoto"]
        )
        accounts.grant_role(
            session, OPERATOR, world.users["plain_user"], Role.CITY_VIEWER, world.city["Munich"]
        )
    log_in(client, "plain_user")
    choices = client.get("/my").text
    assert (
        f'href="/my?city={world.city["Kyoto"]}"' in choices
        and f'href="/my?city={world.city["Munich"]}"' in choices
    )
    assert "My city: Munich" in client.get(f"/my?city={world.city['Munich']}").text
    assert client.get(f"/my?city={world.city['Heidelberg']}").status_code == 403  # not one of theirs
    client.cookies.clear()
    log_in(client, "c40_secretariat")
    assert client.get("/my", follow_redirects=False).headers["location"] == "/networks/c40"


def test_the_invited_city_accepts_from_my_city(client: TestClient, world: World) -> None:
    pid = proposed(world)
    kyoto = world.city["Kyoto"]
    csrf = log_in(client, "kyoto_editor")
    page = client.get("/my").text
    assert "1 open invitation to a partnership" in _text(page)
    assert f'action="/partnerships/{pid}/accept"' in page and f'action="/partnerships/{pid}/decline"' in page
    accepted = client.post(
        f"/partnerships/{pid}/accept", data={"csrf_token": csrf, "city_id": kyoto}, follow_redirects=False
    )
    assert accepted.status_code == 303
    with world.db.read() as session:
        assert partnerships.get_partnership(session, world.actor("kyoto_editor"), pid).status == "accepted"
    assert "No open invitations." in client.get(f"/cities/{kyoto}/invitations").text


def test_the_invited_city_declines_with_a_reason_and_the_proposer_withdraws(
    client: TestClient, world: World
) -> None:
    first, second = proposed(world), proposed(world, partners=("Cologne",))
    kyoto = world.city["Kyoto"]
    csrf = log_in(client, "kyoto_editor")
    assert client.get(f"/cities/{world.city['Heidelberg']}/invitations").status_code == 403
    declined = client.post(
        f"/partnerships/{first}/decline",
        data={"csrf_token": csrf, "city_id": kyoto, "reason": "No staff this year"},
        follow_redirects=False,
    )
    assert declined.headers["location"] == f"/cities/{kyoto}/invitations?done=declined"
    notice = client.get(declined.headers["location"]).text
    assert 'role="status"' in notice and "Invitation declined." in notice
    ended = _text(client.get(f"/partnerships/{first}").text)
    assert "Kyoto declined the proposal. Reason: No staff this year" in ended
    client.cookies.clear()
    csrf = log_in(client, "heidelberg_editor")
    waiting = client.get(f"/cities/{world.city['Heidelberg']}/invitations").text
    assert f'id="proposal-{second}"' in waiting and f'id="proposal-{first}"' not in waiting
    assert "waiting for Cologne" in _text(waiting)
    client.post(f"/partnerships/{second}/withdraw", data={"csrf_token": csrf, "reason": "Later"})
    assert "The proposal was withdrawn. Reason: Later" in _text(client.get(f"/partnerships/{second}").text)
    with world.db.read() as session:
        ended = [
            partnerships.get_partnership(session, world.actor("admin"), p).status for p in (first, second)
        ]
    assert ended == ["ended", "ended"]


def test_a_suggestion_opens_a_filled_in_proposal(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    log_in(client, "heidelberg_editor")
    page = client.get(f"/cities/{heidelberg}/partners").text
    links = [html.unescape(h) for h in re.findall(r'href="(/cities/\d+/partnerships\?partner=[^"]+)"', page)]
    suggested = re.findall(r'<li><a href="/cities/(\d+)">', page[page.index('id="suggestions"') :])
    assert links and len(links) == len(suggested)  # a button on each suggestion
    first = client.get(links[0]).text
    form = first[first.index('id="propose"') :]
    assert re.search(rf'name="partners" type="text" value="{suggested[0]}"', form)
    assert '<option value="peer" selected>' in form
    reasons = re.search(r'id="proposal-description" name="description"[^>]*>([^<]+)</textarea>', form)
    assert reasons is not None and "km apart" in reasons.group(1)  # the suggestion's reasons
    # Looking for a mentor: a mentoring partnership, we the mentee, the partner our mentor.
    mentor = client.get(
        f"/cities/{heidelberg}/partnerships", params={"partner": world.city["Kyoto"], "goal": "mentor"}
    ).text
    form = mentor[mentor.index('id="propose"') :]
    assert '<option value="mentoring" selected>' in form
    assert re.search(r'name="role"[^>]*>.*?<option value="mentee" selected>', form, re.S)
    assert re.search(r'name="partner_role"[^>]*>.*?<option value="mentor" selected>', form, re.S)
    client.cookies.clear()
    log_in(client, "kyoto_editor")  # another city's editor gets no button and no filled form
    other = client.get(f"/cities/{heidelberg}/partners", params={"goal": "mentor"}).text
    assert "partnerships?partner=" not in other
