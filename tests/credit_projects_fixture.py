"""Test data for joint carbon-credit projects: credit officers, and a project in each stage (draft,
registered with a partner city, with a verified monitoring report), all made through the services
so a fixture checks the rules too.

Reuse: `officers(world)` names "registry_officer" and "verifier_person" (independent of every
project here); `made = verified_project(world)` gives a registered project hosted by Heidelberg
with Kyoto as partner (60 % / 40 %, buffer 5 %) and one verified report of 2025 with
VERIFIED_T t; `world.actor(name)` gives the people.

The figures, by hand: ex ante 10 000 MWh/yr x 0.4 t/MWh = 4 000 t/yr; the 2025 report
9 000 MWh x 0.4 = 3 600 t monitored, 3 550.5 t verified -> 3 550 credits: buffer
floor(3 550 x 5 %) = 177, rest 3 373; Kyoto floor(3 373 x 40 %) = 1 349; Heidelberg
floor(3 373 x 60 %) = 2 023 plus the remainder 1 = 2 024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from citypact.services.credits import monitoring, projects
from citypact.services.credits import officers as officer_service
from citypact.services.credits.loading import parties_of
from citypact.storage.models import User
from tests.conftest import OPERATOR, World
from tests.factories import user

START = dt.date(2025, 1, 1)
END = dt.date(2034, 12, 31)
GRID_FACTOR = 0.4  # t CO2/MWh, the project's own value
EX_ANTE: dict[str, Any] = {
    "eg_mwh": 10_000,
    "ef_grid_t_per_mwh": GRID_FACTOR,
    "ef_grid_source": "PDD v2, table 4",
}
MONITORED: dict[str, Any] = {
    "eg_mwh": 9_000,
    "ef_grid_t_per_mwh": GRID_FACTOR,
    "ef_grid_source": "PDD v2, table 4",
}
MONITORED_T = 3_600.0
VERIFIED_T = 3_550.5
VERIFICATION_REFERENCE = "JQA-VR-2026-017"


@dataclass(frozen=True)
class MadeProject:
    id: int
    host_party: int
    partner_party: int | None = None
    report: int | None = None


def officers(world: World) -> None:
    """A registry officer and a verifier (of "Japan Quality Assurance"), once per world."""
    with world.db.write() as session:
        known = set(session.scalars(select(User.name)))
        for name, role, body in (
            ("registry_officer", "registry", ""),
            ("verifier_person", "verifier", "Japan Quality Assurance"),
        ):
            if name in known:
                continue
            user(session, name=name)
            officer_service.grant(session, OPERATOR, f"{name}@test.example", role, body)
    with world.db.read() as session:
        world.users.update({u.name: u.id for u in session.scalars(select(User))})


def draft_project(
    world: World, *, title: str = "Kyoto-Heidelberg solar park", partner: bool = True
) -> MadeProject:
    """A draft grid-renewable project of Heidelberg (2025-2034, buffer 5 %), Kyoto a partner with
    40 % and Heidelberg 60 % when `partner`, else Heidelberg alone with 100 %."""
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        project = projects.create_project(
            session, editor, world.city["Heidelberg"],
            {"title": title, "description": "Solar park on the old landfill.",
             "methodology": "grid_renewable",
             "ex_ante_parameters": EX_ANTE, "crediting_start": START, "crediting_end": END,
             "buffer_percent": 5, "authorisation": "ndc"},
        )  # fmt: skip
        host = next(p.id for p in parties_of(session, project.id))
        if not partner:
            return MadeProject(project.id, host)
        kyoto = projects.add_party(session, editor, project.id, city_id=world.city["Kyoto"], share_percent=40)
        projects.set_share(session, editor, project.id, host, 60)
        return MadeProject(project.id, host, kyoto.id)


def registered_project(world: World, **kwargs: Any) -> MadeProject:
    """`draft_project`, registered by the registry officer."""
    officers(world)
    made = draft_project(world, **kwargs)
    with world.db.write() as session:
        projects.register(session, world.actor("registry_officer"), made.id)
    return made


def submitted_report(
    world: World, made: MadeProject, *, start: dt.date = START, end: dt.date = dt.date(2025, 12, 31)
) -> int:
    """A report of the period (9 000 MWh), submitted to "verifier_person" by Heidelberg's editor."""
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        report = monitoring.create_report(
            session, editor, made.id, {"period_start": start, "period_end": end, "parameters": MONITORED}
        )
        monitoring.submit_report(session, editor, made.id, report.id, world.users["verifier_person"])
        return report.id


def verified_project(world: World) -> MadeProject:
    """A registered project with its 2025 report verified at VERIFIED_T t (ready for issuance)."""
    made = registered_project(world)
    report_id = submitted_report(world, made)
    with world.db.write() as session:
        monitoring.verify_report(
            session, world.actor("verifier_person"), made.id, report_id,
            {"verified_t": VERIFIED_T, "reference": VERIFICATION_REFERENCE,
             "statement": "Meter readings checked against the grid operator's invoices."},
        )  # fmt: skip
    return MadeProject(made.id, made.host_party, made.partner_party, report_id)
