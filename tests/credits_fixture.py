"""Test data for the claims on credits: LEDGER's project (tests/credit_ledger_fixture.py: Kyoto
(JP) hosts with 60 %, Heidelberg 25 %, a Kyoto coop 15 %, buffer 5 %; 1 000 credits of vintage
2025 issued as Kyoto 1-571, Heidelberg 572-808, the coop 809-950, the buffer 951-1000), then
moved through the ledger's own services like every user's:

seq 2-3: Heidelberg retires 572-671 (100) toward its own target, claim year 2026 (authorised for
         an NDC, adjustment pending: a double claim while the host's inventory counts it);
seq 4-5: Kyoto retires 1-30 (30) on behalf of a school, claim year 2026;
seq 6-7: Kyoto transfers 31-130 (100) to Heidelberg (its first transfer, JP -> DE).
Heidelberg then holds 672-808 (137) and 31-130 (100): 237.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from citypact.services.credits import ledger
from citypact.storage.credits import CreditAccount, CreditBlock, CreditProject
from tests.conftest import World
from tests.credit_ledger_fixture import LedgerSetup, issued


@dataclass(frozen=True)
class Credits:
    setup: LedgerSetup
    heidelberg_account: int
    kyoto_account: int
    coop_account: int
    buffer_account: int
    heidelberg_held: int  # 672-808
    moved: int  # 31-130, now Heidelberg's
    kyoto_held: int  # 131-571
    heidelberg_retirement: int
    kyoto_retirement: int

    @property
    def project(self) -> int:
        return self.setup.project_id


def credit_world(world: World, *, draft_project: bool = False) -> Credits:
    """The ledger above; `draft_project` adds a project in Heidelberg left as a draft."""
    setup = issued(world)
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    with world.db.write() as session:
        h_retired = ledger.retire(
            session, world.actor("heidelberg_editor"), setup.blocks["partner"], quantity=100,
            use="own_target", beneficiary="Heidelberg", purpose="Climate target 2030", claim_year=2026,
            city_id=None, organisation_id=None,
        )  # fmt: skip
        k_retired = ledger.retire(
            session, world.actor("kyoto_editor"), setup.blocks["host"], quantity=30, use="on_behalf",
            beneficiary="Sakyo school", purpose="School climate week", claim_year=2026, city_id=None,
            organisation_id=None,
        )  # fmt: skip
        held = {(a.kind, a.city_id, a.organisation_id): a.id for a in session.scalars(select(CreditAccount))}
    with world.db.write() as session:
        kyoto_rest = session.scalar(
            select(CreditBlock.id).where(
                CreditBlock.account_id == held["holding", kyoto, None], CreditBlock.status == "active"
            )
        )
        assert kyoto_rest is not None
        moved = ledger.transfer(
            session, world.actor("kyoto_editor"), kyoto_rest, held["holding", heidelberg, None], 100
        )
        if draft_project:
            session.add(
                CreditProject(
                    title="Secret draft Neckar heat",
                    host_city_id=heidelberg,
                    host_country="DE",
                    methodology="reported",
                    crediting_start=dt.date(2027, 1, 1),
                    crediting_end=dt.date(2030, 12, 31),
                    status="draft",
                )  # fmt: skip
            )
        session.flush()
        h_held = session.scalar(
            select(CreditBlock.id).where(
                CreditBlock.account_id == held["holding", heidelberg, None],
                CreditBlock.status == "active",
                CreditBlock.id != moved.id,
            )
        )
        k_held = session.scalar(
            select(CreditBlock.id).where(
                CreditBlock.account_id == held["holding", kyoto, None], CreditBlock.status == "active"
            )
        )
        assert h_held is not None and k_held is not None
        return Credits(
            setup=setup,
            heidelberg_account=held["holding", heidelberg, None],
            kyoto_account=held["holding", kyoto, None],
            coop_account=held["holding", None, setup.organisation_id],
            buffer_account=held["buffer", None, None],
            heidelberg_held=h_held,
            moved=moved.id,
            kyoto_held=k_held,
            heidelberg_retirement=h_retired.id,
            kyoto_retirement=k_retired.id,
        )
