"""Login throttling (issue 12, item 7): the attack was 200 wrong passwords in 82 s with no delay.
Now a few failures are free, then each locks for twice as long (429, Retry-After, a notice saying when
to retry); unknown emails and deactivated accounts behave exactly like real ones."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from citypact.config import Settings
from citypact.services.auth import accounts, login_throttle
from citypact.services.auth.login_throttle import FREE_PER_ACCOUNT, FREE_PER_ADDRESS, Keys, TooManyAttempts
from citypact.storage.models import LoginThrottle, User
from tests.conftest import PASSWORD, World, shared_app
from tests.web.test_pages import csrf_of


def _attempt(
    client: TestClient, email: str, password: str = "wrong password"
) -> tuple[int, dict[str, str], str]:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": password}, follow_redirects=False
    )
    return response.status_code, dict(response.headers), response.text


@pytest.mark.parametrize("email", ["kyoto_editor@test.example", "nobody@test.example"])
def test_wrong_passwords_lock_the_account(client: TestClient, world: World, email: str) -> None:
    statuses = [_attempt(client, email)[0] for _ in range(FREE_PER_ACCOUNT + 1)]
    assert statuses == [401] * (FREE_PER_ACCOUNT + 1)
    status, headers, page = _attempt(client, email, PASSWORD)  # even the right password waits
    assert status == 429
    assert 1 <= int(headers["retry-after"]) <= 2
    assert "Too many failed logins" in page and "Try again after" in page
    # The lock runs out: the right password works and the account starts afresh.
    with world.db.write() as session:
        session.execute(update(LoginThrottle).values(locked_until=None))
    status = _attempt(client, email, PASSWORD)[0]
    assert status == (303 if email.startswith("kyoto") else 401)


def test_the_lock_grows_to_fifteen_minutes() -> None:
    locks = [login_throttle.lock_for(n, 5) for n in range(1, 30)]
    assert locks[:5] == [None] * 5
    seconds = [lock.total_seconds() for lock in locks[5:] if lock is not None]
    assert seconds[:4] == [2, 4, 8, 16]
    assert max(seconds) == 15 * 60 and seconds[-1] == 15 * 60
    # 200 guesses (the attack of the issue) now take more than a day instead of 82 s.
    waits = [login_throttle.lock_for(n, FREE_PER_ACCOUNT) for n in range(1, 200)]
    assert sum(w.total_seconds() for w in waits if w is not None) > 86_400


def test_many_accounts_from_one_address_lock_the_address(world: World, settings: Settings) -> None:
    with TestClient(shared_app(settings, world.db)) as client:
        for n in range(FREE_PER_ADDRESS + 1):
            assert _attempt(client, f"guess{n}@test.example")[0] == 401
        status, headers, _ = _attempt(client, "admin@test.example", PASSWORD)
    assert status == 429 and int(headers["retry-after"]) >= 1


def test_trusted_proxy_throttles_by_forwarded_address(world: World, database_url: str) -> None:
    settings = Settings(database_url=database_url, secret_key="k", trust_proxy=True)
    with TestClient(shared_app(settings, world.db)) as client:
        client.headers["x-forwarded-for"] = "203.0.113.9"
        for n in range(FREE_PER_ADDRESS + 1):
            _attempt(client, f"guess{n}@test.example")
        assert _attempt(client, "admin@test.example", PASSWORD)[0] == 429
        # Another client behind the same proxy is not locked; a spoofed first entry changes nothing.
        client.headers["x-forwarded-for"] = "203.0.113.9, 198.51.100.7"
        assert _attempt(client, "admin@test.example", PASSWORD)[0] == 303


def test_success_gives_the_attempt_back(client: TestClient, world: World) -> None:
    for _ in range(3):
        assert _attempt(client, "admin@test.example", PASSWORD)[0] == 303
    with world.db.read() as session:
        rows = session.execute(select(LoginThrottle.failures, LoginThrottle.locked_until)).all()
    assert [tuple(r) for r in rows] == [(0, None)], "only the address row, with nothing counted"


def test_unknown_and_deactivated_accounts_check_a_hash_like_any_other(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = accounts._check_password
    monkeypatch.setattr(accounts, "_check_password", lambda h, p: checked.append(p) or real(h, p))
    with world.db.write() as session:
        session.execute(update(User).where(User.name == "plain_user").values(is_active=False))
    with world.db.read() as session:
        assert accounts.authenticate(session, "nobody@test.example", "a guess") is None
        assert accounts.authenticate(session, "plain_user@test.example", PASSWORD) is None
        assert accounts.authenticate(session, "admin@test.example", "a guess") is None
    assert checked == ["a guess", PASSWORD, "a guess"], "one slow hash check each, whatever the account"


def test_the_table_stays_bounded(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    now = dt.datetime.now(dt.UTC)
    with world.db.write() as session:
        login_throttle.admit(session, Keys("old-account", "old-address"), now - dt.timedelta(days=2))
        login_throttle.admit(session, Keys("a", "b"), now)
    with world.db.read() as session:
        assert set(session.scalars(select(LoginThrottle.key))) == {"a", "b"}, "a day later the rows go"
    monkeypatch.setattr(login_throttle, "MAX_ROWS", 10)
    for n in range(12):
        with world.db.write() as session:
            login_throttle.admit(session, Keys(f"acct{n}", f"addr{n}"), now + dt.timedelta(seconds=n))
    with world.db.read() as session:
        assert (session.scalar(select(func.count()).select_from(LoginThrottle)) or 0) <= 10
        assert "acct11" in set(session.scalars(select(LoginThrottle.key))), "the newest are kept"


def test_a_locked_attempt_writes_nothing(world: World) -> None:
    now = dt.datetime.now(dt.UTC)
    keys = Keys("k-account", "k-address")
    for _ in range(FREE_PER_ACCOUNT + 1):
        with world.db.write() as session:
            login_throttle.admit(session, keys, now)
    with world.db.read() as session:
        before = session.execute(
            select(LoginThrottle.key, LoginThrottle.failures).order_by(LoginThrottle.key)
        ).all()
    with pytest.raises(TooManyAttempts) as locked, world.db.write() as session:
        login_throttle.admit(session, keys, now + dt.timedelta(seconds=1))
    assert locked.value.retry_after_seconds(now + dt.timedelta(seconds=1)) == 1
    with world.db.read() as session:
        after = session.execute(
            select(LoginThrottle.key, LoginThrottle.failures).order_by(LoginThrottle.key)
        ).all()
    assert after == before


def test_api_login_is_throttled_alike(client: TestClient, world: World) -> None:
    email = "heidelberg_viewer@test.example"
    for _ in range(FREE_PER_ACCOUNT + 1):
        wrong = client.post("/api/v1/session", json={"email": email, "password": "a wrong guess"})
        assert wrong.status_code == 401
    locked = client.post("/api/v1/session", json={"email": email, "password": PASSWORD})
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["retry-after"]) <= 2
    assert "try again after" in locked.json()["detail"]
    with world.db.write() as session:
        session.execute(update(LoginThrottle).values(locked_until=None))
    ok = client.post("/api/v1/session", json={"email": email, "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["user_id"] == world.users["heidelberg_viewer"]
    saved = client.cookies["citypact_session"]
    assert client.get("/api/v1/me").json()["user_id"] == world.users["heidelberg_viewer"]
    # Logging out over the API needs the session's CSRF header, and ends the server session.
    assert client.delete("/api/v1/session").status_code == 403
    out = client.delete("/api/v1/session", headers={"x-csrf-token": ok.json()["csrf_token"]})
    assert out.status_code == 204
    client.cookies.set("citypact_session", saved)
    assert client.get("/api/v1/me").json()["user_id"] is None
    assert client.delete("/api/v1/session").status_code == 401


def test_keys_group_an_ipv6_network_and_normalize_the_email() -> None:
    one = login_throttle.keys("Admin@Test.example ", "2001:db8:1:2::1")
    same = login_throttle.keys("admin@test.example", "2001:db8:1:2:ffff::9")
    other = login_throttle.keys("admin@test.example", "2001:db8:1:3::1")
    assert one == same and one.address != other.address and one.account == other.account
    assert (
        login_throttle.keys("x@y.example", "192.0.2.1").address
        != login_throttle.keys("x@y.example", "192.0.2.2").address
    )
    assert "admin" not in one.account, "the table keeps no typed email"
