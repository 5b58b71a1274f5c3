"""The demo deal: seeded once, signed by Heidelberg and its (demo) utility, implementing, with two
commitments measured by KPIs and one value reported."""

from __future__ import annotations

import datetime as dt

from citypact.services import deals
from citypact.services.deals.demo import TITLE, seed_demo_deal
from tests.conftest import World


def test_the_demo_deal_is_seeded_once(world: World) -> None:
    admin = world.actor("admin")
    with world.db.write() as session:
        first = seed_demo_deal(session, admin, today=dt.date(2026, 12, 5))
        again = seed_demo_deal(session, admin, today=dt.date(2026, 12, 5))
    assert first is not None and again is None
    with world.db.read() as session:
        view = deals.get_deal(session, world.actor("heidelberg_viewer"), first)
        public = deals.list_deals(session, world.actor("public"), world.city["Heidelberg"])
    assert (view.title, view.status, view.signed_on) == (TITLE, "implementing", dt.date(2026, 10, 6))
    assert [p.signed for p in view.parties] == [True, True]
    assert [(c.kind, c.kpi_baseline, c.kpi_target) for c in view.commitments] == [
        ("permit", 60.0, 95.0),
        ("action", 5.0, 40.0),
    ]
    assert view.commitments[1].reports[0].value == 12.0
    assert view.expected_reduction_t == 1200.0
    assert [d.title for d in public] == [TITLE]
