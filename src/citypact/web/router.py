"""All page routes in one router, and the folder of our static files."""

from pathlib import Path

from fastapi import APIRouter

from citypact.web.routes import (
    accounts,
    activity_rows,
    benchmark,
    cities,
    climate_city_contract,
    co2_prices,
    credit_accounts,
    credit_claims,
    credit_retirements,
    deal_commitments,
    deal_progress,
    deal_public,
    deals,
    events,
    ideas,
    inventories,
    inventory_import,
    joint_project_removals,
    joint_projects,
    matching,
    measure_money,
    measures,
    my_city,
    networks,
    organisations,
    partnership_work,
    partnerships,
    plan_measure_edit,
    procurement_bids,
    procurement_parts,
    procurement_try,
    procurements,
    site,
    tours,
)

STATIC_DIR = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)
for module in (
    site,
    cities,
    inventory_import,  # before inventories: /inventories/template.csv is not /inventories/{id}
    inventories,
    activity_rows,
    measures,
    plan_measure_edit,
    measure_money,
    climate_city_contract,
    benchmark,
    matching,
    networks,
    partnerships,
    partnership_work,
    events,
    procurements,
    procurement_parts,
    joint_projects,
    joint_project_removals,
    deals,
    deal_commitments,
    my_city,
    tours,
    procurement_try,
    procurement_bids,
    co2_prices,
    ideas,
    deal_progress,
    deal_public,
    accounts,
    organisations,
    credit_accounts,
    credit_claims,
    credit_retirements,
):
    router.include_router(module.router)
