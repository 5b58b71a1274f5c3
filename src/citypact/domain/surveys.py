"""Survey rounds: the questionnaire, which of its questions are asked, and the aggregates of answers.

Pure rules on plain data (no I/O):

- A questionnaire is an ordered tuple of `Question`s, each with a key (``[a-z][a-z0-9_]*``), a kind
  (`KINDS`), its text in several languages (English required, German and Japanese optional; a reader
  gets their language, else English), whether an answer is required, and optionally a `Condition`.
- A condition names an EARLIER question and the values that make this one asked: a choice answer
  among them, a multiple-choice answer holding one of them, or (for other kinds, or with no values)
  any answer at all. A question is asked only when the question it depends on is asked too.
- `asked(questions, answers)` lists the keys asked given the answers; `clean_answers` type-checks
  every answer of an asked question and DROPS the answers of unasked questions; `missing` lists the
  asked, required questions still unanswered. An unasked question is never required.
- `aggregate(question, values)` summarises the submitted answers of one question: how many
  answered, the distribution of choices (multiple choice counts each option chosen), the minimum,
  median and maximum of numbers and years, the texts, and per matrix row the count of each degree.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from citypact.domain.measures import IMPLEMENTATION

KINDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "number": "Number with unit",
        "choice": "Choice",
        "multi": "Multiple choice",
        "text": "Text",
        "year": "Year",
        "matrix": "Measures by implementation",
        "inventory": "Inventory",
    }
)
ROUND_STATUSES: Final[Mapping[str, str]] = MappingProxyType(
    {"draft": "Draft", "open": "Open", "closed": "Closed"}
)
RESPONSE_STATUSES: Final[Mapping[str, str]] = MappingProxyType(
    {"not_started": "Not started", "draft": "Draft saved", "submitted": "Submitted"}
)
MAIL_STATUSES: Final[Mapping[str, str]] = MappingProxyType(
    {"queued": "Queued", "sent": "Sent", "failed": "Failed"}
)
LANGUAGES: Final = ("en", "de", "ja")
MAX_QUESTIONS: Final = 60
MAX_OPTIONS: Final = 30
MAX_MATRIX_ROWS: Final = 40
MAX_TEXT: Final = 4000  # characters of a text answer
MAX_QUESTION_TEXT: Final = 500
MAX_OPTION: Final = 120
YEAR_LOW: Final = 1900
YEAR_HIGH: Final = 2100
INVENTORY_YEAR_LOW: Final = 1990  # as services.inventory creates inventories
MAX_FILE_NAME: Final = 200  # characters of an uploaded file's name kept with an inventory answer
NUMBER_LIMIT: Final = 1e15
_KEY: Final = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class SurveyError(ValueError):
    """A bad questionnaire or answer, naming the place (question key and part) and the fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Condition:
    """Ask the question only when question `key` is answered with one of `values` (any answer when
    `values` is empty, or when `key` is not a choice)."""

    key: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    text: Mapping[str, str]  # language -> text; "en" always present
    required: bool = False
    unit: str = ""  # number
    options: tuple[str, ...] = ()  # choice, multi
    rows: tuple[str, ...] = ()  # matrix: measure type codes
    low: float | None = None  # number: the smallest answer accepted
    high: float | None = None
    condition: Condition | None = None
    year: int | None = None  # inventory: the inventory year an uploaded activity file goes into

    def text_in(self, language: str) -> str:
        """The text in `language`, falling back to English."""
        return self.text.get(language) or self.text["en"]

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "kind": self.kind,
            "text": dict(self.text),
            "required": self.required,
        }
        if self.unit:
            out["unit"] = self.unit
        if self.options:
            out["options"] = list(self.options)
        if self.rows:
            out["rows"] = list(self.rows)
        if self.low is not None:
            out["low"] = self.low
        if self.high is not None:
            out["high"] = self.high
        if self.year is not None:
            out["year"] = self.year
        if self.condition is not None:
            out["condition"] = {"key": self.condition.key, "values": list(self.condition.values)}
        return out


def _text(field_name: str, value: Any, limit: int, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise SurveyError(field_name, "give text.")
    text = " ".join(value.split())
    if required and not text:
        raise SurveyError(field_name, "is required; write the question in English.")
    if len(text) > limit:
        raise SurveyError(field_name, f"is {len(text)} characters long; shorten it to {limit}.")
    return text


def _strings(field_name: str, value: Any, limit: int) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, (list, tuple)):
        raise SurveyError(field_name, "give a list (one entry a line).")
    out: list[str] = []
    for i, v in enumerate(value):
        s = _text(f"{field_name}[{i}]", v, MAX_OPTION, required=False)
        if s and s not in out:
            out.append(s)
    if len(out) > limit:
        raise SurveyError(field_name, f"has {len(out)} entries; give at most {limit}.")
    return tuple(out)


