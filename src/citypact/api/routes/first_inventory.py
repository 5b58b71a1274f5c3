"""/api/v1/cities/{id}/first-inventory: a city's guided path to its first inventory, the first
estimate written as rows of a draft, and mentor comments. Who may do what:
services/inventory/first_inventory.py (read: the city's staff, its mentor cities' staff and its
networks' secretariats; the estimate: the city's editors; comments: editors of the city and of its
mentor cities)."""

from __future__ import annotations

from fastapi import APIRouter, status

from citypact.api.schemas.first_inventory import CommentIn, EstimateIn, FirstInventoryOut, first_inventory_out
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.services.inventory import first_inventory

router = APIRouter(route_class=ReleasingRoute, tags=["inventories"])
P = "/cities/{city_id}/first-inventory"


@router.get(P, response_model=FirstInventoryOut)
def read(city_id: PathId, session: ReadDB, actor: CurrentActor) -> FirstInventoryOut:
    """The BASIC subsectors with the data each needs and where cities get them, each with its
    state in the city's latest inventory (missing, estimate, local), the completeness, and the
    mentor comments; without an inventory, the first estimate it would get now."""
    return first_inventory_out(first_inventory.first_inventory(session, actor, city_id))


@router.post(P, response_model=FirstInventoryOut, status_code=status.HTTP_201_CREATED)
def estimate(city_id: PathId, body: EstimateIn, db: DB, actor: Writer) -> FirstInventoryOut:
    """Write the first estimate (data quality low, its method in each row) into the draft of
    `year`, created when there is none; an existing inventory of that year must be an empty draft."""
    with db.write() as session:
        first_inventory.write_first_estimate(session, actor, city_id, **body.model_dump())
    with db.read() as session:
        return first_inventory_out(first_inventory.first_inventory(session, actor, city_id))


@router.post(P + "/comments", status_code=status.HTTP_201_CREATED)
def comment(city_id: PathId, body: CommentIn, db: DB, actor: Writer) -> dict[str, int]:
    """A comment on the latest inventory about one BASIC subsector (audited)."""
    with db.write() as session:
        return {"id": first_inventory.add_comment(session, actor, city_id, **body.model_dump())}
