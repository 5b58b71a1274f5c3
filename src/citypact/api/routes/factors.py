"""/api/v1/factor-library: the locked default factors an inventory is computed with."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from citypact.http.deps import ReleasingRoute
from citypact.services.inventory import factors

router = APIRouter(route_class=ReleasingRoute, prefix="/factor-library", tags=["factor library"])


@router.get("")
def describe() -> dict[str, Any]:
    """Name, version and contents of the factor library, and the GWP sets."""
    return factors.describe()


@router.get("/combustion")
def combustion(
    fuel: Annotated[str | None, Query(max_length=100, examples=["Natural Gas"])] = None,
    category: Annotated[
        str | None, Query(max_length=60, examples=["residential_agriculture_stationary"])
    ] = None,
) -> list[dict[str, Any]]:
    """IPCC 2006 default combustion factors (kg/TJ), net calorific values and densities."""
    return factors.combustion_factors(fuel, category)


@router.get("/grid/{country}")
def grid(country: Annotated[str, Path(pattern="^[A-Za-z]{2}$")]) -> list[dict[str, Any]]:
    """National grid carbon intensity of a country (ISO 3166 alpha-2) by year."""
    return factors.grid_factors(country)
