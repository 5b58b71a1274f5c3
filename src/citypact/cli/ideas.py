"""`citypact ideas`: a city's House of Change from the shell (read as the operator, who also sees
hidden ideas, marked). Codes as in the API: status, action field, SDG targets, GPC sectors."""

from __future__ import annotations

import dataclasses

import typer

from citypact.cli.context import OPERATOR, reading
from citypact.cli.lookup import resolve_city
from citypact.cli.output import Format, emit, format_option
from citypact.services import ideas
from citypact.services.ideas import IdeaSummary

app = typer.Typer(help="Ideas for Local Green Deals in a city's House of Change.", no_args_is_help=True)
PAGE = 500


@app.command("list")
def list_ideas(
    city: str = typer.Argument(..., help="the city's name or id"),
    status: str | None = typer.Option(
        None, "--status", help="open, in_review, ready, became_deal or archived"
    ),
    action_field: str | None = typer.Option(None, "--action-field", help="e.g. clean_energy"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """The city's ideas, newest first."""
    found: list[IdeaSummary] = []
    with reading() as session:
        city_id = int(city) if city.isdigit() else resolve_city(session, city, None)
        page = 1
        while True:
            part = ideas.list_ideas(
                session, OPERATOR, city_id, status=status, action_field=action_field, page=page, size=PAGE
            )
            found.extend(part.items)
            if part.last >= part.total:
                break
            page += 1
    rows: list[dict[str, object]] = [
        {
            **dataclasses.asdict(i),
            "sdg_targets": ";".join(i.sdg_targets),
            "gpc_sectors": ";".join(i.gpc_sectors),
        }
        for i in found
    ]

    def table() -> None:
        for i in found:
            deal = f" -> deal {i.deal_id}" if i.deal_id else ""
            hidden = " [hidden]" if i.hidden else ""
            typer.echo(
                f"{i.id:>6}  {i.status:<11} {i.action_field:<21} {i.reviews:>2} reviews "
                f"{i.supporters:>2} supporters  {i.title}{deal}{hidden}"
            )

    emit(output, found, table=table, rows=rows)
