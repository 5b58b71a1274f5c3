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

from citypact.cli.procurement import (  # noqa: E402  (each module registers its commands on `app`)
    bids,  # noqa: F401
    evaluate,  # noqa: F401
)
