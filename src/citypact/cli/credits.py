"""`citypact credits`: the carbon-credit registry from the shell. Projects and officers live in
cli/credit_projects.py; the ledger's commands register here with one line each."""

from __future__ import annotations

import typer

from citypact.cli import credit_projects

app = typer.Typer(help="Joint carbon-credit projects and their registry.", no_args_is_help=True)
app.add_typer(credit_projects.projects_app, name="projects")
app.add_typer(credit_projects.officers_app, name="officers")
