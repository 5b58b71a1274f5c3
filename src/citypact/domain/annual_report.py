"""A network's annual report as figures: pure computation on plain rows (no I/O).

Inventories count only when submitted or verified (the caller passes no draft). Per member city:
the latest inventory of the report year or before ("latest") and the one of the base year
("base"); its per-capita emissions (t CO2e per inhabitant) and its change against the base year
in per cent. Network totals add the latest inventories; the network's change compares the cities
that have both a base-year and a latest inventory (same cities on both sides), so a city that joins
later does not look like an increase.

`procurement_figures` sums the public award notices of members' joint procurements (money per
currency, the winners' lifetime tonnes, the CO2 prices the evaluations used); it gives None when
there is none, so the report has no empty section (docs/annual_report.md).

`snapshot` gives the JSON-ready object a published report freezes; `figures_hash` its SHA-256 over
canonical JSON (sorted keys, no spaces), which the report shows and anybody can recompute.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

REPORT_STATUSES: Final = ("draft", "published")
COUNTED_INVENTORY_STATUSES: Final = ("submitted", "verified")
PARTNERSHIP_STATUSES: Final = ("proposed", "accepted", "declared", "active", "reviewed", "ended")
SECTIONS: Final = ("inventories", "partnerships", "deals", "credits", "procurement")
MAX_YEARS_BACK: Final = 50
FIRST_YEAR: Final = 1990
LAST_YEAR: Final = 2100


@dataclass(frozen=True)
class InventoryRow:
    city_id: int
    city: str
    country: str
    year: int
    total_t: float  # t CO2e, GPC BASIC
    population: int | None


@dataclass(frozen=True)
class CityTrend:
    city_id: int
    city: str
    country: str
    latest_year: int
    latest_t: float
    per_capita_t: float | None
    base_t: float | None  # None: no inventory of the base year
    change_pct: float | None  # against the base year; None without a base or with base 0


@dataclass(frozen=True)
class InventoryFigures:
    members: int
    reporting: int  # members with a counted inventory in the report year or before
    total_t: float  # sum of the latest inventories
    population: int  # of the reporting cities whose population is known
    per_capita_t: float | None  # total of the cities with a population / their population
    compared: int  # cities with a base-year and a later latest inventory
    base_total_t: float  # of the compared cities
    latest_total_t: float  # of the compared cities
    change_pct: float | None
    cities: tuple[CityTrend, ...]
    by_year: tuple[tuple[int, int, float], ...]  # year, cities reporting, t CO2e


def per_capita(total_t: float, population: int | None) -> float | None:
    return total_t / population if population else None


def change_pct(base: float, latest: float) -> float | None:
    """(latest - base) / base in per cent; None for a base of 0."""
    return (latest - base) / base * 100.0 if base else None


def inventory_figures(
    rows: Iterable[InventoryRow], members: int, year: int, base_year: int
) -> InventoryFigures:
    """The section of the members' inventories for `year`, compared with `base_year`."""
    by_city: dict[int, dict[int, InventoryRow]] = {}
    for row in rows:
        if row.year <= year:
            by_city.setdefault(row.city_id, {})[row.year] = row
    cities: list[CityTrend] = []
    total = 0.0
    pop_total = 0
    pop_t = 0.0
    base_sum = 0.0
    latest_sum = 0.0
    compared = 0
    for years in by_city.values():
        latest = years[max(years)]
        base = years.get(base_year)
        total += latest.total_t
        if latest.population:
            pop_total += latest.population
            pop_t += latest.total_t
        change = None
        if base is not None and latest.year > base_year:
            compared += 1
            base_sum += base.total_t
            latest_sum += latest.total_t
            change = change_pct(base.total_t, latest.total_t)
        cities.append(
            CityTrend(
                latest.city_id,
                latest.city,
                latest.country,
                latest.year,
                latest.total_t,
                per_capita(latest.total_t, latest.population),
                base.total_t if base is not None else None,
                change,
            )
        )
    cities.sort(key=lambda c: (c.city, c.city_id))
    per_year: dict[int, tuple[int, float]] = {}
    for years in by_city.values():
        for y, row in years.items():
            count, t = per_year.get(y, (0, 0.0))
            per_year[y] = (count + 1, t + row.total_t)
    return InventoryFigures(
        members=members,
        reporting=len(cities),
        total_t=total,
        population=pop_total,
        per_capita_t=per_capita(pop_t, pop_total),
        compared=compared,
        base_total_t=base_sum,
        latest_total_t=latest_sum,
        change_pct=change_pct(base_sum, latest_sum) if compared else None,
        cities=tuple(cities),
        by_year=tuple((y, c, t) for y, (c, t) in sorted(per_year.items())),
    )


