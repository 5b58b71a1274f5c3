"""Cleaning of a funding programme's and a call's fields as users give them (JSON bodies, forms,
the seed file): lists of codes, money in the programme's currency, a rate in %, the source link and
the day it was checked. Each function returns the stored value or raises InvalidInput naming the
field and the fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.action_plans import PlanError, to_minor_units
from citypact.domain.funding import (
    BASIS_POINTS,
    EU_MEMBER_STATES,
    FUNDER_LEVELS,
    INSTRUMENTS,
    SIZE_BAND_CODES,
    join_codes,
)
from citypact.domain.measures import FIELDS, GPC_SECTORS
from citypact.services.errors import InvalidInput
from citypact.services.input import clean_code, clean_date, clean_flag, clean_text
from citypact.storage.models import MeasureType

NAME_MAX: Final = 300
FUNDER_MAX: Final = 200
SUMMARY_MAX: Final = 4000
URL_MAX: Final = 500
NOTE_MAX: Final = 2000
MAX_CODES: Final = 200  # items of one list
MAX_CITIES: Final = 999  # a programme's "at least n cities" / "from n countries"
MAX_AMOUNT_MINOR: Final = 10**15

PROGRAMME_FIELDS: Final = (
    "name",
    "funder_name",
    "funder_level",
    "instrument",
    "summary",
    "countries",
    "size_bands",
    "joint_required",
    "min_cities",
    "min_countries",
    "fields",
    "gpc_sectors",
    "measure_types",
    "amount_min",
    "amount_max",
    "currency",
    "funding_rate_percent",
    "source_url",
    "checked_on",
)
CALL_FIELDS: Final = ("title", "opens_on", "closes_on", "budget", "url", "note")


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def code_list(field: str, value: Any) -> list[str]:
    """Codes from a list, or from text separated by ";", "," or blanks."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.replace(";", " ").replace(",", " ").split()
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise InvalidInput(field, "give a list of codes, or codes separated by commas.")
    if len(items) > MAX_CODES:
        raise InvalidInput(field, f"give at most {MAX_CODES} codes.")
    clean: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidInput(field, "give each code as text.")
        clean.append(item.strip())
    return clean


def clean_countries(value: Any) -> str:
    """ISO 3166-1 alpha-2 codes; "EU" stands for the member states of the European Union."""
    codes: set[str] = set()
    for item in code_list("countries", value):
        code = item.upper()
        if code == "EU":
            codes.update(EU_MEMBER_STATES)
        elif len(code) == 2 and code.isascii() and code.isalpha():
            codes.add(code)
        else:
            raise InvalidInput("countries", f"{item!r} is not a country code; use e.g. DE, JP, or EU.")
    return join_codes(codes)


def clean_listed(field: str, value: Any, allowed: Iterable[str], *, upper: bool = False) -> str:
    known = set(allowed)
    codes = set()
    for item in code_list(field, value):
        code = item.upper() if upper else item.lower()
        if code not in known:
            raise InvalidInput(field, f"unknown code {item!r}; use any of {', '.join(sorted(known))}.")
        codes.add(code)
    return join_codes(codes)


def clean_measure_types(session: Session, value: Any) -> str:
    """Codes of the measure catalogue (measure_type.code)."""
    codes = {c.lower() for c in code_list("measure_types", value)}
    if not codes:
        return ""
    known = set(session.scalars(select(MeasureType.code).where(MeasureType.code.in_(sorted(codes)))))
    unknown = sorted(codes - known)
    if unknown:
        raise InvalidInput(
            "measure_types", f"{unknown[0]!r} is not in the measure catalogue; see /measures for the codes."
        )
    return join_codes(codes)


def clean_currency(value: Any) -> str:
    text = value.strip().upper() if isinstance(value, str) else ""
    if len(text) != 3 or not text.isascii() or not text.isalpha():
        raise InvalidInput("currency", "give an ISO 4217 code such as EUR, JPY or USD.")
    return text


