"""How a city's need meets a provider's offer: whether it fits, the reasons as codes, what rules
it out, and the one stated order of the offers that fit.

A need comes from a measure of a city's action plan (field, measure type) or from a cooperation
need (field, type of support); it carries the city's country, size band and the languages spoken
in that country. An offer lists fields, measure types, countries served and languages (empty
lists mean "no restriction", as on funding programmes) and what its references show.

The order is a rule, never payment: an offer of the need's measure type first, then one listing
the need's field, then more references, then the most recently updated, then the smaller id. What
an organisation pays or not is not even an input here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

REASONS: Final = (
    "same_measure_type",
    "same_field",
    "serves_country",
    "speaks_language",
    "reference_in_country",
    "reference_similar_size",
    "published_case",
)
RULED_OUT: Final = ("country_not_served", "field_not_listed")
ORDER_RULE: Final = ("measure_type", "field", "references", "updated", "id")

# The languages (ISO 639-1) most people speak in a country's public administration: what an offer's
# languages are compared with. A country not listed has no language reason (not a rule-out).
COUNTRY_LANGUAGES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "AT": ("de",), "BE": ("nl", "fr", "de"), "BG": ("bg",), "BR": ("pt",), "CA": ("en", "fr"),
        "CH": ("de", "fr", "it"), "CN": ("zh",), "CY": ("el",), "CZ": ("cs",), "DE": ("de",),
        "DK": ("da",), "EE": ("et",), "ES": ("es",), "FI": ("fi", "sv"), "FR": ("fr",), "GB": ("en",),
        "GR": ("el",), "HR": ("hr",), "HU": ("hu",), "ID": ("id",), "IE": ("en", "ga"), "IN": ("hi", "en"),
        "IT": ("it",), "JP": ("ja",), "KR": ("ko",), "LT": ("lt",), "LU": ("lb", "fr", "de"), "LV": ("lv",),
        "MT": ("mt", "en"), "MX": ("es",), "MY": ("ms",), "NL": ("nl",), "NO": ("no",), "PH": ("fil", "en"),
        "PL": ("pl",), "PT": ("pt",), "RO": ("ro",), "SE": ("sv",), "SI": ("sl",), "SK": ("sk",),
        "TH": ("th",), "US": ("en",), "VN": ("vi",), "ZA": ("en",),
    }
)  # fmt: skip


@dataclass(frozen=True)
class Need:
    """A city's need: `source` is plan_measure or cooperation_need (domain.funding.NEED_SOURCES)."""

    source: str
    id: int
    city_id: int
    field: str
    measure_type: str | None
    country: str
    size_band: str | None = None
    support: str | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return COUNTRY_LANGUAGES.get(self.country, ())


@dataclass(frozen=True)
class OfferFacts:
    """What the matching reads of an offer and its references."""

    id: int
    kind: str
    fields: tuple[str, ...]
    measure_types: tuple[str, ...]
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    updated_at: dt.datetime
    reference_countries: tuple[str, ...] = ()
    reference_size_bands: tuple[str, ...] = ()
    reference_count: int = 0
    has_published_case: bool = False


@dataclass(frozen=True)
class Fit:
    """An offer against a need: it fits when nothing rules it out."""

    offer_id: int
    reasons: tuple[str, ...]
    ruled_out: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.ruled_out


def assess(need: Need, offer: OfferFacts) -> Fit:
    """The reasons why `offer` fits `need` and what rules it out, in the order of REASONS/RULED_OUT."""
    reasons: list[str] = []
    ruled_out: list[str] = []
    type_match = need.measure_type is not None and need.measure_type in offer.measure_types
    field_match = need.field in offer.fields
    if type_match:
        reasons.append("same_measure_type")
    if field_match:
        reasons.append("same_field")
    if not type_match and not field_match:
        ruled_out.append("field_not_listed")
    if offer.countries and need.country not in offer.countries:
        ruled_out.insert(0, "country_not_served")
    else:
        reasons.append("serves_country")
    if set(need.languages) & set(offer.languages):
        reasons.append("speaks_language")
    if need.country in offer.reference_countries:
        reasons.append("reference_in_country")
    if need.size_band is not None and need.size_band in offer.reference_size_bands:
        reasons.append("reference_similar_size")
    if offer.has_published_case:
        reasons.append("published_case")
    return Fit(offer.id, tuple(reasons), tuple(ruled_out))


def order_key(need: Need, offer: OfferFacts) -> tuple[bool, bool, int, float, int]:
    """The stated order: measure type, field, references (more first), updated (newest first), id."""
    type_match = need.measure_type is not None and need.measure_type in offer.measure_types
    return (
        not type_match,
        need.field not in offer.fields,
        -offer.reference_count,
        -offer.updated_at.timestamp(),
        offer.id,
    )


def fitting(need: Need, offers: Iterable[OfferFacts], limit: int | None = None) -> list[Fit]:
    """The offers that fit `need`, in the stated order (at most `limit`)."""
    ranked = sorted((o for o in offers if assess(need, o).fits), key=lambda o: order_key(need, o))
    chosen: Sequence[OfferFacts] = ranked if limit is None else ranked[:limit]
    return [assess(need, o) for o in chosen]
