"""An inventory question answered with an activity file: the file (the activity template as CSV or
XLSX, or a CityCatalyst export: the readers of the inventory import) goes into the answering city's
inventory of the question's year, and the answer records that inventory and the file's name.

- No inventory of that year: a draft inventory is created for it.
- A draft of that year: its rows are replaced by the file's; when it holds rows, only with the
  person's confirmation carrying their number (as the inventory import page asks it).
- A submitted or verified inventory of that year is never overwritten: the file is not read and
  the answer names that inventory.

All or nothing: the inventory, its rows and the answers (the other answers typed on the same form
too) are written in one transaction (a file for an existing draft is checked and computed before
it, so that no other writer waits on the calculation); a file with a problem, or a wrong answer,
writes nothing and the outcome lists the problems naming file, row, column and the fix.
Authorized before any work (the city's editors answering their own city's open round, not yet
submitted); bounded by the app's body limit and the inventory's row limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.surveys import Question
from citypact.formats.errors import ImportErrors, ImportProblem
from citypact.formats.inventory_file import read_inventory_file
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.inventory import inventories
from citypact.services.surveys import responses, rounds
from citypact.services.uploads import saved_upload, upload_name
from citypact.storage.db import Database
from citypact.storage.models import ActivityRecord, Inventory
from citypact.storage.surveys import SurveyResponse


@dataclass(frozen=True)
class Target:
    """The inventory an upload for a question goes into, as it stands before the upload."""

    question: Question
    year: int
    inventory_id: int | None  # None: no inventory of the year yet (one is created)
    status: str  # "" when there is none
    rows: int  # rows the draft holds (replaced by the file's)


@dataclass
class UploadOutcome:
    """What an upload did: the inventory answered with (created, imported or only named), or the
    problems (nothing written then)."""

    key: str
    file_name: str
    year: int
    inventory_id: int | None = None
    created: bool = False
    imported_rows: int = 0
    named_only: bool = False  # a submitted or verified inventory: named, the file not read
    status: str = ""
    problems: list[ImportProblem] = field(default_factory=list)
    total_problems: int = 0

    @property
    def written(self) -> bool:
        return not self.total_problems


def target(session: Session, actor: Actor, round_id: int, city_id: int, key: str) -> Target:
    """Authorize an upload (before the file is saved or read) and find its inventory: the actor
    edits the city, the city is in the round, the round is open, the response not submitted, and
    `key` is an inventory question with a year."""
    view = rounds.get_round(session, actor, round_id)
    if not responses._may_read_response(actor, view.runs, city_id):
        raise NotFound("survey response", f"{round_id}/{city_id}")
    require(actor.can_edit_city(city_id), True, "Only the city's editors answer its survey.")
    response = session.scalar(
        select(SurveyResponse).where(SurveyResponse.round_id == round_id, SurveyResponse.city_id == city_id)
    )
    if response is None:
        raise NotFound("survey response", f"{round_id}/{city_id}")
    if view.status != "open":
        raise Conflict(f"The round is {view.status}; answers are taken only while it is open.")
    if response.status == "submitted":
        raise Conflict(
            "The answers are submitted; ask the network's secretariat to reopen them to change them."
        )
    question = next((q for q in view.questions if q.key == key), None)
    if question is None or question.kind != "inventory":
        raise InvalidInput(key, "is no inventory question of this round; upload a file only to one.")
    if question.year is None:
        raise InvalidInput(
            key, "this question names no inventory year, so a file cannot be placed; choose an inventory."
        )
    inventory = session.scalar(
        select(Inventory).where(Inventory.city_id == city_id, Inventory.year == question.year)
    )
    if inventory is None:
        return Target(question, question.year, None, "", 0)
    rows = 0
    if inventory.status == "draft":
        rows = int(
            session.scalar(
                select(func.count())
                .select_from(ActivityRecord)
                .where(ActivityRecord.inventory_id == inventory.id)
            )
            or 0
        )
    return Target(question, question.year, inventory.id, inventory.status, rows)


def targets(session: Session, actor: Actor, round_id: int, city_id: int) -> dict[str, Target]:
    """The targets of the round's inventory questions with a year, for the answer form (which
    shows what an upload would do); empty for those who may not upload."""
    view = rounds.get_round(session, actor, round_id)
    if not actor.can_edit_city(city_id):
        return {}
    out: dict[str, Target] = {}
    for q in view.questions:
        if q.kind == "inventory" and q.year is not None:
            try:
                out[q.key] = target(session, actor, round_id, city_id, q.key)
            except (Conflict, InvalidInput, NotFound):
                return {}
    return out


def _others(
    session: Session, round_id: int, city_id: int, key: str, answers: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The answers saved with the upload: those given, else the stored ones (without `key`)."""
    if answers is None:
        response = session.scalar(
            select(SurveyResponse).where(
                SurveyResponse.round_id == round_id, SurveyResponse.city_id == city_id
            )
        )
        answers = dict(response.answers or {}) if response is not None else {}
    return {k: v for k, v in answers.items() if k != key}


