"""Technical cooperation: a city's offers of expertise and needs for support, and which offers of
other cities meet its needs (and which cities need what it offers), each with the reasons.

Offers and needs of published cities are public, so that cities find each other; only a city's
editors add or remove its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.cooperation import Item, fit
from citypact.domain.geo import haversine_km
from citypact.domain.match_reasons import condition_reasons
from citypact.domain.matching import signal_block
from citypact.domain.measures import ClassificationError
from citypact.domain.reasons import Reason
from citypact.services import audit
from citypact.services.cooperation.matching import match_table
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.registry.cities import readable_city
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.text_input import check_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, CooperationItem

DESCRIPTION_MAX: Final = 2_000
CONTACT_MAX: Final = 300
PER_ITEM: Final = 5  # matches listed per need or offer


@dataclass(frozen=True)
class ItemView:
    id: int
    city_id: int
    city_name: str
    country: str
    kind: str
    field: str
    support: str
    description: str
    contact: str
    version: int = 1  # services.versions


@dataclass(frozen=True)
class CooperationMatch:
    mine: ItemView  # the city's need (or offer)
    other: ItemView  # another city's offer (or need) that fits it
    fit: float  # 1: field and support agree, 0.5: field only
    score: float  # fit, then similarity of conditions and nearness, 0-1
    reasons: tuple[Reason, ...]  # the offer or need first, then the likeness; worded at the edge


def _view(row: CooperationItem, city: City) -> ItemView:
    return ItemView(
        row.id,
        row.city_id,
        city.name,
        city.country,
        row.kind,
        row.field,
        row.support,
        row.description,
        row.contact,
        row.version,
    )


def add_item(session: Session, actor: Actor, city_id: int, values: dict[str, Any]) -> CooperationItem:
    """An offer or need of the city (its editors only), checked field by field."""
    check_can_edit(session, actor, city_id)
    try:
        Item(
            0,
            city_id,
            str(values.get("kind", "")),
            str(values.get("field", "")),
            str(values.get("support", "")),
        )
    except ClassificationError as error:
        raise InvalidInput(error.field, error.message) from None
    description = str(values.get("description") or "").strip()
    contact = str(values.get("contact") or "").strip()
    check_text("description", description, multiline=True)
    check_text("contact", contact)
    if len(description) > DESCRIPTION_MAX:
        raise InvalidInput("description", f"keep it under {DESCRIPTION_MAX:,} characters.")
    if len(contact) > CONTACT_MAX:
        raise InvalidInput("contact", f"keep it under {CONTACT_MAX} characters.")
    row = CooperationItem(
        city_id=city_id,
        kind=values["kind"],
        field=values["field"],
        support=values["support"],
        description=description,
        contact=contact,
    )
    session.add(row)
    session.flush()
    after = {"kind": row.kind, "field": row.field, "support": row.support, "description": description}
    audit.record(session, actor, "create", "cooperation_item", row.id, city_id=city_id, after=after)
    return row


def item_to_remove(session: Session, actor: Actor, city_id: int, item_id: int) -> ItemView:
    """An offer or need the actor may remove (the page that asks before `remove_item`)."""
    city = check_can_edit(session, actor, city_id)
    row = session.get(CooperationItem, item_id)
    if row is None or row.city_id != city_id:
        raise NotFound("cooperation item", item_id)
    return _view(row, city)


def remove_item(
    session: Session, actor: Actor, city_id: int, item_id: int, *, expected_version: int | None = None
) -> None:
    check_can_edit(session, actor, city_id)
    row = session.get(CooperationItem, item_id)
    if row is None or row.city_id != city_id:
        raise NotFound("cooperation item", item_id)
    check_version("cooperation item", item_id, row.version, expected_version)
    before = {"kind": row.kind, "field": row.field, "support": row.support, "description": row.description}
    session.delete(row)
    flush_checked(session, "cooperation item", item_id, expected_version)
    audit.record(session, actor, "delete", "cooperation_item", item_id, city_id=city_id, before=before)


def list_items(session: Session, actor: Actor, city_id: int) -> list[ItemView]:
    city = readable_city(session, actor, city_id)
    rows = session.scalars(
        select(CooperationItem).where(CooperationItem.city_id == city_id).order_by(CooperationItem.id)
    ).all()
    return [_view(r, city) for r in rows]


def matches(session: Session, actor: Actor, city_id: int) -> list[CooperationMatch]:
    """For each need of the city the offers of other published cities that fit it, and for each of
    its offers the cities that need it; best fit first, then the most similar and nearest city."""
    city = readable_city(session, actor, city_id)
    mine = session.scalars(select(CooperationItem).where(CooperationItem.city_id == city_id)).all()
    if not mine:
        return []
    fields = {r.field for r in mine}
    others = session.execute(
        select(CooperationItem, City)
        .join(City, City.id == CooperationItem.city_id)
        .where(CooperationItem.field.in_(fields), CooperationItem.city_id != city_id, City.is_published)
    ).all()
    if not others:
        return []
    table, _ = match_table(session)
    me = table.row(city_id) if city.is_published else None
    similarity = (
        signal_block(table, np.array([me], dtype=np.int64), ["conditions", "distance"])
        if me is not None
        else {}
    )
    row_of = {int(i): r for r, i in enumerate(table.conditions.ids.tolist())}
    found: list[CooperationMatch] = []
    for item in mine:
        candidates = []
        for other, other_city in others:
            need, offer = (item, other) if item.kind == "need" else (other, item)
            score = fit(
                Item(need.id, need.city_id, need.kind, need.field, need.support),
                Item(offer.id, offer.city_id, offer.kind, offer.field, offer.support),
            )
            if score == 0.0:
                continue
            # First what the other city offers or needs (mine: the support asked for, where it differs).
            said = [
                Reason(
                    f"cooperation_{other.kind}",
                    None if score == 1.0 else item.support,
                    other.support,
                    note=other.field,
                )
            ]
            alike = near = 0.0
            r = row_of.get(other_city.id)
            if me is not None and r is not None:
                alike = float(similarity["conditions"][0, r])
                near = float(similarity["distance"][0, r])
                said += condition_reasons(table.conditions, me, r)
                km = float(haversine_km(city.lat, city.lon, other_city.lat, other_city.lon))
                said.append(Reason("distance_km", other=km))
            # The fit decides first; conditions and nearness order cities of equal fit.
            total = 0.6 * score + 0.3 * alike + 0.1 * near
            candidates.append(
                CooperationMatch(_view(item, city), _view(other, other_city), score, total, tuple(said))
            )
        candidates.sort(key=lambda m: (-m.fit, -m.score, m.other.city_name, m.other.id))
        found += candidates[:PER_ITEM]
    return found
