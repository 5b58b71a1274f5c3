"""The demo credit project: seeded once, registered, Kumamoto hosting with Heidelberg and Kyoto,
one report verified by the demo verifier, with the grid factor of Japan from the library."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.services.credits.demo import TITLE, seed_demo_credit_project
from citypact.services.credits.loading import grid_factor
from citypact.services.credits.project_views import get_project
from citypact.services.credits.verify import verify_ledger
from citypact.storage.credits import CreditRetirement
from tests.conftest import World


def test_the_demo_project_is_seeded_once(world: World) -> None:
    admin = world.actor("admin")
    with world.db.write() as session:
        first = seed_demo_credit_project(session, admin, today=dt.date(2026, 12, 5))
        again = seed_demo_credit_project(session, admin, today=dt.date(2026, 12, 5))
    assert first is not None and again is None
    with world.db.read() as session:
        view = get_project(session, world.actor("public"), first.project_id)
    assert (view.title, view.status, view.host_city, view.methodology) == (
        TITLE,
        "registered",
        "Kumamoto",
        "grid_renewable",
    )
    assert [(p.name, p.role, p.share_bp) for p in view.parties] == [
        ("Kumamoto", "host", 5_000),
        ("Heidelberg", "partner", 3_000),
        ("Kyoto", "partner", 2_000),
    ]
    found = grid_factor("JP", 2024)
    assert found is not None
    (report,) = view.reports
    assert report.id == first.report_id
    assert (report.period_start, report.period_end, report.status) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        "issued",
    )
    assert report.reductions_t == pytest.approx(5_800 * found[0])  # MWh x t/MWh of Japan's grid, 2024
    assert report.verified_t == pytest.approx(report.reductions_t)
    assert report.ex_ante_t == pytest.approx(6_000 * found[0])  # a whole year of the estimate


def test_the_demo_issues_and_retires_on_behalf_of_heidelbergs_schools(world: World) -> None:
    with world.db.write() as session:
        made = seed_demo_credit_project(session, world.actor("admin"), today=dt.date(2026, 12, 5))
    assert made is not None
    with world.db.read() as session:
        retirement = session.get(CreditRetirement, made.retirement_id)
        check = verify_ledger(session)
    assert retirement is not None and (retirement.use, retirement.city_id) == (
        "on_behalf",
        world.city["Heidelberg"],
    )
    assert check.ok and check.retired == 10 and check.issued == check.active + check.retired
