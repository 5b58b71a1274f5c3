"""The plan measure form's coded fields (funding, GPC sector, responsible party, co-benefits), read
the same way by the add and the edit form (templates/_measure_fields.html)."""

from __future__ import annotations

from typing import Any, Final

from citypact.services.errors import InvalidInput

MAX_CHOICES: Final = 10  # there are seven co-benefits; more ticks than that is not a browser's doing


def measure_codes(
    funding_source: str, funding: str, gpc_sector: str, responsible: str, co_benefits: list[str]
) -> dict[str, Any]:
    """The fields as the service takes them, empty ones left out."""
    if len(co_benefits) > MAX_CHOICES or any(len(c) > 30 for c in co_benefits):
        raise InvalidInput("co_benefits", "choose from the co-benefits listed.")
    given = {
        "funding_source": funding_source,
        "funding": funding,
        "gpc_sector": gpc_sector,
        "responsible": responsible,
        "co_benefits": [c for c in co_benefits if c],
    }
    return {k: v for k, v in given.items() if v}
