"""Finding what a command names: a city by any of its names or its id, a network by id or slug, an
account by email. A name that fits nothing or several things stops the command with the candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from citypact.cli.context import OPERATOR, REFUSED, fail

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CANDIDATES = 20  # candidates listed for an ambiguous name


def check_city_given(name: str | None, city_id: int | None) -> None:
    """Refuse (before opening the database) unless exactly one of the city's NAME and --id is given."""
    if (name is None) == (city_id is None):
        raise typer.BadParameter("give the city's NAME or --id", param_hint="NAME")


def city(session: Session, name: str | None, city_id: int | None, country: str | None) -> int:
    """The id of the city given by --id or by NAME (see `check_city_given`)."""
    return city_id if city_id is not None else resolve_city(session, name or "", country)


def resolve_city(session: Session, name: str, country: str | None) -> int:
    """The id of the one published city called NAME (any spelling we know); exit 2 otherwise."""
    from citypact.domain.text import fold
    from citypact.services.registry.cities import search_cities

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
    raise typer.Exit(REFUSED)


def network_id(session: Session, network: str | None) -> int | None:
    """A network given by id or by slug (e.g. c40); None when not given."""
    if network is None or network.isdigit():
        return int(network) if network else None
    from citypact.services.registry.networks import get_network

    return get_network(session, OPERATOR, network).network.id


def user_id(session: Session, email: str) -> int:
    """The id of the account with EMAIL."""
    from citypact.services.auth.accounts import user_id_by_email

    return user_id_by_email(session, email)
