"""A joint project loaded with its partners and the actor's standing in it, and the checks every
step shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import ZERO_DECIMAL_CURRENCIES
from citypact.domain.joint_projects import JointProjectError
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, require
from citypact.services.registry.networks import confirmed_networks
from citypact.storage.joint_projects import JointProject, JointProjectPartner
from citypact.storage.models import City, utcnow

MAX_PARTNERS: Final = 30
MAX_COST_LINES: Final = 200
MAX_FUNDING: Final = 50
TEXT_MAX: Final = 20_000
MAX_MINOR: Final = 10**15  # ten trillion euros in cents: beyond any project, within 64 bits


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@contextmanager
def rules() -> Iterator[None]:
    """Turn a broken domain rule into the service's InvalidInput, with the same field."""
    try:
        yield
    except JointProjectError as error:
        raise InvalidInput(error.field, error.message) from None


@dataclass
class Loaded:
    """A project, its partners, and what the actor may do with it."""

    project: JointProject
    partners: list[JointProjectPartner]
    manages: bool  # the lead city's editors and administrators
    acts_for: frozenset[int]  # partner cities whose editor the actor is

    def partner(self, city_id: int) -> JointProjectPartner | None:
        return next((p for p in self.partners if p.city_id == city_id), None)


def partners_of(session: Session, project_id: int) -> list[JointProjectPartner]:
    return list(
        session.scalars(
            select(JointProjectPartner)
            .where(JointProjectPartner.project_id == project_id)
            .order_by(JointProjectPartner.id)
        )
    )


def may_read(session: Session, actor: Actor, city_ids: list[int]) -> bool:
    """Partners' staff, the secretariats of the networks a partner confirmed it belongs to, admins."""
    if actor.is_admin:
        return True
    networks = confirmed_networks(session, city_ids)
    return any(actor.can_read_city_internals(c, networks.get(c, set())) for c in city_ids)


def load(session: Session, actor: Actor, project_id: int) -> Loaded:
    """The project if the actor may read it; to anyone else it is not found."""
    project = session.get(JointProject, project_id)
    if project is None:
        raise NotFound("joint project", project_id)
    partners = partners_of(session, project_id)
    ids = [p.city_id for p in partners]
    if not may_read(session, actor, ids):
        if not actor.is_authenticated:
            raise NotAuthenticated()
        raise NotFound("joint project", project_id)
    return Loaded(
        project,
        partners,
        manages=actor.can_edit_city(project.lead_city_id),
        acts_for=frozenset(c for c in ids if actor.can_edit_city(c)),
    )


def load_for_lead(session: Session, actor: Actor, project_id: int) -> Loaded:
    """The project, if the actor manages it (the lead city's editors) and it is not closed."""
    found = load(session, actor, project_id)
    require(found.manages, actor.is_authenticated, "Only the lead city's editors manage this project.")
    if found.project.status == "closed":
        raise Conflict("This project is closed; it is kept as it was.")
    return found


def touch(loaded: Loaded) -> None:
    loaded.project.updated_at = utcnow()


def city_by_id(session: Session, field: str, city_id: Any) -> City:
    if isinstance(city_id, bool) or not isinstance(city_id, int):
        raise InvalidInput(field, "give the city's id, a whole number.")
    city = session.get(City, city_id) if 1 <= city_id <= 2_147_483_647 else None
    if city is None:
        raise InvalidInput(field, f"no city with id {city_id}; find the id on the city's page.")
    return city


def clean_money(field: str, value: Any, currency: str) -> int:
    """An amount of `currency` (a number or its text, e.g. 1250000.50) as integer minor units,
    exactly: more decimals than the currency has are refused, not rounded."""
    if isinstance(value, bool) or value is None or value == "":
        raise InvalidInput(field, "give an amount, such as 1250000.50.")
    try:
        amount = Decimal(str(value).strip().replace(",", "") if isinstance(value, str) else repr(value))
    except InvalidOperation:
        raise InvalidInput(field, f"{value!r} is not an amount; write one such as 1250000.50.") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(field, "give an amount of 0 or more.")
    scale = 1 if currency in ZERO_DECIMAL_CURRENCIES else 100
    minor = amount * scale
    if minor != minor.to_integral_value():
        raise InvalidInput(
            field, f"{currency} amounts have {'no' if scale == 1 else 'two'} decimals at most."
        )
    if minor > MAX_MINOR:
        raise InvalidInput(field, "the amount is too large; give it in the project's currency.")
    return int(minor)


def clean_input(field: str, value: Any, high: float = 1e15) -> float | None:
    """A partner's figure for the rule (0 or more; empty is none)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput(field, "give a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(field, f"{value!r} is not a number; write one such as 1250.5.") from None
    if not 0 <= number <= high:  # also refuses NaN and infinity
        raise InvalidInput(field, f"give a number from 0 to {high:g}.")
    return number
