"""Test data for the funding matching: programmes and calls written straight into the tables (the
catalogue's own services are another part's), plan measures with money, on DAY = 2026-03-10.

Programmes (all active unless said):
- retrofit: "Municipal retrofit fund", DE only, field buildings_municipal, EUR, 50 000-400 000 EUR,
  rate 50 %, call closing 2026-03-22 (12 days) and an older call closed 2026-01-31;
- joint: "Cities joining forces", EU, joint only, 3 cities from 2 countries, open to 2026-04-30, EUR;
- closed: "Closed heat programme", DE, its only call closed 2026-02-01;
- jcm: "City-to-city JCM", JP only, field energy_supply, JPY, a rolling call;
- transport: "Clean transport call", any country, field transport, upcoming: opens 2026-05-01,
  closes 2026-07-01, EUR;
- suggested: "Suggested <b>programme</b>", status suggested (never matched), open call.
Measures: Heidelberg "Retrofit of schools" (buildings_municipal, capex 1 000 000 EUR, secured
200 000, sought 100 000: gap 700 000), Heidelberg "Tram line" (transport, capex 5 000 000 EUR from
cost lines), Heidelberg "Old depot" (cancelled), Kyoto "Solar roofs" (energy_supply, 80 000 000 JPY).
Partners: Heidelberg is twinned with Kumamoto (JP); Kyoto with Cologne (DE).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from citypact.storage.funding import FundingCall, FundingProgramme
from citypact.storage.models import Country, Network, NetworkMember
from citypact.storage.plan_money import PlanMeasureCost, PlanMeasureFunding
from citypact.storage.plans import PlanMeasure
from tests.conftest import World
from tests.factories import new_city

DAY = dt.date(2026, 3, 10)


@dataclass(frozen=True)
class FundingWorld:
    programmes: dict[str, int]
    calls: dict[str, int]
    measures: dict[str, int]


def _programme(name: str, **kw: object) -> FundingProgramme:
    values: dict[str, object] = {
        "name": name,
        "funder_name": "Test funder",
        "funder_level": "national",
        "instrument": "grant",
        "currency": "EUR",
        "source_url": "https://funder.example/programme",
        "status": "active",
    }
    values.update(kw)
    return FundingProgramme(**values)


def _measure(city_id: int, title: str, field: str, **kw: object) -> PlanMeasure:
    values: dict[str, object] = {
        "city_id": city_id,
        "title": title,
        "field": field,
        "instrument": "own_operations",
        "implementation": "planned",
    }
    values.update(kw)
    return PlanMeasure(**values)


def funding_world(world: World, day: dt.date = DAY) -> FundingWorld:
    """The programmes, calls and measures above, the calls' dates moved with `day` (pages use today)."""
    c = world.city
    with world.db.write() as session:
        progs = {
            "retrofit": _programme(
                "Municipal retrofit fund",
                countries="DE",
                fields="buildings_municipal",
                amount_min_minor=5_000_000,
                amount_max_minor=40_000_000,
                funding_rate_bp=5000,
            ),
            "joint": _programme(
                "Cities joining forces",
                funder_level="eu",
                countries="EU",
                joint_required=True,
                min_cities=3,
                min_countries=2,
            ),
            "closed": _programme("Closed heat programme", countries="DE"),
            "jcm": _programme("City-to-city JCM", countries="JP", fields="energy_supply", currency="JPY"),
            "transport": _programme("Clean transport call", fields="transport"),
            "suggested": _programme("Suggested <b>programme</b>", status="suggested"),
        }
        session.add_all(progs.values())
        session.flush()
        calls = {
            "retrofit": FundingCall(
                programme_id=progs["retrofit"].id,
                title="Call 2026",
                opens_on=day + dt.timedelta(days=-54),
                closes_on=day + dt.timedelta(days=12),
            ),
            "retrofit_old": FundingCall(
                programme_id=progs["retrofit"].id,
                title="Call 2025",
                opens_on=day + dt.timedelta(days=-129),
                closes_on=day + dt.timedelta(days=-38),
            ),
            "joint": FundingCall(
                programme_id=progs["joint"].id,
                title="Joint call",
                opens_on=None,
                closes_on=day + dt.timedelta(days=51),
            ),
            "closed": FundingCall(
                programme_id=progs["closed"].id,
                title="Heat call",
                opens_on=day + dt.timedelta(days=-160),
                closes_on=day + dt.timedelta(days=-37),
            ),
            "jcm": FundingCall(programme_id=progs["jcm"].id, title="Rolling", opens_on=None, closes_on=None),
            "transport": FundingCall(
                programme_id=progs["transport"].id,
                title="Transport call",
                opens_on=day + dt.timedelta(days=52),
                closes_on=day + dt.timedelta(days=113),
            ),
            "suggested": FundingCall(
                programme_id=progs["suggested"].id,
                title="Open",
                opens_on=None,
                closes_on=day + dt.timedelta(days=266),
            ),
        }
        session.add_all(calls.values())
        measures = {
            "schools": _measure(
                c["Heidelberg"],
                "Retrofit of schools",
                "buildings_municipal",
                capex_minor=100_000_000,
                currency="EUR",
                gpc_sector="I",
            ),
            "tram": _measure(c["Heidelberg"], "Tram line", "transport", currency="EUR", gpc_sector="II"),
            "depot": _measure(
                c["Heidelberg"],
                "Old depot",
                "buildings_municipal",
                capex_minor=1_000_000,
                currency="EUR",
                cancelled=True,
            ),
            "solar": _measure(
                c["Kyoto"], "Solar roofs", "energy_supply", capex_minor=80_000_000, currency="JPY"
            ),
        }
        session.add_all(measures.values())
        session.flush()
        session.add_all(
            [
                PlanMeasureFunding(
                    plan_measure_id=measures["schools"].id,
                    source="own_budget",
                    label="City budget",
                    status="secured",
                    amount_minor=20_000_000,
                ),
                PlanMeasureFunding(
                    plan_measure_id=measures["schools"].id,
                    source="national_grant",
                    label="State grant",
                    status="sought",
                    amount_minor=10_000_000,
                ),
                PlanMeasureCost(
                    plan_measure_id=measures["tram"].id,
                    kind="capex",
                    year_from=2026,
                    year_to=2028,
                    amount_minor=300_000_000,
                ),
                PlanMeasureCost(
                    plan_measure_id=measures["tram"].id,
                    kind="capex",
                    year_from=2029,
                    year_to=2029,
                    amount_minor=200_000_000,
                ),
                PlanMeasureCost(
                    plan_measure_id=measures["tram"].id,
                    kind="opex",
                    year_from=2029,
                    year_to=2040,
                    amount_minor=1,
                ),
            ]
        )
        session.flush()
        return FundingWorld(
            {k: p.id for k, p in progs.items()},
            {k: x.id for k, x in calls.items()},
            {k: m.id for k, m in measures.items()},
        )


def confirm_members(world: World, *cities: str) -> None:
    """The cities confirmed as members of c40 (written straight into the table)."""
    with world.db.write() as session:
        c40 = session.scalar(select(Network.id).where(Network.slug == "c40"))
        for name in cities:
            member = session.get(NetworkMember, (c40, world.city[name]))
            if member is None:
                session.add(
                    NetworkMember(
                        network_id=c40,
                        city_id=world.city[name],
                        source="test",
                        confirmed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    )  # fmt: skip
                )
            else:
                member.confirmed_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def french_member(world: World) -> None:
    """Lyon (FR, 520 000), a confirmed member of c40 with a school retrofit of 2 000 000 EUR."""
    with world.db.write() as session:
        if session.get(Country, "FR") is None:
            session.add(Country(iso2="FR", iso3="FRA", name="France"))
    lyon = new_city(world, name="Lyon", country="FR", population=520_000)
    world.city["Lyon"] = lyon
    confirm_members(world, "Lyon")
    with world.db.write() as session:
        session.add(
            PlanMeasure(
                city_id=lyon,
                title="Lyon schools",
                field="buildings_municipal",
                instrument="own_operations",
                implementation="planned",
                capex_minor=200_000_000,
                currency="EUR",
            )  # fmt: skip
        )
