"""What the page-role tests (tests/web/test_*_page_roles.py) share: a form post and a read page with
the roles allowed, the paths of the app's page routes, and the checks. A refused role gets 401 when
it is the public, else 403 or 404, and its post writes nothing; an allowed post redirects (303) and
leaves an audit entry; an allowed read is a 200."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi.routing import RouteContext, iter_route_contexts
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.web.test_form_csrf import ROUTES

M = TypeVar("M")  # what a test made for the pages to act on


@dataclass(frozen=True)
class PageOp(Generic[M]):
    path: str  # the route's path template
    allowed: frozenset[str]
    url: Callable[[World, M], str]
    data: Callable[[World, M], dict[str, Any]] = lambda w, x: {}


# A read page: its path template, the roles that get a 200, its URL.
Read = tuple[str, frozenset[str], Callable[[World, M], str]]


@functools.cache
def _routes() -> tuple[RouteContext, ...]:
    """Every route of the app, included routers flattened: the app is built once a process."""
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    return tuple(iter_route_contexts(app.routes))


def write_paths(mine: Callable[[str], bool]) -> set[str]:
    """The path templates of the page write routes that `mine` claims."""
    return {str(r.path) for r in ROUTES if mine(str(r.path))}


def read_paths(mine: Callable[[str], bool]) -> set[str]:
    """The path templates of the GET routes, bar the API's, that `mine` claims."""
    return {
        str(r.path)
        for r in _routes()
        if r.methods and "GET" in r.methods and mine(str(r.path)) and not str(r.path).startswith("/api/")
    }


def refused_statuses(role: str, public: tuple[int, ...] = (401,)) -> tuple[int, ...]:
    return public if role == "public" else (403, 404)


def check_refused_post(
    client: TestClient, world: World, role: str, url: str, data: dict[str, Any], **kwargs: Any
) -> None:
    token = _page_login(client, role)  # logging in writes a session: count after it
    before = _row_counts(world)
    response = client.post(url, data=data | {"csrf_token": token}, **kwargs)
    expected = refused_statuses(role)
    assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
    assert _row_counts(world) == before, f"{role}: a refused post writes nothing"


def check_allowed_post(
    client: TestClient, world: World, role: str, url: str, data: dict[str, Any], **kwargs: Any
) -> tuple[dict[str, int], dict[str, int]]:
    """Posts as `role`: a redirect and an audit entry. The row counts before and after."""
    token = _page_login(client, role)
    before = _row_counts(world)
    response = client.post(url, data=data | {"csrf_token": token}, follow_redirects=False, **kwargs)
    assert response.status_code == 303, f"{role}: {response.text[:800]}"
    after = _row_counts(world)
    assert after["audit_entry"] > before["audit_entry"], f"{role}: an allowed post leaves an audit entry"
    return before, after


def check_page_write(
    client: TestClient, world: World, op: PageOp[M], made: M, roles: Iterable[str] = ROLES
) -> None:
    """Every role of `roles` not allowed is refused; then the last allowed one (an editor of the city
    concerned where allowed, else the administrator) succeeds."""
    url = op.url(world, made)
    for role in (r for r in roles if r not in op.allowed):
        check_refused_post(client, world, role, url, op.data(world, made))
    check_allowed_post(client, world, sorted(op.allowed)[-1], url, op.data(world, made))


def check_read_page(
    client: TestClient,
    world: World,
    read: Read[M],
    made: M,
    roles: Iterable[str] = ROLES,
    public: tuple[int, ...] = (401,),
) -> None:
    """Every role of `roles` reads the page: a 200 where allowed, else refused (the public gets `public`)."""
    _, allowed, url_of = read
    url = url_of(world, made)
    for role in roles:
        _page_login(client, role)
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, f"{role}: {response.status_code} {response.text[:500]}"
        else:
            assert response.status_code in refused_statuses(role, public), f"{role}: {response.status_code}"
