"""A demo carbon-credit project, so a fresh installation shows one registered project with a
verified monitoring report.

Modelled on Japan's city-to-city collaboration: Kumamoto, Heidelberg's twin town since 1992, hosts
a solar plant on a closed landfill; Heidelberg (the demo city) and Kyoto take part. Grid-connected
renewable electricity, the grid factor from the platform's library for Japan. The plant, the
figures and the verifier are illustrations, labelled as such in the description. The report is
issued, and Heidelberg retires ten of its credits on behalf of its schools' climate week, so the
demo shows an account statement, the ledger and a public retirement record with its certificate.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.auth import accounts
from citypact.services.credits import accounts as credit_accounts
from citypact.services.credits import ledger, monitoring, officers, projects
from citypact.services.credits.loading import parties_of, today_utc
from citypact.storage.credits import CreditProject
from citypact.storage.models import City, User

TITLE = "Solar plant on Kumamoto's closed landfill (demo)"
DESCRIPTION = (
    "Demo data: a 5 MW solar plant on a closed landfill in Kumamoto, developed with its twin town "
    "Heidelberg and with Kyoto in a city-to-city collaboration. Plant, figures and verifier are "
    "illustrations, not a real project."
)
VERIFIER_EMAIL = "verifier.demo@citypact.example"
VERIFIER_BODY = "Demo verification body"


@dataclass(frozen=True)
class DemoProject:
    project_id: int
    report_id: int  # verified and issued
    retirement_id: int  # Heidelberg's retirement on behalf of its schools


def _city(session: Session, name: str, country: str) -> int | None:
    return session.scalar(
        select(City.id)
        .where((City.name == name) | (City.name_ascii == name), City.country == country)
        .order_by(City.population.desc().nulls_last(), City.id)
        .limit(1)
    )


def _verifier(session: Session, operator: Actor) -> Actor:
    user = session.scalar(select(User).where(User.email == VERIFIER_EMAIL))
    if user is None:
        # Nobody logs in as the demo verifier: it only signs the demo report.
        user = accounts.create_user(
            session, operator, VERIFIER_EMAIL, "Verifier (demo)", secrets.token_urlsafe(16) + "aA1!"
        )
        officers.grant(session, operator, VERIFIER_EMAIL, "verifier", VERIFIER_BODY)
    found = accounts.actor_of(session, user)
    assert found is not None  # just made, or active
    return found


def seed_demo_credit_project(
    session: Session, operator: Actor, *, today: dt.date | None = None
) -> DemoProject | None:
    """The demo project, unless it exists or one of its cities is not in the registry."""
    host, heidelberg, kyoto = (
        _city(session, n, c) for n, c in (("Kumamoto", "JP"), ("Heidelberg", "DE"), ("Kyoto", "JP"))
    )
    if host is None or heidelberg is None or kyoto is None:
        return None
    if session.scalar(select(CreditProject.id).where(CreditProject.title == TITLE)) is not None:
        return None
    day = min(today or today_utc(), today_utc())
    start = dt.date(day.year - 2, 1, 1)
    project = projects.create_project(
        session, operator, host,
        {"title": TITLE, "description": DESCRIPTION, "methodology": "grid_renewable",
         "ex_ante_parameters": {"eg_mwh": 6_000}, "crediting_start": start,
         "crediting_end": dt.date(start.year + 9, 12, 31), "buffer_percent": 5, "authorisation": "ndc"},
    )  # fmt: skip
    host_party = next(p.id for p in parties_of(session, project.id))
    projects.add_party(session, operator, project.id, city_id=heidelberg, share_percent=30)
    projects.add_party(session, operator, project.id, city_id=kyoto, share_percent=20)
    projects.set_share(session, operator, project.id, host_party, 50)
    projects.add_document(
        session, operator, project.id,
        {"kind": "design", "title": "Project design document (demo)", "url": "", "public": True},
    )  # fmt: skip
    projects.register(session, operator, project.id)
    report = monitoring.create_report(
        session, operator, project.id,
        {"period_start": start, "period_end": dt.date(start.year, 12, 31),
         "parameters": {"eg_mwh": 5_800}},
    )  # fmt: skip
    verifier = _verifier(session, operator)
    monitoring.submit_report(session, operator, project.id, report.id, verifier.user_id)
    monitoring.verify_report(
        session, verifier, project.id, report.id,
        {"verified_t": report.reductions_t, "reference": "DEMO-VR-001",
         "statement": "Demo: meter readings checked against the grid operator's statements."},
    )  # fmt: skip
    blocks = ledger.issue(session, operator, report.id)
    account = credit_accounts.holding_account(session, city_id=heidelberg).id
    heidelberg_block = next(b for b in blocks if b.account_id == account)
    retirement = ledger.retire(
        session, operator, heidelberg_block.id, quantity=10, use="on_behalf",
        beneficiary="Heidelberg's schools (demo)",
        purpose="Climate week: one tonne for each class that took part.",
        claim_year=start.year, city_id=heidelberg, organisation_id=None,
    )  # fmt: skip
    return DemoProject(project.id, report.id, retirement.id)
