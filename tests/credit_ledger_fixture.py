"""A registered credit project with a verified monitoring report, and its issued blocks, in a few
lines. The project and report rows are inserted directly (the projects part's services make them
in the application); the ledger's own services issue.

Kyoto (JP) hosts with 60 %, Heidelberg (DE) is the partner with 25 %, the Kyoto organisation
"Kyoto Solar Coop" takes part with 15 %; the buffer is 5 %. 1 000.7 verified tonnes issue 1 000
credits: buffer 50, Kyoto 571, Heidelberg 237, the coop 142 (see test_credit_ledger_domain)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from citypact.domain.access import Actor, Role
from citypact.services.auth import accounts as auth_accounts
from citypact.services.credits import ledger
from citypact.storage.credits import (
    CreditBlock,
    CreditMonitoringReport,
    CreditOfficer,
    CreditProject,
    CreditProjectParty,
)
from citypact.storage.models import Organisation
from tests.conftest import World
from tests.factories import user

YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@dataclass
class LedgerSetup:
    world: World
    project_id: int
    report_id: int
    organisation_id: int
    registry: Actor
    verifier: Actor
    coop: Actor  # a confirmed person of the coop
    blocks: dict[str, int] = field(default_factory=dict)  # host, partner, coop, buffer -> block id

    def actor(self, who: str) -> Actor:
        return {"registry": self.registry, "verifier": self.verifier, "coop": self.coop}.get(
            who
        ) or self.world.actor(who)


def _officer(world: World, name: str, role: str) -> Actor:
    with world.db.write() as session:
        user_id = user(session, name=name)
        session.add(CreditOfficer(user_id=user_id, role=role, body="Test verification body"))
    with world.db.read() as session:
        found = auth_accounts.actor_for(session, user_id)
    assert found is not None
    return found


def add_report(world: World, project_id: int, period: tuple[dt.date, dt.date], verified_t: float) -> int:
    with world.db.write() as session:
        report = CreditMonitoringReport(
            project_id=project_id,
            period_start=period[0],
            period_end=period[1],
            reductions_t=verified_t,
            status="verified",
            verified_t=verified_t,
            verification_reference="VR-1",
        )
        session.add(report)
        session.flush()
        return report.id


def credit_project(
    world: World,
    *,
    verified_t: float = 1000.7,
    buffer_bp: int = 500,
    shares: tuple[int, int, int] = (6000, 2500, 1500),
    authorisation: str = "ndc",
    period: tuple[dt.date, dt.date] = YEAR_2025,
) -> LedgerSetup:
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    with world.db.write() as session:
        coop = Organisation(name="Kyoto Solar Coop", kind="business", city_id=kyoto, status="confirmed")
        session.add(coop)
        project = CreditProject(
            title="Kyoto rooftop solar",
            host_city_id=kyoto,
            host_country="JP",
            methodology="grid_renewable",
            crediting_start=dt.date(2024, 1, 1),
            crediting_end=dt.date(2033, 12, 31),
            buffer_bp=buffer_bp,
            authorisation=authorisation,
            status="registered",
        )
        session.add(project)
        session.flush()
        for city, org, role, share in (
            (kyoto, None, "host", shares[0]),
            (heidelberg, None, "partner", shares[1]),
            (None, coop.id, "participant", shares[2]),
        ):
            session.add(
                CreditProjectParty(
                    project_id=project.id, city_id=city, organisation_id=org, role=role, share_bp=share
                )
            )
        project_id, coop_id = project.id, coop.id
    with world.db.write() as session:
        coop_user = user(session, name="coop_member", role=Role.STAKEHOLDER, scope_id=coop_id)
    with world.db.read() as session:
        coop_actor = auth_accounts.actor_for(session, coop_user)
    assert coop_actor is not None
    report_id = add_report(world, project_id, period, verified_t)
    return LedgerSetup(
        world=world,
        project_id=project_id,
        report_id=report_id,
        organisation_id=coop_id,
        registry=_officer(world, "registry_officer", "registry"),
        verifier=_officer(world, "credit_verifier", "verifier"),
        coop=coop_actor,
    )


def issued(world: World, **options: object) -> LedgerSetup:
    """credit_project(...) with its report issued; `blocks` names each party's block."""
    setup = credit_project(world, **options)  # type: ignore[arg-type]
    with world.db.write() as session:
        ledger.issue(session, setup.registry, setup.report_id)
    with world.db.read() as session:
        rows = session.scalars(select(CreditBlock).where(CreditBlock.project_id == setup.project_id)).all()
        parties = {p.account_id: p for p in session.scalars(select(CreditProjectParty))}
        for block in rows:
            party = parties.get(block.account_id)
            if party is None:
                setup.blocks["buffer"] = block.id
            else:
                name = {"host": "host", "partner": "partner", "participant": "coop"}[party.role]
                setup.blocks[name] = block.id
    return setup
