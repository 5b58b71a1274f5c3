"""Sessions end when they should (issue 12, item 5): a saved cookie is worthless after logout, after
a password change (other sessions), after an administrator ends them, after deactivation or expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from citypact.cli.main import app as cli
from citypact.config import Settings
from citypact.http.session import COOKIE
from citypact.storage.models import AuditEntry, User, UserSession
from tests.conftest import PASSWORD, World, bearer, shared_app
from tests.web.test_pages import csrf_of, log_in

NEW_PASSWORD = "lanterns over the Kamo river"


def _second_client(world: World, settings: Settings) -> TestClient:
    return TestClient(shared_app(settings, world.db))


def _me(client: TestClient, cookie: str | None = None) -> int | None:
    if cookie is not None:
        client.cookies.set(COOKIE, cookie)
    user_id: int | None = client.get("/api/v1/me").json()["user_id"]
    return user_id


def test_saved_cookie_is_worthless_after_logout(client: TestClient, world: World) -> None:
    csrf = log_in(client, "heidelberg_editor")
    saved = client.cookies[COOKIE]
    assert _me(client) == world.users["heidelberg_editor"]
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    # The attacker replays the cookie copied before the logout: the server ended its session.
    assert _me(client, saved) is None
    assert client.get("/account").status_code == 401
    with world.db.read() as session:
        assert session.scalar(select(UserSession.ended_at)) is not None


def test_login_rotates_the_server_session(client: TestClient, world: World) -> None:
    log_in(client, "kyoto_editor")
    first = client.cookies[COOKIE]
    log_in(client, "kyoto_editor")
    assert client.cookies[COOKIE] != first
    assert _me(client) == world.users["kyoto_editor"]
    other = TestClient(client.app)
    assert _me(other, first) is None  # the cookie from before the second login ended with it


def test_password_change_ends_the_other_sessions(
    client: TestClient, world: World, settings: Settings
) -> None:
    phone = _second_client(world, settings)
    log_in(phone, "kyoto_editor")
    csrf = log_in(client, "kyoto_editor")
    refused = client.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": PASSWORD, "new_password": "password12"},
    )
    assert refused.status_code == 422 and "New password" in refused.text
    assert _me(phone) == world.users["kyoto_editor"], "a refused change ends nothing"
    wrong = client.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": "not it at all", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "Current password" in wrong.text
    changed = client.post(
        "/account/password",
        data={"csrf_token": csrf, "current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 200 and "Your password is changed" in changed.text
    assert _me(client) == world.users["kyoto_editor"], "the session that changed it stays"
    assert _me(phone) is None
    token = csrf_of(phone.get("/login").text)
    old = phone.post(
        "/login", data={"csrf_token": token, "email": "kyoto_editor@test.example", "password": PASSWORD}
    )
    assert old.status_code == 401
    new = phone.post(
        "/login",
        data={"csrf_token": token, "email": "kyoto_editor@test.example", "password": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert new.status_code == 303


def test_password_change_over_the_api(client: TestClient, world: World, settings: Settings) -> None:
    browser = _second_client(world, settings)
    log_in(browser, "plain_user")
    headers = bearer(world, "plain_user")
    weak = client.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": " " * 10}, headers=headers
    )
    assert weak.status_code == 422 and weak.json()["detail"][0]["loc"] == ["body", "new_password"]
    wrong = client.post(
        "/api/v1/me/password",
        json={"current_password": "nope", "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "current_password"]
    ok = client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert ok.status_code == 200 and ok.json() == {"sessions_ended": 1}
    assert _me(browser) is None
    with world.db.read() as session:
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "user")))
    assert {"change_password", "end_sessions"} <= actions


def test_administrator_ends_a_users_sessions(client: TestClient, world: World, settings: Settings) -> None:
    browser = _second_client(world, settings)
    log_in(browser, "heidelberg_viewer")
    target = world.users["heidelberg_viewer"]
    refused = client.delete(f"/api/v1/users/{target}/sessions", headers=bearer(world, "kyoto_editor"))
    assert refused.status_code == 403 and _me(browser) == target
    ended = client.delete(f"/api/v1/users/{target}/sessions", headers=bearer(world, "admin"))
    assert ended.status_code == 200 and ended.json() == {"ended": 1}
    assert _me(browser) is None
    assert client.delete("/api/v1/users/999999/sessions", headers=bearer(world, "admin")).status_code == 404


def test_cli_ends_sessions_and_deactivates(
    client: TestClient, world: World, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    runner = CliRunner()
    log_in(client, "c40_secretariat")
    result = runner.invoke(cli, ["user", "end-sessions", "c40_secretariat@test.example"])
    assert result.exit_code == 0 and "ended 1 session" in result.output, result.output
    assert _me(client) is None
    unknown = runner.invoke(cli, ["user", "end-sessions", "nobody@test.example"])
    assert unknown.exit_code == 2 and "nobody@test.example" in unknown.output

    # Deactivation: the live session and the API token stop working at once.
    log_in(client, "c40_secretariat")
    token = bearer(world, "c40_secretariat")
    assert client.get("/api/v1/me", headers=token).json()["user_id"] == world.users["c40_secretariat"]
    result = runner.invoke(cli, ["user", "deactivate", "c40_secretariat@test.example"])
    assert result.exit_code == 0, result.output
    assert _me(client) is None
    assert client.get("/api/v1/me", headers=token).status_code == 401
    result = runner.invoke(cli, ["user", "deactivate", "--undo", "c40_secretariat@test.example"])
    assert result.exit_code == 0
    assert client.get("/api/v1/me", headers=token).json()["user_id"] == world.users["c40_secretariat"]
    assert _me(client) is None, "reactivating does not revive ended sessions"


def test_deactivated_user_is_logged_out_even_without_ending_rows(client: TestClient, world: World) -> None:
    log_in(client, "heidelberg_editor")
    with world.db.write() as session:
        session.execute(
            update(User).where(User.id == world.users["heidelberg_editor"]).values(is_active=False)
        )
    assert _me(client) is None
    assert client.get("/api/v1/me", headers=bearer(world, "heidelberg_editor")).status_code == 401


def test_expired_session_is_the_public_and_last_seen_is_kept(client: TestClient, world: World) -> None:
    log_in(client, "plain_user")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with world.db.write() as session:
        session.execute(update(UserSession).values(last_seen_at=long_ago))
    assert _me(client) == world.users["plain_user"]
    with world.db.read() as session:
        seen = session.scalar(select(UserSession.last_seen_at))
    assert seen is not None and seen.replace(tzinfo=dt.UTC) > long_ago + dt.timedelta(minutes=30)
    with world.db.write() as session:
        session.execute(update(UserSession).values(expires_at=long_ago))
    assert _me(client) is None


def test_account_page_lists_and_ends_own_sessions(
    client: TestClient, world: World, settings: Settings
) -> None:
    laptop = _second_client(world, settings)
    laptop.headers["user-agent"] = "Laptop browser"
    log_in(laptop, "heidelberg_editor")
    csrf = log_in(client, "heidelberg_editor")
    page = client.get("/account").text
    assert "Laptop browser" in page and "this session" in page
    with world.db.read() as session:
        laptop_id = session.scalar(select(UserSession.id).where(UserSession.user_agent == "Laptop browser"))
    # Someone else cannot end it (404 like an unknown id), its owner can.
    intruder = _second_client(world, settings)
    intruder_csrf = log_in(intruder, "kyoto_editor")
    assert (
        intruder.post(f"/account/sessions/{laptop_id}/end", data={"csrf_token": intruder_csrf}).status_code
        == 404
    )
    assert _me(laptop) == world.users["heidelberg_editor"]
    ended = client.post(
        f"/account/sessions/{laptop_id}/end", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert ended.status_code == 303
    assert _me(laptop) is None
    log_in(laptop, "heidelberg_editor")
    client.post("/account/sessions/end-others", data={"csrf_token": csrf})
    assert _me(laptop) is None and _me(client) == world.users["heidelberg_editor"]
    sessions = client.get("/api/v1/me/sessions").json()
    assert [s["current"] for s in sessions] == [True]
