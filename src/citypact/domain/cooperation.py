"""Technical cooperation: cities offer expertise and state needs, by field of action and type of
support, as an Asian low-carbon city platform runs it; a need meets the offers that fit it.

An offer fits a need fully when field and type of support agree (1.0), partly when only the field
does (0.5: the city has the expertise, though it offers another kind of help). Among fitting
offers, cities more alike in framework conditions come first (what works there is likelier to work
here), then nearer ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from citypact.domain.measures import FIELDS, ClassificationError

KINDS: Final = ("offer", "need")
SUPPORT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "training": "Training and workshops",
        "peer_review": "Peer review of plans and projects",
        "staff_exchange": "Staff exchange and secondment",
        "site_visit": "Study visits to projects",
        "data_tools": "Data, tools and methods",
        "financing_advice": "Advice on financing and funding",
    }
)
FULL_FIT: Final = 1.0
FIELD_FIT: Final = 0.5


@dataclass(frozen=True)
class Item:
    """One offer or need of a city."""

    id: int
    city_id: int
    kind: str
    field: str
    support: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ClassificationError("kind", self.kind, KINDS)
        if self.field not in FIELDS:
            raise ClassificationError("field", self.field, tuple(FIELDS))
        if self.support not in SUPPORT:
            raise ClassificationError("support", self.support, tuple(SUPPORT))


def fit(need: Item, offer: Item) -> float:
    """How well an offer fits a need: 1 (field and support), 0.5 (field only) or 0."""
    if need.kind != "need" or offer.kind != "offer" or need.city_id == offer.city_id:
        return 0.0
    if need.field != offer.field:
        return 0.0
    return FULL_FIT if need.support == offer.support else FIELD_FIT
