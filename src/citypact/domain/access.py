"""Who may do what: roles and the rules over them, as pure functions of an actor.

Services ask these questions before every read of non-public data and before every write, so the
API, the pages and the CLI cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    NETWORK_SECRETARIAT = "network_secretariat"
    CITY_EDITOR = "city_editor"
    CITY_VIEWER = "city_viewer"
    STAKEHOLDER = "stakeholder"
    # Held in the carbon-credit registry as a whole (table credit_officer), scope id 0.
    CREDIT_REGISTRY = "credit_registry"
    CREDIT_VERIFIER = "credit_verifier"


SCOPE_OF_ROLE = {
    Role.NETWORK_SECRETARIAT: "network",
    Role.CITY_EDITOR: "city",
    Role.CITY_VIEWER: "city",
    Role.STAKEHOLDER: "organisation",
    Role.CREDIT_REGISTRY: "registry",
    Role.CREDIT_VERIFIER: "registry",
}


@dataclass(frozen=True)
class Grant:
    """A role held in one city, network or organisation."""

    role: Role
    scope_id: int


@dataclass(frozen=True)
class Actor:
    """The user behind a request; `user_id` None is the anonymous public."""

    user_id: int | None = None
    is_admin: bool = False
    grants: frozenset[Grant] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def _holds(self, role: Role, scope_id: int) -> bool:
        return Grant(role, scope_id) in self.grants

    def can_edit_city(self, city_id: int) -> bool:
        return self.is_admin or self._holds(Role.CITY_EDITOR, city_id)

    def runs_network(self, network_id: int) -> bool:
        return self.is_admin or self._holds(Role.NETWORK_SECRETARIAT, network_id)

    def can_read_city_internals(self, city_id: int, network_ids: Iterable[int] = ()) -> bool:
        """Unpublished data and the audit trail of a city: its own staff, admins, and the secretariats
        of `network_ids`, which callers give as the networks the city *confirmed* it belongs to (a
        membership loaded from a published list is not the city's consent)."""
        if self.is_admin or self._holds(Role.CITY_EDITOR, city_id):
            return True
        if self._holds(Role.CITY_VIEWER, city_id):
            return True
        return any(self._holds(Role.NETWORK_SECRETARIAT, n) for n in network_ids)

    def cities(self, *roles: Role) -> set[int]:
        """Ids of the cities where the actor holds one of `roles`."""
        return {g.scope_id for g in self.grants if g.role in roles and SCOPE_OF_ROLE[g.role] == "city"}

    def networks(self) -> set[int]:
        return {g.scope_id for g in self.grants if g.role is Role.NETWORK_SECRETARIAT}

    def organisations(self) -> set[int]:
        """Ids of the organisations the city confirmed the actor speaks for."""
        return {g.scope_id for g in self.grants if g.role is Role.STAKEHOLDER}

    def speaks_for(self, organisation_id: int) -> bool:
        """Whether the actor may act in the organisation's name (an admin may too)."""
        return self.is_admin or self._holds(Role.STAKEHOLDER, organisation_id)

    def keeps_funding_catalogue(self) -> bool:
        """Adds and checks funding programmes: any network's secretariat, or an administrator.
        Changing an entry is for its maintaining network's secretariat (services decide)."""
        return self.is_admin or bool(self.networks())

    def runs_credit_registry(self) -> bool:
        """Registers credit projects and issues credits (an administrator may too)."""
        return self.is_admin or self._holds(Role.CREDIT_REGISTRY, 0)

    def verifies_credits(self) -> bool:
        """May be named to verify monitoring reports; never an administrator by default, since
        a verifier must be independent of the registry."""
        return self._holds(Role.CREDIT_VERIFIER, 0)

    def as_viewer_of(self, city_id: int) -> Actor:
        """This person with nothing but a viewer's grant for `city_id`: for a read a service admitted
        by a rule of its own (a mentor city's staff reading the draft of the city it mentors), so that
        what it calls lets them read that city's internals and do nothing else."""
        return Actor(user_id=self.user_id, grants=frozenset({Grant(Role.CITY_VIEWER, city_id)}))


ANONYMOUS = Actor()
