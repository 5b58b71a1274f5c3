"""Test data for the funding catalogue: a programme kept by C40's secretariat with one open call
(closing 2026-06-30), one closed call and one rolling call, and a joint programme that needs 3
cities from 2 countries. Days are fixed: TODAY is 2026-05-20."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from citypact.services.funding import programme_calls, programme_writes
from tests.conftest import World

TODAY = dt.date(2026, 5, 20)

PROGRAMME: dict[str, Any] = {
    "name": "Municipal Heat Transition Fund",
    "funder_name": "Test Ministry",
    "funder_level": "national",
    "instrument": "grant",
    "summary": "Grants for heat planning and heat networks.",
    "countries": "DE, AT",
    "fields": ["energy_supply"],
    "gpc_sectors": ["I"],
    "amount_min": "10000",
    "amount_max": 2_500_000.50,
    "currency": "EUR",
    "funding_rate_percent": "62.5",
    "source_url": "https://example.org/heat-fund",
    "checked_on": "2026-05-01",
}

JOINT: dict[str, Any] = {
    "name": "Twin Cities Climate Exchange",
    "funder_name": "Test Foundation",
    "funder_level": "foundation",
    "instrument": "technical_assistance",
    "joint_required": True,
    "min_cities": 3,
    "min_countries": 2,
    "currency": "JPY",
    "amount_max": 5_000_000,
    "source_url": "https://example.org/twin",
    "checked_on": "2025-01-10",
}


@dataclass(frozen=True)
class Catalogue:
    programme: int
    joint: int
    open_call: int
    closed_call: int
    rolling_call: int
    joint_call: int


def catalogue_world(world: World) -> Catalogue:
    """Both programmes added by C40's secretariat (so maintained by C40)."""
    secretariat = world.actor("c40_secretariat")
    with world.db.write() as session:
        p = programme_writes.create_programme(session, secretariat, PROGRAMME, today=TODAY)
        j = programme_writes.create_programme(session, secretariat, JOINT, today=TODAY)
        open_call = programme_calls.add_call(
            session,
            secretariat,
            p.id,
            {"title": "Round 2026", "opens_on": "2026-03-01", "closes_on": "2026-06-30"},
        )
        closed = programme_calls.add_call(
            session,
            secretariat,
            p.id,
            {"title": "Round 2025", "opens_on": "2025-03-01", "closes_on": "2025-06-30"},
        )
        rolling = programme_calls.add_call(
            session, secretariat, p.id, {"title": "Small grants", "opens_on": "2024-01-01"}
        )
        joint_call = programme_calls.add_call(session, secretariat, j.id, {"title": "Rolling exchange"})
        return Catalogue(p.id, j.id, open_call.id, closed.id, rolling.id, joint_call.id)
