"""A city's first inventory: the guided path, the first estimate written as rows of a draft, the
checklist of subsectors still resting on the estimate, and the inventory's completeness.

Who may do what: the city's staff and the secretariats of its confirmed networks read the path (as
they read its drafts); only the city's editors write the estimate, through the inventory services
(services/inventory/inventories), which authorize, check every row, compute and audit again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain import first_inventory as fi
from citypact.domain.access import Actor
from citypact.domain.gpc import GPC_REFS
from citypact.reference.benchmark_panel import read_panel
from citypact.services import audit
from citypact.services.benchmarking.conditions import country_regions
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.inventory import inventories
from citypact.services.inventory.inventories.basis import _can_read_drafts, activity_frame
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.text_input import check_texts
from citypact.storage.beginners import FirstInventoryComment
from citypact.storage.models import City, Inventory
from citypact.storage.partnerships import Partnership, PartnershipMember

ESTIMATE_FILE = "first estimate"  # the file name the estimate's rows are imported under (audit)
MAX_COMMENT = 2000  # characters of one comment
MAX_COMMENTS_SHOWN = 200  # the newest comments of an inventory the page and the API list
AGREED = ("accepted", "declared", "active", "reviewed")  # domain.partnerships.AGREED


@dataclass(frozen=True)
class ChecklistRow:
    record_id: int
    gpc_ref: str
    subsector: str
    estimate: bool  # written by the first estimate (not yet replaced by local data)
    notation_key: str | None


@dataclass(frozen=True)
class CommentView:
    id: int
    subsector: str
    body: str
    author_city_id: int | None
    author_city_name: str
    created_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class FirstInventoryView:
    city_id: int
    city_name: str
    country: str
    population: int | None
    steps: tuple[fi.GuideStep, ...]
    can_edit: bool
    inventory: inventories.InventorySummary | None  # the city's latest inventory
    checklist: tuple[fi.ChecklistItem, ...] = ()
    rows: tuple[ChecklistRow, ...] = ()
    missing_refs: list[str] = field(default_factory=list)
    local_share: float = 0.0
    preview: fi.FirstEstimate | None = None  # what an estimate would give now (no inventory yet)
    mentors: tuple[tuple[int, str], ...] = ()  # (city id, name) of the mentor cities
    comments: tuple[CommentView, ...] = ()  # newest first
    can_comment: bool = False


@cache
def _per_capita_by_place() -> tuple[dict[str, list[float]], dict[str, list[float]], list[float]]:
    """Credible reported per-capita emissions of the benchmark panel: by country, region, all."""
    panel = read_panel().filter(~pl.col("implausible")).drop_nulls("per_capita_t")
    by_country: dict[str, list[float]] = {}
    by_region: dict[str, list[float]] = {}
    for country, region, value in panel.select("country", "region", "per_capita_t").iter_rows():
        by_country.setdefault(country or "", []).append(value)
        by_region.setdefault(region or "", []).append(value)
    return by_country, by_region, panel["per_capita_t"].to_list()


def estimate_for(country: str, population: int) -> fi.FirstEstimate:
    """The first estimate of a city of `country` with `population` inhabitants."""
    if not 0 < population <= fi.MAX_POPULATION:
        raise InvalidInput("population", f"give the number of inhabitants, from 1 to {fi.MAX_POPULATION:,}.")
    by_country, by_region, everything = _per_capita_by_place()
    region = country_regions().get(country, "")
    levels = [
        ("country", by_country.get(country, [])),
        ("region", by_region.get(region, []) if region else []),
        ("world", everything),
    ]
    return fi.first_estimate(levels, population)


def _latest_inventory(session: Session, city_id: int) -> Inventory | None:
    return session.scalar(
        select(Inventory).where(Inventory.city_id == city_id).order_by(Inventory.year.desc()).limit(1)
    )


def mentor_cities(session: Session, city_id: int) -> list[tuple[int, str]]:
    """(id, name) of the cities that are mentors in an agreed partnership the city belongs to."""
    mine = select(PartnershipMember.partnership_id).where(PartnershipMember.city_id == city_id)
    rows = session.execute(
        select(City.id, City.name)
        .join(PartnershipMember, PartnershipMember.city_id == City.id)
        .join(Partnership, Partnership.id == PartnershipMember.partnership_id)
        .where(
            PartnershipMember.partnership_id.in_(mine),
            PartnershipMember.role == "mentor",
            PartnershipMember.city_id != city_id,
            Partnership.status.in_(AGREED),
        )
        .distinct()
        .order_by(City.name)
        .limit(50)
    )
    return [(int(i), str(n)) for i, n in rows]


def _readers_check(session: Session, actor: Actor, city: City) -> list[tuple[int, str]]:
    """Refuse who may not read the city's first inventory; returns its mentor cities."""
    mentors = mentor_cities(session, city.id)
    require(
        _can_read_drafts(session, actor, city.id)
        or any(actor.can_read_city_internals(mentor) for mentor, _ in mentors),
        actor.is_authenticated,
        "The first inventory is for the city's staff, its mentor cities' staff and the secretariats"
        " of its networks.",
    )
    return mentors


def _comment_city(actor: Actor, city_id: int, mentors: list[tuple[int, str]]) -> int | None:
    """The city a comment of the actor speaks for: the city itself or one of its mentors."""
    if actor.can_edit_city(city_id):
        return city_id
    return next((mentor for mentor, _ in mentors if actor.can_edit_city(mentor)), None)


