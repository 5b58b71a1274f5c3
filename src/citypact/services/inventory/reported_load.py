"""Load reported emissions of registry cities (reference.reported_emissions) as inventories.

Each row becomes a submitted inventory with a reported Scope-1 total and no activity data, so the
benchmark has years to compare. Only city-years without an inventory get one: an inventory with
activity rows, one a person created or one an earlier load made is never touched, so loading twice
changes nothing. Rows are inserted in bulk (one statement per batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.reference.factor_library import default_library
from citypact.storage.bulk import upsert
from citypact.storage.models import City, Inventory

SELF_REPORTED: Final = " (self-reported, not verified)"
# Nangini's PKU figures are estimates of a research group, not a city's own report.
MODELLED: Final = " (modelled estimate, not verified)"


@dataclass(frozen=True)
class ReportedLoad:
    rows: int  # rows of the table
    in_registry: int  # rows whose city is in the database
    loaded: int  # new inventories
    kept_existing: int  # city-years that already had an inventory, left as they are


def _frame(rows: list[Any], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def load_reported(session: Session, reported: pl.DataFrame) -> ReportedLoad:
    """Insert an inventory for every row of `reported` (reported_emissions.REPORTED_SCHEMA) whose
    city is in the database and whose city-year has no inventory yet."""
    keys = reported["city_key"].unique().to_list()
    ids = _frame(
        list(session.execute(select(City.key, City.id).where(City.key.in_(keys)))),
        {"city_key": pl.String(), "city_id": pl.Int64()},
    )
    known = reported.join(ids, on="city_key", how="inner")
    existing = _frame(
        list(
            session.execute(
                select(Inventory.city_id, Inventory.year).where(
                    Inventory.city_id.in_(known["city_id"].unique().to_list())
                )
            )
        ),
        {"city_id": pl.Int64(), "year": pl.Int32()},
    )
    new = known.join(existing, on=["city_id", "year"], how="anti").sort("city_id", "year")
    suffix = pl.when(pl.col("source").str.contains("(PKU)", literal=True)).then(pl.lit(MODELLED))
    rows = new.select(
        "city_id",
        "year",
        "population",
        reported_source=pl.col("source") + suffix.otherwise(pl.lit(SELF_REPORTED)),
        reported_gases="gas_basis",
        scope1="scope1_t",
    ).with_columns(
        status=pl.lit("submitted"),
        standard=pl.lit("BASIC"),
        gwp=pl.lit("AR5"),
        factor_library=pl.lit(default_library().label),
        boundary=pl.lit(""),
    )
    records = rows.drop("scope1").to_dicts()
    for record, tonnes in zip(records, rows["scope1"], strict=True):
        record["reported"] = {"scope1": tonnes}  # the JSON column takes one dict per row
    # the anti-join already left out existing city-years; conflicts (a concurrent writer) are skipped too
    upsert(session, Inventory, records, ["city_id", "year"], update=[])
    return ReportedLoad(
        rows=reported.height,
        in_registry=known.height,
        loaded=len(records),
        kept_existing=known.height - new.height,
    )
