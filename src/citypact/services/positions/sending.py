"""Sending a position (from then on it is public) and recording how the addressee answered it.
Who may do what: access.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput
from citypact.services.funding.programme_input import today_utc
from citypact.services.input import clean_code, clean_date, clean_text
from citypact.services.positions.access import PROBLEMS, load_to_edit, raise_problem, signatures_of
from citypact.services.positions.drafting import TEXT_MAX
from citypact.services.positions.figures import take_figures
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import utcnow
from citypact.storage.positions import JointPosition

URL_MAX: Final = 500


def send(
    session: Session, actor: Actor, position_id: int, sent_on: Any, channel: Any,
    *, expected_version: int | None = None,
) -> JointPosition:  # fmt: skip
    """Mark the position sent on `sent_on` through `channel`; from now on it is public, and its
    indicators' figures are taken as the public benchmark gives them now."""
    position, _ = load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    day = clean_date("sent_on", sent_on, required=True)
    assert day is not None
    how = clean_code("channel", channel, rules.CHANNELS)
    code = rules.send_problem(
        position.kind, position.status, position.asks, signatures_of(session, position_id), day, today_utc()
    )
    if code == "future_date":
        raise InvalidInput("sent_on", "the date lies in the future; give the day it was sent.")
    raise_problem(code)
    position.status = "sent"
    position.sent_on = day
    position.channel = how
    position.updated_at = utcnow()
    flush_checked(session, "position", position_id, expected_version)
    figures = take_figures(session, position_id)  # what the letter said stays as it was sent
    audit.record(
        session, actor, "send", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before={"status": "draft"},
        after={"status": "sent", "sent_on": day.isoformat(), "channel": how,
               "figures": {str(k): v for k, v in figures.items()}},
    )  # fmt: skip
    return position


def record_answer(
    session: Session, actor: Actor, position_id: int, values: Mapping[str, Any],
    *, expected_version: int | None = None,
) -> JointPosition:  # fmt: skip
    """Record how the addressee followed the position: `outcome` (answered, adopted_in_part,
    adopted, rejected), the answer's text, its date `answer_on` and a document link `answer_url`."""
    allowed = {"outcome", "answer_text", "answer_on", "answer_url"}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")
    position, _ = load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    if position.status == "draft":
        raise Conflict(PROBLEMS["not_sent"])
    outcome = clean_code("outcome", values.get("outcome"), rules.OUTCOMES)
    day = clean_date("answer_on", values.get("answer_on"), required=True)
    assert day is not None
    text = clean_text("answer_text", values.get("answer_text"), TEXT_MAX, required=True)
    url = clean_text("answer_url", values.get("answer_url"), URL_MAX)
    if url and (not url.startswith(("https://", "http://")) or " " in url):
        raise InvalidInput("answer_url", "give a web address starting with https://, or leave it empty.")
    code = rules.follow_problem(position.status, outcome, day, position.sent_on, today_utc())
    if code == "future_date":
        raise InvalidInput("answer_on", "the date lies in the future; give the day of the answer.")
    raise_problem(code)
    before = {
        "status": position.status,
        "answer_on": position.answer_on.isoformat() if position.answer_on else None,
    }
    position.status = outcome
    position.answer_text = text
    position.answer_on = day
    position.answer_url = url
    position.updated_at = utcnow()
    flush_checked(session, "position", position_id, expected_version)
    audit.record(
        session, actor, "answer", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before=before,
        after={"status": outcome, "answer_on": day.isoformat(), "answer_url": url},
    )  # fmt: skip
    return position