def _bound(field_name: str, value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SurveyError(field_name, f"{value!r} is not a number.") from None
    if not math.isfinite(number) or abs(number) > NUMBER_LIMIT:
        raise SurveyError(field_name, "give a finite number.")
    return number


def parse_question(
    raw: Mapping[str, Any], earlier: Mapping[str, Question], catalogue: Iterable[str]
) -> Question:
    """One question from plain data; `earlier` holds the questions before it (conditions may name
    only those), `catalogue` the measure type codes a matrix may list."""
    key = str(raw.get("key") or "").strip()
    if not _KEY.match(key):
        raise SurveyError(
            "key", f"{key!r} is not a key; use a lower-case letter then letters, digits or _ (40 at most)."
        )
    if key in earlier:
        raise SurveyError(f"{key}.key", "is used twice; give every question its own key.")
    kind = str(raw.get("kind") or "")
    if kind not in KINDS:
        raise SurveyError(f"{key}.kind", f"unknown kind {kind!r}; use one of {', '.join(KINDS)}.")
    texts_raw = raw.get("text")
    if isinstance(texts_raw, str):
        texts_raw = {"en": texts_raw}
    if not isinstance(texts_raw, Mapping):
        raise SurveyError(f"{key}.text", "give the text as {language: text} with English (en).")
    unknown = sorted(set(texts_raw) - set(LANGUAGES))
    if unknown:
        raise SurveyError(f"{key}.text", f"unknown language {unknown[0]!r}; use {', '.join(LANGUAGES)}.")
    text = {"en": _text(f"{key}.text.en", texts_raw.get("en"), MAX_QUESTION_TEXT, required=True)}
    for lang in LANGUAGES[1:]:
        t = _text(f"{key}.text.{lang}", texts_raw.get(lang), MAX_QUESTION_TEXT, required=False)
        if t:
            text[lang] = t
    options = (
        _strings(f"{key}.options", raw.get("options"), MAX_OPTIONS) if kind in ("choice", "multi") else ()
    )
    if kind in ("choice", "multi") and len(options) < 2:
        raise SurveyError(f"{key}.options", "give at least two options, one a line.")
    rows: tuple[str, ...] = ()
    if kind == "matrix":
        rows = _strings(f"{key}.rows", raw.get("rows"), MAX_MATRIX_ROWS)
        known = set(catalogue)
        bad = [r for r in rows if r not in known]
        if bad:
            raise SurveyError(f"{key}.rows", f"{bad[0]!r} is not a measure type of the catalogue.")
        if not rows:
            raise SurveyError(f"{key}.rows", "name at least one measure type of the catalogue.")
    unit = _text(f"{key}.unit", raw.get("unit"), 40, required=False) if kind == "number" else ""
    low = _bound(f"{key}.low", raw.get("low")) if kind == "number" else None
    high = _bound(f"{key}.high", raw.get("high")) if kind == "number" else None
    if low is not None and high is not None and low > high:
        raise SurveyError(f"{key}.low", f"the lowest answer {low:g} is above the highest {high:g}.")
    year: int | None = None
    if kind == "inventory" and raw.get("year") not in (None, ""):
        year_text = str(raw.get("year")).strip()
        if isinstance(raw.get("year"), bool) or not year_text.isdigit():
            raise SurveyError(f"{key}.year", f"{raw.get('year')!r} is not a year; give e.g. 2024.")
        year = int(year_text)
        if not INVENTORY_YEAR_LOW <= year <= YEAR_HIGH:
            raise SurveyError(
                f"{key}.year", f"{year} is not an inventory year; give one from {INVENTORY_YEAR_LOW} on."
            )
    condition: Condition | None = None
    cond_raw = raw.get("condition")
    if cond_raw:
        if not isinstance(cond_raw, Mapping):
            raise SurveyError(f"{key}.condition", "give {key: earlier question, values: [...]}.")
        on = str(cond_raw.get("key") or "").strip()
        if on not in earlier:
            raise SurveyError(
                f"{key}.condition", f"{on!r} is not an earlier question; a condition names one above it."
            )
        values = _strings(f"{key}.condition.values", cond_raw.get("values"), MAX_OPTIONS)
        target = earlier[on]
        if target.kind in ("choice", "multi"):
            bad_values = [v for v in values if v not in target.options]
            if bad_values:
                raise SurveyError(f"{key}.condition.values", f"{bad_values[0]!r} is not an option of {on}.")
        else:
            values = ()
        condition = Condition(on, values)
    required = raw.get("required") in (True, "1", "true", "on", "yes", 1)
    return Question(
        key, kind, MappingProxyType(text), required, unit, options, rows, low, high, condition, year
    )


def parse_questionnaire(raw: Any, catalogue: Iterable[str] = ()) -> tuple[Question, ...]:
    """The questionnaire from a list of plain question records (the stored JSON, an API body)."""
    if not isinstance(raw, (list, tuple)):
        raise SurveyError("questions", "give a list of questions.")
    if len(raw) > MAX_QUESTIONS:
        raise SurveyError("questions", f"has {len(raw)} questions; a round has at most {MAX_QUESTIONS}.")
    codes = frozenset(catalogue)
    earlier: dict[str, Question] = {}
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise SurveyError(f"questions[{i}]", "give each question as a record.")
        q = parse_question(item, earlier, codes)
        earlier[q.key] = q
    return tuple(earlier.values())


def _has_value(value: Any) -> bool:
    return value not in (None, "", [], {})


def _matches(condition: Condition, value: Any) -> bool:
    if not _has_value(value):
        return False
    if not condition.values:
        return True
    if isinstance(value, list):
        return any(v in condition.values for v in value)
    return str(value) in condition.values


def asked(questions: Sequence[Question], answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Keys of the questions asked given `answers`, in questionnaire order."""
    out: list[str] = []
    seen: set[str] = set()
    for q in questions:
        c = q.condition
        if c is None or (c.key in seen and _matches(c, answers.get(c.key))):
            out.append(q.key)
            seen.add(q.key)
    return tuple(out)


def check_answer(question: Question, raw: Any) -> Any:
    """The answer in its stored form (None for no answer), or SurveyError naming the question."""
    key = question.key
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = question.kind
    if kind == "number":
        if isinstance(raw, bool):
            raise SurveyError(key, "give a number.")
        try:
            number = float(str(raw).strip().replace(",", "")) if isinstance(raw, str) else float(raw)
        except (TypeError, ValueError):
            raise SurveyError(key, f"{raw!r} is not a number; give digits, e.g. 1250.5.") from None
        if not math.isfinite(number) or abs(number) > NUMBER_LIMIT:
            raise SurveyError(key, "give a finite number.")
        if question.low is not None and number < question.low:
            raise SurveyError(key, f"{number:g} is below {question.low:g}, the lowest answer accepted.")
        if question.high is not None and number > question.high:
            raise SurveyError(key, f"{number:g} is above {question.high:g}, the highest answer accepted.")
        return number
    if kind == "inventory" and isinstance(raw, Mapping):
        # {"inventory": id, "file": name}: an answer filled by an upload (as stored and read back)
        given = raw.get("inventory")
        inventory = None if isinstance(given, (Mapping, list)) else check_answer(question, given)
        if inventory is None:
            raise SurveyError(key, "give the id of one of your city's inventories as 'inventory'.")
        name = raw.get("file")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_FILE_NAME:
            return inventory
        return {"inventory": inventory, "file": name.strip()}
    if kind == "year" or kind == "inventory":
        text = str(raw).strip()
        if isinstance(raw, bool) or not text.isdigit():
            what = "a year, e.g. 2024" if kind == "year" else "the id of one of your city's inventories"
            raise SurveyError(key, f"{raw!r} is not {what}.")
        value = int(text)
        if kind == "year" and not YEAR_LOW <= value <= YEAR_HIGH:
            raise SurveyError(key, f"{value} is not a year between {YEAR_LOW} and {YEAR_HIGH}.")
        return value
    if kind == "text":
        if not isinstance(raw, str):
            raise SurveyError(key, "give text.")
        text = raw.strip()
        if len(text) > MAX_TEXT:
            raise SurveyError(key, f"is {len(text)} characters long; shorten it to {MAX_TEXT}.")
        return text or None
    if kind == "choice":
        option = str(raw).strip()
        if option not in question.options:
            raise SurveyError(
                key, f"{option!r} is not an option; choose one of {', '.join(question.options)}."
            )
        return option
    if kind == "multi":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, (list, tuple)):
            raise SurveyError(key, "give the options chosen as a list.")
        chosen = {str(v).strip() for v in items if str(v).strip()}
        bad = sorted(chosen - set(question.options))
        if bad:
            raise SurveyError(
                key, f"{bad[0]!r} is not an option; choose among {', '.join(question.options)}."
            )
        return [o for o in question.options if o in chosen] or None
    # matrix: {measure type code: implementation degree}; rows left empty are not answered
    if not isinstance(raw, Mapping):
        raise SurveyError(key, "give {measure type: degree of implementation}.")
    out: dict[str, str] = {}
    for row, degree in raw.items():
        if row not in question.rows:
            raise SurveyError(f"{key}.{row}", "is not a row of this question.")
        if degree in (None, ""):
            continue
        if degree not in IMPLEMENTATION:
            raise SurveyError(
                f"{key}.{row}", f"{degree!r} is not a degree; use one of {', '.join(IMPLEMENTATION)}."
            )
        out[str(row)] = str(degree)
    return {r: out[r] for r in question.rows if r in out} or None


@dataclass(frozen=True)
class Checked:
    """Answers checked against a questionnaire: the kept answers (asked and valid, unasked dropped),
    the errors per question key, and the asked required questions still unanswered."""

    answers: Mapping[str, Any]
    errors: Mapping[str, str]
    missing: tuple[str, ...]


def clean_answers(questions: Sequence[Question], raw: Mapping[str, Any]) -> Checked:
    """Type-check every answer in questionnaire order, then keep only the answers of the questions
    asked given the checked answers (a bad answer counts as no answer for the conditions)."""
    by_key = {q.key: q for q in questions}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in raw.items():
        q = by_key.get(key)
        if q is None:
            continue  # not a question of this round: dropped like an unasked one
        try:
            checked = check_answer(q, value)
        except SurveyError as e:
            errors[key] = e.message if e.field == key else f"{e.field}: {e.message}"
            continue
        if checked is not None:
            values[key] = checked
    keys = asked(questions, values)
    kept = {k: values[k] for k in keys if k in values}
    return Checked(
        MappingProxyType(kept),
        MappingProxyType({k: v for k, v in errors.items() if k in keys}),
        missing(questions, kept),
    )


def missing(questions: Sequence[Question], answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Keys of the asked, required questions without an answer."""
    keys = set(asked(questions, answers))
    return tuple(
        q.key for q in questions if q.key in keys and q.required and not _has_value(answers.get(q.key))
    )


@dataclass(frozen=True)
class Aggregate:
    """The submitted answers of one question: `answered` of `asked` cities answered it."""

    key: str
    kind: str
    answered: int
    distribution: tuple[tuple[str, int], ...] = ()  # choice, multi: option -> count, in order
    minimum: float | None = None
    median: float | None = None
    maximum: float | None = None
    texts: tuple[str, ...] = ()
    matrix: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()  # row -> degree -> count
    values: tuple[float, ...] = field(default=(), repr=False)


def aggregate(question: Question, answers: Iterable[Any]) -> Aggregate:
    """Summarise the stored answers of one question (None: unanswered, not counted)."""
    given = [a for a in answers if _has_value(a)]
    kind = question.kind
    if kind in ("choice", "multi"):
        counts = dict.fromkeys(question.options, 0)
        for a in given:
            for option in a if isinstance(a, list) else [a]:
                if option in counts:
                    counts[option] += 1
        return Aggregate(question.key, kind, len(given), distribution=tuple(counts.items()))
    if kind in ("number", "year"):
        numbers = sorted(float(a) for a in given)
        if not numbers:
            return Aggregate(question.key, kind, 0)
        return Aggregate(
            question.key,
            kind,
            len(numbers),
            minimum=numbers[0],
            median=float(statistics.median(numbers)),
            maximum=numbers[-1],
            values=tuple(numbers),
        )
    if kind == "matrix":
        rows = []
        for row in question.rows:
            counts = dict.fromkeys(IMPLEMENTATION, 0)
            for a in given:
                degree = a.get(row) if isinstance(a, Mapping) else None
                if degree in counts:
                    counts[degree] += 1
            rows.append((row, tuple(counts.items())))
        return Aggregate(question.key, kind, len(given), matrix=tuple(rows))
    if kind == "text":
        return Aggregate(question.key, kind, len(given), texts=tuple(str(a) for a in given))
    return Aggregate(question.key, kind, len(given), values=tuple(float(inventory_of(a) or 0) for a in given))


def inventory_of(value: Any) -> int | None:
    """The inventory id of an inventory answer (an id, or {"inventory": id, "file": name})."""
    if isinstance(value, Mapping):
        value = value.get("inventory")
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def file_of(value: Any) -> str:
    """The uploaded file's name of an inventory answer ("" when the city named an inventory)."""
    return str(value.get("file") or "") if isinstance(value, Mapping) else ""


def answer_text(question: Question, value: Any) -> str:
    """One answer as plain text for a table or a CSV cell (codes, not words)."""
    if not _has_value(value):
        return ""
    if question.kind == "multi":
        return "; ".join(value)
    if question.kind == "matrix":
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if question.kind == "number":
        return f"{value:g}"
    if question.kind == "inventory" and isinstance(value, Mapping):
        return f"{value.get('inventory')} ({value.get('file')})"
    return str(value)
