"""Imports into inventories: the activity template (CSV, XLSX), GPC inventories exported by another
tool (CityCatalyst format), and the CDP city-wide files (reported totals of many cities).

Every file is read and checked in full before anything is written; a problem anywhere raises
ImportErrors naming file, row and column, and the transaction writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.geo import haversine_km
from citypact.domain.names import country_lookup, resolve_country
from citypact.domain.text import fold
from citypact.formats.activity_table import read_activity_table
from citypact.formats.cdp import read_cdp_citywide
from citypact.formats.citycatalyst import read_citycatalyst
from citypact.formats.errors import UPLOAD_LIMITS, TableLimits, normalize_header
from citypact.formats.tables import SPREADSHEETS
from citypact.reference.factor_library import default_library
from citypact.services import audit, inventories
from citypact.services.errors import require
from citypact.services.uploads import saved_upload
from citypact.storage.db import Database
from citypact.storage.models import ActivityRecord, City, Country, Inventory, InventoryResult

FileKind = Literal["auto", "template", "citycatalyst"]
# CityCatalyst weights CH4 and N2O with AR5 GWP-100 (every CH4 figure is a multiple of 28, every
# N2O figure of 265), so dividing by them gives back tonnes of gas.
CITYCATALYST_GWP: Final = {"CH4": 28.0, "N2O": 265.0}
MATCH_RADIUS_KM: Final = 50.0
CDP_TOTALS: Final = ("scope1_t", "scope2_t", "scope3_t", "basic_t", "basic_plus_t", "total_t")


def detect_kind(path: Path) -> Literal["template", "citycatalyst"]:
    """Which of our readers fits the file, from its header."""
    if path.suffix.lower() in SPREADSHEETS:
        return "template"
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        header = normalize_header(handle.readline())
    return "citycatalyst" if "gpc reference number" in header else "template"


def citycatalyst_activities(frame: pl.DataFrame, file_name: str) -> pl.DataFrame:
    """An activity table of reported emissions from a CityCatalyst export (see formats.citycatalyst).

    Lines without a GPC reference (they carry only a notation key) are left out: an inventory keeps
    notation keys per reference number.
    """
    key = pl.col("notation_key")
    consistent = pl.col("gas_split_consistent").fill_null(False)
    explanation = (
        pl.when(key == "RN")
        .then(pl.lit(f"{file_name} gives 'RN' (NO or NE; the export does not say which): not estimated"))
        .otherwise(pl.lit(f"notation key as given in {file_name}, which has no explanation column"))
    )
    return frame.filter(pl.col("gpc_ref").is_not_null()).select(
        "row",
        "gpc_ref",
        pl.col("fuel"),
        pl.when(key == "RN").then(pl.lit("NE")).otherwise(key).alias("notation_key"),
        pl.when(key.is_not_null()).then(explanation).alias("explanation"),
        pl.col("source"),
        pl.when(consistent).then(pl.col("CO2_co2e_t")).alias("reported_co2_t"),
        pl.when(consistent).then(pl.col("CH4_co2e_t") / CITYCATALYST_GWP["CH4"]).alias("reported_ch4_t"),
        pl.when(consistent).then(pl.col("N2O_co2e_t") / CITYCATALYST_GWP["N2O"]).alias("reported_n2o_t"),
        pl.when(~consistent).then(pl.col("co2e_t")).alias("reported_co2e_t"),
        # Without a gas split that adds up, the CO2e cannot be reweighed: it stays AR5.
        pl.when(~consistent & pl.col("co2e_t").is_not_null()).then(pl.lit("AR5")).alias("reported_gwp"),
    )


def read_inventory_file(
    path: str | Path, kind: FileKind = "auto", limits: TableLimits = UPLOAD_LIMITS
) -> pl.DataFrame:
    """The file's rows as an activity table (ImportErrors naming file, row and column)."""
    path = Path(path)
    chosen = detect_kind(path) if kind == "auto" else kind
    if chosen == "citycatalyst":
        return citycatalyst_activities(read_citycatalyst(path), path.name)
    return read_activity_table(path, limits)


def import_file(
    session: Session,
    actor: Actor,
    inventory_id: int,
    path: str | Path,
    *,
    kind: FileKind = "auto",
    replace: bool = True,
    file_name: str | None = None,
) -> InventoryResult:
    """Import a file into a draft inventory of the actor's city; nothing is written on any problem.
    The actor is authorized before the file is read."""
    inventories.check_editable(session, actor, inventory_id)
    activities = read_inventory_file(path, kind)
    return inventories.import_activities(
        session, actor, inventory_id, activities, file_name=file_name or Path(path).name, replace=replace
    )


@dataclass
class CdpImport:
    """What a CDP file import did."""

    file: str
    records: int
    imported: int = 0
    unchanged_with_activity_data: int = 0
    without_emissions: int = 0
    unmatched: list[str] = field(default_factory=list)


def _country_codes(session: Session) -> dict[str, str]:
    """Country label -> ISO2: the registry's names and the usual CDP spellings (domain.names)."""
    return country_lookup((name, iso2) for name, iso2 in session.execute(select(Country.name, Country.iso2)))


