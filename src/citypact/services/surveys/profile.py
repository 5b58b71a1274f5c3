"""Survey answers as a source of a city's activity profile: the measure types a city reported in a
round's measures matrix (docs/surveys.md). Read by the benchmark's data, so it depends only on the
domain and the tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.surveys import Question, parse_questionnaire
from citypact.storage.models import MeasureType
from citypact.storage.surveys import SurveyResponse, SurveyRound

MAX_PROFILE_ROUNDS: Final = 50  # latest rounds read per city for the activity profile


@dataclass(frozen=True)
class SurveyMeasure:
    """A measure type a city reported in a round's measures matrix (source: the round)."""

    code: str
    field: str
    instrument: str
    implementation: str
    round_id: int
    round_title: str


def survey_measures(session: Session, city_ids: Sequence[int]) -> dict[int, list[SurveyMeasure]]:
    """City id -> the catalogue measure types its latest submitted answer in a measures matrix
    gives a degree for (the newest round wins for a type; a later round does not erase an earlier
    round's type it does not ask about). Rules in docs/surveys.md."""
    types = {t.code: t for t in session.scalars(select(MeasureType))}
    out: dict[int, dict[str, SurveyMeasure]] = {c: {} for c in city_ids}
    rows = session.execute(
        select(SurveyResponse.city_id, SurveyResponse.answers, SurveyRound)
        .join(SurveyRound, SurveyRound.id == SurveyResponse.round_id)
        .where(SurveyResponse.city_id.in_(list(city_ids)), SurveyResponse.status == "submitted")
        .order_by(SurveyRound.sent_at.desc(), SurveyRound.id.desc())
    ).all()
    per_city: dict[int, int] = {}
    matrices: dict[int, list[Question]] = {}
    for city_id, answers, round_ in rows:
        per_city[city_id] = per_city.get(city_id, 0) + 1
        if per_city[city_id] > MAX_PROFILE_ROUNDS:
            continue
        if round_.id not in matrices:  # parsed once per round, not per city
            parsed = parse_questionnaire(round_.questions, types)
            matrices[round_.id] = [q for q in parsed if q.kind == "matrix"]
        for q in matrices[round_.id]:
            value = (answers or {}).get(q.key)
            if not isinstance(value, dict):
                continue
            for code, degree in value.items():
                t = types.get(code)
                if t is None or code in out[city_id]:
                    continue
                out[city_id][code] = SurveyMeasure(
                    code, t.field, t.instrument, degree, round_.id, round_.title
                )
    return {c: list(m.values()) for c, m in out.items()}
