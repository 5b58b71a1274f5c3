"""/api/v1: a city's open invitations to partnerships; declining one, withdrawing a proposal
(accepting is POST /partnerships/{id}/accept)."""

from __future__ import annotations

from fastapi import APIRouter

from citypact.api.schemas.invitations import DeclineIn, InvitationsOut, WithdrawIn
from citypact.api.schemas.partnerships import PartnershipOut
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.services.cooperation import partnerships

router = APIRouter(route_class=ReleasingRoute, tags=["partnerships"])


@router.get("/cities/{city_id}/invitations", response_model=InvitationsOut)
def invitations(city_id: PathId, session: ReadDB, actor: CurrentActor) -> InvitationsOut:
    """The city's open invitations and its unanswered proposals: for the city's own staff."""
    return InvitationsOut.model_validate(partnerships.open_invitations(session, actor, city_id))


def _read(db: DB, actor: CurrentActor, partnership_id: int) -> PartnershipOut:
    with db.read() as session:
        return PartnershipOut.model_validate(partnerships.get_partnership(session, actor, partnership_id))


@router.post("/partnerships/{partnership_id}/decline", response_model=PartnershipOut)
def decline(partnership_id: PathId, body: DeclineIn, db: DB, actor: Writer) -> PartnershipOut:
    """Decline the invitation for your city: a partner city ends the proposal, an observer leaves."""
    with db.write() as session:
        partnerships.decline(session, actor, partnership_id, body.city_id, reason=body.reason)
    return _read(db, actor, partnership_id)


@router.post("/partnerships/{partnership_id}/withdraw", response_model=PartnershipOut)
def withdraw(partnership_id: PathId, body: WithdrawIn, db: DB, actor: Writer) -> PartnershipOut:
    """Withdraw your city's proposal before every city has accepted it."""
    with db.write() as session:
        partnerships.withdraw(session, actor, partnership_id, reason=body.reason)
    return _read(db, actor, partnership_id)
