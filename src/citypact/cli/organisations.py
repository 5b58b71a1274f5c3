"""`citypact organisations`: a city's confirmed stakeholder organisations, from the shell (read as
the operator, so contact e-mails are shown)."""

from __future__ import annotations

import dataclasses

import typer

from citypact.cli.context import OPERATOR, reading
from citypact.cli.lookup import resolve_city
from citypact.cli.output import Format, emit, format_option
from citypact.services.paging import MAX_PAGE_SIZE
from citypact.services.stakeholders import reading as stakeholders

app = typer.Typer(help="Local stakeholder organisations of a city.", no_args_is_help=True)


@app.command("list")
def list_organisations(
    city: str = typer.Argument(..., help="the city: its id or its name"),
    page: int = typer.Option(1, "--page", min=1, help=f"page of {MAX_PAGE_SIZE} organisations"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """The city's confirmed organisations by name."""
    with reading() as session:
        city_id = int(city) if city.isdigit() else resolve_city(session, city, None)
        found = stakeholders.list_organisations(session, OPERATOR, city_id, page=page, size=MAX_PAGE_SIZE)
    rows = [dataclasses.asdict(o) for o in found.items]

    def table() -> None:
        for o in found.items:
            typer.echo(
                f"{o.id:>6}  {o.kind:<15} {o.size or '-':<7} {o.name}  {o.sector}  {o.website}".rstrip()
            )
        typer.echo(f"{found.first}-{found.last} of {found.total} organisations")

    emit(output, rows, table=table, rows=rows)
