"""A small catalogue whose measure types fall on both sides of the shipped profiles (DE, JP, US), and
a scopes table made by hand for the peers option."""

from __future__ import annotations

import polars as pl
from sqlalchemy import delete

from citypact.domain.scopes import Scopes, scopes_from
from citypact.services.plans import measures
from citypact.services.scopes.admin import seed_scopes
from citypact.storage.scopes import ScopeProfile, ScopeSource, ScopeStatement
from tests.conftest import World

# code: field, instrument, decision level -> can do in DE, JP, US (reference/data/national_scopes.json)
SCOPED_CATALOGUE = pl.DataFrame(
    {
        # DE shares (WPG), JP unknown, US shares: everywhere.
        "code": ["heat_plan", "industry_permit_rules", "national_building_code", "bike_lanes"],
        # DE no say (BImSchG); JP unknown; US shares.
        "field": ["energy_supply", "industry", "buildings_residential", "transport"],
        "instrument": ["regulatory", "regulatory", "regulatory", "own_operations"],
        "municipal_role": ["planner", "planner", "planner", "supplier"],
        # A national code: nowhere something a city does, whatever its profile says.
        "decision_level": ["municipality", "region", "nation", "municipality"],
        "title_en": [
            "Municipal heat plan",
            "Emission rules for factories",
            "National building code",
            "Bike lanes",
        ],
        "title_de": [
            "Kommunale Wärmeplanung",
            "Emissionsregeln für Fabriken",
            "Nationale Bauordnung",
            "Radwege",
        ],
        "title_ja": ["熱計画", "工場の排出規制", "国の建築基準", "自転車道"],
        "summary_en": [
            "Plan the heat supply.",
            "Limit factory emissions.",
            "A national code.",
            "Build lanes.",
        ],
        "co_benefits": [["cost_savings"], ["air_quality"], ["health"], ["health"]],
        "gpc_sectors": [["I"], ["I"], ["I"], ["II"]],
    }
)
CAN_DO = {
    "DE": {"heat_plan", "bike_lanes"},
    "JP": {"heat_plan", "industry_permit_rules", "bike_lanes"},
    "US": {"heat_plan", "industry_permit_rules", "bike_lanes"},
}


def seed_scoped_catalogue(world: World) -> None:
    with world.db.write() as session:
        measures.load_catalogue(session, SCOPED_CATALOGUE)


def _st(field: str, instrument: str, say: str) -> dict[str, str]:
    return {"field": field, "instrument": instrument, "say": say, "source": "law"}


def twin_scopes() -> Scopes:
    """DE and JP with the same profile (industry regulation no say, the rest shares), US another."""
    same = [_st("*", "*", "shares"), _st("industry", "regulatory", "no_say")]
    return scopes_from(
        {
            "version": 1,
            "checked": "2026-12-05",
            "sources": {"law": {"title": "A law", "url": "https://example.org/law", "publisher": "P"}},
            "profiles": {
                "DE": {"name": "Germany", "statements": same},
                "JP": {"name": "Japan", "statements": same},
                "US": {"name": "United States", "statements": [_st("*", "*", "decides")]},
            },
        }
    )


def replace_scopes(world: World, scopes: Scopes) -> None:
    """The database's profiles replaced by `scopes` (what the seed writes into an empty database)."""
    with world.db.write() as session:
        for table in (ScopeStatement, ScopeProfile, ScopeSource):
            session.execute(delete(table))
        seed_scopes(session, scopes)
