"""Adding and editing entries of the funding programme catalogue: a secretariat's new entry, a
city's suggestion, changes to an entry's fields. Who may do what: programme_access.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import NotFound, require
from citypact.services.funding.programme_access import load_to_edit, maintainer, touch
from citypact.services.funding.programme_input import clean_programme, plain, today_utc
from citypact.services.versions import check_version, flush_checked
from citypact.storage.funding import FundingProgramme
from citypact.storage.models import City


def _columns(programme: FundingProgramme) -> dict[str, Any]:
    return {
        "name": programme.name,
        "funder_name": programme.funder_name,
        "funder_level": programme.funder_level,
        "instrument": programme.instrument,
        "summary": programme.summary,
        "countries": programme.countries,
        "size_bands": programme.size_bands,
        "joint_required": programme.joint_required,
        "min_cities": programme.min_cities,
        "min_countries": programme.min_countries,
        "fields": programme.fields,
        "gpc_sectors": programme.gpc_sectors,
        "measure_types": programme.measure_types,
        "amount_min_minor": programme.amount_min_minor,
        "amount_max_minor": programme.amount_max_minor,
        "currency": programme.currency,
        "funding_rate_bp": programme.funding_rate_bp,
        "source_url": programme.source_url,
        "checked_on": programme.checked_on,
    }


def create_programme(
    session: Session,
    actor: Actor,
    values: Mapping[str, Any],
    *,
    maintainer_network_id: Any = None,
    today: dt.date | None = None,
) -> FundingProgramme:
    """A new active entry (those who keep the catalogue), maintained by the actor's network."""
    require(
        actor.keeps_funding_catalogue(),
        actor.is_authenticated,
        "Only a network's secretariat or an administrator adds funding programmes.",
    )
    network = maintainer(session, actor, maintainer_network_id)
    clean = clean_programme(session, values, None, today or today_utc())
    programme = FundingProgramme(
        status="active",
        maintainer_network_id=network,
        created_by=actor.user_id,
        updated_by=actor.user_id,
        **clean,
    )
    session.add(programme)
    session.flush()
    audit.record(
        session, actor, "create", "funding_programme", programme.id, network_id=network, after=plain(clean)
    )
    return programme


def suggest_programme(
    session: Session, actor: Actor, city_id: int, values: Mapping[str, Any], *, today: dt.date | None = None
) -> FundingProgramme:
    """A city's editors suggest an entry; it stays unpublished until a secretariat accepts it."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    require(
        actor.can_edit_city(city_id),
        actor.is_authenticated,
        "Only the city's editors suggest programmes in its name.",
    )
    clean = clean_programme(session, values, None, today or today_utc())
    programme = FundingProgramme(
        status="suggested",
        suggested_by_city_id=city_id,
        created_by=actor.user_id,
        updated_by=actor.user_id,
        **clean,
    )
    session.add(programme)
    session.flush()
    audit.record(
        session, actor, "suggest", "funding_programme", programme.id, city_id=city_id, after=plain(clean)
    )
    return programme


def update_programme(
    session: Session,
    actor: Actor,
    programme_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> FundingProgramme:
    """Change an entry's fields (its maintainers)."""
    programme = load_to_edit(session, actor, programme_id)
    check_version("funding programme", programme_id, programme.version, expected_version)
    current = _columns(programme)
    clean = clean_programme(session, values, current, today or today_utc())
    changed = {k: v for k, v in clean.items() if current[k] != v}
    if not changed:
        return programme
    for key, value in changed.items():
        setattr(programme, key, value)
    touch(programme, actor)
    flush_checked(session, "funding programme", programme_id, expected_version)
    audit.record(
        session,
        actor,
        "update",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before=plain({k: current[k] for k in changed}),
        after=plain(changed),
    )
    return programme
