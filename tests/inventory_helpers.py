"""Complete inventories for tests that submit one: every reference number the inventory's standard
requires and its rows leave open gets a row "NO" (not occurring), the minimum the completeness check
of submission accepts."""

from __future__ import annotations

import polars as pl
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.plausibility import required_refs
from citypact.services import inventories

EXPLANATION = "test: does not occur in this city"


def not_occurring_csv(refs: list[str] | tuple[str, ...]) -> bytes:
    """An activity template holding a row NO for each of `refs`."""
    lines = ["gpc_ref,fuel,amount,unit,notation_key,explanation"]
    lines += [f"{ref},,,,NO,{EXPLANATION}" for ref in refs]
    return ("\n".join(lines) + "\n").encode()


def open_refs(reported: set[str], standard: str = "BASIC") -> list[str]:
    """The references `standard` requires that are not in `reported`."""
    return [ref for ref in required_refs(standard) if ref not in reported]


def complete(session: Session, actor: Actor, inventory_id: int) -> None:
    """Add a row NO for every reference the inventory still misses (service layer)."""
    missing = inventories.get_inventory(session, actor, inventory_id).missing_refs
    if missing:
        frame = pl.DataFrame(
            {"gpc_ref": missing, "notation_key": ["NO"] * len(missing), "explanation": EXPLANATION},
        )
        inventories.import_activities(
            session, actor, inventory_id, frame, file_name="not-occurring.csv", replace=False
        )


def complete_via_api(client: TestClient, headers: dict[str, str], inventory_id: int) -> None:
    """Add a row NO for every reference the inventory still misses (REST API)."""
    detail = client.get(f"/api/v1/inventories/{inventory_id}", headers=headers)
    assert detail.status_code == 200, detail.text
    missing = detail.json()["missing_refs"]
    if missing:
        response = client.post(
            f"/api/v1/inventories/{inventory_id}/import",
            files={"file": ("not-occurring.csv", not_occurring_csv(missing), "text/csv")},
            data={"replace": "false"},
            headers=headers,
        )
        assert response.status_code == 200, response.text
