"""A credit project loaded with its parties and the actor's standing in it, and the checks its
services share (participants, the registry, factors the methodologies need)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain import credit_methodologies as methods
from citypact.domain.access import Actor
from citypact.reference.factor_library import gwp_set
from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound, require
from citypact.services.inventory.factors import grid_factors
from citypact.storage.credits import CreditProject, CreditProjectParty

MAX_ID: Final = 2_147_483_647
MAX_PARTIES: Final = 30
MAX_DOCUMENTS: Final = 100
MAX_REPORTS: Final = 400
TEXT_MAX: Final = 20_000
PUBLIC_STATUSES: Final = ("registered", "closed")


def clean_id(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise InvalidInput(field, "give an id, a whole number.")
    return value


@contextmanager
def rules() -> Iterator[None]:
    """A broken methodology rule becomes the service's InvalidInput, with the same field."""
    try:
        yield
    except methods.MethodologyError as error:
        raise InvalidInput(error.field, error.message) from None


def is_participant(actor: Actor, parties: list[CreditProjectParty]) -> bool:
    """The parties' cities' editors and the participant organisations' confirmed people."""
    for party in parties:
        if party.city_id is not None and actor.can_edit_city(party.city_id):
            return True
        if party.organisation_id is not None and actor.speaks_for(party.organisation_id):
            return True
    return False


def parties_of(session: Session, project_id: int) -> list[CreditProjectParty]:
    rows = session.scalars(select(CreditProjectParty).where(CreditProjectParty.project_id == project_id))
    # The host first, then partner cities, then organisations, each in the order they joined.
    order = {"host": 0, "partner": 1, "participant": 2}
    return sorted(rows, key=lambda p: (order.get(p.role, 3), p.id))


@dataclass
class Loaded:
    project: CreditProject
    parties: list[CreditProjectParty]
    participant: bool
    registry: bool

    @property
    def internal(self) -> bool:
        return self.participant or self.registry

    def party(self, party_id: int) -> CreditProjectParty:
        found = next((p for p in self.parties if p.id == party_id), None)
        if found is None:
            raise NotFound("project party", party_id)
        return found


def load(session: Session, actor: Actor, project_id: int, *, public_ok: bool = True) -> Loaded:
    """The project: the public reads registered and closed ones; drafts only their participants
    and the registry (to anyone else a draft is not found)."""
    project = session.get(CreditProject, project_id) if 1 <= project_id <= MAX_ID else None
    if project is None:
        raise NotFound("credit project", project_id)
    parties = parties_of(session, project.id)
    found = Loaded(project, parties, is_participant(actor, parties), actor.runs_credit_registry())
    if not found.internal and not (public_ok and project.status in PUBLIC_STATUSES):
        if not actor.is_authenticated:
            raise NotAuthenticated()
        raise NotFound("credit project", project_id)
    return found


def load_to_edit(session: Session, actor: Actor, project_id: int) -> Loaded:
    """The project, if the actor is one of its participants."""
    found = load(session, actor, project_id)
    require(found.participant, actor.is_authenticated, "Only the project's participants do this.")
    return found


def grid_factor(country: str, year: int) -> tuple[float, str] | None:
    """The platform's national grid factor (t CO2e/MWh) of `year`, else of the latest earlier year,
    with its source and year; None where the library has none for the country."""
    rows = [r for r in grid_factors(country) if int(r["year"]) <= year]
    if not rows:
        return None
    row = max(rows, key=lambda r: int(r["year"]))
    # g CO2e/kWh is kg/MWh; / 1000 gives t/MWh.
    return float(row["g_co2e_per_kwh"]) / 1000.0, f"{row['source']}, {row['year']}"


def compute(
    methodology: str, parameters: Mapping[str, float | str], country: str, year: int
) -> methods.Result:
    """The methodology's result with the factors it needs looked up: the grid factor of the host
    country and `year`, the methane GWP of the set named (AR5 by default)."""
    found = grid_factor(country, year) if methodology == "grid_renewable" else None
    gwp = None
    if methodology == "landfill_gas":
        gwp = gwp_set(str(parameters.get("gwp_set", methods.DEFAULT_GWP))).of("CH4")
    with rules():
        return methods.compute(
            methodology,
            parameters,
            grid_factor_t_per_mwh=found[0] if found else None,
            grid_factor_source=found[1] if found else "",
            gwp_ch4=gwp,
        )


def check_parameters(methodology: str, values: Any, field: str = "parameters") -> dict[str, float | str]:
    if not isinstance(values, Mapping) or len(values) > 20:
        raise InvalidInput(field, "give the methodology's parameters as an object of names and values.")
    with rules():
        return methods.check_parameters(methodology, values)


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
