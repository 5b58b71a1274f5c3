"""The `--format` of every command that prints data, written once.

json prints the data (the REST API's JSON where the command has an API twin), table prints it for a
person to read, csv prints one header line and one line per row for a spreadsheet. A command that
prints one record with nested parts (a benchmark, a partnership in full) has no rows, so no csv.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any

import typer

Rows = list[dict[str, object]]


class Format(StrEnum):
    JSON = "json"
    TABLE = "table"
    CSV = "csv"


class DocumentFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


def format_option(default: Format | DocumentFormat, help: str | None = None) -> Any:
    """The `--format` option; its choices come from the parameter's type, Format or DocumentFormat."""
    choices = "json, table or csv" if isinstance(default, Format) else "json or table"
    return typer.Option(default, "--format", help=help or choices)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "model_dump"):  # an API schema (pydantic), imported only by the commands that use it
        return value.model_dump(mode="json")
    return str(value)


def to_json(value: Any) -> str:
    """Dataclasses, lists and dicts of them, or an API schema, as indented JSON (dates in ISO 8601)."""
    if hasattr(value, "model_dump_json"):
        return str(value.model_dump_json(indent=2))  # exactly the API's JSON
    return json.dumps(value, default=_plain, ensure_ascii=False, indent=2)


def to_csv(rows: Iterable[Mapping[str, object]]) -> str:
    """Rows as CSV with a header line; an empty cell for a value that is None."""
    listed = list(rows)
    if not listed:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(listed[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(listed)
    return out.getvalue()


def emit(
    output: Format | DocumentFormat,
    data: Any,
    table: Callable[[], None],
    rows: Iterable[Mapping[str, object]] = (),
) -> None:
    """Print DATA in the chosen format: json of DATA, csv of ROWS, or TABLE, which prints itself."""
    if output == "json":
        typer.echo(to_json(data))
    elif output == "csv":
        typer.echo(to_csv(rows), nl=False)
    else:
        table()
