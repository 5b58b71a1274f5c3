"""Imports into inventories: the activity template (CSV, XLSX), GPC inventories exported by another
tool (CityCatalyst format), and the CDP city-wide files (reported totals of many cities).

Every file is read and checked in full before anything is written; a problem anywhere raises
ImportErrors naming file, row and column, and the transaction writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Final

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.city_match import candidate_names, match_cities
from citypact.domain.names import country_lookup, resolve_country
from citypact.formats.cdp import FIGURES, CdpFile, read_cdp_file
from citypact.formats.citycatalyst import read_citycatalyst as read_citycatalyst  # re-exported
from citypact.formats.inventory_file import FileKind, read_inventory_file
from citypact.formats.inventory_file import citycatalyst_activities as citycatalyst_activities  # re-exported
from citypact.reference.benchmark_panel import PLAUSIBLE_T_PER_CAPITA
from citypact.reference.factor_library import default_library
from citypact.services import audit
from citypact.services.errors import require
from citypact.services.inventory import inventories
from citypact.services.uploads import saved_upload
from citypact.storage.db import Database
from citypact.storage.models import ActivityRecord, City, Country, Inventory, InventoryResult

CDP_TOTALS: Final = ("scope1_t", "scope2_t", "scope3_t", "basic_t", "basic_plus_t", "total_t")
# Figures checked per person: scope 1 (as the benchmark checks it) and the city-wide totals. Scope 2
# and 3 alone may be tiny (a hydro grid, little cross-boundary traffic), so they are not.
PER_CAPITA_CHECKED: Final = ("scope1_t", "basic_t", "basic_plus_t", "total_t")


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
    """What a CDP file import did. The lists name the file's rows, so a person can find them."""

    file: str
    records: int
    imported: int = 0
    unchanged_with_activity_data: int = 0
    without_emissions: int = 0
    unmatched: list[str] = field(default_factory=list)
    # a second record of a city-year with other figures (the first one in the file is imported)
    conflicting_duplicates: list[str] = field(default_factory=list)
    identical_duplicates: list[str] = field(default_factory=list)  # the same figures again: imported once
    quarantined: list[str] = field(default_factory=list)  # negative or implausible: not stored (one per row)
    name_conflicts: list[str] = field(default_factory=list)  # matched although name and point disagree
    warnings: list[str] = field(default_factory=list)  # about the file's columns

    @property
    def balanced(self) -> bool:
        """Every record has exactly one fate (name conflicts and warnings are notes, not fates)."""
        fates = (
            self.imported + self.unchanged_with_activity_data + self.without_emissions + len(self.unmatched)
            + len(self.conflicting_duplicates) + len(self.identical_duplicates) + len(self.quarantined)
        )  # fmt: skip
        return fates == self.records


def _country_codes(session: Session) -> dict[str, str]:
    """Country label -> ISO2: the registry's names and the usual CDP spellings (domain.names)."""
    return country_lookup((name, iso2) for name, iso2 in session.execute(select(Country.name, Country.iso2)))


def _registry_cities(session: Session, countries: list[str]) -> pl.DataFrame:
    """Registry cities of the given countries with every spelling (candidates for city_match)."""
    rows = session.execute(
        select(City.key, City.id, City.name, City.name_ascii, City.alt_names, City.country, City.lat,
               City.lon, City.population).where(City.country.in_(countries))
    ).all()  # fmt: skip
    schema = {"key": pl.String, "id": pl.Int64, "name": pl.String, "name_ascii": pl.String,
              "alt_names": pl.String, "country": pl.String, "lat": pl.Float64, "lon": pl.Float64,
              "population": pl.Int64}  # fmt: skip
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def _match_cities(session: Session, frame: pl.DataFrame, codes: dict[str, str]) -> pl.DataFrame:
    """row -> registry city (city_id, city_name, city_population, how, distance_km, conflict) by
    domain.city_match: names and the registry's alternate names, the name alone when unique in the
    country, then the nearest city within COORDINATE_KM. A trailing state code (", OR") is dropped."""
    iso = {label: resolve_country(label, codes) for label in frame["country"].unique().drop_nulls()}
    records = frame.select(
        ref="row", country=pl.col("country").replace_strict(iso, default=None), lat="lat", lon="lon",
        city="city", organization="organization", population="population",
    )  # fmt: skip
    names = pl.concat(
        [
            records.select("ref", "country", "lat", "lon", "population", name=pl.col(c))
            for c in ("city", "organization")
        ]
    ).with_columns(name=pl.col("name").str.replace(r",\s*[A-Z]{2}$", "").str.strip_chars())
    names = names.filter(pl.col("name").is_not_null() & (pl.col("name") != "")).unique(maintain_order=True)
    cities = _registry_cities(session, [c for c in iso.values() if c])
    matched = match_cities(names, candidate_names(cities))
    return matched.join(
        cities.select("key", city_id="id", city_name="name", city_population="population"),
        on="key",
        how="left",
    ).rename({"ref": "row"})


