"""`citypact funding programmes`: the catalogue of funding programmes from the shell (read and
loaded as the operator). JSON is the REST API's; the list is in the pages' order: open calls first
by closing date, then rolling, then upcoming, then closed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from citypact.api.schemas.funding import ProgrammeOut
from citypact.cli.context import OPERATOR, reading, writing
from citypact.cli.output import DocumentFormat, Format, emit, format_option
from citypact.domain.action_plans import from_minor_units
from citypact.services.funding import catalogue, seed
from citypact.services.paging import MAX_PAGE_SIZE

programmes_app = typer.Typer(help="The catalogue of funding programmes.", no_args_is_help=True)


def _amount(minor: int | None, currency: str) -> str:
    return "" if minor is None else f"{from_minor_units(minor, currency):,.0f} {currency}"


@programmes_app.command("list")
def list_all(
    open_now: bool = typer.Option(
        False, "--open", help="only programmes with a call open (or rolling) today"
    ),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 code, e.g. DE"),
    instrument: str | None = typer.Option(None, "--instrument", help="e.g. grant, loan"),
    text: str | None = typer.Option(None, "--text", help="words in the name, funder or summary"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Active and ended programmes with the state of their calls today."""
    today = dt.datetime.now(dt.UTC).date()
    with reading() as session:
        found = catalogue.list_programmes(
            session, OPERATOR, country=country, instrument=instrument, text=text,
            open_on=today if open_now else None, size=MAX_PAGE_SIZE, today=today,
        )  # fmt: skip
    views = [ProgrammeOut.model_validate(p) for p in found.items]
    rows: list[dict[str, object]] = [
        {
            "id": p.id, "name": p.name, "funder": p.funder_name, "level": p.funder_level,
            "instrument": p.instrument, "state": p.state or "", "next_closing": p.next_closing or "",
            "countries": ";".join(p.countries), "currency": p.currency, "source_url": p.source_url,
            "checked_on": p.checked_on or "",
        }
        for p in views
    ]  # fmt: skip

    def table() -> None:
        if not views:
            typer.echo("no programmes")
        for p in views:
            closing = f" closes {p.next_closing}" if p.next_closing else ""
            state = p.state or "no call"
            typer.echo(f"{p.id:>5}  {state:<8} {p.instrument:<20} {p.name} ({p.funder_name}){closing}")

    emit(output, views, table=table, rows=rows)


@programmes_app.command("show")
def show(programme_id: int, output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """One programme: who may apply, for what, how much, its calls with their states today."""
    with reading() as session:
        view = ProgrammeOut.model_validate(catalogue.get_programme(session, OPERATOR, programme_id))

    def table() -> None:
        typer.echo(f"{view.name}  [{view.status}, {view.instrument}, {view.funder_level}]")
        typer.echo(f"funder: {view.funder_name}")
        if view.summary:
            typer.echo(view.summary)
        typer.echo(f"countries: {', '.join(view.countries) or 'any'}")
        if view.joint_required or view.min_cities > 1:
            typer.echo(f"applicants: at least {view.min_cities} cities from {view.min_countries} countries")
        low, high = (
            _amount(view.amount_min_minor, view.currency),
            _amount(view.amount_max_minor, view.currency),
        )
        if low or high:
            typer.echo(f"amount: {low or '-'} to {high or '-'}")
        if view.funding_rate_bp is not None:
            typer.echo(f"pays up to {view.funding_rate_bp / 100:g} % of the costs")
        stale = "  (checked more than 12 months ago)" if view.check_is_stale else ""
        typer.echo(f"source: {view.source_url}  checked on {view.checked_on or '-'}{stale}")
        for c in view.calls:
            typer.echo(f"call [{c.state}] {c.title}: {c.opens_on or '-'} to {c.closes_on or 'rolling'}")

    emit(output, view, table=table)


@programmes_app.command("load")
def load(
    path: Path | None = typer.Argument(None, help="a JSON file; default: the shipped catalogue"),
) -> None:
    """Add or update the programmes of the file (matched by name and funder; never duplicated)."""
    with writing() as session:
        result = seed.load_programmes(session, OPERATOR, path)
    typer.echo(
        f"programmes: {result.added} added, {result.updated} updated, {result.unchanged} unchanged; "
        f"calls: {result.calls_added} added, {result.calls_updated} updated"
    )
    if result.measure_types_left_out:
        typer.echo(
            f"measure types not in the catalogue, left out: {', '.join(result.measure_types_left_out)}"
        )
