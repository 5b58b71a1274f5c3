"""Fixtures: a migrated database per test (SQLite, or PostgreSQL when CITYPACT_TEST_DATABASE_URL
names one), the small real registry loaded into it, users of every role, and an app client."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import select
from sqlalchemy.engine import make_url

from citypact.app import create_app
from citypact.config import Settings
from citypact.domain.access import Actor, Role
from citypact.services.auth import accounts
from citypact.services.registry import load as registry_load
from citypact.services.registry.cities import search_cities
from citypact.services.scopes.admin import seed_scopes
from citypact.storage.db import Database
from citypact.storage.models import Network, User
from tests.factories import OPERATOR as OPERATOR
from tests.factories import PASSWORD as PASSWORD
from tests.factories import PG_URL, migrated_database, pg_command, user
from tests.registry_fixture import small_registry

# Property tests check laws, not speed: a busy CI machine must not fail them on hypothesis's deadline.
hypothesis_settings.register_profile("citypact", deadline=None)
hypothesis_settings.load_profile("citypact")

# Argon2 at its production cost takes about 0.3 s per login on a CI machine, and the role matrices
# log in thousands of times. Tests check who may log in, not the hash's strength: the cheapest
# parameters keep the same code path (hash, verify, rehash check) at a millisecond.
accounts._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


@dataclass
class World:
    """The test database with its cities and users, keyed by role."""

    db: Database
    city: dict[str, int]
    users: dict[str, int]
    tokens: dict[str, str]

    def actor(self, who: str) -> Actor:
        if who == "public":
            return Actor()
        with self.db.read() as session:
            found = accounts.actor_for(session, self.users[who])
        assert found is not None
        return found


def _populate(db: Database) -> None:
    with db.write() as session:
        registry_load.load_registry(session, small_registry())
        seed_scopes(session)  # as `citypact data load` does
        ids = {c.name: c.id for c in search_cities(session, limit=50).items}
        c40 = session.scalar(select(Network.id).where(Network.slug == "c40"))
        people = {
            "admin": (True, None, None),
            "heidelberg_editor": (False, Role.CITY_EDITOR, ids["Heidelberg"]),
            "heidelberg_viewer": (False, Role.CITY_VIEWER, ids["Heidelberg"]),
            "kyoto_editor": (False, Role.CITY_EDITOR, ids["Kyoto"]),
            "c40_secretariat": (False, Role.NETWORK_SECRETARIAT, c40),
            "plain_user": (False, None, None),
        }
        for name, (is_admin, role, scope) in people.items():
            user(session, name=name, is_admin=is_admin, role=role, scope_id=scope)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated and populated database that each test copies."""
    with migrated_database(tmp_path_factory.mktemp("db"), "citypact_tpl") as url:
        db = Database(url)
        _populate(db)
        db.dispose()
        yield url


@pytest.fixture
def database_url(template_database: str, tmp_path: Path) -> Iterator[str]:
    if PG_URL:
        name = f"citypact_t_{uuid.uuid4().hex[:10]}"
        pg_command(PG_URL, f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template_database).database}"')
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        pg_command(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "test.db"
        shutil.copy(str(make_url(template_database).database), path)
        yield f"sqlite:///{path}"


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    db = Database(database_url)
    with db.read() as session:
        city = {c.name: c.id for c in search_cities(session, limit=50).items}
        users = {u.name: u.id for u in session.scalars(select(User))}
    tokens = {}
    with db.write() as session:
        for name, user_id in users.items():
            actor = accounts.actor_for(session, user_id)
            assert actor is not None
            tokens[name] = accounts.issue_token(session, actor, "tests").token
    yield World(db=db, city=city, users=users, tokens=tokens)
    db.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret-key")


_APPS: dict[Settings, FastAPI] = {}


def shared_app(settings: Settings, db: Database) -> FastAPI:
    """The application of this test process for `settings`, pointed at this test's database.

    FastAPI builds an application's 530 routes on its first request (about 1.3 s on a CI core),
    which per test was most of the suite's time; the routes, middleware and settings other than the
    database are the same for every test, so one application serves them all."""
    key = replace(settings, database_url="")
    app = _APPS.get(key) or _APPS.setdefault(key, create_app(key, db))
    app.state.settings = settings
    app.state.db = db
    return app


@pytest.fixture
def client(world: World, settings: Settings) -> Iterator[TestClient]:
    with TestClient(shared_app(settings, world.db)) as test_client:
        yield test_client


def bearer(world: World, who: str) -> dict[str, str]:
    """Authorization header of a role's API token; the public sends none."""
    return {} if who == "public" else {"Authorization": f"Bearer {world.tokens[who]}"}
