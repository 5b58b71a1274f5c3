"""The attack surface of the survey pages: every form post against every role (the allowed ones
succeed and leave an audit entry; the public gets 401, others 403 or 404, and nothing is written),
and every read page against every role. A test fails when a survey page route is added without
joining these lists."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.api.test_attack_surface import ROLES
from tests.conftest import World
from tests.surveys_fixture import DEADLINE, Surveys, answer, draft_round, sent_round
from tests.web.page_roles import (
    PageOp,
    Read,
    check_allowed_post,
    check_page_write,
    check_read_page,
    check_refused_post,
    read_paths,
    write_paths,
)

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


R = "/survey-rounds"
OPS: list[PageOp[Made]] = [
    PageOp("/networks/{slug}/surveys", SECRETARIAT, lambda w, x: "/networks/c40/surveys",
           lambda w, x: {"title": "Round 3", "deadline": DEADLINE}),
    PageOp(R + "/{round_id}/questions", SECRETARIAT, lambda w, x: f"{R}/{x.draft}/questions",
           lambda w, x: {"key": "budget", "kind": "number", "text_en": "Budget", "unit": "EUR"}),
    PageOp(R + "/{round_id}/questions/{key}/remove", SECRETARIAT,
           lambda w, x: f"{R}/{x.draft}/questions/inventory/remove"),
    PageOp(R + "/{round_id}/questions/{question_key}/change", SECRETARIAT,
           lambda w, x: f"{R}/{x.draft}/questions/staff/change",
           lambda w, x: {"key": "staff", "kind": "number", "text_en": "Climate staff", "unit": "persons"}),
    PageOp(R + "/{round_id}/questions/{key}/move", SECRETARIAT,
           lambda w, x: f"{R}/{x.draft}/questions/topics/move", lambda w, x: {"direction": "up"}),
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

READS: list[Read[Made]] = [
    ("/networks/{slug}/surveys", ROUND_READERS, lambda w, x: "/networks/c40/surveys"),
    ("/surveys", EVERYONE - {"public"}, lambda w, x: "/surveys"),
    (R + "/{round_id}", ROUND_READERS, lambda w, x: f"{R}/{x.s.round_id}"),
    (R + "/{round_id}/questions/{key}/remove", SECRETARIAT,
     lambda w, x: f"{R}/{x.draft}/questions/staff/remove"),
    (R + "/{round_id}/questions/{question_key}/change", SECRETARIAT,
     lambda w, x: f"{R}/{x.draft}/questions/staff/change"),
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
    assert write_paths(_survey_page) == {op.path for op in OPS}


def test_every_survey_read_page_is_listed() -> None:
    assert read_paths(_survey_page) == {path for path, _, _ in READS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp[Made]) -> None:
    check_page_write(client, world, op, made(world))


@pytest.mark.parametrize("read", READS, ids=lambda read: read[0])
def test_read_page_obeys_role(client: TestClient, world: World, read: Read[Made]) -> None:
    check_read_page(client, world, read, made(world))


def test_page_upload_obeys_role(client: TestClient, world: World) -> None:
    """The answer form with an activity file: only the city's editors (and administrators); the
    others are refused before the file is read and nothing is written (no inventory, no answer)."""
    from tests.surveys_fixture import GOOD_FILE, upload_round

    s = upload_round(world)
    url = f"{R}/{s.round_id}/cities/{s.kyoto}"
    files = {"file_inventory": ("activities-2024.csv", GOOD_FILE, "text/csv")}
    for role in (r for r in ROLES if r not in {"admin", "kyoto_editor"}):
        check_refused_post(client, world, role, url, {"action": "save"}, files=files)
    before, after = check_allowed_post(client, world, "kyoto_editor", url, {"action": "save"}, files=files)
    assert after["inventory"] == before["inventory"] + 1
