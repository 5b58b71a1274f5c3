"""Credit accounts: made once per owner, the registry's three, who acts on and who reads each."""

from __future__ import annotations

import pytest

from citypact.services.credits import accounts
from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from tests.conftest import World
from tests.credit_ledger_fixture import issued


def test_holding_and_registry_accounts_are_made_once(world: World) -> None:
    kyoto = world.city["Kyoto"]
    with world.db.write() as session:
        first = accounts.holding_account(session, city_id=kyoto)
        again = accounts.holding_account(session, city_id=kyoto)
        buffer = accounts.registry_account(session, "buffer")
        assert (first.id, first.kind, first.name) == (again.id, "holding", "Kyoto")
        assert (buffer.kind, buffer.city_id, buffer.organisation_id) == ("buffer", None, None)
        assert accounts.registry_account(session, "buffer").id == buffer.id
        with pytest.raises(InvalidInput, match="kind"):
            accounts.registry_account(session, "holding")
        with pytest.raises(InvalidInput, match="owner"):
            accounts.holding_account(session, city_id=kyoto, organisation_id=1)
        with pytest.raises(InvalidInput, match="owner"):
            accounts.holding_account(session)
        with pytest.raises(NotFound):
            accounts.holding_account(session, city_id=999_999)


@pytest.mark.parametrize(
    ("who", "account", "outcome"),
    [
        ("heidelberg_editor", "partner", 237),
        ("heidelberg_viewer", "partner", 237),
        ("admin", "partner", 237),
        ("registry", "buffer", 50),
        ("registry", "partner", 237),
        ("coop", "coop", 142),
        ("kyoto_editor", "partner", PermissionDenied),
        ("kyoto_editor", "buffer", PermissionDenied),
        ("verifier", "partner", PermissionDenied),
        ("plain_user", "coop", PermissionDenied),
        ("public", "partner", NotAuthenticated),
    ],
)
def test_who_reads_a_statement(world: World, who: str, account: str, outcome: int | type[Exception]) -> None:
    s = issued(world)
    with world.db.read() as session:
        account_id = session.get(accounts.CreditBlock, s.blocks[account]).account_id  # type: ignore[union-attr]
        if isinstance(outcome, int):
            found = accounts.statement(session, s.actor(who), account_id)
            assert found.held == outcome
            serials = {
                "partner": "000000572-000000808",
                "buffer": "000000951-000001000",
                "coop": "000000809-000000950",
            }
            assert [line.label[-19:] for line in found.lines] == [serials[account]]
        else:
            with pytest.raises(outcome):
                accounts.statement(session, s.actor(who), account_id)
