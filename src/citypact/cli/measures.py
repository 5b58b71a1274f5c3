"""`citypact measures`, `citypact cases` and `citypact plan`: the catalogue, the case library and
action plans from the shell (writes are the operator's, like every command on the server)."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from citypact.cli.users import OPERATOR
from citypact.config import load_settings
from citypact.formats.errors import ImportErrors
from citypact.i18n.reasons import peer_reasons
from citypact.services import action_plans, cases, measures, plan_files
from citypact.services.errors import ServiceError
from citypact.storage.db import Database

measures_app = typer.Typer(help="The catalogue of measure types.", no_args_is_help=True)
cases_app = typer.Typer(help="The library of best-practice cases.", no_args_is_help=True)
plan_app = typer.Typer(help="Cities' action plans.", no_args_is_help=True)


class Output(StrEnum):
    JSON = "json"
    TABLE = "table"


def _db() -> Database:
    return Database(load_settings().database_url)


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2)


def _json(value: Any) -> str:
    def plain(obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return dataclasses.asdict(obj)
        return str(obj)

    return json.dumps(value, default=plain, ensure_ascii=False, indent=2)


@measures_app.command("list")
def list_measures(
    field: str = typer.Option("", help="a field code, e.g. transport"),
    instrument: str = typer.Option("", help="regulatory, fiscal, soft or own_operations"),
    lang: str = typer.Option("en", help="en, de or ja"),
    output: Output = typer.Option(Output.TABLE, "--format"),
) -> None:
    """The catalogue of measure types, filtered."""
    db = _db()
    try:
        with db.read() as session:
            found = measures.list_measures(session, {"field": field, "instrument": instrument}, lang)
    except ServiceError as error:
        _fail(error)
    finally:
        db.dispose()
    if output is Output.JSON:
        typer.echo(_json(found))
        return
    for m in found:
        typer.echo(f"{m.code:<40} {m.field:<22} {m.instrument:<15} {m.title}")


@cases_app.command("search")
def search_cases(
    q: str = typer.Argument("", help="words in any language"),
    field: str = typer.Option("", help="a field code"),
    country: str = typer.Option("", help="ISO 3166 alpha-2"),
    limit: int = typer.Option(20, min=1, max=cases.MAX_PAGE),
    output: Output = typer.Option(Output.TABLE, "--format"),
) -> None:
    """Best-practice cases matching every word and filter."""
    db = _db()
    try:
        with db.read() as session:
            page = cases.search_cases(session, q, {"field": field, "country": country}, limit=limit)
    except ServiceError as error:
        _fail(error)
    finally:
        db.dispose()
    if output is Output.JSON:
        typer.echo(_json(page))
        return
    typer.echo(f"{page.total} case(s)")
    for c in page.items:
        typer.echo(f"{c.id:>6}  {c.city_name} ({c.country})  {c.title}")


@cases_app.command("like-mine")
def like_mine(city_id: int, limit: int = typer.Option(10, min=1, max=50)) -> None:
    """Cases from the cities most like CITY_ID, with the reasons."""
    db = _db()
    try:
        with db.read() as session:
            found = cases.cases_like_mine(session, city_id, limit=limit)
    except ServiceError as error:
        _fail(error)
    finally:
        db.dispose()
    for item in found:
        typer.echo(
            f"{item.case.city_name}: {item.case.title}  ({'; '.join(peer_reasons(item.reasons, 'en'))})"
        )


@plan_app.command("export")
def export_plan(
    city_id: int, output: Output = typer.Option(Output.JSON, "--format", help="json or table (CSV)")
) -> None:
    """A city's action plan as JSON or CSV."""
    db = _db()
    try:
        with db.read() as session:
            plan = action_plans.get_plan(session, OPERATOR, city_id)
    except ServiceError as error:
        _fail(error)
    finally:
        db.dispose()
    if output is Output.JSON:
        typer.echo(
            _json(
                {
                    "city": {"id": plan.city_id, "name": plan.city_name},
                    "measures": plan_files.export_rows(plan),
                }
            )
        )
    else:
        typer.echo(plan_files.export_csv(plan), nl=False)


@plan_app.command("import")
def import_plan(city_id: int, file: Path = typer.Argument(..., help="plan CSV or JSON")) -> None:
    """Add every measure of FILE to the city's plan; a bad row anywhere writes nothing (exit status 2)."""
    db = _db()
    try:
        with db.write() as session:
            added = plan_files.import_plan(session, OPERATOR, city_id, file)
    except (ServiceError, ImportErrors) as error:
        _fail(error)
    finally:
        db.dispose()
    typer.echo(f"added {added} measure(s) to the plan of city {city_id}")
