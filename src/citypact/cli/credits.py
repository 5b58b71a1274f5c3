"""`citypact credits`: joint carbon-credit projects and the credit ledger.

Each part of the group lives in a module of its own and registers its commands on `app`; the
imports at the end load them."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Joint carbon-credit projects, the credit ledger and its verification.", no_args_is_help=True
)

from citypact.cli import credit_ledger  # noqa: E402, F401, I001
