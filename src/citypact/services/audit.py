"""The audit trail: every change, with who, when, what, before and after."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.errors import require
from citypact.services.paging import Page, bounds
from citypact.storage.models import AuditEntry, NetworkMember, User


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    *,
    city_id: int | None = None,
    network_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Add an audit entry in the caller's transaction, so it lands exactly when the change does."""
    session.add(
        AuditEntry(
            user_id=actor.user_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            city_id=city_id,
            network_id=network_id,
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
        )
    )


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose values differ, as (before, after) dictionaries."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    user: str | None
    action: str
    entity: str
    entity_id: str
    city_id: int | None
    network_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _readable(session: Session, actor: Actor, city_id: int | None) -> list[ColumnElement[bool]]:
    """Conditions of the entries the actor may read: admins all; a city's staff and the secretariats
    of the networks it confirmed it belongs to the entries of that city. Refuses anyone else."""
    conditions: list[ColumnElement[bool]] = []
    if city_id is not None:
        network_ids = session.scalars(
            select(NetworkMember.network_id).where(
                NetworkMember.city_id == city_id, NetworkMember.confirmed_at.is_not(None)
            )
        ).all()
        require(actor.can_read_city_internals(city_id, network_ids), actor.is_authenticated)
        conditions.append(AuditEntry.city_id == city_id)
    elif not actor.is_admin:
        require(False, actor.is_authenticated, "Only administrators read the whole audit log.")
    return conditions


def list_entries(
    session: Session,
    actor: Actor,
    *,
    city_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[AuditView]:
    """Audit entries the actor may read (see _readable), newest first."""
    conditions = _readable(session, actor, city_id)
    query = select(AuditEntry, User.email).outerjoin(User, User.id == AuditEntry.user_id).where(*conditions)
    rows = session.execute(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
    return [
        AuditView(
            id=e.id,
            at=e.at,
            user=email,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            city_id=e.city_id,
            network_id=e.network_id,
            before=e.before,
            after=e.after,
        )
        for e, email in rows
    ]


def page_entries(
    session: Session, actor: Actor, *, city_id: int | None = None, page: int = 1, size: int = 100
) -> Page[AuditView]:
    """One page of the entries the actor may read, newest first, with their count."""
    total = session.scalar(select(func.count(AuditEntry.id)).where(*_readable(session, actor, city_id))) or 0
    offset, limit = bounds(page, size, total)
    return Page(
        list(list_entries(session, actor, city_id=city_id, limit=limit, offset=offset)), total, offset, limit
    )
