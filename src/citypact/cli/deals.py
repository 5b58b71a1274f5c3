"""`citypact deals`: a city's Local Green Deals and one deal in full, from the shell (read as the
operator, who sees everything). JSON is the REST API's; money is integer minor units there
(`amount_minor`), as in the API, and the currency's units in tables."""

from __future__ import annotations

import typer

from citypact.api.schemas.deals import DealOut
from citypact.cli.context import OPERATOR, reading
from citypact.cli.lookup import resolve_city
from citypact.cli.output import DocumentFormat, Format, emit, format_option
from citypact.domain.action_plans import from_minor_units
from citypact.services import deals

app = typer.Typer(help="Local Green Deals of a city with its stakeholders.", no_args_is_help=True)


@app.command("list")
def list_deals(
    city: str = typer.Argument(..., help="the city: its name or its id"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 code, where the name is ambiguous"),
    status: str | None = typer.Option(None, "--status", help="only deals in this status, e.g. signed"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """A city's deals, newest first."""
    with reading() as session:
        city_id = int(city) if city.isdigit() else resolve_city(session, city, country)
        found = deals.list_deals(session, OPERATOR, city_id, status)
    rows: list[dict[str, object]] = [
        {"id": d.id, "city": d.city_name, "title": d.title, "action_field": d.action_field,
         "status": d.status,
         "signed_on": d.signed_on.isoformat() if d.signed_on else None,
         "start_date": d.start_date.isoformat() if d.start_date else None,
         "end_date": d.end_date.isoformat() if d.end_date else None,
         "parties": d.parties, "commitments": d.commitments}
        for d in found
    ]  # fmt: skip

    def table() -> None:
        if not found:
            typer.echo("no deals")
        for d in found:
            signed = d.signed_on.isoformat() if d.signed_on else "-"
            typer.echo(
                f"{d.id:>6}  {d.status:<12} {d.action_field:<21} signed {signed:<10}  {d.title}"
                f"  ({d.parties} parties, {d.commitments} commitments)"
            )

    emit(output, found, table=table, rows=rows)


@app.command("show")
def show(deal_id: int, output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """One deal: parties with their signatures and commitments (KPI, co-benefits), review dates."""
    with reading() as session:
        view = DealOut.model_validate(deals.get_deal(session, OPERATOR, deal_id))

    def table() -> None:
        period = f"{view.start_date or '?'} to {view.end_date or '?'}"
        typer.echo(f"{view.title}  [{view.status}, {view.action_field}, {view.city_name}, {period}]")
        if view.signed_on:
            typer.echo(f"signed on {view.signed_on.isoformat()}")
        if view.status_reason:
            typer.echo(f"ended early: {view.status_reason}")
        typer.echo(f"expected reduction: {view.expected_reduction_t:,.1f} t CO2e a year")
        for p in view.parties:
            signed = f"signed by {p.signatory_name} on {p.signed_on}" if p.signed else "not signed"
            typer.echo(f"party: {p.name} ({p.organisation_kind or 'city'}), {signed}")
            for c in p.commitments:
                due = c.due_date.isoformat() if c.due_date else "-"
                typer.echo(f"  [{c.kind}] {c.title} (due {due})")
                if c.kpi_name:
                    typer.echo(
                        f"    KPI {c.kpi_name}: {c.kpi_baseline} ({c.kpi_baseline_year}) -> "
                        f"{c.kpi_target} ({c.kpi_target_year}) {c.kpi_unit}"
                    )
                if c.amount_minor is not None and c.currency:
                    typer.echo(
                        f"    funding {from_minor_units(c.amount_minor, c.currency):,.2f} {c.currency}"
                    )
                for b in c.benefits:
                    quantity = "" if b.quantity is None else f" {b.quantity:g} {b.unit}"
                    typer.echo(f"    co-benefit {b.kind}{quantity} {b.description}".rstrip())
        for r in view.reviews:
            held = f"held {r.held_on}: {r.findings}" if r.held_on else "planned"
            typer.echo(f"review due {r.due_date}: {held}")

    emit(output, view, table=table)