def _match_city(session: Session, record: dict[str, Any], iso2: str | None) -> int | None:
    """The registry city a CDP record speaks for: same country and name (a trailing state code such
    as ", OR" dropped), and, where the record has coordinates, the nearest such city within 50 km;
    without coordinates only a single city of that name matches."""
    name = record["city"] or record["organization"]
    if not name or not iso2:
        return None
    folded = fold(re.sub(r",\s*[A-Z]{2}$", "", name.strip()))
    candidates = [
        c
        for c in session.execute(
            select(City.id, City.name, City.name_ascii, City.lat, City.lon).where(City.country == iso2)
        )
        if folded in (fold(c.name), fold(c.name_ascii))
    ]
    if record["lat"] is None or record["lon"] is None:
        return candidates[0].id if len(candidates) == 1 else None
    if not candidates:
        return None
    distances = haversine_km(
        record["lat"], record["lon"], [c.lat for c in candidates], [c.lon for c in candidates]
    )
    nearest = int(distances.argmin())
    return int(candidates[nearest].id) if distances[nearest] <= MATCH_RADIUS_KM else None


def import_cdp(
    session: Session, actor: Actor, path: str | Path, *, file_name: str | None = None
) -> CdpImport:
    """Reported totals of the CDP city-wide file into inventories of the matched registry cities.

    Administrators only: the file speaks for many cities. A city-year that already has activity
    data here keeps it; otherwise its inventory gets the reported totals (status submitted, since
    CDP figures are self-reported, not verified).
    """
    check_can_import_cdp(actor)
    path = Path(path)
    return store_cdp(session, actor, read_cdp_citywide(path), file_name or path.name)


def store_cdp(session: Session, actor: Actor, frame: pl.DataFrame, name: str) -> CdpImport:
    """The records of a CDP file read by `read_cdp_citywide` into the matched cities' inventories."""
    check_can_import_cdp(actor)
    report = CdpImport(file=name, records=frame.height)
    codes = _country_codes(session)
    library = default_library().label
    seen: set[tuple[int, int]] = set()
    for record in frame.iter_rows(named=True):
        if not record["has_emissions"] or record["inventory_year"] is None:
            report.without_emissions += 1
            continue
        iso2 = resolve_country(record["country"], codes)
        city_id = _match_city(session, record, iso2)
        if city_id is None:
            report.unmatched.append(
                f"row {record['row']}: {record['city'] or record['organization']} ({record['country']})"
            )
            continue
        key = (city_id, int(record["inventory_year"]))
        if key in seen:
            continue  # a later report of the same city-year in the same file: the first one wins
        seen.add(key)
        reported = {c.removesuffix("_t"): record[c] for c in CDP_TOTALS if record[c] is not None}
        # A gases field naming CO2 alone: the totals are CO2, not CO2e (as the benchmark panel reads it).
        gases = "CO2" if (record["gases"] or "").strip() == "CO2" else "CO2e"
        source = (
            f"CDP city-wide emissions, reported {record['reporting_year']},"
            f" account {record['account_number']}"
            f" (self-reported, not verified; {record['protocol'] or 'protocol not given'})"
        )
        inventory = session.scalar(
            select(Inventory).where(Inventory.city_id == city_id, Inventory.year == key[1])
        )
        before: dict[str, Any] | None = None
        if inventory is not None:
            has_rows = session.scalar(
                select(func.count())
                .select_from(ActivityRecord)
                .where(ActivityRecord.inventory_id == inventory.id)
            )
            if has_rows:
                report.unchanged_with_activity_data += 1
                continue
            before = {"reported": inventory.reported, "reported_source": inventory.reported_source}
            inventory.reported, inventory.reported_source = reported, source
            inventory.reported_gases = gases
        else:
            inventory = Inventory(
                city_id=city_id,
                year=key[1],
                status="submitted",
                standard="BASIC",
                gwp="AR5",
                factor_library=library,
                boundary=record["boundary"] or "",
                population=record["population"],
                reported=reported,
                reported_source=source,
                reported_gases=gases,
            )
            session.add(inventory)
            session.flush()
        after = {"reported": reported, "reported_source": source}
        audit.record(
            session, actor, "import", "inventory", inventory.id, city_id=city_id, before=before, after=after
        )
        report.imported += 1
    return report


def import_upload(
    db: Database,
    actor: Actor,
    inventory_id: int,
    upload: bytes | BinaryIO,
    file_name: str,
    *,
    kind: FileKind = "auto",
    replace: bool = True,
) -> InventoryResult:
    """`import_file` for an uploaded file (the API and the pages), in three steps: the actor is
    authorized before the file is saved or read; the file is read, checked and computed in a read
    session; only storing the rows takes the write transaction, so a big or hostile file never
    holds the database's write lock."""
    with db.read() as session:
        inventories.check_editable(session, actor, inventory_id)
    with saved_upload(upload, file_name) as path:
        activities = read_inventory_file(path, kind)
    with db.read() as session:
        prepared = inventories.prepare_import(
            session, actor, inventory_id, activities, file_name=path.name, replace=replace
        )
    with db.write() as session:
        return inventories.store_import(session, actor, prepared)


def check_can_import_cdp(actor: Actor) -> None:
    require(actor.is_admin, actor.is_authenticated, "Only administrators import CDP files for many cities.")


def import_cdp_upload(db: Database, actor: Actor, upload: bytes | BinaryIO, file_name: str) -> CdpImport:
    """`import_cdp` (administrators only, refused before the file is saved) for an uploaded file."""
    check_can_import_cdp(actor)
    with saved_upload(upload, file_name) as path:
        frame = read_cdp_citywide(path)  # read outside the write transaction
    with db.write() as session:
        return store_cdp(session, actor, frame, path.name)
