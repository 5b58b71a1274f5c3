"""JSON shapes of accounts: users, roles, API tokens, login sessions, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import StrictIn


class UserIn(StrictIn):
    email: str = Field(min_length=3, max_length=254)
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=256)
    is_admin: bool = False


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    is_admin: bool


class MembershipIn(StrictIn):
    role: Literal["network_secretariat", "city_editor", "city_viewer", "stakeholder"]
    scope_id: int = Field(
        ge=1, le=2_147_483_647, description="id of the city, network or organisation the role is held in"
    )


class MembershipOut(BaseModel):
    id: int
    user_id: int
    role: str


class TokenIn(StrictIn):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(BaseModel):
    id: int
    name: str
    token: str = Field(description="shown once; keep it secret")


class LoginIn(StrictIn):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class LoginOut(BaseModel):
    user_id: int
    csrf_token: str = Field(description="send it as the X-CSRF-Token header with writes of this session")


class PasswordChangeIn(StrictIn):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(
        min_length=1, max_length=257, description="10 to 256 characters, not a common one"
    )


class PasswordChangeOut(BaseModel):
    sessions_ended: int = Field(description="your other login sessions, ended by the change")


class SessionOut(BaseModel):
    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str
    current: bool = Field(description="the session of this request")


class SessionsEndedOut(BaseModel):
    ended: int


class MeOut(BaseModel):
    user_id: int | None
    is_admin: bool
    roles: list[dict[str, str | int]]


class AuditOut(BaseModel):
    id: int
    at: datetime
    user: str | None
    action: str
    entity: str
    entity_id: str
    city_id: int | None
    network_id: int | None
    before: dict[str, object] | None
    after: dict[str, object] | None
