"""`citypact joint-project`: joint infrastructure projects and their sharing tables, from the shell
(read as the operator, who sees everything). Money in JSON and CSV is integer minor units of the
project's currency (`*_minor`), as in the API; tables print it in the currency's units."""

from __future__ import annotations

import dataclasses
from typing import Any

import typer

from citypact.cli.context import OPERATOR, reading
from citypact.cli.output import Format, emit, format_option
from citypact.domain.action_plans import from_minor_units
from citypact.services.cooperation import joint_projects
from citypact.services.cooperation.joint_projects import ProjectView

app = typer.Typer(help="Joint infrastructure projects of neighbouring cities.", no_args_is_help=True)


def _money(minor: int | None, currency: str) -> str:
    if minor is None:
        return "-"
    return f"{from_minor_units(minor, currency):,.2f} {currency}"


def _get(project_id: int) -> ProjectView:
    with reading() as session:
        return joint_projects.get_project(session, OPERATOR, project_id)


def _document(view: ProjectView) -> dict[str, Any]:
    """The project as JSON: the API's fields (the actor's standing left out)."""
    found = dataclasses.asdict(view)
    for name in ("manages", "acts_for"):
        found.pop(name)
    for part in (found, *found["partners"]):
        for year in part["years"]:
            year["total_minor"] = year["capex_minor"] + year["opex_minor"]
    return found


@app.command("list")
def list_projects(
    city: int | None = typer.Option(None, "--city", help="only the projects of this partner city (its id)"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Joint projects, newest first."""
    with reading() as session:
        found = joint_projects.list_projects(session, OPERATOR, city)
    rows = [dataclasses.asdict(p) for p in found]

    def table() -> None:
        for p in found:
            years = f"{p.start_year}-{p.end_year}"
            typer.echo(
                f"{p.id:>6}  {p.status:<9} {p.kind:<17} {years}  {p.title}"
                f"  (lead {p.lead_city_name}, {p.partners} partners)"
            )

    emit(output, found, table=table, rows=rows)


def _partner_rows(view: ProjectView) -> list[dict[str, object]]:
    return [
        {"city_id": p.city_id, "city": p.city_name, "lead": p.is_lead, "population": p.population,
         "population_year": p.population_year, "use_quantity": p.use_quantity, "benefit": p.benefit,
         "agreed_share_pct": p.agreed_share_pct, "share": p.share, "capex_minor": p.capex_minor,
         "opex_minor": p.opex_minor, "total_minor": p.total_minor, "reduction_t": p.reduction_t,
         "confirmed_on": p.confirmed_on.isoformat() if p.confirmed_on else None,
         "plan_measure_id": p.plan_measure_id}
        for p in view.partners
    ]  # fmt: skip


@app.command("show")
def show(project_id: int, output: Format = format_option(Format.TABLE)) -> None:
    """One project: partners with their figures and shares, costs, funding (csv: the partners)."""
    view = _get(project_id)

    def table() -> None:
        typer.echo(f"{view.title}  [{view.kind}, {view.status}, {view.start_year}-{view.end_year}]")
        typer.echo(
            f"lead city: {view.lead_city_name}; shared by {view.rule}"
            + (f" ({view.input_unit})" if view.input_unit else "")
        )
        if view.problem:
            typer.echo(f"the rule cannot be applied yet: {view.problem}")
        reduction = "-" if view.reduction_t is None else f"{view.reduction_t:,.3f} t CO2e a year"
        typer.echo(
            f"expected reduction: {reduction}"
            + (f" ({view.reduction_basis})" if view.reduction_basis else "")
        )
        typer.echo("partners:")
        for p in view.partners:
            share = "-" if p.share is None else f"{p.share:.4%}"
            cut = "-" if p.reduction_t is None else f"{p.reduction_t:,.3f} t"
            typer.echo(f"  {p.city_name} ({p.country}){' lead' if p.is_lead else ''}: share {share}, "
                       f"costs {_money(p.total_minor, view.currency)}, reduction {cut}, "
                       f"confirmed {p.confirmed_on.isoformat() if p.confirmed_on else '-'}")  # fmt: skip
        typer.echo("costs:")
        for c in view.costs:
            years = f"{c.year_from}" + (f"-{c.year_to}" if c.year_to else ("-" if c.kind == "opex" else ""))
            typer.echo(
                f"  {c.kind} {years}: {_money(c.amount_minor, view.currency)}"
                f"{' a year' if c.kind == 'opex' else ''} {c.label}"
            )
        typer.echo("funding:")
        for f in view.funding:
            typer.echo(f"  {f.source}: {_money(f.amount_minor, view.currency)} {f.label}")
        typer.echo(
            f"total costs {_money(view.total_minor, view.currency)}, "
            f"funding {_money(view.funding_minor, view.currency)}"
        )

    emit(output, _document(view), table=table, rows=_partner_rows(view))


@app.command("shares")
def shares(project_id: int, output: Format = format_option(Format.TABLE)) -> None:
    """Each partner's share of the capex and opex, year by year (minor units in json and csv)."""
    view = _get(project_id)
    rows: list[dict[str, object]] = [
        {"city_id": p.city_id, "city": p.city_name, "year": y.year, "capex_minor": y.capex_minor,
         "opex_minor": y.opex_minor, "total_minor": y.total_minor, "currency": view.currency}
        for p in view.partners
        for y in p.years
    ]  # fmt: skip

    def table() -> None:
        if view.problem:
            typer.echo(f"the rule cannot be applied yet: {view.problem}")
            return
        for p in view.partners:
            for y in p.years:
                capex, opex = _money(y.capex_minor, view.currency), _money(y.opex_minor, view.currency)
                typer.echo(f"  {p.city_name:<24} {y.year}  capex {capex:>22}  opex {opex:>18}")

    emit(
        output,
        {
            "project_id": view.id,
            "rule": view.rule,
            "currency": view.currency,
            "problem": view.problem,
            "shares": rows,
        },
        table=table,
        rows=rows,
    )
