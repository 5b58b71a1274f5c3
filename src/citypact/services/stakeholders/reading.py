"""What may be read of organisations: a city's list (confirmed ones, for everyone), the editors'
queue of what waits for a decision, a person's own organisations, and an organisation's page with
its people and its deals, commitments and their latest reported values.

The contact e-mail and the people are shown to the city's staff and the organisation's confirmed
people only. Of the deals the public sees those signed or later, and of those only the parts the
city made public (Deal.public_parts: commitments, kpis, progress).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import DEAL_STATUSES
from citypact.services.errors import NotFound, require
from citypact.services.paging import Page, bounds
from citypact.services.registry.cities import readable_city
from citypact.services.stakeholders.registration import organisation
from citypact.storage.deals import CommitmentReport, Deal, DealCommitment, DealParty
from citypact.storage.models import City, Organisation, User
from citypact.storage.stakeholders import OrganisationPerson

PUBLIC_DEAL_STATUSES: Final = DEAL_STATUSES[DEAL_STATUSES.index("signed") :]
MAX_DEALS: Final = 200  # shown on one organisation's page
MAX_PEOPLE: Final = 500
MAX_QUEUE: Final = 500


@dataclass(frozen=True)
class OrganisationView:
    id: int
    city_id: int
    city_name: str
    name: str
    kind: str
    sector: str
    size: str | None
    website: str
    contact_email: str | None  # None: not for this reader
    status: str
    status_reason: str
    version: int


@dataclass(frozen=True)
class PersonView:
    id: int
    organisation_id: int
    user_id: int
    name: str
    position: str
    status: str
    reason: str
    requested_at: dt.datetime


@dataclass(frozen=True)
class CommitmentView:
    id: int
    title: str
    kind: str
    due_date: dt.date | None
    kpi_name: str | None  # None: the KPI is not public
    kpi_unit: str
    kpi_target: float | None
    kpi_target_year: int | None
    latest_value: float | None  # None: nothing reported, or progress not public
    latest_as_of: dt.date | None


@dataclass(frozen=True)
class DealOfOrganisation:
    id: int
    title: str
    status: str
    action_field: str
    signed_on: dt.date | None
    commitments: list[CommitmentView]


@dataclass(frozen=True)
class OrganisationPage:
    organisation: OrganisationView
    people: list[PersonView] | None  # None: not for this reader
    my_status: str | None  # the reader's own request, if any
    may_edit: bool  # the reader speaks for it
    may_decide: bool  # the reader edits its city
    deals: list[DealOfOrganisation]


@dataclass(frozen=True)
class Queue:
    organisations: list[OrganisationView]  # pending registrations
    requests: list[tuple[OrganisationView, PersonView]]  # people asking to join confirmed ones


@dataclass(frozen=True)
class Mine:
    organisation: OrganisationView
    person: PersonView


def is_staff(actor: Actor, org: Organisation) -> bool:
    """The city's own staff (editors and viewers), who read everything of its organisations."""
    return actor.can_read_city_internals(org.city_id or 0)


def _view(org: Organisation, city_name: str, *, contact: bool) -> OrganisationView:
    return OrganisationView(
        org.id,
        org.city_id or 0,
        city_name,
        org.name,
        org.kind,
        org.sector,
        org.size,
        org.website,
        org.contact_email if contact else None,
        org.status,
        org.status_reason,
        org.version,
    )


def _person_view(row: OrganisationPerson, name: str) -> PersonView:
    return PersonView(
        row.id, row.organisation_id, row.user_id, name, row.position, row.status, row.reason, row.requested_at
    )


def list_organisations(
    session: Session, actor: Actor, city_id: int, *, page: int = 1, size: int = 100
) -> Page[OrganisationView]:
    """A city's confirmed organisations by name; the contact e-mail for its staff and each
    organisation's own people."""
    city = readable_city(session, actor, city_id)
    where = (Organisation.city_id == city_id, Organisation.status == "confirmed")
    total = session.scalar(select(func.count(Organisation.id)).where(*where)) or 0
    offset, limit = bounds(page, size, total)
    rows = session.scalars(
        select(Organisation).where(*where).order_by(func.lower(Organisation.name), Organisation.id)
        .offset(offset).limit(limit)
    ).all()  # fmt: skip
    staff = actor.can_read_city_internals(city_id)
    items = [_view(r, city.name, contact=staff or actor.speaks_for(r.id)) for r in rows]
    return Page(items, total, offset, limit)


def _my_row(session: Session, actor: Actor, organisation_id: int) -> OrganisationPerson | None:
    if actor.user_id is None:
        return None
    return session.scalar(
        select(OrganisationPerson).where(
            OrganisationPerson.organisation_id == organisation_id, OrganisationPerson.user_id == actor.user_id
        )
    )


def _people(session: Session, organisation_id: int) -> list[PersonView]:
    rows = session.execute(
        select(OrganisationPerson, User.name)
        .join(User, User.id == OrganisationPerson.user_id)
        .where(OrganisationPerson.organisation_id == organisation_id)
        .order_by(OrganisationPerson.id)
        .limit(MAX_PEOPLE)
    ).all()
    return [_person_view(row, name) for row, name in rows]


