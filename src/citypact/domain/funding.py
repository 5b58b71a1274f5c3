"""The codes of funding programmes and low-carbon business matchmaking, shared by the catalogue,
the matching, a city's funding view, the secretariat's pipeline and the providers' offers, and the
two rules every part reads the same way: the state of a call on a given day, and a city's size
band. Words for the codes live in i18n; the eligibility rules in domain/funding_match.py.

A programme's lists (countries, size bands, fields, GPC sectors, measure types) are stored as codes
joined by ";"; an empty list means "no restriction". Money is integer minor units of the
programme's currency, a co-financing rate integer basis points (1/10 000).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

BASIS_POINTS: Final = 10_000

FUNDER_LEVELS: Final = ("eu", "national", "regional", "multilateral", "foundation", "private")
INSTRUMENTS: Final = ("grant", "loan", "guarantee", "technical_assistance", "project_preparation")
# suggested: a city proposed it, nobody checked it yet (not public); declined: a secretariat did not
# take the suggestion; ended: the programme runs no more calls.
PROGRAMME_STATUSES: Final = ("suggested", "active", "declined", "ended")
CALL_STATES: Final = ("upcoming", "open", "rolling", "closed")

# Municipality size bands by inhabitants: (code, lowest population, first population above the band).
SIZE_BANDS: Final = (
    ("under_10k", 0, 10_000),
    ("10k_50k", 10_000, 50_000),
    ("50k_250k", 50_000, 250_000),
    ("250k_1m", 250_000, 1_000_000),
    ("1m_plus", 1_000_000, None),
)
SIZE_BAND_CODES: Final = tuple(code for code, _, _ in SIZE_BANDS)

# The member states of the European Union (ISO 3166-1 alpha-2), which "EU" stands for in a
# programme's list of eligible countries.
EU_MEMBER_STATES: Final = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

APPLICATION_STATUSES: Final = ("forming", "submitted", "awarded", "rejected", "withdrawn")

OFFER_KINDS: Final = ("technology", "service")
OFFER_STATUSES: Final = ("draft", "published", "withdrawn")
PROVIDER_TYPES: Final = ("business", "research")  # the organisation types that may list offers
# Where a city's need comes from: a measure of its action plan, or a need of technical cooperation.
NEED_SOURCES: Final = ("plan_measure", "cooperation_need")
MESSAGE_SIDES: Final = ("city", "provider")

LIST_SEPARATOR: Final = ";"


def split_codes(stored: str) -> tuple[str, ...]:
    """The codes of a stored list ("" is the empty list)."""
    return tuple(code for code in stored.split(LIST_SEPARATOR) if code)


def join_codes(codes: Iterable[str]) -> str:
    """A list of codes as stored: sorted, each once."""
    return LIST_SEPARATOR.join(sorted(set(codes)))


def size_band(population: int | None) -> str | None:
    """The size band of a municipality of `population` inhabitants (None when unknown)."""
    if population is None or population < 0:
        return None
    for code, low, high in SIZE_BANDS:
        if population >= low and (high is None or population < high):
            return code
    return None  # unreachable: the bands cover every population from 0 up


def call_state(opens_on: dt.date | None, closes_on: dt.date | None, today: dt.date) -> str:
    """The state of a call on `today`: without a closing date it is rolling (once open); a call is
    open up to and including its closing day, closed after it, upcoming before its opening day."""
    if opens_on is not None and today < opens_on:
        return "upcoming"
    if closes_on is None:
        return "rolling"
    return "open" if today <= closes_on else "closed"
