"""JSON shapes of a city's first inventory: the guided path's steps (codes of data needs and
sources, words at the edge), the estimate, the checklist, the completeness, and mentor comments."""

from __future__ import annotations

from pydantic import BaseModel, Field

from citypact.api.schemas.base import In
from citypact.services.inventory.first_inventory import FirstInventoryView


class StepOut(BaseModel):
    subsector: str
    sector: str
    refs: list[str] = Field(description="the subsector's GPC reference numbers that BASIC needs")
    need: str = Field(description="code of the activity data needed (domain/first_inventory.py)")
    sources: list[str] = Field(description="codes of where cities usually get the data")
    state: str = Field(description="missing, estimate (still the first estimate) or local (local data)")


class EstimateOut(BaseModel):
    level: str = Field(description="country, region or world: whose reported cities' median was used")
    cities: int
    per_capita_t: float
    population: int
    total_t: float
    by_sector: dict[str, float] = Field(description="t CO2e per BASIC sector (I, II, III)")


class CommentOut(BaseModel):
    id: int
    subsector: str
    body: str
    author_city_id: int | None
    author_city_name: str
    created_at: str


class FirstInventoryOut(BaseModel):
    city_id: int
    city_name: str
    population: int | None
    inventory_id: int | None = Field(description="the city's latest inventory")
    inventory_year: int | None
    inventory_status: str | None
    steps: list[StepOut]
    local_share: float = Field(description="share of BASIC subsectors with local data, 0 to 1")
    missing_refs: list[str] = Field(description="BASIC reference numbers neither reported nor explained")
    preview: EstimateOut | None = Field(description="the first estimate now, while there is no inventory")
    mentor_city_ids: list[int]
    comments: list[CommentOut] = Field(description="newest first, at most 200")


class EstimateIn(In):
    year: int = Field(ge=1990, le=2100, examples=[2022])
    population: int | None = Field(
        default=None, ge=1, le=100_000_000, description="inhabitants; default: the registry's figure"
    )
    gwp: str = Field(default="AR5", max_length=12, examples=["AR5", "AR6"])


class CommentIn(In):
    subsector: str = Field(max_length=8, examples=["I.1"], description="a BASIC subsector, I.1 to III.4")
    body: str = Field(max_length=2000)


def first_inventory_out(view: FirstInventoryView) -> FirstInventoryOut:
    states = {item.subsector: item.state for item in view.checklist}
    inventory = view.inventory
    preview = view.preview
    return FirstInventoryOut(
        city_id=view.city_id,
        city_name=view.city_name,
        population=view.population,
        inventory_id=inventory.id if inventory else None,
        inventory_year=inventory.year if inventory else None,
        inventory_status=inventory.status if inventory else None,
        steps=[
            StepOut(
                subsector=s.subsector,
                sector=s.sector,
                refs=list(s.refs),
                need=s.need,
                sources=list(s.sources),
                state=states.get(s.subsector, "missing"),
            )
            for s in view.steps
        ],
        local_share=view.local_share,
        missing_refs=view.missing_refs,
        preview=EstimateOut(
            level=preview.level,
            cities=preview.cities,
            per_capita_t=preview.per_capita_t,
            population=preview.population,
            total_t=preview.total_t,
            by_sector=preview.by_sector,
        )
        if preview
        else None,
        mentor_city_ids=[m for m, _ in view.mentors],
        comments=[CommentOut(**vars(c)) for c in view.comments],
    )
