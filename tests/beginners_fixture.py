"""Test data of the first inventory: Munich mentors Heidelberg in an active mentoring partnership
(Heidelberg the mentee), and Munich's editor `munich_editor` (an account with a token and the test
password). Heidelberg has no inventory: the beginner city. `with_estimate` writes Heidelberg's first
estimate for 2022 through the service, as its editor would."""

from __future__ import annotations

from sqlalchemy import select

from citypact.domain.access import Role
from citypact.services.auth import accounts
from citypact.services.inventory import first_inventory
from citypact.storage.models import User
from citypact.storage.partnerships import Partnership, PartnershipMember
from tests.conftest import World
from tests.factories import user

YEAR = 2022


def mentor_world(world: World, *, with_estimate: bool = False) -> int:
    """Munich as Heidelberg's mentor; returns the partnership's id (and the inventory's, written)."""
    with world.db.write() as session:
        partnership = Partnership(title="Heidelberg learns from Munich", kind="mentoring", status="active")
        session.add(partnership)
        session.flush()
        session.add_all(
            [
                PartnershipMember(partnership_id=partnership.id, city_id=world.city["Munich"], role="mentor"),
                PartnershipMember(
                    partnership_id=partnership.id, city_id=world.city["Heidelberg"], role="mentee"
                ),
            ]
        )
        person = user(session, name="munich_editor", role=Role.CITY_EDITOR, scope_id=world.city["Munich"])
        partnership_id = partnership.id
    with world.db.write() as session:
        world.users.update({u.name: u.id for u in session.scalars(select(User))})
        actor = accounts.actor_for(session, person)
        assert actor is not None
        world.tokens["munich_editor"] = accounts.issue_token(session, actor, "tests").token
    if with_estimate:
        estimate(world)
    return partnership_id


def estimate(world: World) -> int:
    with world.db.write() as session:
        return first_inventory.write_first_estimate(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"], year=YEAR
        )
