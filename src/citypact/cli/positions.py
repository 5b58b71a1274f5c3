"""`citypact positions`: joint positions and recommendations, read as the operator (who sees
drafts too). JSON is the REST API's."""

from __future__ import annotations

import typer

from citypact.api.schemas.positions import PositionOut, PositionRowOut
from citypact.cli.context import OPERATOR, reading
from citypact.cli.lookup import resolve_city
from citypact.cli.output import DocumentFormat, Format, emit, format_option
from citypact.services.errors import NotFound
from citypact.services.positions import views

app = typer.Typer(help="Joint positions of cities and networks' recommendations.", no_args_is_help=True)


@app.command("list")
def list_all(
    status: str | None = typer.Option(
        None, "--status", help="draft, sent, answered, adopted_in_part, adopted, rejected"
    ),
    city: str | None = typer.Option(None, "--city", help="a city's name or id: drafted by it or with it"),
    network: str | None = typer.Option(None, "--network", help="a network's slug: its recommendations"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Positions and recommendations, the latest sent first (drafts first of all)."""
    with reading() as session:
        city_id = None
        if city is not None:
            city_id = int(city) if city.isdigit() else resolve_city(session, city, None)
        network_id = None
        if network is not None:
            try:
                network_id = views.network_named(session, network).id
            except NotFound:
                raise typer.BadParameter(
                    f"no network {network!r}; give its slug, e.g. c40.", param_hint="--network"
                ) from None
        found = [
            PositionRowOut.model_validate(r)
            for r in views.list_positions(
                session, OPERATOR, status=status, city_id=city_id, network_id=network_id
            )
        ]
    rows: list[dict[str, object]] = [
        {
            "id": r.id,
            "kind": r.kind,
            "title": r.title,
            "drafter": r.drafter,
            "level": r.level,
            "institution": r.institution,
            "status": r.status,
            "sent_on": r.sent_on.isoformat() if r.sent_on else "",
            "signatures": r.signatures,
            "cities": r.cities,
        }  # fmt: skip
        for r in found
    ]

    def table() -> None:
        if not found:
            typer.echo("no positions")
        for r in found:
            sent = r.sent_on.isoformat() if r.sent_on else "not sent"
            typer.echo(
                f"{r.id:>6}  {r.status:<15} {r.title}  ({r.drafter} to {r.institution}, {r.level}; {sent}; "
                f"{r.signatures} of {r.cities} cities signed)"
            )

    emit(output, found, table=table, rows=rows)


@app.command("show")
def show(
    position_id: int = typer.Argument(..., help="the position's id"),
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """One position with its asks, signatures, evidence and answer."""
    with reading() as session:
        view = PositionOut.model_validate(views.view(session, OPERATOR, position_id))

    def table() -> None:
        drafter = view.network_name or view.city_name or ""
        typer.echo(f"{view.title} [{view.kind}, {view.status}]")
        typer.echo(f"from {drafter} to {view.institution} ({view.level})")
        if view.sent_on:
            typer.echo(f"sent {view.sent_on.isoformat()} by {view.channel}")
        for ask in view.asks:
            typer.echo(f"  ask: {ask}")
        for c in view.cities:
            signed = f"signed {c.signed_on.isoformat()}" if c.signed_on else "not signed"
            typer.echo(f"  city {c.city_id} {c.city_name} ({c.country}): {signed}")
        for e in view.evidence:
            what = e.reference or e.indicator or e.case_title or e.benchmark_round or ""
            if e.kind == "indicator":  # its figure in the public benchmark, exactly that year
                taken = "as sent" if e.figure_taken_at else "now"
                figure = (f"{e.value:g} {e.unit} ({taken})" if e.value is not None
                          else f"no public figure for {e.year}")  # fmt: skip
                what = f"{e.indicator}, {e.city_name or 'city ' + str(e.city_id)} {e.year}: {figure}"
            typer.echo(f"  evidence {e.id} {e.kind}: {what} (source: {e.source})")
        if view.answer_on:
            typer.echo(f"answer {view.answer_on.isoformat()}: {view.answer_text}")

    emit(output, view, table=table)
