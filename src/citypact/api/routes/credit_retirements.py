"""/api/v1/credit-retirements: a retirement's public record."""

from __future__ import annotations

from fastapi import APIRouter

from citypact.api.schemas.credit_accounts import RetirementOut
from citypact.http.deps import PathId, ReadDB, ReleasingRoute
from citypact.services.credits import claims

router = APIRouter(route_class=ReleasingRoute, tags=["credits"])


@router.get("/credit-retirements/{retirement_id}", response_model=RetirementOut)
def retirement(retirement_id: PathId, session: ReadDB) -> RetirementOut:
    """Public to everyone: what was retired, for whom, why, for which year, and its ledger row."""
    return RetirementOut.model_validate(claims.retirement_record(session, retirement_id))
