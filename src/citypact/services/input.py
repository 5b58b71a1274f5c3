"""Cleaning of the values users give (JSON bodies, forms, CLI options, plan files): text, dates,
numbers, years, flags and codes. Each function returns the clean value or raises InvalidInput
naming the field, with a message that says how to write it; words beyond that stay with the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from citypact.services.errors import InvalidInput
from citypact.services.text_input import check_text


def clean_text(field: str, value: Any, max_length: int, *, required: bool = False) -> str:
    """Text without its surrounding blanks (none is empty); longer than 300 characters it is a note,
    where line breaks are allowed."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, "give text.")
    clean = value.strip()
    if required and not clean:
        raise InvalidInput(field, "this field is required.")
    if len(clean) > max_length:
        raise InvalidInput(field, f"use at most {max_length} characters.")
    check_text(field, clean, multiline=max_length > 300)
    return clean


def clean_optional_text(field: str, value: Any, max_length: int) -> str | None:
    """`clean_text`, keeping none as none (a column that may be empty)."""
    return None if value is None else clean_text(field, value, max_length)


def clean_date(field: str, value: Any, *, required: bool = False) -> dt.date | None:
    """A date from a date or ISO 8601 text (YYYY-MM-DD); empty is none unless required."""
    if value in (None, ""):
        if required:
            raise InvalidInput(field, "give a date as YYYY-MM-DD, e.g. 2026-05-04.")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            field, f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-05-04."
        ) from None


def clean_flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(field, "give true or false.")
    return value


def clean_code(field: str, value: Any, allowed: Sequence[str]) -> str:
    """One of `allowed`, written in any case and with blanks around it."""
    if not isinstance(value, str):
        raise InvalidInput(field, f"use one of {', '.join(allowed)}.")
    code = value.strip().lower()
    if code not in allowed:
        raise InvalidInput(field, f"unknown value {value!r}; use one of {', '.join(allowed)}.")
    return code


def clean_number(field: str, value: Any, low: float | None = None, high: float | None = None) -> float:
    """A JSON number (not text, not true/false, not NaN) from `low` to `high`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidInput(field, "give a number.")
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            bounds = f"from {low} to {high}"
        else:
            bounds = f"of {low} or more" if low is not None else f"of {high} or less"
        raise InvalidInput(field, f"give a number {bounds}.")
    return float(value)


def clean_amount(field: str, value: Any) -> float | None:
    """A figure of 0 or more from a number or its text (files and forms bring text); empty is none."""
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(field, f"{value!r} is not a number; write one such as 12500.") from None
    if number != number or number < 0:
        raise InvalidInput(field, "give a number of 0 or more.")
    return number


def clean_year(field: str, value: Any, low: int, high: int, *, hint: str | None = None) -> int:
    """A whole year from `low` to `high`; `hint` replaces the message that names the range."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(field, hint or f"give a year from {low} to {high}.")
    return value
