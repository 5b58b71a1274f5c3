"""/api/v1: a city's Climate City Contract (JSON, XLSX, PDF) and its plan measures' money: cost
lines by year and funding lines by source, under the plan measure's own path."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.climate_city_contract import (
    ContractOut,
    CostIn,
    FundingIn,
    MoneyOut,
    contract_out,
)
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.http.downloads import attachment
from citypact.reports.climate_city_contract import XLSX_MEDIA_TYPE, contract_document, contract_workbook
from citypact.services.plans import measure_money
from citypact.services.plans.climate_city_contract import get_contract

router = APIRouter(route_class=ReleasingRoute, tags=["climate city contract"])
Lang = Annotated[Literal["en", "de", "ja"], Query(description="language of the XLSX and PDF")]
DOWNLOADS: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/json": {}, XLSX_MEDIA_TYPE: {}, "application/pdf": {}},
        "description": "the contract as JSON, or the XLSX or PDF file with ?format=",
    }
}


def _download(session: ReadDB, actor: CurrentActor, city_id: int, format: str, lang: str) -> Response:
    view = get_contract(session, actor, city_id)
    name = f"citypact-climate-city-contract-{city_id}-{lang}"
    if format == "xlsx":
        return Response(
            contract_workbook(view, lang), media_type=XLSX_MEDIA_TYPE, headers=attachment(f"{name}.xlsx")
        )
    if format == "pdf":
        document = contract_document(view, lang)
        return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))
    return Response(contract_out(view).model_dump_json(), media_type="application/json")


@router.get("/cities/{city_id}/climate-city-contract", response_model=ContractOut, responses=DOWNLOADS)
def contract(
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    format: Literal["json", "xlsx", "pdf"] = "json",
    lang: Lang = "en",
) -> Response:
    """The city's Climate City Contract: commitments (the target and the signed deals'
    commitments), the action plan (expected reductions against the latest inventory and the target)
    and the investment plan (the city's staff only), with what is missing as codes."""
    return _download(session, actor, city_id, format, lang)


@router.get("/cities/{city_id}/climate-city-contract.xlsx", response_class=Response, responses=DOWNLOADS)
def contract_xlsx(city_id: PathId, session: ReadDB, actor: CurrentActor, lang: Lang = "en") -> Response:
    """The contract as XLSX: a sheet per part and one of what is missing."""
    return _download(session, actor, city_id, "xlsx", lang)


@router.get("/cities/{city_id}/climate-city-contract.pdf", response_class=Response, responses=DOWNLOADS)
def contract_pdf(city_id: PathId, session: ReadDB, actor: CurrentActor, lang: Lang = "en") -> Response:
    """The contract as PDF in the language asked for."""
    return _download(session, actor, city_id, "pdf", lang)


def _money(session: ReadDB, actor: CurrentActor, city_id: int, plan_id: int) -> MoneyOut:
    view = measure_money.get_money(session, actor, city_id, plan_id)
    return MoneyOut(
        plan_measure_id=plan_id,
        currency=view.currency,
        costs=[asdict(c) for c in view.costs],
        funding=[asdict(f) for f in view.funding],
    )


@router.get("/cities/{city_id}/plan/measures/{plan_id}/money", response_model=MoneyOut)
def measure_money_lines(city_id: PathId, plan_id: PathId, session: ReadDB, actor: CurrentActor) -> MoneyOut:
    """The measure's cost and funding lines (the city's staff and its confirmed networks' secretariats)."""
    return _money(session, actor, city_id, plan_id)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/costs", status_code=201)
def add_cost(city_id: PathId, plan_id: PathId, body: CostIn, db: DB, actor: Writer) -> dict[str, int]:
    """A cost line in minor units of the measure's currency: capex spread evenly over the years,
    or opex paid each year."""
    with db.write() as session:
        return {"id": measure_money.add_cost(session, actor, city_id, plan_id, **body.model_dump()).id}


@router.delete("/cities/{city_id}/plan/measures/{plan_id}/costs/{cost_id}", status_code=204)
def remove_cost(city_id: PathId, plan_id: PathId, cost_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        measure_money.remove_cost(session, actor, city_id, plan_id, cost_id)
    return Response(status_code=204)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/funding", status_code=201)
def add_funding(city_id: PathId, plan_id: PathId, body: FundingIn, db: DB, actor: Writer) -> dict[str, int]:
    """A funding line from one source, secured or sought, in minor units of the measure's currency."""
    with db.write() as session:
        return {"id": measure_money.add_funding(session, actor, city_id, plan_id, **body.model_dump()).id}


@router.delete("/cities/{city_id}/plan/measures/{plan_id}/funding/{funding_id}", status_code=204)
def remove_funding(city_id: PathId, plan_id: PathId, funding_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        measure_money.remove_funding(session, actor, city_id, plan_id, funding_id)
    return Response(status_code=204)
