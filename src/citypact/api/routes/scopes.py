"""/api/v1/scopes: national scopes of action, what a municipality may decide in each country
(public reference data; services/scopes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from citypact.api.schemas.scopes import ScopeOut, ScopesOut, scope_out
from citypact.http.deps import ReleasingRoute
from citypact.services import scopes

router = APIRouter(route_class=ReleasingRoute, tags=["national scopes of action"])
Country = Annotated[str, Path(min_length=2, max_length=2, description="ISO 3166 alpha-2 code, e.g. DE")]


@router.get("/scopes", response_model=ScopesOut)
def list_scopes() -> ScopesOut:
    """Every country's profile, each cell with its say and source."""
    shipped = scopes.all_scopes()
    return ScopesOut(
        version=shipped.version,
        checked=shipped.checked,
        profiles=[scope_out(scopes.country_scope(c)) for c in shipped.profiles],
    )


@router.get("/scopes/{country}", response_model=ScopeOut)
def get_scope(country: Country) -> ScopeOut:
    """One country's profile; 404 where none is known."""
    return scope_out(scopes.country_scope(country))