@dataclass(frozen=True)
class AwardRow:
    """A lot's public award notice (services.procurement.public): the winner and its evaluated figures."""

    lot_number: int
    lot_title: str
    awarded_on: str  # ISO date
    supplier: str
    method: str  # domain.procurement.methods: price, lcc, lcc-co2, ladder, meat
    award_minor: int  # the winner's acquisition price, minor units of the procurement's currency
    contract_minor: int | None  # the signed contract's value, when signed in the year
    co2e_t: float  # the winner's lifetime t CO2e, as its evaluation states them
    co2_cost: float  # the CO2 cost inside its evaluated cost (0 for methods that count none)
    schedule: str | None  # the CO2 price schedule's name, None without a CO2 price
    co2_price: float | None  # per t CO2e in the evaluation's year, under the schedule's rule
    price_year: int | None  # the evaluation's year the price is read for


@dataclass(frozen=True)
class ProcurementRow:
    """A public joint procurement (its tender published) of the network's member cities."""

    procurement_id: int
    title: str
    currency: str  # ISO 4217
    phase: str
    cancelled: bool
    lots: int
    member_cities: tuple[str, ...]  # the published member cities that took part (lead or joined)
    awards: tuple[AwardRow, ...]  # awarded in the report's year


def co2_price_in(prices: Mapping[str, float] | Mapping[int, float], year: int) -> float | None:
    """A frozen schedule's price per tonne in `year`: the price of the latest listed year not after
    it, before the first listed year the first price (docs/co2_prices.md, domain.procurement.schedules)."""
    listed = sorted((int(y), float(p)) for y, p in prices.items())
    if not listed:
        return None
    found = listed[0][1]
    for y, p in listed:
        if y <= year:
            found = p
    return found


def procurement_figures(rows: Iterable[ProcurementRow]) -> dict[str, Any] | None:
    """The procurement section, or None when the network's members have no public procurement of
    the year (the report then shows no such section).

    Money is summed per currency (never across currencies); awarded tonnes are the winners' lifetime
    t CO2e as their published evaluations state them."""
    found = sorted(rows, key=lambda r: (r.title, r.procurement_id))
    if not found:
        return None
    cities: dict[str, int] = {}
    money: dict[str, dict[str, int]] = {}
    prices: dict[tuple[str, float, int, str], int] = {}
    awards = 0
    contracts = 0
    tonnes = 0.0
    for row in found:
        for city in set(row.member_cities):
            cities[city] = cities.get(city, 0) + 1
        for a in row.awards:
            awards += 1
            tonnes += a.co2e_t
            sums = money.setdefault(row.currency, {"awarded_minor": 0, "contracts": 0, "contract_minor": 0})
            sums["awarded_minor"] += a.award_minor
            if a.contract_minor is not None:
                contracts += 1
                sums["contracts"] += 1
                sums["contract_minor"] += a.contract_minor
            if a.co2_price is not None and a.schedule is not None and a.price_year is not None:
                key = (a.schedule, a.co2_price, a.price_year, row.currency)
                prices[key] = prices.get(key, 0) + 1
    return {
        "count": len(found),
        "cancelled": sum(1 for r in found if r.cancelled),
        "lots": sum(r.lots for r in found),
        "awarded_lots": awards,
        "contracts": contracts,
        "member_cities": [{"city": c, "procurements": n} for c, n in sorted(cities.items())],
        "by_currency": {c: money[c] for c in sorted(money)},
        "awarded_t_co2e": tonnes,
        "co2_prices": [
            {"schedule": s, "price": p, "year": y, "currency": c, "lots": n}
            for (s, p, y, c), n in sorted(prices.items())
        ],
        "list": [
            {
                "id": r.procurement_id,
                "title": r.title,
                "currency": r.currency,
                "phase": r.phase,
                "cancelled": r.cancelled,
                "lots": r.lots,
                "member_cities": sorted(set(r.member_cities)),
                "awards": [
                    {
                        "lot": a.lot_number,
                        "lot_title": a.lot_title,
                        "awarded_on": a.awarded_on,
                        "supplier": a.supplier,
                        "method": a.method,
                        "award_minor": a.award_minor,
                        "contract_minor": a.contract_minor,
                        "co2e_t": a.co2e_t,
                        "co2_cost": a.co2_cost,
                        "schedule": a.schedule,
                        "co2_price": a.co2_price,
                        "price_year": a.price_year,
                    }
                    for a in sorted(r.awards, key=lambda a: a.lot_number)
                ],
            }
            for r in found
        ],
    }


def count_by(codes: Iterable[str], order: Iterable[str]) -> dict[str, int]:
    """How many of each code, in `order` (codes not in it follow, sorted), zero counts left out."""
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    ordered = [c for c in order if c in counts] + sorted(c for c in counts if c not in set(order))
    return {c: counts[c] for c in ordered}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def canonical(figures: Mapping[str, Any]) -> str:
    return json.dumps(_plain(figures), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def figures_hash(figures: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the figures as canonical JSON."""
    return hashlib.sha256(canonical(figures).encode("utf-8")).hexdigest()


def snapshot(figures: Mapping[str, Any]) -> dict[str, Any]:
    """The figures as plain JSON data (floats to 6 decimals), as a published report stores them."""
    found: dict[str, Any] = json.loads(canonical(figures))
    return found
