"""What the schema modules share: the bases of request bodies, and the JSON response of a model
that is already valid."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field


class In(BaseModel):
    """A request body: an unknown field is refused, so a misspelt one is not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class StrictIn(In):
    """A request body whose values must come in their own JSON types ("5" is no number): the city,
    network and account bodies."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ReasonOut(BaseModel):
    """One reason as a code with its figures (domain.reasons.Reason); the pages, PDFs and the CLI
    word it in the reader's language."""

    kind: str = Field(
        description="a code, e.g. same_country, same_world_region, similar_size, similar_density, "
        "same_climate_zone, similar_gdp, similar_grid, similar_ambition, shared_language, "
        "shared_network, same_region, twin_towns, past_work, distance_km, mentor_plan, mentor_cases, "
        "mentor_target, mentor_trend, mentor_performance (mentee_...: the same evidence turned "
        "round), cooperation_offer, cooperation_need"
    )
    mine: float | str | None = Field(None, description="the asking city's own figure or code")
    other: float | str | None = Field(None, description="the other city's figure or code")
    note: str | None = Field(
        None,
        description="a qualifying code: the climate zone, or the field of action of mentor evidence "
        "(null: the whole city)",
    )
    sources: tuple[str, str] | None = Field(
        None,
        description="source ids of the two figures (mine, other) where their origin varies: for "
        "degree days nangini2019_gea (the city's own, GEA+), nangini2019_clim (the city's climate "
        "record) or eurostat_chdd (the national figure); empty where unknown",
    )


def json_response(model: BaseModel) -> Response:
    """The model as JSON, already validated: FastAPI would validate the returned model once more
    against the response_model (which still documents the endpoint), at a cost of a millisecond
    on the hottest endpoints."""
    return Response(model.model_dump_json(), media_type="application/json")
