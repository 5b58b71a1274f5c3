"""A network secretariat's funding pipeline: the confirmed member cities' open measures with a
funding gap, the programmes matched to each, and the joint applications the members could form.

A joint opportunity is a joint-only programme (or one asking for more than one city or country)
for which member cities have a measure that fits it in everything but the joint rule; when those
cities together meet the rule (cities and countries), the pipeline links the application form with
the city with the largest gap as lead. Only the network's secretariat and administrators read it:
the figures are the members' internal data, shared with the networks they confirmed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain import funding_match as fm
from citypact.domain.access import Actor
from citypact.domain.funding import size_band
from citypact.services.errors import NotAuthenticated, PermissionDenied
from citypact.services.funding import matching
from citypact.services.funding.matching import Applicant, MeasureNeed, ProgrammeInfo
from citypact.services.registry.networks import network_by_slug
from citypact.storage.models import City, NetworkMember

MAX_MEMBERS: Final = 300  # confirmed members read, by name
JOINT_ONLY: Final = frozenset({"joint_too_few"})


@dataclass(frozen=True)
class PipelineMeasure:
    city: Applicant
    measure: MeasureNeed
    matches: tuple[fm.Match, ...]  # eligible, in order


@dataclass(frozen=True)
class JointCity:
    city: Applicant
    measure_ids: tuple[int, ...]
    gap_minor: int  # the largest gap among those measures (in the measure's currency)


@dataclass(frozen=True)
class JointOpportunity:
    programme_id: int
    cities: tuple[JointCity, ...]
    needs_cities: int
    needs_countries: int
    has_cities: int
    has_countries: int
    apply_url: str | None  # the application form, when the rule is met

    @property
    def met(self) -> bool:
        return self.apply_url is not None


@dataclass(frozen=True)
class Pipeline:
    slug: str
    name: str
    on: dt.date
    members: int
    measures: tuple[PipelineMeasure, ...]
    joint: tuple[JointOpportunity, ...]
    programmes: dict[int, ProgrammeInfo]
    truncated: bool


def network_pipeline(session: Session, actor: Actor, slug: str, *, on: dt.date | None = None) -> Pipeline:
    network = network_by_slug(session, slug)
    if not actor.is_authenticated:
        raise NotAuthenticated("Sign in to see a network's funding pipeline.")
    if not actor.runs_network(network.id):
        raise PermissionDenied("The funding pipeline is for the network's secretariat.")
    day = matching.day_of(on)
    rows = list(
        session.scalars(
            select(City)
            .join(NetworkMember, NetworkMember.city_id == City.id)
            .where(NetworkMember.network_id == network.id, NetworkMember.confirmed_at.is_not(None))
            .order_by(City.name, City.id)
            .limit(MAX_MEMBERS + 1)
        )
    )
    truncated = len(rows) > MAX_MEMBERS
    cities = [
        Applicant(c.id, c.name, c.country, c.population, size_band(c.population)) for c in rows[:MAX_MEMBERS]
    ]
    catalogue = matching.load_catalogue(session, day)
    measures = matching.open_measures(session, [c.id for c in cities])
    joint_programmes = [p for p in catalogue.rules if fm.is_joint(p)]
    listed: list[PipelineMeasure] = []
    candidates: dict[int, dict[int, list[MeasureNeed]]] = {p.id: {} for p in joint_programmes}
    for city in cities:
        gapped = [m for m in measures[city.id] if m.currency and (m.gap_minor or 0) > 0]
        if not gapped:
            continue
        partners = matching.partners_of(session, city.id, internal=True)
        others = matching.cities_of(partners)
        for m in gapped:
            found = fm.match_all(catalogue.rules, city.city, m.need, day, others)
            listed.append(PipelineMeasure(city, m, tuple(x for x in found if x.eligible)))
            for x in found:
                if x.programme_id in candidates and (
                    x.eligible or {r.code for r in x.rules_out} <= JOINT_ONLY
                ):
                    candidates[x.programme_id].setdefault(city.id, []).append(m)
    by_id = {c.id: c for c in cities}
    joint: list[JointOpportunity] = []
    for p in joint_programmes:
        fitting = candidates[p.id]
        if not fitting:
            continue
        group = [
            JointCity(by_id[cid], tuple(m.id for m in ms), max(m.gap_minor or 0 for m in ms))
            for cid, ms in fitting.items()
        ]
        group.sort(key=lambda j: (-j.gap_minor, j.city.name, j.city.id))
        lead, rest = group[0].city, [j.city.city for j in group[1:]]
        count = fm.joint_check(p, lead.city, rest)
        url = None
        if count.met:
            ids = ",".join(str(j.city.id) for j in group)
            url = "/funding/applications/new?" + urlencode(
                {"programme": p.id, "cities": ids, "network": network.slug}, safe=","
            )
        joint.append(
            JointOpportunity(
                p.id,
                tuple(group),
                count.needs_cities,
                count.needs_countries,
                count.has_cities,
                count.has_countries,
                url,
            )  # fmt: skip
        )
    joint.sort(key=lambda j: (not j.met, j.programme_id))
    return Pipeline(
        network.slug, network.name, day, len(cities), tuple(listed), tuple(joint), catalogue.info, truncated
    )
