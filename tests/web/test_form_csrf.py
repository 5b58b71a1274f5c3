"""Form routes are guarded by construction (issue 12, item 9): every page POST route has the CSRF
dependency in its dependency tree, and a post without the token (or with a wrong one) is a 403
that writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.app import create_app
from citypact.config import Settings
from citypact.storage.models import Base
from citypact.web.forms import form_csrf
from tests.conftest import World, shared_app
from tests.web.test_pages import log_in

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def page_write_routes() -> list[RouteContext]:
    """Every route of the app (included routers flattened) that takes a write method, bar the API's."""
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    return [
        route
        for route in iter_route_contexts(app.routes)
        if route.methods and route.methods & WRITE_METHODS and not str(route.path).startswith("/api/")
    ]


ROUTES = page_write_routes()


def test_the_walk_finds_the_form_routes() -> None:
    paths = {route.path for route in ROUTES}
    assert len(ROUTES) >= 40  # 42 when this test was written
    assert {"/login", "/logout", "/cities/{city_id}/edit", "/events/{event_id}"} <= paths


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{sorted(r.methods or [])[0]} {r.path}")
def test_every_page_write_route_checks_csrf(route: RouteContext) -> None:
    assert form_csrf in set(_calls(route.dependant)), (
        f"{route.path}: take the actor as FormWriter (or add dependencies=[FORM_CSRF])"
    )


def _row_counts(world: World) -> dict[str, int]:
    with world.db.read() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def _url(route: RouteContext, world: World) -> str:
    values = {"slug": "c40", "goal": "peer"}
    return str(route.path).format_map(
        {p.name: values.get(p.name, world.city["Heidelberg"]) for p in route.dependant.path_params}
    )


@pytest.fixture
def admin_client(world: World, settings: Settings) -> Iterator[TestClient]:
    with TestClient(shared_app(settings, world.db)) as client:
        log_in(client, "admin")
        yield client


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_a_post_without_the_sessions_token_is_refused_and_writes_nothing(
    admin_client: TestClient, world: World, token: str
) -> None:
    """The administrator may do everything, so only the missing or forged token stops these posts."""
    before = _row_counts(world)
    for route in ROUTES:
        if route.path == "/logout":
            continue  # checked below: it would end the session the other posts use
        data = {"csrf_token": token} if token else {}
        response = admin_client.post(_url(route, world), data=data, follow_redirects=False)
        assert response.status_code == 403, (route.path, response.status_code, response.text[:300])
        assert "security token" in response.text
    assert _row_counts(world) == before
    assert admin_client.post("/logout", data={"csrf_token": token}).status_code == 403
    assert admin_client.get("/account").status_code == 200  # still logged in


def test_login_needs_the_token_of_the_login_page(client: TestClient) -> None:
    """Login CSRF: a third-party page cannot log a visitor into the attacker's account."""
    response = client.post("/login", data={"email": "admin@test.example", "password": "x"})
    assert response.status_code == 403
    assert client.get("/account").status_code == 401
