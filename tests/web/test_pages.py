"""The pages: search, profile, login, forms with CSRF, escaping, languages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from citypact.domain.access import Role
from citypact.services.auth import accounts
from tests.conftest import OPERATOR, PASSWORD, World

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "page has a form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, who: str) -> str:
    """Log in through the form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf_token": token, "email": f"{who}@test.example", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/account").text)


def test_home_search_and_profile(client: TestClient, world: World) -> None:
    assert "citypact" in client.get("/").text
    page = client.get("/cities", params={"q": "köln"}).text
    assert f'href="/cities/{world.city["Cologne"]}"' in page
    profile = client.get(f"/cities/{world.city['Kyoto']}").text
    assert "Kyoto" in profile and "1,464,890" in profile
    assert f'href="/cities/{world.city["Cologne"]}"' in profile  # twin town links to its page
    assert "485" in profile  # national grid intensity of Japan for 2022


def test_profile_year_selects_grid_intensity(client: TestClient, world: World) -> None:
    page = client.get(f"/cities/{world.city['Heidelberg']}", params={"year": 2021}).text
    assert "356 g CO₂/kWh" in page


def test_login_failure_and_logout(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    failed = client.post(
        "/login", data={"csrf_token": token, "email": "admin@test.example", "password": "wrong"}
    )
    assert failed.status_code == 401 and "wrong" in failed.text
    csrf = log_in(client, "admin")
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/account").status_code == 401


def test_form_post_without_csrf_is_refused(client: TestClient, world: World) -> None:
    log_in(client, "heidelberg_editor")
    url = f"/cities/{world.city['Heidelberg']}/edit"
    response = client.post(url, data={"name": "Hacked"})
    assert response.status_code == 403
    assert "security token" in response.text
    assert client.get(f"/api/v1/cities/{world.city['Heidelberg']}").json()["name"] == "Heidelberg"


def test_editor_edits_own_city_through_the_form(client: TestClient, world: World) -> None:
    csrf = log_in(client, "heidelberg_editor")
    url = f"/cities/{world.city['Heidelberg']}/edit"
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        data={
            "csrf_token": csrf,
            "name": "Heidelberg",
            "population": "162273",
            "population_year": "2022",
            "is_published": "1",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.get(f"/api/v1/cities/{world.city['Heidelberg']}").json()["population"] == 162273
    other = client.post(
        f"/cities/{world.city['Kyoto']}/edit", data={"csrf_token": csrf, "name": "Kyoto", "is_published": "1"}
    )
    assert other.status_code == 403


def test_invalid_form_value_is_shown_at_its_field(client: TestClient, world: World) -> None:
    csrf = log_in(client, "heidelberg_editor")
    response = client.post(
        f"/cities/{world.city['Heidelberg']}/edit",
        data={"csrf_token": csrf, "name": "Heidelberg", "population": "lots", "is_published": "1"},
    )
    assert response.status_code == 422
    assert "population" in response.text and 'aria-invalid="true"' in response.text


def test_html_in_text_is_escaped(client: TestClient, world: World) -> None:
    csrf = log_in(client, "heidelberg_editor")
    client.post(
        f"/cities/{world.city['Heidelberg']}/edit",
        data={
            "csrf_token": csrf,
            "name": "Heidelberg",
            "is_published": "1",
            "description": "<script>alert('x')</script>",
        },
    )
    page = client.get(f"/cities/{world.city['Heidelberg']}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_languages_switch_and_format_numbers(client: TestClient, world: World) -> None:
    kyoto = f"/cities/{world.city['Kyoto']}"
    german = client.get(kyoto, params={"lang": "de"}).text
    assert '<html lang="de">' in german and "1.464.890" in german and "Einwohner" in german
    assert '<html lang="de">' in client.get("/cities").text  # remembered in the session
    japanese = client.get(kyoto, params={"lang": "ja"}).text
    assert "人口" in japanese and "1,464,890" in japanese
    fresh = TestClient(client.app)
    assert '<html lang="ja">' in fresh.get("/", headers={"Accept-Language": "ja-JP,ja;q=0.9"}).text


def test_error_pages_are_html(client: TestClient) -> None:
    response = client.get("/cities/999999")
    assert response.status_code == 404 and "<html" in response.text
    assert client.get("/account").status_code == 401


def test_about_page_attributes_sources(client: TestClient) -> None:
    page = client.get("/about").text
    assert "simplemaps" in page and "CC BY 4.0" in page


def test_membership_needs_the_citys_acceptance_through_the_forms(client: TestClient, world: World) -> None:
    munich = world.city["Munich"]
    csrf = log_in(client, "c40_secretariat")
    response = client.post(
        "/networks/c40/invitations", data={"csrf_token": csrf, "city_id": munich}, follow_redirects=False
    )
    assert response.status_code == 303
    page = client.get("/networks/c40").text
    assert f'id="join-{munich}"' in page and "invited, no answer yet" in page
    assert f'href="/cities/{munich}">Munich</a> <small>' in page  # in the pending list only
    assert page.count(">Munich</a>") == 1, "an invited city is not listed as a member"
    client.post("/logout", data={"csrf_token": csrf})
    with world.db.write() as session:
        accounts.grant_role(session, OPERATOR, world.users["plain_user"], Role.CITY_EDITOR, munich)
    csrf = log_in(client, "plain_user")
    city_page = client.get(f"/cities/{munich}").text
    assert "C40" in city_page and f'action="/networks/c40/pending/{munich}/accept"' in city_page
    accepted = client.post(
        f"/networks/c40/pending/{munich}/accept",
        data={"csrf_token": csrf, "back": "city"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/cities/{munich}#networks"
    assert client.get("/networks/c40").text.count(">Munich</a>") == 1
    leave = f"/networks/c40/members/{munich}/delete"
    assert f'href="{leave}?back=city"' in client.get(f"/cities/{munich}").text
    asking = client.get(leave, params={"back": "city"})  # leaving asks first
    assert asking.status_code == 200 and "End this network membership?" in asking.text
    assert f'action="{leave}"' in asking.text and 'name="back" value="city"' in asking.text
    left = client.post(leave, data={"csrf_token": csrf, "back": "city"}, follow_redirects=False)
    assert left.headers["location"] == f"/cities/{munich}?done=membership_ended#networks"
    assert client.get("/networks/c40").text.count(">Munich</a>") == 0
    assert client.get(leave).status_code == 404  # no membership left to end


def test_account_issues_a_token_that_works(client: TestClient) -> None:
    csrf = log_in(client, "plain_user")
    page = client.post("/account/tokens", data={"csrf_token": csrf, "name": "laptop"}).text
    token = re.search(r'<code id="new-token">([^<]+)</code>', page)
    assert token
    fresh = TestClient(client.app)
    me = fresh.get("/api/v1/me", headers={"Authorization": f"Bearer {token.group(1)}"}).json()
    assert me["user_id"] is not None


def test_a_city_asks_to_join_and_the_secretariat_answers_on_its_page(
    client: TestClient, world: World
) -> None:
    heidelberg = world.city["Heidelberg"]
    csrf = log_in(client, "heidelberg_editor")
    page = client.get(f"/cities/{heidelberg}").text
    assert 'id="ask-to-join"' in page and '<option value="c40">' in page
    asked = client.post(
        "/networks/join",
        data={"csrf_token": csrf, "slug": "c40", "city_id": heidelberg},
        follow_redirects=False,
    )
    assert asked.status_code == 303
    assert "This city asked to join" in client.get(f"/cities/{heidelberg}").text
    client.post("/logout", data={"csrf_token": csrf})
    csrf = log_in(client, "c40_secretariat")
    page = client.get("/networks/c40").text
    assert "asks to join" in page and "(listed, not confirmed by the city)" in page
    accepted = client.post(
        f"/networks/c40/pending/{heidelberg}/accept", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == "/networks/c40"
    assert client.get("/networks/c40").text.count(">Heidelberg</a>") == 1
