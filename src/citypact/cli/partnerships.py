"""`citypact partnership`: a city's partnerships and one partnership in full, from the shell (read as
the operator, who sees everything)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from enum import StrEnum
from typing import Any

import typer

from citypact.cli.users import OPERATOR
from citypact.config import load_settings
from citypact.services import partnerships
from citypact.services.errors import ServiceError
from citypact.storage.db import Database

app = typer.Typer(help="Partnerships between cities.", no_args_is_help=True)


class Output(StrEnum):
    JSON = "json"
    TABLE = "table"


def _json(value: Any) -> str:
    def plain(obj: Any) -> Any:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return dataclasses.asdict(obj)
        if isinstance(obj, dt.date | dt.datetime):
            return obj.isoformat()
        return str(obj)

    return json.dumps(value, default=plain, ensure_ascii=False, indent=2)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "-"


@app.command("list")
def list_partnerships(city_id: int, output: Output = typer.Option(Output.TABLE, "--format")) -> None:
    """The partnerships of CITY_ID, newest first."""
    db = Database(load_settings().database_url)
    try:
        with db.read() as session:
            found = partnerships.list_partnerships(session, OPERATOR, city_id)
    except ServiceError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        db.dispose()
    if output is Output.JSON:
        typer.echo(_json(found))
        return
    for p in found:
        others = ", ".join(m.name for m in p.members if m.city_id != city_id)
        typer.echo(f"{p.id:>6}  {p.status:<9} {p.kind:<10} {p.title}  (with {others}; as {p.role})")


@app.command("show")
def show(partnership_id: int, output: Output = typer.Option(Output.TABLE, "--format")) -> None:
    """One partnership: members and signatures, goals, work plan, exchange log, events."""
    db = Database(load_settings().database_url)
    try:
        with db.read() as session:
            p = partnerships.get_partnership(session, OPERATOR, partnership_id)
    except ServiceError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        db.dispose()
    if output is Output.JSON:
        typer.echo(_json(p))
        return
    typer.echo(f"{p.title}  [{p.kind}, {p.status}{', public' if p.is_public else ''}]")
    if p.declared_on:
        typer.echo(f"declared on {p.declared_on.isoformat()}")
    typer.echo("members:")
    for m in p.members:
        typer.echo(
            f"  {m.name} ({m.country}), {m.role}: accepted {_day(m.accepted_on)}, signed {_day(m.signed_on)}"
        )
    typer.echo("goals:")
    for g in p.goals:
        typer.echo(
            f"  [{g.status}] {g.text}" + (f" (by {g.target_date.isoformat()})" if g.target_date else "")
        )
    typer.echo("work plan:")
    for t in p.tasks:
        typer.echo(f"  {t.title}: {t.owner_name or '-'}, due {_day(t.due_on)}, done {_day(t.done_on)}")
    typer.echo("exchange log:")
    for x in p.exchanges:
        when = x.happened_on.isoformat() if x.happened_on else str(x.year or "-")
        typer.echo(f"  {when}  {x.kind}: {x.title}")
    typer.echo("events:")
    for e in p.events:
        typer.echo(f"  {e.starts_on.isoformat()}  {e.kind}: {e.title}")
