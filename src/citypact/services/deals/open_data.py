"""Open data of deals: every signed (or later) deal of the published cities, or of one, as JSON
and CSV, built from the public view only, so a part the city keeps back cannot leak.

CSV: one row per public commitment (its deal's columns repeated), or one row for a deal whose
commitments are not public; an empty cell is a part that is not public or not given. Text that
a spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from typing import Any, Final

from sqlalchemy.orm import Session

from citypact.domain.access import ANONYMOUS
from citypact.services.deals.public import PublicCommitment, PublicDeal, public_deals
from citypact.services.registry.cities import readable_city

DEAL_COLUMNS: Final = (
    "deal_id", "city_id", "city", "title", "action_field", "sdg_targets", "status", "signed_on",
    "summary", "start_date", "end_date", "parties", "expected_t_co2e_per_year",
)  # fmt: skip
COMMITMENT_COLUMNS: Final = (
    "commitment_id", "commitment", "commitment_kind", "due_date", "party", "kpi_name", "kpi_unit",
    "kpi_baseline", "kpi_target", "kpi_target_year", "progress_status", "latest_value",
    "latest_as_of", "share_done", "commitment_t_co2e_per_year", "co_benefits",
)  # fmt: skip
COLUMNS: Final = (*DEAL_COLUMNS, *COMMITMENT_COLUMNS)


def open_deals(
    session: Session, *, city_id: int | None = None, today: dt.date | None = None
) -> list[PublicDeal]:
    """The public deals of all published cities, or of one (NotFound for an unpublished city)."""
    if city_id is not None:
        readable_city(session, ANONYMOUS, city_id)
    return public_deals(session, city_id=city_id, today=today)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def deals_json(deals: list[PublicDeal]) -> dict[str, Any]:
    """The deals as a JSON-ready object, with the unit of the reductions stated."""
    return {
        "unit_of_reductions": "t CO2e/a",
        "deals": [_plain(dataclasses.asdict(d)) for d in deals],
    }


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def _deal_cells(d: PublicDeal) -> list[object]:
    parties = ";".join(p.name for p in d.parties)
    return [
        d.id, d.city_id, d.city, d.title, d.action_field, ";".join(d.sdg_targets), d.status, d.signed_on,
        d.summary, d.start_date, d.end_date, parties, d.expected_t,
    ]  # fmt: skip


def _commitment_cells(c: PublicCommitment) -> list[object]:
    benefits = ";".join(
        f"{b.kind} {b.quantity:g} {b.unit}".strip() if b.quantity is not None else b.kind for b in c.benefits
    )
    return [
        c.id, c.title, c.kind, c.due_date, c.party, c.kpi_name, c.kpi_unit, c.kpi_baseline, c.kpi_target,
        c.kpi_target_year, c.status, c.latest_value, c.latest_as_of, c.shown_share,
        c.expected_reduction_t, benefits,
    ]  # fmt: skip


def deals_csv(deals: list[PublicDeal]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for d in deals:
        head = _deal_cells(d)
        rows = [head + _commitment_cells(c) for c in d.commitments] or [
            head + [None] * len(COMMITMENT_COLUMNS)
        ]
        writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()
