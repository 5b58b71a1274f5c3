"""Benchmark rounds: a network secretariat benchmarks its member cities at one moment and keeps the
result as it was, so later rounds show movement. Members are listed by name, never ranked.

Who sees a round: the network's secretariat, administrators and the staff of its member cities; a
round compares members with each other and is not public.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.activity_profile import catalogue_score
from citypact.domain.benchmark import HEADLINE
from citypact.services import audit
from citypact.services.benchmarking.data import MODEL_NOTE, benchmark_data, catalogue_types, city_measures
from citypact.services.errors import InvalidInput, NotFound, require
from citypact.services.registry.networks import network_by_slug
from citypact.storage.db import Database
from citypact.storage.models import BenchmarkRound, City, Network, NetworkMember

MOST_IMPROVED: Final = 3
TITLE_MAX: Final = 200


@dataclass(frozen=True)
class RoundSummary:
    id: int
    title: str
    created_at: dt.datetime
    members: int
    benchmarked: int


@dataclass(frozen=True)
class RoundView:
    id: int
    network_slug: str
    network_name: str
    title: str
    created_at: dt.datetime
    members: int
    benchmarked: int
    model: dict[str, Any]
    results: list[dict[str, Any]]  # one per member city, by name


def _member_ids(session: Session, network_id: int) -> list[int]:
    return list(session.scalars(select(NetworkMember.city_id).where(NetworkMember.network_id == network_id)))


def _may_read(actor: Actor, network_id: int, members: list[int]) -> bool:
    staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    return actor.runs_network(network_id) or bool(staff.intersection(members))


# Every key of a member's result: a member without emissions has them empty, so that a page or
# client reading a round (rounds stored before this had only the first four keys) finds each one.
EMPTY_RESULT: Final[dict[str, Any]] = dict.fromkeys(
    (
        "latest_year",
        HEADLINE,
        "trend_pct_per_year",
        "trend_years",
        "expected",
        "performance_pct",
        "performance_low_pct",
        "performance_high_pct",
        "faster_than_members",
        "members_with_trend",
        "note",
    )
) | {"most_improved": False}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _catalogue_percent(session: Session, cities: list[City]) -> dict[int, float | None]:
    """Each member's catalogue score (percent of the points it can achieve in its country); a member
    without an action plan is not assessed (left out: its score is null in the round, never 0)."""
    catalogue = catalogue_types(session)
    if not catalogue:
        return {}
    measures = city_measures(session, [c.id for c in cities])
    return {
        c.id: catalogue_score(measures[c.id], catalogue, c.country).percent for c in cities if measures[c.id]
    }


def _managed(session: Session, actor: Actor, slug: str) -> Network:
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id),
        actor.is_authenticated,
        "Only this network's secretariat runs its rounds.",
    )
    return network


def prepare_round(session: Session, actor: Actor, slug: str, title: str) -> dict[str, Any]:
    """Benchmark the network's published members now (secretariat only): the fields of the round
    to store. A read session will do: the benchmark is computed outside the write transaction."""
    network = _managed(session, actor, slug)
    title = title.strip()
    if not title or len(title) > TITLE_MAX:
        raise InvalidInput(
            "title", f"give the round a title of 1 to {TITLE_MAX} characters, e.g. 'Spring 2027'."
        )
    cities = session.scalars(
        select(City)
        .join(NetworkMember, NetworkMember.city_id == City.id)
        .where(NetworkMember.network_id == network.id, City.is_published)
        .order_by(City.name, City.id)
    ).all()
    data = benchmark_data(session)
    rows: dict[int, int] = {}  # member city id -> its row in the benchmark data
    for city in cities:
        row = data.row(city.id) if data else None
        if row is not None:
            rows[city.id] = row
    table = data.network.cities if data else None

    # Movement among the members: how many members with a trend each one outpaces.
    rates = {i: _number(table["trend_pct_per_year"][r]) for i, r in rows.items()} if table is not None else {}
    known = np.array([r for r in rates.values() if r is not None])
    improved = sorted((r, i) for i, r in rates.items() if r is not None and r < 0)[:MOST_IMPROVED]
    catalogue = _catalogue_percent(session, list(cities))
    results = []
    for city in cities:
        row = rows.get(city.id)
        entry: dict[str, Any] = EMPTY_RESULT | {
            "city_id": city.id,
            "name": city.name,
            "country": city.country,
            "catalogue_score_pct": catalogue.get(city.id),
        }
        if row is None or table is None:
            entry["note"] = "no submitted or verified emissions"
            results.append(entry)
            continue
        rate = rates.get(city.id)
        year = table["latest_year"][row]
        entry |= {
            "latest_year": int(year) if year is not None else None,
            HEADLINE: _number(table[HEADLINE][row]),
            "trend_pct_per_year": rate,
            "trend_years": int(table["trend_years"][row]),
            "expected": _number(table["expected"][row]),
            "performance_pct": _number(table["performance_pct"][row]),
            "performance_low_pct": _number(table["performance_low_pct"][row]),
            "performance_high_pct": _number(table["performance_high_pct"][row]),
            "faster_than_members": int((known > rate).sum()) if rate is not None else None,
            "members_with_trend": int(known.size - (rate is not None)),
            "most_improved": any(i == city.id for _, i in improved),
        }
        results.append(entry)
    model = {
        "note": MODEL_NOTE,
        "chosen": data.level.kind if data else None,
        "cities_validated": data.level.validation.cities if data else None,
        "out_of_sample_r2": _number(data.level.validation.score(data.level.kind).r2_mean) if data else None,
        "out_of_sample_mdale": _number(data.level.validation.score(data.level.kind).mdale_mean)
        if data
        else None,
    }
    return {
        "network_id": network.id,
        "title": title,
        "created_by": actor.user_id,
        "members": len(cities),
        "benchmarked": len(rows),
        "model": model,
        "results": results,
    }


def store_round(session: Session, actor: Actor, slug: str, fields: dict[str, Any]) -> BenchmarkRound:
    """Keep a round computed by `prepare_round` (the secretariat is checked again)."""
    network = _managed(session, actor, slug)
    saved = BenchmarkRound(**(fields | {"network_id": network.id}))
    session.add(saved)
    session.flush()
    after = {
        "round": saved.id,
        "title": saved.title,
        "members": saved.members,
        "benchmarked": saved.benchmarked,
    }
    audit.record(session, actor, "benchmark_round", "network", network.id, network_id=network.id, after=after)
    return saved


def run_round(session: Session, actor: Actor, slug: str, title: str) -> BenchmarkRound:
    """Benchmark the network's published members now and keep the result (secretariat only)."""
    return store_round(session, actor, slug, prepare_round(session, actor, slug, title))