def _deals(session: Session, organisation_id: int, *, public: bool) -> list[DealOfOrganisation]:
    query = (
        select(Deal, DealParty.id)
        .join(DealParty, DealParty.deal_id == Deal.id)
        .where(DealParty.organisation_id == organisation_id)
    )
    if public:
        query = query.where(Deal.status.in_(PUBLIC_DEAL_STATUSES))
    found = session.execute(query.order_by(Deal.id.desc()).limit(MAX_DEALS)).all()
    party_ids = [party_id for _, party_id in found]
    commitments = session.scalars(
        select(DealCommitment).where(DealCommitment.party_id.in_(party_ids)).order_by(DealCommitment.id)
    ).all()
    latest = _latest_reports(session, [c.id for c in commitments])
    by_party: dict[int, list[DealCommitment]] = {}
    for c in commitments:
        by_party.setdefault(c.party_id, []).append(c)
    deals = []
    for deal, party_id in found:
        parts = set(deal.public_parts or ()) if public else {"commitments", "kpis", "progress"}
        shown = by_party.get(party_id, []) if "commitments" in parts else []
        views = []
        for c in shown:
            kpi = "kpis" in parts
            report = latest.get(c.id) if "progress" in parts else None
            views.append(
                CommitmentView(
                    c.id,
                    c.title,
                    c.kind,
                    c.due_date,
                    c.kpi_name if kpi else None,
                    c.kpi_unit if kpi else "",
                    c.kpi_target if kpi else None,
                    c.kpi_target_year if kpi else None,
                    report[1] if report else None,
                    report[0] if report else None,
                )
            )
        deals.append(
            DealOfOrganisation(deal.id, deal.title, deal.status, deal.action_field, deal.signed_on, views)
        )
    return deals


def _latest_reports(session: Session, commitment_ids: list[int]) -> dict[int, tuple[dt.date, float]]:
    """The last reported value of each commitment: the latest date, and of one date the last entered."""
    if not commitment_ids:
        return {}
    rows = session.execute(
        select(CommitmentReport.commitment_id, CommitmentReport.as_of, CommitmentReport.value)
        .where(CommitmentReport.commitment_id.in_(commitment_ids))
        .order_by(CommitmentReport.commitment_id, CommitmentReport.as_of, CommitmentReport.id)
    ).all()
    return {cid: (as_of, value) for cid, as_of, value in rows}


def get_organisation(session: Session, actor: Actor, organisation_id: int) -> OrganisationPage:
    """An organisation's page. A pending or refused one is shown only to its city's staff and to those
    who asked to speak for it; to anyone else it does not exist."""
    org = organisation(session, organisation_id)
    city = readable_city(session, actor, org.city_id or 0)
    staff = is_staff(actor, org)
    mine = _my_row(session, actor, org.id)
    if org.status != "confirmed" and not staff and mine is None and not actor.is_admin:
        raise NotFound("organisation", organisation_id)
    insider = staff or actor.speaks_for(org.id)
    registrant = actor.user_id is not None and org.registered_by == actor.user_id
    return OrganisationPage(
        _view(org, city.name, contact=insider or registrant),
        _people(session, org.id) if insider else None,
        mine.status if mine is not None else None,
        actor.speaks_for(org.id),
        actor.can_edit_city(org.city_id or 0),
        _deals(session, org.id, public=not insider),
    )


def queue(session: Session, actor: Actor, city_id: int) -> Queue:
    """What waits for the city's editors: pending registrations and requests to join, oldest first."""
    city = session.get(City, city_id) if 1 <= city_id <= 2**31 - 1 else None
    if city is None:
        raise NotFound("city", city_id)
    require(actor.can_edit_city(city_id), actor.is_authenticated, "Only this city's editors decide these.")
    pending = session.scalars(
        select(Organisation)
        .where(Organisation.city_id == city_id, Organisation.status == "pending")
        .order_by(Organisation.registered_at, Organisation.id)
        .limit(MAX_QUEUE)
    ).all()
    asking = session.execute(
        select(OrganisationPerson, User.name, Organisation)
        .join(User, User.id == OrganisationPerson.user_id)
        .join(Organisation, Organisation.id == OrganisationPerson.organisation_id)
        .where(
            Organisation.city_id == city_id,
            Organisation.status == "confirmed",
            OrganisationPerson.status == "requested",
        )
        .order_by(OrganisationPerson.requested_at, OrganisationPerson.id)
        .limit(MAX_QUEUE)
    ).all()
    return Queue(
        [_view(o, city.name, contact=True) for o in pending],
        [(_view(o, city.name, contact=True), _person_view(p, name)) for p, name, o in asking],
    )


def my_organisations(session: Session, actor: Actor) -> list[Mine]:
    """The organisations the signed-in person asked to speak for, with where each request stands."""
    require(actor.user_id is not None, actor.is_authenticated)
    rows = session.execute(
        select(OrganisationPerson, User.name, Organisation, City.name)
        .join(User, User.id == OrganisationPerson.user_id)
        .join(Organisation, Organisation.id == OrganisationPerson.organisation_id)
        .join(City, City.id == Organisation.city_id)
        .where(OrganisationPerson.user_id == actor.user_id)
        .order_by(func.lower(Organisation.name), Organisation.id)
        .limit(MAX_PEOPLE)
    ).all()
    return [
        Mine(_view(o, city_name, contact=actor.speaks_for(o.id)), _person_view(p, name))
        for p, name, o, city_name in rows
    ]
