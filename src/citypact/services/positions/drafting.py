"""Drafting a joint position: its fields and their cleaning, creating a draft with its group,
changing its text. Who may do what: access.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, require
from citypact.services.funding.programme_input import as_ids
from citypact.services.input import clean_code, clean_text
from citypact.services.positions.access import PROBLEMS, load_to_edit
from citypact.services.registry.networks import confirmed_networks
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, Network, utcnow
from citypact.storage.positions import JointPosition, JointPositionCity

EDITABLE: Final = ("title", "text", "asks", "level", "institution")
TITLE_MAX: Final = 300
TEXT_MAX: Final = 20_000
ASKS_MAX: Final = 4_000
INSTITUTION_MAX: Final = 300
MAX_CITIES: Final = 100  # cities in one group


def _network(session: Session, value: Any) -> Network:
    network: Network | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        network = session.get(Network, value)
    elif isinstance(value, str) and value.strip().isdigit():
        network = session.get(Network, int(value))
    elif isinstance(value, str) and value.strip():
        network = session.scalars(select(Network).where(Network.slug == value.strip().lower())).first()
    if network is None:
        raise InvalidInput("network", f"no network {value!r}; give its slug, e.g. c40.")
    return network


def _clean(values: Mapping[str, Any], creating: bool) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "title" in values or creating:
        clean["title"] = clean_text("title", values.get("title"), TITLE_MAX, required=True)
    if "text" in values or creating:
        clean["text"] = clean_text("text", values.get("text"), TEXT_MAX)
    if "asks" in values or creating:
        asks = clean_text("asks", values.get("asks"), ASKS_MAX)
        clean["asks"] = "\n".join(rules.ask_lines(asks))
    if "level" in values or creating:
        clean["level"] = clean_code("level", values.get("level"), rules.LEVELS)
    if "institution" in values or creating:
        clean["institution"] = clean_text(
            "institution", values.get("institution"), INSTITUTION_MAX, required=True
        )
    return clean


def cities_by_id(session: Session, field: str, ids: Sequence[int]) -> dict[int, City]:
    found = {c.id: c for c in session.scalars(select(City).where(City.id.in_(list(ids))))} if ids else {}
    missing = [c for c in ids if c not in found]
    if missing:
        raise InvalidInput(field, f"no city with id {missing[0]}.")
    return found


def check_members(session: Session, network_id: int, city_ids: Sequence[int]) -> None:
    members = confirmed_networks(session, city_ids)
    outside = [c for c in city_ids if network_id not in members.get(c, set())]
    if outside:
        raise InvalidInput(
            "city_ids",
            f"city {outside[0]} has not confirmed it is a member of this network; invite members only.",
        )


def create_position(session: Session, actor: Actor, values: Mapping[str, Any]) -> JointPosition:
    """A draft: `city_id` (its editors draft a position) or `network` (its secretariat drafts a
    recommendation, or a position with `kind`), title, text, asks (one per line), level,
    institution, and the invited cities `city_ids`."""
    allowed = {"kind", "city_id", "network", "city_ids", *EDITABLE}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")
    if not actor.is_authenticated and not actor.is_admin:
        raise NotAuthenticated()
    city_id: int | None = None
    network_id: int | None = None
    if values.get("network") not in (None, ""):
        network = _network(session, values.get("network"))
        require(actor.runs_network(network.id), actor.is_authenticated,
                "Only the network's secretariat drafts in the network's name.")  # fmt: skip
        network_id = network.id
        kind = clean_code("kind", values.get("kind") or "recommendation", rules.KINDS)
    else:
        ids = as_ids("city_id", values.get("city_id"), 1)
        if not ids:
            raise InvalidInput("city_id", "name the city that drafts the position, or the network.")
        require(actor.can_edit_city(ids[0]), actor.is_authenticated,
                "Only the city's editors draft a position in its name.")  # fmt: skip
        city_id = ids[0]
        kind = clean_code("kind", values.get("kind") or "position", ("position",))
    invited = [c for c in as_ids("city_ids", values.get("city_ids"), MAX_CITIES) if c != city_id]
    group = ([city_id] if city_id is not None else []) + invited
    if len(group) > MAX_CITIES:
        raise InvalidInput("city_ids", f"a group has at most {MAX_CITIES} cities.")
    cities_by_id(session, "city_ids" if city_id is None or len(group) > 1 else "city_id", group)
    if network_id is not None and group:
        check_members(session, network_id, group)
    clean = _clean(values, creating=True)
    now = utcnow()
    position = JointPosition(
        kind=kind, city_id=city_id, network_id=network_id, status="draft",
        created_by=actor.user_id, created_at=now, updated_at=now, **clean,
    )  # fmt: skip
    session.add(position)
    session.flush()
    for cid in group:
        session.add(JointPositionCity(position_id=position.id, city_id=cid, invited_at=now))
    session.flush()
    audit.record(
        session, actor, "create", "joint_position", position.id, city_id=city_id, network_id=network_id,
        after={"kind": kind, "cities": group, **clean},
    )  # fmt: skip
    return position


def update_position(
    session: Session, actor: Actor, position_id: int, values: Mapping[str, Any],
    *, expected_version: int | None = None,
) -> JointPosition:  # fmt: skip
    """Change the draft's title, text, asks, level or institution."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    position, _ = load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    clean = _clean(values, creating=False)
    changed = {k: v for k, v in clean.items() if getattr(position, k) != v}
    if not changed:
        return position
    before = {k: getattr(position, k) for k in changed}
    for key, value in changed.items():
        setattr(position, key, value)
    position.updated_at = utcnow()
    flush_checked(session, "position", position_id, expected_version)
    audit.record(
        session, actor, "update", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before=before, after=changed,
    )  # fmt: skip
    return position
