"""Finding a city from the command line by any of its names."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CANDIDATES = 20  # candidates listed for an ambiguous name


def fail(message: object) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def resolve_city(session: Session, name: str, country: str | None) -> int:
    """The id of the one published city called NAME (any spelling we know); exit 2 otherwise."""
    from citypact.domain.text import fold
    from citypact.services.cities import search_cities

    page = search_cities(session, q=name, country=country, limit=CANDIDATES)
    # An exact name wins over names that merely contain it ("York" is not "New York").
    exact = [c for c in page.items if fold(c.name) == fold(name)]
    if len(exact) == 1:
        return exact[0].id
    if not exact and page.total == 1:
        return page.items[0].id
    if page.total == 0:
        where = f" in {country.upper()}" if country else ""
        fail(f"no published city matches {name!r}{where}; try another spelling or --country.")
    shown = exact or page.items
    typer.echo(f"error: {name!r} matches {len(shown) if exact else page.total} cities; give --id:", err=True)
    for c in shown:
        region = f", {c.admin_area}" if c.admin_area else ""
        population = f", {c.population:,} inhabitants" if c.population else ""
        typer.echo(f"  --id {c.id:<8} {c.name}{region} ({c.country}){population}", err=True)
    raise typer.Exit(2)
