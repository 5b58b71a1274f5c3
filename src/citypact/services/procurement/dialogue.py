"""The market dialogue: the lead buyer's notes, the participants' questions and the lead buyer's
answers, each seen by the participants only or by everyone. The public sees the public entries of a
published procurement, without the names of the cities that asked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import DIALOGUE_KINDS, VISIBILITIES
from citypact.services import audit
from citypact.services.errors import InvalidInput, require
from citypact.services.input import clean_code, clean_text
from citypact.services.procurement.loading import check_active, city_by_id, load, touch
from citypact.storage.models import City
from citypact.storage.procurement import ProcurementDialogue

BODY_MAX: Final = 10_000
MAX_ENTRIES: Final = 2_000


@dataclass(frozen=True)
class DialogueEntry:
    id: int
    kind: str
    question_id: int | None
    body: str
    visibility: str
    author_city_id: int | None  # the city that asked; None for the lead buyer's entries and the public
    author_city_name: str | None
    created_at: dt.datetime
    answered: bool


def post(
    session: Session,
    actor: Actor,
    procurement_id: int,
    *,
    kind: Any,
    body: Any,
    visibility: Any = "participants",
    question_id: Any = None,
    city_id: Any = None,
) -> ProcurementDialogue:
    """Add a note (the lead buyer), a question (a participating city's editor, naming `city_id`, or
    the lead buyer) or an answer to a question (the lead buyer). A public answer makes its question
    public too: the answer means nothing without it."""
    loaded = load(session, actor, procurement_id)
    check_active(loaded)
    code = clean_code("kind", kind, DIALOGUE_KINDS)
    seen = clean_code("visibility", visibility, VISIBILITIES)
    text = clean_text("body", body, BODY_MAX, required=True)
    author_city = None
    if code == "question" and city_id not in (None, ""):
        city = city_by_id(session, "city_id", city_id)
        require(
            city.id in loaded.who.acts_for, actor.is_authenticated, f"Only {city.name}'s editors ask for it."
        )
        author_city = city.id
    else:
        require(
            loaded.who.runs,
            actor.is_authenticated,
            "Only the lead buyer's people write notes and answers; a participant asks in its city's name.",
        )
    question = None
    if code == "answer":
        if isinstance(question_id, bool) or not isinstance(question_id, int):
            raise InvalidInput("question_id", "give the id of the question this answers.")
        question = session.get(ProcurementDialogue, question_id) if 1 <= question_id <= 2**31 - 1 else None
        if question is None or question.procurement_id != procurement_id or question.kind != "question":
            raise InvalidInput("question_id", f"no question {question_id} in this procurement's dialogue.")
    elif question_id not in (None, ""):
        raise InvalidInput("question_id", "only an answer refers to a question.")
    count = session.scalar(
        select(func.count())
        .select_from(ProcurementDialogue)
        .where(ProcurementDialogue.procurement_id == procurement_id)
    )
    if (count or 0) >= MAX_ENTRIES:
        raise InvalidInput("body", f"the dialogue has reached its {MAX_ENTRIES} entries.")
    entry = ProcurementDialogue(
        procurement_id=procurement_id,
        kind=code,
        question_id=question.id if question else None,
        body=text,
        visibility=seen,
        author_id=actor.user_id,
        author_city_id=author_city,
    )
    session.add(entry)
    if question is not None and seen == "public":
        question.visibility = "public"
    touch(loaded)
    session.flush()
    audit.record(
        session,
        actor,
        code,
        "procurement_dialogue",
        entry.id,
        city_id=author_city or loaded.audit_city(),
        network_id=loaded.procurement.network_id,
        after={"procurement_id": procurement_id, "visibility": seen, "question_id": entry.question_id},
    )
    return entry


def list_dialogue(session: Session, actor: Actor, procurement_id: int) -> list[DialogueEntry]:
    """The entries the reader may see, in the order they were written."""
    loaded = load(session, actor, procurement_id)
    query = select(ProcurementDialogue).where(ProcurementDialogue.procurement_id == procurement_id)
    if not loaded.who.reads_all:
        query = query.where(ProcurementDialogue.visibility == "public")
    rows = list(session.scalars(query.order_by(ProcurementDialogue.id).limit(MAX_ENTRIES)))
    answered = {r.question_id for r in rows if r.kind == "answer"}
    names: dict[int, str] = dict(
        session.execute(
            select(City.id, City.name).where(
                City.id.in_({r.author_city_id for r in rows if r.author_city_id})
            )
        ).all()
    )
    shown = loaded.who.reads_all
    return [
        DialogueEntry(
            r.id,
            r.kind,
            r.question_id,
            r.body,
            r.visibility,
            r.author_city_id if shown else None,
            names.get(r.author_city_id or 0) if shown else None,
            r.created_at,
            r.id in answered,
        )
        for r in rows
    ]
