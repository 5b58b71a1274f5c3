"""What the schema modules share: the bases of request bodies, and the JSON response of a model
that is already valid."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel, ConfigDict


class In(BaseModel):
    """A request body: an unknown field is refused, so a misspelt one is not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class StrictIn(In):
    """A request body whose values must come in their own JSON types ("5" is no number): the city,
    network and account bodies."""

    model_config = ConfigDict(extra="forbid", strict=True)


def json_response(model: BaseModel) -> Response:
    """The model as JSON, already validated: FastAPI would validate the returned model once more
    against the response_model (which still documents the endpoint), at a cost of a millisecond
    on the hottest endpoints."""
    return Response(model.model_dump_json(), media_type="application/json")
