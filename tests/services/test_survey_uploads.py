"""An inventory question answered with an activity file (services.surveys.uploads): the upload
creates the city's inventory of the question's year and the answer; a bad file writes nothing; a
submitted inventory is never overwritten; a draft's rows are replaced only with a confirmation;
other cities' editors and viewers are refused before the file is read."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from citypact.services.surveys import responses, results, rounds, uploads
from citypact.storage.models import ActivityRecord, Inventory
from tests.conftest import World
from tests.factories import new_inventory
from tests.surveys_fixture import BAD_FILE, GOOD_FILE, INVENTORY_YEAR, answer, upload_round


def _inventories(world: World, city: int) -> list[tuple[int, int, str]]:
    with world.db.read() as session:
        return [
            tuple(r)  # type: ignore[misc]
            for r in session.execute(
                select(Inventory.id, Inventory.year, Inventory.status).where(Inventory.city_id == city)
            )
        ]


def _rows(world: World, inventory_id: int) -> int:
    with world.db.read() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(ActivityRecord)
                .where(ActivityRecord.inventory_id == inventory_id)
            )
            or 0
        )


def _upload(
    world: World, s: object, who: str, city: int, content: bytes, **kw: object
) -> uploads.UploadOutcome:
    return uploads.answer_with_file(
        world.db,
        world.actor(who),
        s.round_id,  # type: ignore[attr-defined]
        city,
        "inventory",
        content,
        "activities-2024.csv",
        {"remarks": "Our first inventory."},
        **kw,  # type: ignore[arg-type]
    )


def test_upload_creates_the_inventory_and_the_answer(world: World) -> None:
    s = upload_round(world)
    outcome = _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE, submit=True)
    assert outcome.written and outcome.created and outcome.imported_rows == 1
    [(inventory_id, year, status)] = _inventories(world, s.heidelberg)
    assert (inventory_id, year, status) == (outcome.inventory_id, INVENTORY_YEAR, "draft")
    assert _rows(world, inventory_id) == 1
    with world.db.read() as session:
        view = responses.get_response(session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg)
        assert view.status == "submitted"
        assert view.answers == {
            "remarks": "Our first inventory.",
            "inventory": {"inventory": inventory_id, "file": "activities-2024.csv"},
        }
        res = results.results(session, world.actor("c40_secretariat"), s.round_id)
        [agg_remarks, agg_inventory] = res.aggregates
        assert agg_inventory.answered == 1
        [row] = res.inventories
        # 1,250.5 MWh of natural gas: 1,250.5 * 3.6 GJ * 56.1 kg CO2/GJ (+ CH4, N2O) = about 253 t
        assert row.city_id == s.heidelberg and row.inventory_id == inventory_id
        assert row.total_t is not None and 250 < row.total_t < 256
        assert row.file == "activities-2024.csv"
    assert results.results_csv(res).splitlines()[1].endswith(f"{inventory_id} (activities-2024.csv)")


def test_a_bad_file_writes_nothing(world: World) -> None:
    s = upload_round(world)
    outcome = _upload(world, s, "heidelberg_editor", s.heidelberg, BAD_FILE)
    assert not outcome.written and outcome.inventory_id is None
    [problem] = [p for p in outcome.problems if p.row is not None]
    assert (problem.file, problem.row, problem.column) == ("activities-2024.csv", 3, "amount")
    assert _inventories(world, s.heidelberg) == []  # no inventory
    with world.db.read() as session:
        view = responses.get_response(session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg)
    assert view.status == "not_started" and view.answers == {}  # no answer, not even the remarks


def test_a_wrong_other_answer_writes_no_inventory(world: World) -> None:
    s = upload_round(world)
    with pytest.raises(responses.AnswersInvalid):
        uploads.answer_with_file(
            world.db,
            world.actor("heidelberg_editor"),
            s.round_id,
            s.heidelberg,
            "inventory",
            GOOD_FILE,
            "a.csv",
            {"remarks": "x" * 5000},
        )
    assert _inventories(world, s.heidelberg) == []


def test_a_submitted_inventory_is_not_overwritten(world: World) -> None:
    s = upload_round(world)
    inventory_id = new_inventory(world, year=INVENTORY_YEAR, completed=True, status="submitted")
    rows = _rows(world, inventory_id)
    outcome = _upload(world, s, "heidelberg_editor", s.heidelberg, BAD_FILE)  # not even read
    assert outcome.written and outcome.named_only and outcome.inventory_id == inventory_id
    assert _rows(world, inventory_id) == rows
    assert _inventories(world, s.heidelberg) == [(inventory_id, INVENTORY_YEAR, "submitted")]
    with world.db.read() as session:
        view = responses.get_response(session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg)
    assert view.answers["inventory"] == inventory_id


def test_a_drafts_rows_are_replaced_only_when_confirmed(world: World) -> None:
    s = upload_round(world)
    inventory_id = new_inventory(world, year=INVENTORY_YEAR, completed=True)
    rows = _rows(world, inventory_id)
    assert rows > 1
    refused = _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE)
    assert not refused.written and "tick the box" in refused.problems[0].message
    assert _rows(world, inventory_id) == rows
    done = _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE, confirmed_rows=rows)
    assert done.written and not done.created and done.inventory_id == inventory_id
    assert _rows(world, inventory_id) == 1


def test_naming_the_inventory_again_keeps_the_file_name_and_clients_cannot_forge_it(world: World) -> None:
    s = upload_round(world)
    outcome = _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE)
    kept = {"inventory": outcome.inventory_id, "file": "activities-2024.csv"}
    answer(
        world, s, "heidelberg_editor", s.heidelberg, {"inventory": str(outcome.inventory_id)}, submit=False
    )
    with world.db.read() as session:
        assert (
            responses.get_response(
                session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg
            ).answers["inventory"]
            == kept
        )
    other = new_inventory(world, year=2020)
    answer(
        world,
        s,
        "heidelberg_editor",
        s.heidelberg,
        {"inventory": {"inventory": other, "file": "forged.csv"}},
        submit=False,
    )
    with world.db.read() as session:
        view = responses.get_response(session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg)
    assert view.answers["inventory"] == other


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("kyoto_editor", NotFound),
        ("heidelberg_viewer", PermissionDenied),
        ("c40_secretariat", PermissionDenied),
    ],
)
def test_others_are_refused_before_the_file_is_read(world: World, who: str, error: type[Exception]) -> None:
    s = upload_round(world)
    with pytest.raises(error):
        _upload(world, s, who, s.heidelberg, b"\x00 not a file at all")
    assert _inventories(world, s.heidelberg) == []


def test_a_question_without_year_or_a_submitted_response_is_refused(world: World) -> None:
    s = upload_round(world)
    with pytest.raises(InvalidInput) as e:
        uploads.answer_with_file(
            world.db,
            world.actor("heidelberg_editor"),
            s.round_id,
            s.heidelberg,
            "remarks",
            GOOD_FILE,
            "a.csv",
            {},
        )
    assert e.value.field == "remarks"
    _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE, submit=True)
    with pytest.raises(Conflict):
        _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE)


def test_after_the_deadline_answers_are_refused_until_the_secretariat_reopens(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    s = upload_round(world)
    with world.db.read() as session:
        deadline = rounds.get_round(session, world.actor("c40_secretariat"), s.round_id).deadline
    monkeypatch.setattr(rounds, "today_utc", lambda: deadline)  # the deadline day itself: still taken
    answer(world, s, "kyoto_editor", s.kyoto, {"remarks": "on time"}, submit=False)
    monkeypatch.setattr(rounds, "today_utc", lambda: deadline + dt.timedelta(days=1))
    for submit in (False, True):
        with pytest.raises(Conflict) as e:
            answer(world, s, "heidelberg_editor", s.heidelberg, {"remarks": "late"}, submit=submit)
        assert f"deadline of this round was {deadline}" in str(e.value) and "reopen" in str(e.value)
    with pytest.raises(Conflict):
        _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE)
    assert _inventories(world, s.heidelberg) == []
    with world.db.read() as session:
        assert not responses.get_response(
            session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg
        ).can_answer
    with world.db.write() as session:  # a response never started is reopened after the deadline
        responses.reopen_response(
            session, world.actor("c40_secretariat"), s.round_id, s.heidelberg, "Late is fine"
        )
    assert _upload(world, s, "heidelberg_editor", s.heidelberg, GOOD_FILE, submit=True).written
    with world.db.read() as session:
        view = responses.get_response(session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg)
    assert view.status == "submitted"
