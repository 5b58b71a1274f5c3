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

from citypact.cli.procurement import evaluate  # noqa: E402,F401,I001  (registers `evaluate`)
from citypact.cli.procurement import schedules  # noqa: E402,F401,I001  (registers `schedules`)
from citypact.cli.procurement import manage as _manage  # noqa: E402,F401,I001  (CORE: list, show, create, demand)
from citypact.cli.procurement import bids  # noqa: E402,F401,I001  (registers the bid commands)
