"""`citypact procurement`: joint procurement, CO2 price schedules and tender evaluation.

Each part of the group lives in a module of its own here and registers its commands on `app`;
the imports at the end load them.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Joint procurement: tenders, bids, CO2 price schedules and evaluation.",
    no_args_is_help=True,
)

# Each module registers its commands on `app` when loaded, in the order `--help` lists them.
from citypact.cli.procurement import evaluate, schedules, manage, bids  # noqa: E402, F401, I001
