"""`citypact funding`: the programme catalogue, matches for a city's measures, deadlines."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Funding programmes, the matches for a city's measures and their deadlines.", no_args_is_help=True
)

from citypact.cli import funding_match as _funding_match  # noqa: E402, F401