def _comments(session: Session, inventory_id: int) -> tuple[CommentView, ...]:
    rows = session.execute(
        select(FirstInventoryComment, City.name)
        .outerjoin(City, City.id == FirstInventoryComment.author_city_id)
        .where(FirstInventoryComment.inventory_id == inventory_id)
        .order_by(FirstInventoryComment.created_at.desc(), FirstInventoryComment.id.desc())
        .limit(MAX_COMMENTS_SHOWN)
    )
    return tuple(
        CommentView(c.id, c.subsector, c.body, c.author_city_id, name or "", c.created_at.isoformat())
        for c, name in rows
    )


def first_inventory(session: Session, actor: Actor, city_id: int) -> FirstInventoryView:
    """The guided path of a city with its latest inventory's checklist and completeness, and the
    mentor cities' comments."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    mentors = _readers_check(session, actor, city)
    view = FirstInventoryView(
        city_id=city.id,
        city_name=city.name,
        country=city.country,
        population=city.population,
        steps=fi.guide_steps(),
        can_edit=actor.can_edit_city(city_id),
        inventory=None,
        mentors=tuple(mentors),
    )
    inventory = _latest_inventory(session, city_id)
    if inventory is None:
        if city.population and city.population <= fi.MAX_POPULATION:
            return replace(view, preview=estimate_for(city.country, city.population))
        return view
    # A mentor city's staff were admitted above: they read the draft as the city's viewers would.
    reader = actor if actor.can_read_city_internals(city_id) else actor.as_viewer_of(city_id)
    detail = inventories.get_inventory(session, reader, inventory.id)
    frame = activity_frame(session, inventory.id).select("row", "gpc_ref", "source", "notation_key")
    rows = tuple(
        ChecklistRow(
            record_id=record_id,
            gpc_ref=ref,
            subsector=GPC_REFS[ref].subsector if ref in GPC_REFS else "",
            estimate=source == fi.ESTIMATE_SOURCE,
            notation_key=key,
        )
        for record_id, ref, source, key in frame.head(inventories.MAX_ROWS).iter_rows()
    )
    items = fi.checklist([(row.gpc_ref, fi.ESTIMATE_SOURCE if row.estimate else None) for row in rows])
    return replace(
        view,
        inventory=detail.summary,
        checklist=items,
        rows=tuple(row for row in rows if row.subsector in fi.DATA_NEEDS),
        missing_refs=list(detail.missing_refs),
        local_share=fi.local_share(items),
        comments=_comments(session, inventory.id),
        can_comment=_comment_city(actor, city_id, mentors) is not None,
    )


def add_comment(session: Session, actor: Actor, city_id: int, *, subsector: str, body: str) -> int:
    """A comment on the city's latest inventory about one BASIC subsector, by the staff of one of
    its mentor cities or of the city itself; audited."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    mentors = mentor_cities(session, city_id)
    author_city = _comment_city(actor, city_id, mentors)
    require(
        author_city is not None,
        actor.is_authenticated,
        "Comments on a first inventory are for the editors of the city and of its mentor cities.",
    )
    check_texts({"body": body}, multiline=("body",))
    text = body.strip()
    if not text:
        raise InvalidInput("body", "write the comment.")
    if len(text) > MAX_COMMENT:
        raise InvalidInput("body", f"write at most {MAX_COMMENT:,} characters.")
    code = subsector.strip().upper()
    if code not in fi.DATA_NEEDS:
        raise InvalidInput("subsector", f"choose a BASIC subsector: {', '.join(fi.DATA_NEEDS)}.")
    inventory = _latest_inventory(session, city_id)
    if inventory is None:
        raise Conflict("The city has no inventory yet: write its first estimate, then comment on it.")
    comment = FirstInventoryComment(
        inventory_id=inventory.id,
        city_id=city_id,
        author_city_id=author_city,
        author_id=actor.user_id,
        subsector=code,
        body=text,
    )
    session.add(comment)
    session.flush()
    after = {"inventory_id": inventory.id, "subsector": code, "author_city_id": author_city, "body": text}
    audit.record(
        session, actor, "create", "first_inventory_comment", comment.id, city_id=city_id, after=after
    )
    return comment.id


def write_first_estimate(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    year: int,
    population: int | None = None,
    gwp: str = "AR5",
) -> int:
    """Write the first estimate as rows of the city's draft inventory of `year` (created when there
    is none; an existing one must be an empty draft). Returns the inventory's id."""
    city = check_can_edit(session, actor, city_id)
    people = population if population is not None else city.population
    if people is None:
        raise InvalidInput(
            "population", "the city has no population in the registry; give the number of inhabitants."
        )
    estimate = estimate_for(city.country, people)
    inventory = session.scalar(select(Inventory).where(Inventory.city_id == city_id, Inventory.year == year))
    if inventory is None:
        inventory = inventories.create_inventory(
            session, actor, city_id, year=year, gwp=gwp, standard="BASIC", population=people
        )
    elif not activity_frame(session, inventory.id).is_empty():
        raise Conflict(
            f"The {year} inventory already has rows; the first estimate only fills an empty draft."
            " Replace its rows with local data instead, or choose another year."
        )
    rows = fi.estimate_rows(estimate, city.country, inventory.gwp)
    inventories.import_activities(
        session, actor, inventory.id, pl.DataFrame(rows), file_name=ESTIMATE_FILE, replace=False
    )
    after = {
        "year": year,
        "level": estimate.level,
        "cities": estimate.cities,
        "per_capita_t": round(estimate.per_capita_t, 6),
        "population": people,
        "total_t": round(estimate.total_t, 3),
    }
    audit.record(session, actor, "first_estimate", "inventory", inventory.id, city_id=city_id, after=after)
    return inventory.id
