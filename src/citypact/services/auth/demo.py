"""Demo accounts on real cities, so a fresh installation can be tried at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.services.auth import accounts
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


# A demo inventory so the inventory pages show something at once. The amounts are illustrative
# round figures of the size of a city of 160,000 people, not Heidelberg's published inventory.
DEMO_SOURCE = "demo data: illustrative figures, not the city's inventory"
DEMO_ACTIVITIES = (
    ("I.1.1", "Natural Gas", 520_000.0, "MWh", "H"),
    ("I.1.1", "Gas/Diesel Oil", 9_000.0, "m3", "M"),
    ("I.1.1", "Wood/Wood Waste", 6_000.0, "t", "L"),
    ("I.1.2", "electricity", 210_000.0, "MWh", "H"),
    ("I.1.2", "district_heat", 180_000.0, "MWh", "H"),
    ("I.2.1", "Natural Gas", 300_000.0, "MWh", "M"),
    ("I.2.2", "electricity", 260_000.0, "MWh", "H"),
    ("I.3.1", "Natural Gas", 150_000.0, "MWh", "M"),
    ("I.3.2", "electricity", 120_000.0, "MWh", "H"),
    ("II.1.1", "Motor Gasoline", 38_000_000.0, "L", "M"),
    ("II.1.1", "Gas/Diesel Oil", 30_000_000.0, "L", "M"),
    ("II.2.2", "electricity", 25_000.0, "MWh", "M"),
)


def seed_demo_inventory(session: Session, operator: Actor) -> int | None:
    """A draft 2022 inventory of Heidelberg with demo activity data, unless it has one already."""
    from citypact.services.inventory import inventories
    from citypact.storage.models import Inventory

    city_id = _scope_id(session, ("Heidelberg", "DE"))
    if session.scalar(select(Inventory.id).where(Inventory.city_id == city_id, Inventory.year == 2022)):
        return None
    inventory = inventories.create_inventory(session, operator, city_id, year=2022, population=162_273)
    for ref, fuel, amount, unit, quality in DEMO_ACTIVITIES:
        fields = {"gpc_ref": ref, "fuel": fuel, "amount": amount, "unit": unit, "data_quality": quality}
        if fuel == "district_heat":
            fields |= {"ef_co2": 190.0, "ef_unit": "kg/MWh", "ef_source": DEMO_SOURCE, "ef_data_quality": "M"}
        inventories.save_activity(
            session, operator, inventory.id, {**fields, "source": DEMO_SOURCE, "year": 2022}
        )
    inventories.save_activity(
        session,
        operator,
        inventory.id,
        {"gpc_ref": "I.4.4", "notation_key": "NO", "explanation": "demo: no power plant feeds the grid here"},
    )
    # Every other BASIC reference "not estimated", saying why, so that the demo can be submitted
    # (the completeness check) without claiming that those sources do not occur.
    missing = inventories.get_inventory(session, operator, inventory.id).missing_refs
    not_estimated = pl.DataFrame(
        {"gpc_ref": missing, "notation_key": "NE", "explanation": "demo data: not estimated in this example"}
    )
    inventories.import_activities(
        session, operator, inventory.id, not_estimated, file_name="demo", replace=False
    )
    return inventory.id
