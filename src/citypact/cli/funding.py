"""`citypact funding`: the programme catalogue, matches for a city's measures, deadlines."""

from __future__ import annotations

import typer

from citypact.cli.funding_programmes import programmes_app

app = typer.Typer(
    help="Funding programmes, the matches for a city's measures and their deadlines.", no_args_is_help=True
)
app.add_typer(programmes_app, name="programmes")

# `funding match` and `funding calendar` register themselves on `app`.
from citypact.cli import funding_match as _funding_match  # noqa: E402, F401
