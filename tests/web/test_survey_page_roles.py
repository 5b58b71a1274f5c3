"""The attack surface of the survey pages: every form post against every role (the allowed ones
succeed and leave an audit entry; the public gets 401, others 403 or 404, and nothing is written),
and every read page against every role. A test fails when a survey page route is added without
joining these lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.surveys_fixture import DEADLINE, Surveys, answer, draft_round, sent_round
from tests.web.test_form_csrf import ROUTES

EVERYONE = frozenset(ROLES)
SECRETARIAT = frozenset({"admin", "c40_secretariat"})
HEIDELBERG = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer", "c40_secretariat"})
ROUND_READERS = HEIDELBERG | {"kyoto_editor"}


@dataclass(frozen=True)
class Made:
    s: Surveys
    draft: int


def made(world: World) -> Made:
    s = sent_round(world)
    answer(world, s, "heidelberg_editor", s.heidelberg, {"has_plan": "no", "staff": "3"})
    return Made(s, draft_round(world, "Next year"))


@dataclass(frozen=True)
class PageOp:
    path: str
    allowed: frozenset[str]
    url: Callable[[World, Made], str]
    data: Callable[[World, Made], dict[str, Any]] = lambda w, x: {}


R = "/survey-rounds"
OPS = [
    PageOp("/networks/{slug}/surveys", SECRETARIAT, lambda w, x: "/networks/c40/surveys",
           lambda w, x: {"title": "Round 3", "deadline": DEADLINE}),
    PageOp(R + "/{round_id}/questions", SECRETARIAT, lambda w, x: f"{R}/{x.draft}/questions",
           lambda w, x: {"key": "budget", "kind": "number", "text_en": "Budget", "unit": "EUR"}),
    PageOp(R + "/{round_id}/questions/{key}/remove", SECRETARIAT,
           lambda w, x: f"{R}/{x.draft}/questions/inventory/remove"),
    PageOp(R + "/{round_id}/send", SECRETARIAT, lambda w, x: f"{R}/{x.draft}/send",
           lambda w, x: {"city_ids": [str(w.city["Heidelberg"])]}),
    PageOp(R + "/{round_id}/reminders", SECRETARIAT, lambda w, x: f"{R}/{x.s.round_id}/reminders"),
    PageOp(R + "/{round_id}/close", SECRETARIAT, lambda w, x: f"{R}/{x.s.round_id}/close"),
    PageOp(R + "/{round_id}/cities/{city_id}", frozenset({"admin", "kyoto_editor"}),
           lambda w, x: f"{R}/{x.s.round_id}/cities/{x.s.kyoto}",
           lambda w, x: {"q_has_plan": "no", "q_topics": ["energy"], "action": "save"}),
    PageOp(R + "/{round_id}/cities/{city_id}/reopen", SECRETARIAT,
           lambda w, x: f"{R}/{x.s.round_id}/cities/{x.s.heidelberg}/reopen",
           lambda w, x: {"reason": "Check"}),
]  # fmt: skip

READS: list[tuple[str, frozenset[str], Callable[[World, Made], str]]] = [
    ("/networks/{slug}/surveys", ROUND_READERS, lambda w, x: "/networks/c40/surveys"),
    ("/surveys", EVERYONE - {"public"}, lambda w, x: "/surveys"),
    (R + "/{round_id}", ROUND_READERS, lambda w, x: f"{R}/{x.s.round_id}"),
    (R + "/{round_id}/questions/{key}/remove", SECRETARIAT,
     lambda w, x: f"{R}/{x.draft}/questions/staff/remove"),
    (R + "/{round_id}/close", SECRETARIAT, lambda w, x: f"{R}/{x.s.round_id}/close"),
    (R + "/{round_id}/cities/{city_id}", HEIDELBERG,
     lambda w, x: f"{R}/{x.s.round_id}/cities/{x.s.heidelberg}"),
    (R + "/{round_id}/cities/{city_id}/reopen", SECRETARIAT,
     lambda w, x: f"{R}/{x.s.round_id}/cities/{x.s.heidelberg}/reopen"),
    (R + "/{round_id}/results", ROUND_READERS, lambda w, x: f"{R}/{x.s.round_id}/results"),
    (R + "/{round_id}/results.csv", ROUND_READERS, lambda w, x: f"{R}/{x.s.round_id}/results.csv"),
    (R + "/{round_id}/results.xlsx", ROUND_READERS, lambda w, x: f"{R}/{x.s.round_id}/results.xlsx"),
]  # fmt: skip


def _survey_page(path: str) -> bool:
    return path.startswith((R, "/surveys")) or path.endswith("/surveys")


def test_every_survey_page_write_is_listed() -> None:
    assert {str(r.path) for r in ROUTES if _survey_page(str(r.path))} == {op.path for op in OPS}


def test_every_survey_read_page_is_listed() -> None:
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    paths = {
        str(r.path)
        for r in iter_route_contexts(app.routes)
        if r.methods
        and "GET" in r.methods
        and _survey_page(str(r.path))
        and not str(r.path).startswith("/api/")
    }
    assert paths == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp) -> None:
    x = made(world)
    url = op.url(world, x)
    for role in (r for r in ROLES if r not in op.allowed):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data=op.data(world, x) | {"csrf_token": token})
        expected = (401,) if role == "public" else (403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
        assert _row_counts(world) == before, f"{role}: a refused post writes nothing"
    token = _page_login(client, sorted(op.allowed)[-1])
    before = _row_counts(world)
    response = client.post(url, data=op.data(world, x) | {"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text[:800]
    assert _row_counts(world)["audit_entry"] > before["audit_entry"]


@pytest.mark.parametrize(("path", "allowed", "url"), READS, ids=[r[0] for r in READS])
def test_read_page_obeys_role(client: TestClient, world: World, path: str, allowed: Any, url: Any) -> None:
    x = made(world)
    for role in ROLES:
        _page_login(client, role)
        response = client.get(url(world, x))
        if role in allowed:
            assert response.status_code == 200, f"{role}: {response.status_code} {response.text[:500]}"
        else:
            expected = (401,) if role == "public" else (403, 404)
            assert response.status_code in expected, f"{role}: {response.status_code}"


def test_page_upload_obeys_role(client: TestClient, world: World) -> None:
    """The answer form with an activity file: only the city's editors (and administrators); the
    others are refused before the file is read and nothing is written (no inventory, no answer)."""
    from tests.surveys_fixture import GOOD_FILE, upload_round

    s = upload_round(world)
    url = f"{R}/{s.round_id}/cities/{s.kyoto}"
    files = {"file_inventory": ("activities-2024.csv", GOOD_FILE, "text/csv")}
    for role in (r for r in ROLES if r not in {"admin", "kyoto_editor"}):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data={"csrf_token": token, "action": "save"}, files=files)
        expected = (401,) if role == "public" else (403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
        assert _row_counts(world) == before, f"{role}: a refused upload writes nothing"
    token = _page_login(client, "kyoto_editor")
    before = _row_counts(world)
    response = client.post(
        url, data={"csrf_token": token, "action": "save"}, files=files, follow_redirects=False
    )
    assert response.status_code == 303, response.text[:800]
    after = _row_counts(world)
    assert after["inventory"] == before["inventory"] + 1 and after["audit_entry"] > before["audit_entry"]
