"""/api/v1 accounts: who am I, users and roles (administrators), personal API tokens, audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.api.schemas import (
    AuditOut,
    MembershipIn,
    MembershipOut,
    MeOut,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
)
from citypact.domain.access import Role
from citypact.services import accounts, audit

router = APIRouter(route_class=ReleasingRoute, tags=["accounts"])


@router.get("/me", response_model=MeOut)
def me(actor: CurrentActor) -> MeOut:
    roles: list[dict[str, str | int]] = [
        {"role": g.role.value, "scope_id": g.scope_id}
        for g in sorted(actor.grants, key=lambda g: (g.role, g.scope_id))
    ]
    return MeOut(user_id=actor.user_id, is_admin=actor.is_admin, roles=roles)


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(body: UserIn, db: DB, actor: Writer) -> UserOut:
    with db.write() as session:
        user = accounts.create_user(
            session, actor, body.email, body.name, body.password, is_admin=body.is_admin
        )
        return UserOut.model_validate(user, from_attributes=True)


@router.post("/users/{user_id}/memberships", response_model=MembershipOut, status_code=201)
def grant(user_id: PathId, body: MembershipIn, db: DB, actor: Writer) -> MembershipOut:
    with db.write() as session:
        membership = accounts.grant_role(session, actor, user_id, Role(body.role), body.scope_id)
        return MembershipOut.model_validate(membership, from_attributes=True)


@router.post("/tokens", response_model=TokenOut, status_code=201)
def issue_token(body: TokenIn, db: DB, actor: Writer) -> TokenOut:
    with db.write() as session:
        return TokenOut.model_validate(accounts.issue_token(session, actor, body.name), from_attributes=True)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        accounts.revoke_token(session, actor, token_id)
    return Response(status_code=204)


@router.get("/audit", response_model=list[AuditOut])
def audit_log(
    session: ReadDB,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditOut]:
    entries = audit.list_entries(session, actor, limit=limit, offset=offset)
    return [AuditOut.model_validate(e, from_attributes=True) for e in entries]
