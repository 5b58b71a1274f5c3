"""`citypact procurement list|show|create|demand`: joint procurements from the shell, as the
operator (who sees everything and acts as an administrator)."""

from __future__ import annotations

from typing import Annotated

import typer

from citypact.cli.context import OPERATOR, reading, writing
from citypact.cli.output import DocumentFormat, Format, emit, format_option, to_json
from citypact.cli.procurement import app
from citypact.services.procurement import demand, procurements, views


@app.command("list")
def list_procurements(
    city: Annotated[
        int | None, typer.Option(help="only the procurements this city leads or takes part in")
    ] = None,
    output: Format = format_option(Format.TABLE),
) -> None:
    """Procurements, newest first: every one, or a city's."""
    with reading() as session:
        found = (
            views.city_procurements(session, OPERATOR, city)
            if city is not None
            else views.all_procurements(session, OPERATOR)
        )
    rows: list[dict[str, object]] = [
        {
            "id": p.id,
            "phase": p.phase,
            "status": p.status,
            "cpv": p.cpv or "",
            "lead": p.lead_name,
            "role": p.role,
            "title": p.title,
        }
        for p in found
    ]

    def table() -> None:
        for r in rows:
            role = f"  ({r['role']})" if r["role"] else ""
            typer.echo(
                f"{r['id']:>6}  {r['phase']:<17} {r['status']:<9} {r['cpv']:<10}  "
                f"{r['title']}  [{r['lead']}]{role}"
            )

    emit(output, found, table=table, rows=rows)


@app.command("show")
def show(procurement_id: int, output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """One procurement: lead buyer, phase, timeline, participants, lots with the group's totals, and
    every participant's demand."""
    with reading() as session:
        p = views.get_procurement(session, OPERATOR, procurement_id)
    if output is DocumentFormat.JSON:
        typer.echo(to_json(p))
        return
    typer.echo(
        f"{p.title}  [{p.phase}, {p.status}]  lead: {p.lead_name}" + (f"  CPV {p.cpv}" if p.cpv else "")
    )
    typer.echo(f"bids due: {p.bids_due_at.isoformat() if p.bids_due_at else '-'}   currency: {p.currency}")
    typer.echo("timeline:")
    for m in p.timeline:
        planned = m.planned_on.isoformat() if m.planned_on else "-"
        actual = m.actual_on.isoformat() if m.actual_on else "-"
        typer.echo(f"  {m.phase:<17} planned {planned:<10}  actual {actual}")
    typer.echo("participants:")
    for x in p.participants:
        typer.echo(
            f"  {x.city_id:>6}  {x.city_name} ({x.country})  {x.status}"
            + (f", {x.department}" if x.department else "")
        )
    typer.echo("lots (the group's totals):")
    lots = {lot.id: lot for lot in p.lots}
    for lot in p.lots:
        years = f"{lot.delivery_from}-{lot.delivery_to}" if lot.delivery_from else "-"
        typer.echo(
            f"  {lot.id:>6}  lot {lot.number}: {lot.title}  {lot.total_quantity:g} {lot.unit} "
            f"from {lot.participants} cities, {years}"
        )
    typer.echo("demand:")
    for d in p.demand:
        mark = " (withdrawn)" if d.withdrawn else ""
        typer.echo(
            f"  {d.city_name}: lot {lots[d.lot_id].number}  {d.quantity:g} {lots[d.lot_id].unit}, "
            f"{d.delivery_from}-{d.delivery_to}{mark}"
        )


@app.command("create")
def create(
    title: Annotated[str, typer.Option(help="the procurement's title")],
    lead_city: Annotated[int | None, typer.Option(help="the lead city's id")] = None,
    lead_organisation: Annotated[int | None, typer.Option(help="or a central purchasing body's id")] = None,
    invite: Annotated[list[int] | None, typer.Option(help="a city to invite (repeat the option)")] = None,
    network: Annotated[str | None, typer.Option(help="the opening network's short name, e.g. c40")] = None,
    cpv: Annotated[str | None, typer.Option(help="CPV code, e.g. 34144910-0")] = None,
    currency: Annotated[str, typer.Option(help="ISO 4217 code")] = "EUR",
    subject: Annotated[str, typer.Option(help="what is bought")] = "",
    bids_due: Annotated[
        str | None, typer.Option(help="deadline for bids, e.g. 2026-06-30T12:00:00+02:00")
    ] = None,
) -> None:
    """Open a procurement; prints its id."""
    with writing() as session:
        made = procurements.open_procurement(
            session,
            OPERATOR,
            title=title,
            subject=subject,
            cpv=cpv,
            currency=currency,
            lead_city_id=lead_city,
            lead_organisation_id=lead_organisation,
            network=network,
            participants=invite or [],
            bids_due_at=bids_due,
        )
        typer.echo(made.id)


@app.command("demand")
def set_demand(
    procurement_id: int,
    city: Annotated[int, typer.Option(help="the participating city's id")],
    lot: Annotated[int, typer.Option(help="the lot's id (see `show`)")],
    quantity: Annotated[float, typer.Option(help="in the lot's unit")],
    delivery_from: Annotated[int, typer.Option("--from", help="first delivery year")],
    delivery_to: Annotated[int, typer.Option("--to", help="last delivery year")],
    budget_ceiling: Annotated[int | None, typer.Option(help="in minor units (cents for EUR)")] = None,
    standalone_estimate: Annotated[int | None, typer.Option(help="cost if bought alone, minor units")] = None,
) -> None:
    """Set a joined city's demand in one lot (replaces what it stated before)."""
    with writing() as session:
        line = demand.set_demand(
            session,
            OPERATOR,
            procurement_id,
            city,
            lot,
            quantity=quantity,
            delivery_from=delivery_from,
            delivery_to=delivery_to,
            budget_ceiling_minor=budget_ceiling,
            standalone_estimate_minor=standalone_estimate,
        )
        typer.echo(line.id)
