"""Demo accounts on real cities, so a fresh installation can be tried at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.services import accounts
from citypact.services.errors import NotFound
from citypact.storage.models import City, Network, User

# (email, name, role, city (name, country) or network slug)
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str | tuple[str, str] | None], ...] = (
    ("admin@citypact.example", "Platform administrator", "admin", None),
    (
        "heidelberg.editor@citypact.example",
        "Climate officer, Heidelberg",
        Role.CITY_EDITOR,
        ("Heidelberg", "DE"),
    ),
    ("kyoto.editor@citypact.example", "Climate officer, Kyoto", Role.CITY_EDITOR, ("Kyoto", "JP")),
    ("portland.viewer@citypact.example", "Council member, Portland", Role.CITY_VIEWER, ("Portland", "US")),
    ("c40.secretariat@citypact.example", "C40 secretariat", Role.NETWORK_SECRETARIAT, "c40"),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str


def _scope_id(session: Session, scope: str | tuple[str, str]) -> int:
    if isinstance(scope, str):
        network_id = session.scalar(select(Network.id).where(Network.slug == scope))
        if network_id is None:
            raise NotFound("network", scope)
        return network_id
    name, country = scope
    city_id = session.scalar(
        select(City.id)
        .where((City.name == name) | (City.name_ascii == name), City.country == country)
        .order_by(City.population.desc().nulls_last())
        .limit(1)
    )
    if city_id is None:
        raise NotFound("city", f"{name} ({country})")
    return city_id


def seed_demo_accounts(session: Session, operator: Actor, new_password: Callable[[], str]) -> list[DemoLogin]:
    """Create the demo accounts that do not exist yet; returns the new ones with their passwords."""
    created = []
    for email, name, role, scope in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            continue
        password = new_password()
        user = accounts.create_user(session, operator, email, name, password, is_admin=role == "admin")
        label = "platform administrator"
        if scope is not None:
            scope_id = _scope_id(session, scope)
            accounts.grant_role(session, operator, user.id, Role(role), scope_id)
            label = f"{Role(role).value} of {scope if isinstance(scope, str) else scope[0]} (id {scope_id})"
        created.append(DemoLogin(email, password, label))
    return created