def clean_money(field: str, value: Any, currency: str) -> int | None:
    """An amount in the currency's units (EUR 12.34, JPY 500) as integer minor units; empty is none."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput(field, "give an amount such as 250000.")
    try:
        number = (
            float(str(value).replace(",", "").replace("_", "")) if isinstance(value, str) else float(value)
        )
    except (TypeError, ValueError):
        raise InvalidInput(field, f"{value!r} is not an amount; write one such as 250000.") from None
    if number != number or number <= 0:
        raise InvalidInput(field, "give an amount above 0.")
    try:
        minor = to_minor_units(number, currency)
    except PlanError as error:
        raise InvalidInput(field, error.message) from None
    if minor > MAX_AMOUNT_MINOR:
        raise InvalidInput(field, "the amount is too large; give it in the currency's units, not cents.")
    return minor


def clean_rate(value: Any) -> int | None:
    """A co-financing rate in % (at most two decimals) as basis points; empty is none."""
    if value is None or value == "":
        return None
    try:
        percent = float(value) if not isinstance(value, bool) else float("nan")
    except (TypeError, ValueError):
        raise InvalidInput("funding_rate_percent", f"{value!r} is not a number; write e.g. 60.") from None
    if percent != percent or not 0 < percent <= 100:
        raise InvalidInput(
            "funding_rate_percent", "give the share of the costs it pays, above 0 and up to 100 %."
        )
    bp = round(percent * 100)
    if abs(bp - percent * 100) > 1e-6:
        raise InvalidInput("funding_rate_percent", "give the rate in % with at most two decimals, e.g. 62.5.")
    return min(bp, BASIS_POINTS)


def clean_https(field: str, value: Any, *, required: bool) -> str:
    url = clean_text(field, value, URL_MAX, required=required)
    if url and (not url.lower().startswith("https://") or len(url) < 12 or " " in url):
        raise InvalidInput(field, "give the published page's address, starting with https://.")
    return url


def clean_count(field: str, value: Any) -> int:
    if value is None or value == "":
        return 1
    try:
        number = int(value) if not isinstance(value, bool | float) else -1
    except (TypeError, ValueError):
        number = -1
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    if not 1 <= number <= MAX_CITIES:
        raise InvalidInput(field, f"give a whole number from 1 to {MAX_CITIES}.")
    return number


def clean_checked_on(value: Any, today: dt.date) -> dt.date:
    day = clean_date("checked_on", value, required=True)
    assert day is not None
    if day > today:
        raise InvalidInput(
            "checked_on", f"give the day you compared the entry with its source; {day} is in the future."
        )
    return day


def _flag(field: str, value: Any) -> bool:
    if isinstance(value, str):
        if value.strip().lower() in ("true", "on", "yes", "1"):
            return True
        if value.strip().lower() in ("false", "off", "no", "0", ""):
            return False
    if value is None:
        return False
    return clean_flag(field, value)


def clean_programme(
    session: Session,
    values: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    today: dt.date,
) -> dict[str, Any]:
    """The stored columns for the given fields (all of them when `current` is None: a new entry);
    `current` holds the stored columns an edit keeps."""
    unknown = sorted(set(values) - set(PROGRAMME_FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(PROGRAMME_FIELDS)}.")
    new = current is None

    def given(name: str) -> bool:
        return new or name in values

    clean: dict[str, Any] = {}
    if given("name"):
        clean["name"] = clean_text("name", values.get("name"), NAME_MAX, required=True)
    if given("funder_name"):
        clean["funder_name"] = clean_text("funder_name", values.get("funder_name"), FUNDER_MAX, required=True)
    if given("funder_level"):
        clean["funder_level"] = clean_code("funder_level", values.get("funder_level"), FUNDER_LEVELS)
    if given("instrument"):
        clean["instrument"] = clean_code("instrument", values.get("instrument"), INSTRUMENTS)
    if given("summary"):
        clean["summary"] = clean_text("summary", values.get("summary"), SUMMARY_MAX)
    if given("countries"):
        clean["countries"] = clean_countries(values.get("countries"))
    if given("size_bands"):
        clean["size_bands"] = clean_listed("size_bands", values.get("size_bands"), SIZE_BAND_CODES)
    if given("joint_required"):
        clean["joint_required"] = _flag("joint_required", values.get("joint_required", False))
    for name in ("min_cities", "min_countries"):
        if given(name):
            clean[name] = clean_count(name, values.get(name))
    if given("fields"):
        clean["fields"] = clean_listed("fields", values.get("fields"), FIELDS)
    if given("gpc_sectors"):
        clean["gpc_sectors"] = clean_listed("gpc_sectors", values.get("gpc_sectors"), GPC_SECTORS, upper=True)
    if given("measure_types"):
        clean["measure_types"] = clean_measure_types(session, values.get("measure_types"))
    if given("currency"):
        clean["currency"] = clean_currency(values.get("currency"))
    currency = clean.get("currency", current["currency"] if current else "EUR")
    # amounts are in the currency's units: a new currency re-reads both amounts
    for name in ("amount_min", "amount_max"):
        if given(name):
            clean[f"{name}_minor"] = clean_money(name, values.get(name), currency)
    if "currency" in clean and current is not None and clean["currency"] != current["currency"]:
        for name in ("amount_min", "amount_max"):
            if name not in values and current.get(f"{name}_minor") is not None:
                raise InvalidInput(name, "a new currency needs the amounts again, in that currency.")
    low = clean.get("amount_min_minor", current.get("amount_min_minor") if current else None)
    high = clean.get("amount_max_minor", current.get("amount_max_minor") if current else None)
    if low is not None and high is not None and low > high:
        raise InvalidInput("amount_max", "the highest amount is below the lowest; swap them.")
    if given("funding_rate_percent"):
        clean["funding_rate_bp"] = clean_rate(values.get("funding_rate_percent"))
    if given("source_url"):
        clean["source_url"] = clean_https("source_url", values.get("source_url"), required=True)
    if given("checked_on"):
        clean["checked_on"] = clean_checked_on(values.get("checked_on"), today)
    cities = clean.get("min_cities", current["min_cities"] if current else 1)
    countries = clean.get("min_countries", current["min_countries"] if current else 1)
    if countries > cities:
        raise InvalidInput("min_countries", "cannot ask for more countries than cities.")
    joint = clean.get("joint_required", current["joint_required"] if current else False)
    if joint and cities < 2:
        raise InvalidInput("min_cities", "a programme for joint applications needs at least 2 cities.")
    return clean


def clean_call(values: Mapping[str, Any], current: Mapping[str, Any] | None, currency: str) -> dict[str, Any]:
    """A call's stored columns; its dates checked: it does not close before it opens."""
    unknown = sorted(set(values) - set(CALL_FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(CALL_FIELDS)}.")
    new = current is None
    clean: dict[str, Any] = {}
    if new or "title" in values:
        clean["title"] = clean_text("title", values.get("title"), NAME_MAX, required=True)
    for name in ("opens_on", "closes_on"):
        if new or name in values:
            clean[name] = clean_date(name, values.get(name))
    opens = clean.get("opens_on", current["opens_on"] if current else None)
    closes = clean.get("closes_on", current["closes_on"] if current else None)
    if opens is not None and closes is not None and closes < opens:
        raise InvalidInput("closes_on", f"the call closes before it opens ({opens}); give a later day.")
    if new or "budget" in values:
        clean["budget_minor"] = clean_money("budget", values.get("budget"), currency)
    if new or "url" in values:
        clean["url"] = clean_https("url", values.get("url"), required=False)
    if new or "note" in values:
        clean["note"] = clean_text("note", values.get("note"), NOTE_MAX)
    return clean


def plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as JSON for the audit trail."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def as_ids(field: str, value: Any, limit: int) -> list[int]:
    """Ids from a list or from text separated by commas, in the order given, each once."""
    if value is None or value == "":
        return []
    raw: Sequence[Any] = value.split(",") if isinstance(value, str) else value
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        raise InvalidInput(field, "give a list of ids.")
    ids: list[int] = []
    for item in raw:
        try:
            number = int(str(item).strip()) if not isinstance(item, bool) else 0
        except ValueError:
            raise InvalidInput(field, f"{item!r} is not an id; give whole numbers.") from None
        if number < 1:
            raise InvalidInput(field, "give ids from 1.")
        if number not in ids:
            ids.append(number)
    if len(ids) > limit:
        raise InvalidInput(field, f"give at most {limit}.")
    return ids
