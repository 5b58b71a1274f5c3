"""The cleaning of user values: each value comes back clean, and each refusal names the field
and says how to write it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from citypact.services.errors import InvalidInput
from citypact.services.input import (
    clean_amount,
    clean_code,
    clean_date,
    clean_flag,
    clean_number,
    clean_optional_text,
    clean_text,
    clean_year,
)


def refusal(call: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return caught.value.field, caught.value.message


def test_text_is_stripped_and_none_is_empty() -> None:
    assert clean_text("title", "  Twinning  ", 300) == "Twinning"
    assert clean_text("title", None, 300) == ""
    assert clean_optional_text("note", None, 2000) is None
    assert clean_optional_text("note", " a ", 2000) == "a"


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        (12, {}, "give text."),
        ("  ", {"required": True}, "this field is required."),
        (None, {"required": True}, "this field is required."),
        ("x" * 11, {}, "use at most 10 characters."),
    ],
)
def test_text_refusals(value: Any, kwargs: dict[str, Any], message: str) -> None:
    assert refusal(clean_text, "title", value, 10, **kwargs) == ("title", message)


def test_line_breaks_only_in_notes() -> None:
    assert clean_text("summary", "one\ntwo", 2000) == "one\ntwo"
    field, _ = refusal(clean_text, "title", "one\ntwo", 300)
    assert field == "title"
    field, _ = refusal(clean_text, "summary", "bell\x07", 2000)
    assert field == "summary"


def test_dates() -> None:
    assert clean_date("due_on", "2026-05-04") == dt.date(2026, 5, 4)
    assert clean_date("due_on", " 2026-05-04 ") == dt.date(2026, 5, 4)
    assert clean_date("due_on", dt.date(2026, 5, 4)) == dt.date(2026, 5, 4)
    assert clean_date("due_on", dt.datetime(2026, 5, 4, 12, 30)) == dt.date(2026, 5, 4)
    assert clean_date("due_on", "") is None
    assert clean_date("due_on", None) is None
    assert refusal(clean_date, "due_on", "4.5.2026") == (
        "due_on",
        "'4.5.2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-05-04.",
    )
    assert refusal(clean_date, "starts_on", None, required=True) == (
        "starts_on",
        "give a date as YYYY-MM-DD, e.g. 2026-05-04.",
    )


def test_flags() -> None:
    assert clean_flag("is_public", True) is True
    assert refusal(clean_flag, "is_public", "yes") == ("is_public", "give true or false.")
    assert refusal(clean_flag, "is_public", 1) == ("is_public", "give true or false.")


def test_codes() -> None:
    assert clean_code("kind", " Twinning ", ("twinning", "project")) == "twinning"
    assert refusal(clean_code, "kind", "club", ("twinning", "project")) == (
        "kind",
        "unknown value 'club'; use one of twinning, project.",
    )
    assert refusal(clean_code, "kind", 3, ("twinning", "project")) == (
        "kind",
        "use one of twinning, project.",
    )


def test_numbers() -> None:
    assert clean_number("lat", 52, -90, 90) == 52.0
    assert clean_number("value", 3.5) == 3.5
    for bad in (True, "52", float("nan"), None):
        assert refusal(clean_number, "lat", bad, -90, 90) == ("lat", "give a number.")
    assert refusal(clean_number, "lat", 91, -90, 90) == ("lat", "give a number from -90 to 90.")
    assert refusal(clean_number, "value", -1, 0, None) == ("value", "give a number of 0 or more.")
    assert refusal(clean_number, "share", 2, None, 1) == ("share", "give a number of 1 or less.")


def test_amounts_read_text_too() -> None:
    assert clean_amount("capex", "12500") == 12500.0
    assert clean_amount("capex", 0) == 0.0
    assert clean_amount("capex", "") is None
    assert clean_amount("capex", None) is None
    assert refusal(clean_amount, "capex", "lots") == (
        "capex",
        "'lots' is not a number; write one such as 12500.",
    )
    assert refusal(clean_amount, "capex", -5) == ("capex", "give a number of 0 or more.")
    assert refusal(clean_amount, "capex", "nan") == ("capex", "give a number of 0 or more.")


def test_years() -> None:
    assert clean_year("year", 2020, 1900, 2100) == 2020
    for bad in (1899, 2101, True, "2020", 2020.0):
        assert refusal(clean_year, "year", bad, 1900, 2100) == ("year", "give a year from 1900 to 2100.")
    assert refusal(clean_year, "target_year", 1999, 2000, 2100, hint="give a year such as 2030.") == (
        "target_year",
        "give a year such as 2030.",
    )
