"""`citypact credits`: joint carbon-credit projects, their officers and the credit ledger from the
shell. Projects and officers live in cli/credit_projects.py; the ledger's commands in
cli/credit_ledger.py register themselves on `app` (the import at the end loads them)."""

from __future__ import annotations

import typer

from citypact.cli import credit_projects

app = typer.Typer(
    help="Joint carbon-credit projects, the credit ledger and its verification.", no_args_is_help=True
)
app.add_typer(credit_projects.projects_app, name="projects")
app.add_typer(credit_projects.officers_app, name="officers")

from citypact.cli import credit_ledger  # noqa: E402, F401, I001
