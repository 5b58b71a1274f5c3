"""The CO2 price schedules citypact ships, read from two compact tables in `data/`.

`co2_price_schedules.csv` holds one row per schedule version (publisher, legal basis or source with
its section or table, URL, currency, price year, discounting rule, validity, note);
`co2_prices.csv` holds the price per year of each version. Every figure was checked against its
published source; docs/co2_prices.md says where, and which figures were left out because they could
not be confirmed.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache

from citypact.domain.procurement.schedules import Discounting, Schedule
from citypact.reference.paths import BUNDLE_DIR

SCHEDULES_FILE = BUNDLE_DIR / "co2_price_schedules.csv"
PRICES_FILE = BUNDLE_DIR / "co2_prices.csv"


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@cache
def _read() -> tuple[Schedule, ...]:
    prices: dict[tuple[str, str], dict[int, float]] = {}
    with PRICES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            prices.setdefault((row["schedule"], row["version"]), {})[int(row["year"])] = float(row["price"])
    schedules = []
    with SCHEDULES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            schedules.append(
                Schedule(
                    key=row["schedule"],
                    version=row["version"],
                    name=row["name"],
                    currency=row["currency"],
                    price_year=int(row["price_year"]) if row["price_year"] else None,
                    discounting=Discounting(row["discounting"]),
                    prices=prices[(row["schedule"], row["version"])],
                    publisher=row["publisher"],
                    source=row["source"],
                    url=row["url"],
                    valid_from=_date(row["valid_from"]),
                    valid_to=_date(row["valid_to"]),
                    note=row["note"],
                )
            )
    return tuple(schedules)


def shipped_schedules() -> list[Schedule]:
    """Every version of every shipped schedule, ordered by key then start of validity."""
    return sorted(_read(), key=lambda s: (s.key, s.valid_from or dt.date.min, s.version))


def shipped_schedule(key: str, version: str | None = None) -> Schedule | None:
    """One shipped schedule: the named version, or the version in force today when none is named."""
    versions = [s for s in _read() if s.key == key]
    if version is not None:
        return next((s for s in versions if s.version == version), None)
    if not versions:
        return None
    today = dt.datetime.now(dt.UTC).date()
    current = [s for s in versions if s.in_force(today)]
    return max(current or versions, key=lambda s: s.valid_from or dt.date.min)
