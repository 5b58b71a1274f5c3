"""Results of a survey round: aggregates per question over the SUBMITTED responses (drafts do not
count), each city's answers to those who may see them, exports as CSV and XLSX, and the measures
matrix answers as a source of the cities' activity profiles.

- Aggregates (counts, distributions, min/median/max; texts listed without the city's name) are read
  by the round's secretariat and the staff of the cities the round was sent to.
- Per-city answers: the secretariat reads all; a city's staff read only their own city's.
- Inventory answers: per city, the inventory named (and the file it was uploaded from), with its
  year, status and BASIC total, only where the reader may read that inventory (as its page decides).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.surveys import (
    Aggregate,
    Question,
    aggregate,
    answer_text,
    file_of,
    inventory_of,
)
from citypact.domain.text import scrub
from citypact.services.errors import NotFound
from citypact.services.inventory.inventories import list_inventories
from citypact.services.surveys.rounds import RoundView, _staff_cities, get_round
from citypact.storage.models import City
from citypact.storage.surveys import SurveyResponse


@dataclass(frozen=True)
class CityAnswers:
    city_id: int
    city: str
    country: str
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class InventoryAnswer:
    """A city's answer to an inventory question, with the inventory as the reader may see it."""

    city_id: int
    city: str
    key: str
    inventory_id: int
    file: str  # "" when the city named the inventory rather than uploading a file
    year: int | None = None  # None: the reader may not read the inventory (no link, no total)
    status: str = ""
    total_t: float | None = None  # GPC BASIC, t CO2e of its GWP set
    gwp: str = ""

    @property
    def readable(self) -> bool:
        return self.year is not None


@dataclass(frozen=True)
class Results:
    round: RoundView
    submitted: int
    sent_to: int
    aggregates: tuple[Aggregate, ...]
    cities: tuple[CityAnswers, ...]  # only the cities the actor may see
    inventories: tuple[InventoryAnswer, ...] = ()  # of those cities' inventory answers


def inventory_answers(
    session: Session, actor: Actor, questions: Sequence[Question], cities: Sequence[CityAnswers]
) -> tuple[InventoryAnswer, ...]:
    """The inventory answers of `cities` (at most MAX_CITIES, one read of each city's inventories)."""
    keys = [q.key for q in questions if q.kind == "inventory"]
    out: list[InventoryAnswer] = []
    for c in cities:
        named = [(k, inventory_of(c.answers.get(k)), file_of(c.answers.get(k))) for k in keys]
        named = [(k, i, f) for k, i, f in named if i is not None]
        if not named:
            continue
        try:
            readable = {s.id: s for s in list_inventories(session, actor, c.city_id)}
        except NotFound:
            readable = {}
        for key, inventory_id, file in named:
            assert inventory_id is not None
            s = readable.get(inventory_id)
            if s is None:
                out.append(InventoryAnswer(c.city_id, c.city, key, inventory_id, file))
                continue
            total = s.totals["basic"] if s.totals else (s.reported or {}).get("basic")
            out.append(
                InventoryAnswer(c.city_id, c.city, key, inventory_id, file, s.year, s.status, total, s.gwp)
            )
    return tuple(out)


def results(session: Session, actor: Actor, round_id: int) -> Results:
    view = get_round(session, actor, round_id)
    rows = session.execute(
        select(SurveyResponse, City.name, City.country)
        .join(City, City.id == SurveyResponse.city_id)
        .where(SurveyResponse.round_id == round_id)
        .order_by(City.name, City.id)
    ).all()
    submitted = [(r, name, country) for r, name, country in rows if r.status == "submitted"]
    aggregates = tuple(aggregate(q, [r.answers.get(q.key) for r, _, _ in submitted]) for q in view.questions)
    mine = None if view.runs else _staff_cities(actor)
    cities = tuple(
        CityAnswers(r.city_id, name, country, dict(r.answers))
        for r, name, country in submitted
        if mine is None or r.city_id in mine
    )
    return Results(
        view,
        len(submitted),
        len(rows),
        aggregates,
        cities,
        inventory_answers(session, actor, view.questions, cities),
    )


def _table(res: Results) -> tuple[list[str], list[list[str]]]:
    header = ["city_id", "city", "country", *(q.key for q in res.round.questions)]
    body = [
        [
            str(c.city_id),
            c.city,
            c.country,
            *(answer_text(q, c.answers.get(q.key)) for q in res.round.questions),
        ]
        for c in res.cities
    ]
    return header, body


def results_csv(res: Results) -> str:
    """One row per city the reader may see, one column per question (codes, `;` between items)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header, body = _table(res)
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue()


def results_xlsx(res: Results) -> bytes:
    """A workbook: the answers per city, then the aggregates per question."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Answers"
    header, body = _table(res)
    sheet.append(header)
    for row in body:
        sheet.append([scrub(v, multiline=False) for v in row])
    summary = book.create_sheet("Aggregates")
    summary.append(["question", "kind", "answered", "item", "count", "minimum", "median", "maximum"])
    lines: list[list[Any]] = []
    for a in res.aggregates:
        lines.append([a.key, a.kind, a.answered, "", None, a.minimum, a.median, a.maximum])
        lines.extend([a.key, a.kind, None, scrub(o, multiline=False), n] for o, n in a.distribution)
        for measure, degrees in a.matrix:
            lines.extend([a.key, a.kind, None, f"{measure}={d}", n] for d, n in degrees)
    for line in lines:
        summary.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
