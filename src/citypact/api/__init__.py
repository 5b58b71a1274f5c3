"""The REST API under /api/v1."""

from fastapi import APIRouter

from citypact.api.routes import (
    accounts,
    annual_reports,
    benchmark,
    benchmark_rounds,
    cities,
    climate_city_contract,
    co2_prices,
    credit_accounts,
    credit_projects,
    credit_retirements,
    deal_progress,
    deals,
    factors,
    first_inventory,
    funding_match,
    funding_programmes,
    ideas,
    inventories,
    invitations,
    joint_projects,
    matching,
    measures,
    network_news,
    networks,
    organisations,
    partnerships,
    positions,
    procurement_bids,
    procurements,
    provider_offers,
    scopes,
    surveys,
    tours,
)

router = APIRouter(prefix="/api/v1")
router.include_router(cities.router)
router.include_router(funding_match.router)
router.include_router(first_inventory.router)
router.include_router(networks.router)
router.include_router(accounts.router)
router.include_router(inventories.router)
router.include_router(factors.router)
router.include_router(measures.router)
router.include_router(benchmark.router)
router.include_router(benchmark_rounds.router)
router.include_router(partnerships.router)
router.include_router(invitations.router)
router.include_router(tours.router)
router.include_router(matching.router)
router.include_router(co2_prices.router)
router.include_router(procurements.router)
router.include_router(procurement_bids.router)
router.include_router(joint_projects.router)
router.include_router(climate_city_contract.router)
router.include_router(organisations.router)
router.include_router(ideas.router)
router.include_router(deals.router)
router.include_router(deal_progress.router)
router.include_router(credit_projects.router)
router.include_router(credit_accounts.router)
router.include_router(credit_retirements.router)
router.include_router(funding_programmes.router)
router.include_router(provider_offers.router)
router.include_router(annual_reports.router)
router.include_router(surveys.router)
router.include_router(network_news.router)
router.include_router(scopes.router)
router.include_router(positions.router)
