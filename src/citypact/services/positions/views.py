"""Reading positions: one with its group, signatures and evidence as the actor may see it, the
lists, and the places an actor may draft from. Who may do what: access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Final

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor, Role
from citypact.services.errors import NotFound
from citypact.services.input import clean_code
from citypact.services.positions.access import load, may_edit, signatures_of
from citypact.services.positions.drafting import cities_by_id
from citypact.services.positions.figures import Figure, live_figures
from citypact.storage.models import BenchmarkRound, CaseStudy, City, Network, NetworkMember
from citypact.storage.positions import (
    JointPosition,
    JointPositionCity,
    JointPositionEvidence,
    JointPositionSignature,
)

LIST_LIMIT: Final = 200


@dataclass(frozen=True)
class SignatureView:
    city_id: int
    city_name: str
    country: str
    signed_on: dt.date | None  # None: invited, not signed
    drafter: bool


@dataclass(frozen=True)
class EvidenceView:
    id: int
    kind: str
    city_id: int | None
    city_name: str | None
    indicator: str | None
    year: int | None
    benchmark_round_id: int | None
    benchmark_round: str | None
    case_study_id: int | None
    case_title: str | None
    reference: str
    source: str
    # An indicator's figure from the public benchmark (services/positions/figures.py), for
    # exactly `year`: `value` None where there is none (or the city is not public).
    value: float | None = None
    unit: str | None = None
    data_year: int | None = None
    figure_source: str | None = None
    figure_taken_at: dt.datetime | None = None  # when it was taken at sending; None: read now


@dataclass(frozen=True)
class PositionView:
    id: int
    kind: str
    city_id: int | None
    city_name: str | None
    network_id: int | None
    network_name: str | None
    network_slug: str | None
    title: str
    text: str
    asks: tuple[str, ...]
    asks_text: str
    level: str
    institution: str
    status: str
    sent_on: dt.date | None
    channel: str | None
    answer_text: str
    answer_on: dt.date | None
    answer_url: str
    cities: tuple[SignatureView, ...]
    evidence: tuple[EvidenceView, ...]
    version: int
    updated_at: dt.datetime
    may_edit: bool
    may_sign_for: tuple[int, ...]  # cities the actor signs for now
    may_withdraw_for: tuple[int, ...]
    next_outcomes: tuple[str, ...]

    @property
    def signed(self) -> tuple[SignatureView, ...]:
        return tuple(c for c in self.cities if c.signed_on is not None)


@dataclass(frozen=True)
class PositionRow:
    id: int
    kind: str
    title: str
    level: str
    institution: str
    status: str
    sent_on: dt.date | None
    drafter: str
    signatures: int
    cities: int


def _with_figure(
    view: EvidenceView, e: JointPositionEvidence, live: dict[int, Figure], public: bool
) -> EvidenceView:
    """`view` with its indicator's figure: as sent once taken, else read now; an unpublished city's
    figure is never shown."""
    if e.kind != "indicator":
        return view
    if e.figure_taken_at is not None:
        figure = Figure(e.figure_value, e.figure_unit or "", e.figure_source or "")
    elif e.id in live:
        figure = live[e.id]
    else:
        return view
    shown = public and figure.value is not None
    return replace(
        view,
        value=figure.value if shown else None,
        unit=figure.unit or None,
        data_year=e.year if shown else None,
        figure_source=figure.source if shown else None,
        figure_taken_at=e.figure_taken_at,
    )


def _evidence(session: Session, position_id: int) -> list[EvidenceView]:
    rows = session.execute(
        select(JointPositionEvidence, City.name, City.is_published, BenchmarkRound.title,
               CaseStudy.title, CaseStudy.is_published)
        .outerjoin(City, City.id == JointPositionEvidence.city_id)
        .outerjoin(BenchmarkRound, BenchmarkRound.id == JointPositionEvidence.benchmark_round_id)
        .outerjoin(CaseStudy, CaseStudy.id == JointPositionEvidence.case_study_id)
        .where(JointPositionEvidence.position_id == position_id)
        .order_by(JointPositionEvidence.id)
    ).all()  # fmt: skip
    live = live_figures(session, [e for e, *_ in rows if e.figure_taken_at is None])
    return [
        _with_figure(
            EvidenceView(
                id=e.id,
                kind=e.kind,
                city_id=e.city_id,
                city_name=name if public else None,
                indicator=e.indicator,
                year=e.year,
                benchmark_round_id=e.benchmark_round_id,
                benchmark_round=round_title,
                case_study_id=e.case_study_id if case_public else None,
                case_title=case_title if case_public else None,
                reference=e.reference,
                source=e.source,
            ),
            e,
            live,
            bool(public),
        )  # fmt: skip
        for e, name, public, round_title, case_title, case_public in rows
    ]


def view(session: Session, actor: Actor, position_id: int) -> PositionView:
    """The position with its group, signatures and evidence, as the actor may see it."""
    position, group = load(session, actor, position_id)
    signed = signatures_of(session, position_id)
    cities = cities_by_id(session, "city_ids", group) if group else {}
    drafter_city = session.get(City, position.city_id) if position.city_id else None
    network = session.get(Network, position.network_id) if position.network_id else None
    editor_of = actor.cities(Role.CITY_EDITOR) if actor.is_authenticated else set()
    sign_for = tuple(
        c for c in group if rules.sign_problem(position.status, c, group, signed) is None and c in editor_of
    )
    withdraw_for = tuple(
        c for c in group if rules.withdraw_problem(position.status, c, signed) is None and c in editor_of
    )
    rows = tuple(
        SignatureView(
            city_id=c,
            city_name=cities[c].name,
            country=cities[c].country,
            signed_on=signed[c].signed_on if c in signed else None,
            drafter=c == position.city_id,
        )  # fmt: skip
        for c in group
        if rules.may_change_text(position.status) or c in signed  # once sent: the signatories only
    )
    editable = may_edit(actor, position)
    return PositionView(
        id=position.id, kind=position.kind, city_id=position.city_id,
        city_name=drafter_city.name if drafter_city else None, network_id=position.network_id,
        network_name=network.name if network else None, network_slug=network.slug if network else None,
        title=position.title, text=position.text, asks=tuple(rules.ask_lines(position.asks)),
        asks_text=position.asks, level=position.level, institution=position.institution,
        status=position.status, sent_on=position.sent_on, channel=position.channel,
        answer_text=position.answer_text, answer_on=position.answer_on, answer_url=position.answer_url,
        cities=rows, evidence=tuple(_evidence(session, position_id)), version=position.version,
        updated_at=position.updated_at, may_edit=editable, may_sign_for=sign_for,
        may_withdraw_for=withdraw_for,
        next_outcomes=rules.FOLLOW.get(position.status, ()) if editable else (),
    )  # fmt: skip


def list_positions(
    session: Session, actor: Actor, *, network_id: int | None = None, city_id: int | None = None,
    status: str | None = None, limit: int = LIST_LIMIT,
) -> list[PositionRow]:  # fmt: skip
    """Positions the actor may read, newest first: of a network (its own and its members' drafts
    reach only its secretariat), of a city (drafted by it or with it in the group), or all sent ones."""
    if status is not None:
        status = clean_code("status", status, rules.STATUSES)
    limit = max(1, min(int(limit), LIST_LIMIT))
    query = select(JointPosition)
    if network_id is not None:
        query = query.where(JointPosition.network_id == network_id)
    if city_id is not None:
        in_group = select(JointPositionCity.position_id).where(JointPositionCity.city_id == city_id)
        query = query.where(or_(JointPosition.city_id == city_id, JointPosition.id.in_(in_group)))
    if status is not None:
        query = query.where(JointPosition.status == status)
    if not actor.is_admin:
        readable = [JointPosition.status != "draft"]
        if actor.is_authenticated:
            staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
            nets = actor.networks()
            if staff:
                readable.append(JointPosition.id.in_(
                    select(JointPositionCity.position_id).where(JointPositionCity.city_id.in_(staff))
                ))  # fmt: skip
                readable.append(JointPosition.city_id.in_(staff))
            if nets:
                readable.append(JointPosition.network_id.in_(nets))
                members = select(NetworkMember.city_id).where(
                    NetworkMember.network_id.in_(nets), NetworkMember.confirmed_at.is_not(None)
                )
                readable.append(JointPosition.city_id.in_(members))
        query = query.where(or_(*readable))
    query = query.order_by(JointPosition.sent_on.desc().nulls_first(), JointPosition.id.desc()).limit(limit)
    found = list(session.scalars(query))  # the filter above is may_read, in SQL
    ids = [p.id for p in found]
    group_sizes = dict(
        session.execute(
            select(JointPositionCity.position_id, func.count())
            .where(JointPositionCity.position_id.in_(ids))
            .group_by(JointPositionCity.position_id)
        ).all()
    )
    signatures = dict(
        session.execute(
            select(JointPositionSignature.position_id, func.count())
            .where(JointPositionSignature.position_id.in_(ids))
            .group_by(JointPositionSignature.position_id)
        ).all()
    )
    city_ids = {p.city_id for p in found if p.city_id is not None}
    network_ids = {p.network_id for p in found if p.network_id is not None}
    city_names = dict(session.execute(select(City.id, City.name).where(City.id.in_(city_ids))).all())
    network_names = dict(
        session.execute(select(Network.id, Network.name).where(Network.id.in_(network_ids))).all()
    )
    return [
        PositionRow(
            id=p.id,
            kind=p.kind,
            title=p.title,
            level=p.level,
            institution=p.institution,
            status=p.status,
            sent_on=p.sent_on,
            drafter=network_names.get(p.network_id or 0) or city_names.get(p.city_id or 0) or "",
            signatures=signatures.get(p.id, 0),
            cities=group_sizes.get(p.id, 0),
        )  # fmt: skip
        for p in found
    ]


def network_named(session: Session, slug: str) -> Network:
    """The network with this slug (lists and forms name networks by slug)."""
    network = session.scalars(select(Network).where(Network.slug == slug.strip().lower())).first()
    if network is None:
        raise NotFound("network", slug)
    return network


def city_named(session: Session, actor: Actor, city_id: int) -> City:
    """The city, if published or the actor may read its internals."""
    city = session.get(City, city_id)
    if city is None or (not city.is_published and not actor.can_read_city_internals(city_id)):
        raise NotFound("city", city_id)
    return city


def drafting_places(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """Where the actor may draft: ("city", id) or ("network", slug) pairs with their names, cities
    the actor edits first (administrators get none: they draft from a city's or network's list)."""
    if not actor.is_authenticated:
        return []
    places: list[tuple[str, str]] = []
    cities = sorted(actor.cities(Role.CITY_EDITOR))[:LIST_LIMIT]
    for city in session.scalars(select(City).where(City.id.in_(cities)).order_by(City.name)):
        places.append((f"/positions/new?city={city.id}", city.name))
    nets = sorted(actor.networks())[:LIST_LIMIT]
    for network in session.scalars(select(Network).where(Network.id.in_(nets)).order_by(Network.name)):
        places.append((f"/positions/new?network={network.slug}", network.name))
    return places