def record_round(db: Database, actor: Actor, slug: str, title: str) -> int:
    """`run_round` with the benchmark computed in a read session; the write transaction only
    stores the round."""
    with db.read() as session:
        fields = prepare_round(session, actor, slug, title)
    with db.write() as session:
        return store_round(session, actor, slug, fields).id


def list_rounds(session: Session, actor: Actor, slug: str) -> list[RoundSummary]:
    network = network_by_slug(session, slug)
    require(
        _may_read(actor, network.id, _member_ids(session, network.id)),
        actor.is_authenticated,
        "Benchmark rounds are for the network's secretariat and its member cities.",
    )
    rounds = session.scalars(
        select(BenchmarkRound)
        .where(BenchmarkRound.network_id == network.id)
        .order_by(BenchmarkRound.created_at.desc(), BenchmarkRound.id.desc())
    ).all()
    return [RoundSummary(r.id, r.title, r.created_at, r.members, r.benchmarked) for r in rounds]


def recent_rounds(session: Session, actor: Actor, slug: str, limit: int = 5) -> list[RoundSummary]:
    """The network's latest rounds for its page: none for a reader who may not see rounds."""
    network = network_by_slug(session, slug)
    if not _may_read(actor, network.id, _member_ids(session, network.id)):
        return []
    return list_rounds(session, actor, slug)[:limit]


def get_round(session: Session, actor: Actor, round_id: int) -> RoundView:
    saved = session.get(BenchmarkRound, round_id)
    if saved is None:
        raise NotFound("benchmark round", round_id)
    network = session.get(Network, saved.network_id)
    assert network is not None  # the round is deleted with its network
    require(
        _may_read(actor, network.id, _member_ids(session, network.id)),
        actor.is_authenticated,
        "Benchmark rounds are for the network's secretariat and its member cities.",
    )
    return RoundView(
        saved.id, network.slug, network.name, saved.title, saved.created_at, saved.members,
        saved.benchmarked, saved.model, [EMPTY_RESULT | r for r in saved.results],
    )  # fmt: skip