def _refused(outcome: UploadOutcome, errors: ImportErrors) -> UploadOutcome:
    outcome.problems, outcome.total_problems = errors.problems, errors.total
    return outcome


def _prepared(
    session: Session,
    actor: Actor,
    inventory_id: int,
    activities: pl.DataFrame,
    outcome: UploadOutcome,
    expected_rows: int | None,
) -> inventories.PreparedImport:
    return inventories.prepare_import(
        session,
        actor,
        inventory_id,
        activities,
        file_name=outcome.file_name,
        replace=True,
        expected_rows=expected_rows,
    )


def answer_with_file(
    db: Database,
    actor: Actor,
    round_id: int,
    city_id: int,
    key: str,
    upload: bytes | BinaryIO,
    file_name: str,
    answers: Mapping[str, Any] | None,
    *,
    submit: bool = False,
    confirmed_rows: int | None = None,
    expected_version: int | None = None,
) -> UploadOutcome:
    """Answer question `key` with an activity file and save `answers` (the others, as typed) with
    it, as a draft or submitted (`answers` None: the stored answers, as the API's upload keeps
    them); all or nothing. An invalid answer raises responses.AnswersInvalid (nothing written); a
    file's problems come back in the outcome (nothing written)."""
    with db.read() as session:
        found = target(session, actor, round_id, city_id, key)
    name = upload_name(file_name, "upload.csv")
    outcome = UploadOutcome(key, name, found.year, found.inventory_id, status=found.status)
    if found.inventory_id is not None and found.status != "draft":
        # Never overwritten: the answer names the submitted or verified inventory.
        outcome.named_only = True
        with db.write() as session:
            responses.save_answers(
                session,
                actor,
                round_id,
                city_id,
                {**_others(session, round_id, city_id, key, answers), key: found.inventory_id},
                submit=submit,
                expected_version=expected_version,
            )
        return outcome
    if found.rows and confirmed_rows != found.rows:
        message = (
            f"the city's {found.year} inventory (a draft) holds {found.rows:,} rows; the file replaces"
            " them: tick the box that confirms it, or choose the inventory instead of uploading"
        )
        return _refused(outcome, ImportErrors([ImportProblem(name, None, None, message)]))
    with saved_upload(upload, file_name) as path:
        outcome.file_name = path.name
        try:
            activities = read_inventory_file(path)
        except ImportErrors as errors:
            return _refused(outcome, errors)
    if activities.height > inventories.MAX_ROWS:
        message = (
            f"the file has {activities.height:,} rows; an inventory holds at most {inventories.MAX_ROWS:,}"
        )
        return _refused(outcome, ImportErrors([ImportProblem(outcome.file_name, None, None, message)]))
    try:
        prepared = None
        if found.inventory_id is not None:
            # Checked and computed before the write transaction, so that no writer waits on it;
            # store_import computes again only if the draft changed meanwhile.
            with db.read() as session:
                prepared = _prepared(session, actor, found.inventory_id, activities, outcome, found.rows)
        with db.write() as session:
            if prepared is None:  # no inventory of the year: created, and the file computed for it
                created = inventories.create_inventory(session, actor, city_id, year=found.year)
                outcome.created = True
                prepared = _prepared(session, actor, created.id, activities, outcome, None)
            inventory_id = prepared.inventory_id
            inventories.store_import(session, actor, prepared)
            responses.save_answers(
                session,
                actor,
                round_id,
                city_id,
                {**_others(session, round_id, city_id, key, answers), key: inventory_id},
                submit=submit,
                expected_version=expected_version,
                files={key: outcome.file_name},
            )
    except ImportErrors as errors:
        outcome.created = False
        outcome.inventory_id = found.inventory_id
        return _refused(outcome, errors)
    except InvalidInput as error:
        if isinstance(error, responses.AnswersInvalid) or error.field != "year":
            raise
        # create_inventory refuses a year it cannot hold (a future year): the question's, not the file's
        message = f"the question's year {found.year} cannot have an inventory yet ({error.message})"
        return _refused(outcome, ImportErrors([ImportProblem(outcome.file_name, None, None, message)]))
    outcome.inventory_id = inventory_id
    outcome.imported_rows = prepared.incoming.height
    outcome.status = "draft"
    return outcome
