"""`citypact measures`, `citypact cases` and `citypact plan`: the catalogue, the case library and
action plans from the shell (writes are the operator's, like every command on the server)."""

from __future__ import annotations

from pathlib import Path

import typer

from citypact.cli.context import OPERATOR, reading, writing
from citypact.cli.output import Format, emit, format_option, to_json
from citypact.i18n.reasons import peer_reasons
from citypact.services.plans import action_plans, cases, measures, plan_files

measures_app = typer.Typer(help="The catalogue of measure types.", no_args_is_help=True)
cases_app = typer.Typer(help="The library of best-practice cases.", no_args_is_help=True)
plan_app = typer.Typer(help="Cities' action plans.", no_args_is_help=True)


@measures_app.command("list")
def list_measures(
    field: str = typer.Option("", help="a field code, e.g. transport"),
    instrument: str = typer.Option("", help="regulatory, fiscal, soft or own_operations"),
    lang: str = typer.Option("en", help="en, de or ja"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """The catalogue of measure types, filtered."""
    with reading() as session:
        found = measures.list_measures(session, {"field": field, "instrument": instrument}, lang)
    rows = [{"code": m.code, "field": m.field, "instrument": m.instrument, "title": m.title} for m in found]

    def table() -> None:
        for r in rows:
            typer.echo(f"{r['code']:<40} {r['field']:<22} {r['instrument']:<15} {r['title']}")

    emit(output, found, table=table, rows=rows)


@cases_app.command("search")
def search_cases(
    q: str = typer.Argument("", help="words in any language"),
    field: str = typer.Option("", help="a field code"),
    country: str = typer.Option("", help="ISO 3166 alpha-2"),
    limit: int = typer.Option(20, min=1, max=cases.MAX_PAGE),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Best-practice cases matching every word and filter."""
    with reading() as session:
        page = cases.search_cases(session, q, {"field": field, "country": country}, limit=limit)
    rows = [{"id": c.id, "city": c.city_name, "country": c.country, "title": c.title} for c in page.items]

    def table() -> None:
        typer.echo(f"{page.total} case(s)")
        for r in rows:
            typer.echo(f"{r['id']:>6}  {r['city']} ({r['country']})  {r['title']}")

    emit(output, page, table=table, rows=rows)


@cases_app.command("like-mine")
def like_mine(
    city_id: int,
    limit: int = typer.Option(10, min=1, max=50),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Cases from the cities most like CITY_ID, with the reasons."""
    with reading() as session:
        found = cases.cases_like_mine(session, city_id, limit=limit)
    rows = [
        {
            "id": item.case.id,
            "city": item.case.city_name,
            "title": item.case.title,
            "reasons": "; ".join(peer_reasons(item.reasons, "en")),
        }
        for item in found
    ]

    def table() -> None:
        for r in rows:
            typer.echo(f"{r['city']}: {r['title']}  ({r['reasons']})")

    emit(output, found, table=table, rows=rows)


@plan_app.command("export")
def export_plan(
    city_id: int, output: Format = format_option(Format.JSON, "json, or csv (table prints the CSV too)")
) -> None:
    """A city's action plan as JSON or CSV."""
    with reading() as session:
        plan = action_plans.get_plan(session, OPERATOR, city_id)
    if output is Format.JSON:
        city = {"id": plan.city_id, "name": plan.city_name}
        typer.echo(to_json({"city": city, "measures": plan_files.export_rows(plan)}))
    else:
        # The plan's own CSV, which `citypact plan import` reads back.
        typer.echo(plan_files.export_csv(plan), nl=False)


@plan_app.command("import")
def import_plan(city_id: int, file: Path = typer.Argument(..., help="plan CSV or JSON")) -> None:
    """Add every measure of FILE to the city's plan; a bad row anywhere writes nothing (exit status 2)."""
    with writing() as session:
        added = plan_files.import_plan(session, OPERATOR, city_id, file)
    typer.echo(f"added {added} measure(s) to the plan of city {city_id}")


@plan_app.command("gap")
def plan_gap(city_id: int) -> None:
    """The gap between the path to the city's target and its expected emissions, as JSON: the same
    figures as the plan, city and benchmark pages (exit status 1 without a target)."""
    with reading() as session:
        found = action_plans.plan_gap(session, OPERATOR, city_id)
    if found is None:
        typer.echo(f"city {city_id} has no target", err=True)
        raise typer.Exit(1)
    now, gap = found.gap.progress, found.gap
    typer.echo(
        to_json(
            {
                "base_year": found.base_year,
                "base_emissions_t": found.base_emissions_t,
                "base_source": found.base_source,
                "basis": found.basis,
                "year": now.year,
                "actual_t": now.actual,
                "on_path_t": now.on_path,
                "above_path_pct": now.gap_pct,
                "current_source": found.current_source,
                "target_year": gap.target_year,
                "goal_t": gap.goal_t,
                "expected_t": gap.expected_t,
                "to_find_t": gap.to_find_t,
            }
        )
    )
