"""`citypact credits projects` and `citypact credits officers`: carbon-credit projects and the
registry's officers from the shell (read and granted as the operator). JSON is the REST API's."""

from __future__ import annotations

import typer

from citypact.api.schemas.credits import ProjectOut, ProjectSummaryOut
from citypact.cli.context import OPERATOR, reading, writing
from citypact.cli.output import DocumentFormat, Format, emit, format_option
from citypact.services.credits import officers
from citypact.services.credits.project_views import get_project, list_projects

projects_app = typer.Typer(help="Joint carbon-credit projects.", no_args_is_help=True)
officers_app = typer.Typer(help="Credit officers: the registry role and verifiers.", no_args_is_help=True)


@projects_app.command("list")
def list_all(
    host_country: str | None = typer.Option(None, "--host-country", help="ISO 3166 code of the host"),
    methodology: str | None = typer.Option(None, "--methodology", help="e.g. grid_renewable"),
    status: str | None = typer.Option(None, "--status", help="draft, registered or closed"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Every project (drafts too), newest first."""
    with reading() as session:
        found = [
            ProjectSummaryOut.model_validate(p)
            for p in list_projects(
                session, OPERATOR, host_country=host_country, methodology=methodology, status=status
            )
        ]
    rows: list[dict[str, object]] = [p.model_dump(mode="json") for p in found]

    def table() -> None:
        if not found:
            typer.echo("no projects")
        for p in found:
            estimate = "-" if p.ex_ante_t_per_year is None else f"{p.ex_ante_t_per_year:,.0f} t/yr"
            typer.echo(
                f"{p.id:>6}  {p.status:<10} {p.methodology:<17} {p.host_city} ({p.host_country})"
                f"  {p.crediting_start}..{p.crediting_end}  {estimate}  {p.title}"
            )

    emit(output, found, table=table, rows=rows)


@projects_app.command("show")
def show(project_id: int, output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """One project: parties with shares, documents, reports with ex ante beside monitored, totals."""
    with reading() as session:
        view = ProjectOut.model_validate(get_project(session, OPERATOR, project_id))

    def table() -> None:
        typer.echo(
            f"{view.title}  [{view.status}, {view.methodology}, {view.host_city} ({view.host_country})]"
        )
        typer.echo(
            f"crediting period {view.crediting_start} to {view.crediting_end},"
            f" buffer {view.buffer_bp / 100:g} %"
        )
        if view.ex_ante_t_per_year is not None:
            typer.echo(f"ex ante: {view.ex_ante_t_per_year:,.1f} t CO2e a year")
        for p in view.parties:
            typer.echo(f"party: {p.name} ({p.role}) {p.share_bp / 100:g} %")
        if view.missing_share_bp:
            typer.echo(f"shares: {view.missing_share_bp / 100:g} % missing")
        for d in view.documents:
            typer.echo(f"document [{d.kind}] {d.title} {d.url}".rstrip())
        for r in view.reports:
            expected = "-" if r.ex_ante_t is None else f"{r.ex_ante_t:,.1f}"
            verified = "-" if r.verified_t is None else f"{r.verified_t:,.1f}"
            typer.echo(
                f"report {r.id} {r.period_start}..{r.period_end} [{r.status}] ex ante {expected} t,"
                f" monitored {r.reductions_t:,.1f} t, verified {verified} t"
            )
        for v in view.vintages:
            typer.echo(f"vintage {v.vintage}: verified {v.verified_t:,.1f} t, issued {v.issued:,} credits")

    emit(output, view, table=table)


@officers_app.command("grant")
def grant(
    email: str,
    role: str = typer.Option(..., "--role", help="registry or verifier"),
    body: str = typer.Option("", "--body", help="the verification body (verifiers)"),
) -> None:
    """Give a user the registry or the verifier role."""
    with writing() as session:
        officers.grant(session, OPERATOR, email, role, body)
    typer.echo(f"{email} now holds the credit {role} role")


@officers_app.command("revoke")
def revoke(email: str, role: str = typer.Option(..., "--role", help="registry or verifier")) -> None:
    """Take the role away."""
    with writing() as session:
        officers.revoke(session, OPERATOR, email, role)
    typer.echo(f"{email} no longer holds the credit {role} role")


@officers_app.command("list")
def list_officers(output: Format = format_option(Format.TABLE)) -> None:
    """The registry's officers and verifiers with their bodies."""
    with reading() as session:
        found = officers.list_officers(session, OPERATOR)
    rows: list[dict[str, object]] = [
        {
            "email": o.email,
            "name": o.name,
            "role": o.role,
            "body": o.body,
            "granted_at": o.granted_at.isoformat(),
        }
        for o in found
    ]

    def table() -> None:
        if not found:
            typer.echo("no credit officers")
        for o in found:
            typer.echo(f"{o.role:<9} {o.email}  {o.name}  {o.body}".rstrip())

    emit(output, found, table=table, rows=rows)