def _quarantine(record: dict[str, Any], population: int | None, columns: dict[str, str]) -> list[str]:
    """Why a record's figures are not stored: a negative figure, or a city-wide figure outside
    PLAUSIBLE_T_PER_CAPITA per person (the benchmark's rule; a kt figure written as t, or the
    scope of a region, is the usual cause). Empty when the figures may be stored."""
    where = f"row {record['row']}"
    found = []
    for meaning in FIGURES:
        value = record[meaning]
        if value is not None and value < 0 and meaning in columns:
            found.append(
                f"{where}, column '{columns[meaning]}': {value:,.0f} t is negative; emissions are "
                "positive: correct the figure and import again"
            )
    low, high = PLAUSIBLE_T_PER_CAPITA
    for meaning in PER_CAPITA_CHECKED:
        value = record[meaning]
        if value is None or value < 0 or not population:
            continue
        per_person = value / population
        if not low <= per_person <= high:
            column = columns.get(meaning, meaning)  # built from components when not in the file
            found.append(
                f"{where}, column '{column}': {value:,.0f} t for {population:,} people is "
                f"{per_person:.3g} t per person, outside {low}-{high:g}; check the unit (t, not kt) "
                "and the population, correct them and import again"
            )
    return found


def _figures(record: dict[str, Any]) -> dict[str, float]:
    return {c.removesuffix("_t"): record[c] for c in CDP_TOTALS if record[c] is not None}


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
    return store_cdp(session, actor, read_cdp_file(path), file_name or path.name)


def _usable(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("has_emissions") & pl.col("inventory_year").is_not_null())


def match_cdp(session: Session, read: CdpFile) -> pl.DataFrame:
    """The registry city of every record with emissions (`_match_cities`): a read, so an upload
    matches in a read session and holds the write lock only to store."""
    return _match_cities(session, _usable(read.frame), _country_codes(session))


def store_cdp(
    session: Session, actor: Actor, read: CdpFile, name: str, matched: pl.DataFrame | None = None
) -> CdpImport:
    """The records of a CDP file read by `read_cdp_file` into the matched cities' inventories.

    Every record has one fate, listed in the report by its row: without emissions, unmatched,
    quarantined (negative or implausible figures), a duplicate of an earlier record of the same
    city-year (identical, or conflicting: the first in the file is imported), kept as the city has
    activity data, or imported."""
    check_can_import_cdp(actor)
    frame = read.frame
    report = CdpImport(file=name, records=frame.height, warnings=[str(w) for w in read.warnings])
    library = default_library().label
    usable = _usable(frame)
    report.without_emissions = frame.height - usable.height
    if matched is None:
        matched = match_cdp(session, read)
    matches = {m["row"]: m for m in matched.iter_rows(named=True)}
    first_of: dict[tuple[int, int], dict[str, Any]] = {}
    for record in usable.iter_rows(named=True):
        label = f"row {record['row']}: {record['city'] or record['organization']} ({record['country']})"
        match = matches.get(record["row"])
        if match is None or match["city_id"] is None:
            report.unmatched.append(label)
            continue
        city_id = int(match["city_id"])
        if match["conflict"]:
            how = (
                f"by its coordinates ({match['distance_km']:.1f} km from {match['city_name']});"
                " the names differ"
                if match["how"] == "coordinates"
                else f"by its name, although its coordinates lie {match['distance_km']:,.0f} km away"
            )
            report.name_conflicts.append(f"{label} matched to {match['city_name']} {how}")
        population = record["population"] or match["city_population"]
        problems = _quarantine(record, population, read.columns)
        if problems:
            report.quarantined.append("; ".join(problems))
            continue
        key = (city_id, int(record["inventory_year"]))
        reported = _figures(record)
        earlier = first_of.get(key)
        if earlier is not None:
            same = f"same city ({match['city_name']}) and year {key[1]} as row {earlier['row']}"
            if _figures(earlier) == reported:
                report.identical_duplicates.append(
                    f"row {record['row']}: {same}, same figures: imported once"
                )
            else:
                report.conflicting_duplicates.append(
                    f"row {record['row']}: {same}, other figures ({_describe(reported)} against "
                    f"{_describe(_figures(earlier))}): row {earlier['row']} was imported; delete the "
                    "report that is wrong and import again"
                )
            continue
        first_of[key] = record
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


def _describe(figures: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:,.0f} t" for k, v in figures.items())


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
        read = read_cdp_file(path)  # read and matched outside the write transaction
    with db.read() as session:
        matched = match_cdp(session, read)
    with db.write() as session:
        return store_cdp(session, actor, read, path.name, matched)
