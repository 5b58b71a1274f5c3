"""The datasets of the open data, their schemas (Frictionless types, units in the descriptions),
licences and sources, and their tables, CSV, Parquet and data package.

CSV: UTF-8, a header row, dates and times ISO 8601 (UTC, "Z"); text a spreadsheet would run as a
formula (starting with = + - @) gets a leading apostrophe, in the CSV only. Parquet holds the same
rows with the types of the schema.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import polars as pl
from sqlalchemy.orm import Session

from citypact.services.open_data import public_rows

FORMATS: Final = ("csv", "parquet")

# Licences (Frictionless: name, path, title).
CC_BY: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
CC0: Final = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "CC0 1.0",
}
ODBL: Final = {
    "name": "ODbL-1.0",
    "path": "https://opendatacommons.org/licenses/odbl/1-0/",
    "title": "Open Data Commons Open Database License 1.0",
}
CDP_LICENCE: Final = {
    "name": "CDP-open-data",
    "path": "https://data.cdp.net/",
    "title": "CDP open data terms (attribution to CDP and ICLEI)",
}

# Sources (Frictionless: title, path).
CITYPACT: Final = {"title": "Entered and published by the cities and networks on this citypact platform"}
SIMPLEMAPS: Final = {
    "title": "simplemaps World Cities Basic (CC BY 4.0)",
    "path": "https://simplemaps.com/data/world-cities",
}
GEONAMES: Final = {
    "title": "GeoNames cities of over 100,000 people (CC BY 4.0)",
    "path": "https://www.geonames.org/",
}
WIKIDATA: Final = {"title": "Wikidata population and area (CC0)", "path": "https://www.wikidata.org/"}
NANGINI: Final = {
    "title": "Nangini et al. 2019, A global dataset of CO2 emissions and ancillary data "
    "for 343 cities (CC BY 4.0)",
    "path": "https://doi.org/10.1038/sdata.2018.280",
}
CDP: Final = {
    "title": "CDP/ICLEI city-wide emissions and emission-reduction targets (CDP open data)",
    "path": "https://data.cdp.net/",
}

FRICTIONLESS_TYPES: Final = {
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "string": pl.String(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us", "UTC"),
    "year": pl.Int64(),
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str  # a key of FRICTIONLESS_TYPES
    description: str  # with the unit where the field has one


@dataclass(frozen=True)
class Dataset:
    name: str  # lower-case, the file name and the resource name
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    licenses: tuple[dict[str, str], ...]
    sources: tuple[dict[str, str], ...]
    rows: Callable[[Session], Sequence[Sequence[Any]]]


def F(name: str, type_: str, description: str) -> FieldSpec:  # noqa: N802 - reads as a table row
    return FieldSpec(name, type_, description)


DATASETS: Final = (
    Dataset(
        "cities",
        "Cities",
        "The published cities of the registry: location, population, area.",
        (
            F("city_id", "integer", "The city's id on this platform"),
            F("key", "string", "The registry key (source prefix and the source's id)"),
            F("name", "string", "Name"),
            F("country", "string", "ISO 3166-1 alpha-2 country code"),
            F("admin_area", "string", "First-level administrative area"),
            F("lat", "number", "Latitude, degrees (WGS 84)"),
            F("lon", "number", "Longitude, degrees (WGS 84)"),
            F("population", "integer", "Population, inhabitants"),
            F("population_year", "integer", "The year of the population figure"),
            F("area_km2", "number", "Area, km²"),
            F("unlocode", "string", "UN/LOCODE location part"),
            F("geonames_id", "integer", "GeoNames id"),
            F("sources", "string", "The sources of the row, joined by ;"),
        ),
        (CC_BY, CC0),
        (SIMPLEMAPS, GEONAMES, WIKIDATA, NANGINI, CITYPACT),
        public_rows.cities,
    ),
    Dataset(
        "inventory_totals",
        "Greenhouse-gas inventory totals",
        "Totals of the submitted and verified GPC inventories of published cities (drafts never).",
        (
            F("inventory_id", "integer", "The inventory's id"),
            F("city_id", "integer", "The city's id (cities.city_id)"),
            F("city", "string", "The city's name"),
            F("country", "string", "ISO 3166-1 alpha-2 country code"),
            F("year", "integer", "Inventory year"),
            F("status", "string", "submitted or verified"),
            F("standard", "string", "GPC reporting level: BASIC or BASIC+"),
            F("gwp", "string", "The GWP set of CO2e (AR4, AR5, AR6)"),
            F("population", "integer", "Population of the inventory year, inhabitants"),
            F("basic_t", "number", "GPC BASIC total, t CO2e"),
            F("scope1_t", "number", "Scope 1, t CO2e"),
            F("scope2_t", "number", "Scope 2, t CO2e"),
            F("computed", "boolean", "true: computed here from activity data; false: reported elsewhere"),
            F("source", "string", "citypact, or the source of totals reported elsewhere (e.g. CDP)"),
        ),
        (CC_BY, CDP_LICENCE),
        (CITYPACT, CDP),
        public_rows.inventories,
    ),
    Dataset(
        "targets",
        "Published emission-reduction targets",
        "Targets cities published elsewhere (CDP/ICLEI), of published cities.",
        (
            F("target_id", "integer", "The target's id"),
            F("city_id", "integer", "The city's id"),
            F("city", "string", "The city's name"),
            F("source", "string", "The reference table the target comes from"),
            F("reported_year", "integer", "The year it was reported"),
            F(
                "target_type",
                "string",
                "base_year_absolute, fixed_level, baseline_scenario or base_year_intensity",
            ),
            F("sector", "string", "The sectors it covers, as reported"),
            F("base_year", "integer", "Base year"),
            F("base_emissions_t", "number", "Base-year emissions, t CO2e"),
            F("reduction_pct", "number", "Reduction against the base, per cent"),
            F("target_year", "integer", "Target year"),
            F("target_emissions_t", "number", "Emissions in the target year, t CO2e"),
            F("paris_alignment", "string", "1.5C, 2C, no, unknown or other"),
            F("achieved_pct", "number", "Share of the target achieved when reported, per cent"),
        ),
        (CDP_LICENCE,),
        (CDP,),
        public_rows.targets,
    ),
    Dataset(
        "cases",
        "Best-practice cases",
        "Published cases of measures cities took, of published cities.",
        (
            F("case_id", "integer", "The case's id"),
            F("city_id", "integer", "The city's id"),
            F("city", "string", "The city's name"),
            F("country", "string", "ISO 3166-1 alpha-2 country code"),
            F("title", "string", "Title"),
            F("field", "string", "Field of action (code)"),
            F("instrument", "string", "Instrument (code)"),
            F("implementation", "string", "State of implementation (code)"),
            F("start_year", "integer", "The year it started"),
            F("summary", "string", "Summary"),
            F("reduction_t_per_year", "number", "Reduction, t CO2e per year"),
            F("source_url", "string", "Where the case is documented"),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.cases,
    ),
    Dataset(
        "partnerships",
        "Partnerships",
        "Public partnerships of cities: members, status, goals.",
        (
            F("partnership_id", "integer", "The partnership's id"),
            F("title", "string", "Title"),
            F("kind", "string", "peer, mentoring, twinning, group or technical"),
            F("status", "string", "proposed, accepted, declared, active, reviewed or ended"),
            F("network", "string", "The slug of the network it belongs to (empty: none)"),
            F("cities", "string", "The published member cities, joined by ;"),
            F("declared_on", "date", "Day of the declaration"),
            F("ended_on", "date", "Day it ended"),
            F("goals", "integer", "Goals it set"),
            F("goals_achieved", "integer", "Goals achieved"),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.partnerships,
    ),
    Dataset(
        "deals",
        "Local Green Deals",
        "Signed (or later) Local Green Deals of published cities: their public parts only.",
        (
            F("deal_id", "integer", "The deal's id"),
            F("city_id", "integer", "The city's id"),
            F("city", "string", "The city's name"),
            F("title", "string", "Title"),
            F("action_field", "string", "Field of action (code)"),
            F("sdg_targets", "string", "SDG targets, joined by ;"),
            F("status", "string", "Status (code)"),
            F("signed_on", "date", "Day of signing"),
            F("summary", "string", "Summary (empty when the city keeps it back)"),
            F("start_date", "date", "Start"),
            F("end_date", "date", "End"),
            F("parties", "string", "The parties' names, joined by ; (empty when kept back)"),
            F(
                "expected_t_co2e_per_year",
                "number",
                "Expected reduction stated by the commitments, t CO2e per year",
            ),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.deals,
    ),
    Dataset(
        "funding_programmes",
        "Funding programmes",
        "Active and ended funding programmes (suggestions never).",
        (
            F("programme_id", "integer", "The programme's id"),
            F("name", "string", "Name"),
            F("funder", "string", "The funder"),
            F("funder_level", "string", "Level of the funder (code)"),
            F("instrument", "string", "Instrument (code)"),
            F("summary", "string", "Summary"),
            F("countries", "string", "ISO 3166-1 alpha-2 codes joined by ; (empty: any)"),
            F("fields", "string", "Fields of action joined by ; (empty: any)"),
            F("amount_min_minor", "integer", "Smallest grant or loan, in minor units of the currency"),
            F("amount_max_minor", "integer", "Largest grant or loan, in minor units of the currency"),
            F("currency", "string", "ISO 4217 currency code"),
            F("funding_rate_bp", "integer", "The most of the costs it pays, basis points (10000 = 100 %)"),
            F("source_url", "string", "The programme's own page"),
            F("checked_on", "date", "The day the entry was last compared with its source"),
            F("status", "string", "active or ended"),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.programmes,
    ),
    Dataset(
        "credit_projects",
        "Carbon-credit projects",
        "Registered and closed joint credit projects of published host cities.",
        (
            F("project_id", "integer", "The project's id"),
            F("title", "string", "Title"),
            F("host_city_id", "integer", "The host city's id"),
            F("host_city", "string", "The host city"),
            F("host_country", "string", "ISO 3166-1 alpha-2 country code"),
            F("methodology", "string", "Methodology (code)"),
            F("crediting_start", "date", "Start of the crediting period"),
            F("crediting_end", "date", "End of the crediting period"),
            F("buffer_bp", "integer", "Buffer share, basis points"),
            F("authorisation", "string", "Article 6 authorisation (code)"),
            F("status", "string", "registered or closed"),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.credit_projects,
    ),
    Dataset(
        "credit_issuances",
        "Carbon-credit issuances",
        "What was issued per project, monitoring report and vintage.",
        (
            F("project_id", "integer", "The project's id"),
            F("monitoring_report_id", "integer", "The monitoring report's id"),
            F("period_start", "date", "Start of the monitoring period"),
            F("period_end", "date", "End of the monitoring period"),
            F("vintage", "integer", "Vintage year"),
            F("serial_start", "integer", "First serial number"),
            F("serial_end", "integer", "Last serial number"),
            F("quantity", "integer", "Credits (1 credit = 1 t CO2e)"),
            F("issued_at", "datetime", "When they were issued (UTC)"),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.issuances,
    ),
    Dataset(
        "credit_retirements",
        "Carbon-credit retirements",
        "Every retirement of credits of public projects.",
        (
            F("retirement_id", "integer", "The retirement's id"),
            F("project_id", "integer", "The project's id"),
            F("host_country", "string", "ISO 3166-1 alpha-2 country code"),
            F("vintage", "integer", "Vintage year"),
            F("serial_start", "integer", "First serial number"),
            F("serial_end", "integer", "Last serial number"),
            F("quantity", "integer", "Credits (1 credit = 1 t CO2e)"),
            F("retired_by", "string", "The city or organisation that retired them"),
            F("use", "string", "What they were retired for (code)"),
            F("beneficiary", "string", "On whose behalf"),
            F("purpose", "string", "Purpose"),
            F("claim_year", "integer", "The year the retirement is claimed for"),
            F("retired_at", "datetime", "When (UTC)"),
            F(
                "double_claim",
                "boolean",
                "true: a buyer counts it while the host's inventory still holds the reduction",
            ),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.retirements,
    ),
    Dataset(
        "annual_reports",
        "Networks' annual reports",
        "The headline figures of every published annual report, as frozen.",
        (
            F("network", "string", "The network's slug"),
            F("network_name", "string", "The network's name"),
            F("year", "integer", "Report year"),
            F("base_year", "integer", "Base year of the comparison"),
            F("members", "integer", "Published member cities"),
            F("reporting", "integer", "Members with a submitted or verified inventory of the year or before"),
            F("total_t", "number", "Sum of the latest inventories, t CO2e (GPC BASIC)"),
            F(
                "population",
                "integer",
                "Population of the reporting members with a known population, inhabitants",
            ),
            F("per_capita_t", "number", "Emissions per inhabitant, t CO2e"),
            F("compared", "integer", "Members with a base-year and a later inventory"),
            F(
                "change_pct",
                "number",
                "Change of the compared members' emissions against the base year, per cent",
            ),
            F("partnerships", "integer", "Public partnerships of the network under way in the year"),
            F("goals_achieved", "integer", "Goals of those partnerships achieved"),
            F("deals", "integer", "Members' signed public Local Green Deals"),
            F("deals_expected_t_per_year", "number", "Their expected reductions, t CO2e per year"),
            F("credits_retired_t", "integer", "Credits members retired in the year, t CO2e"),
            F("procurements", "integer", "Members' public joint procurements of the year (empty: none)"),
            F("procurement_awarded_lots", "integer", "Their lots awarded on a published evaluation"),
            F(
                "procurement_awarded_t_co2e",
                "number",
                "The winning bids' lifetime emissions as their evaluations state them, t CO2e",
            ),
            F("data_hash", "string", "SHA-256 of the frozen figures (canonical JSON)"),
            F("published_at", "datetime", "When it was published (UTC)"),
        ),
        (CC_BY,),
        (CITYPACT,),
        public_rows.reports,
    ),
)
NAMES: Final = tuple(d.name for d in DATASETS)


def dataset(name: str) -> Dataset | None:
    return next((d for d in DATASETS if d.name == name), None)


def _utc(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value


def table(session: Session, ds: Dataset) -> pl.DataFrame:
    """The dataset's rows with the schema's types."""
    rows = ds.rows(session)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(ds.fields)
    return pl.DataFrame(
        {
            f.name: pl.Series(
                f.name,
                [_utc(v) for v in col] if f.type == "datetime" else list(col),
                dtype=FRICTIONLESS_TYPES[f.type],
            )
            for f, col in zip(ds.fields, columns, strict=True)
        }
    )


def _guarded(frame: pl.DataFrame) -> pl.DataFrame:
    text = [c for c, t in frame.schema.items() if t == pl.String()]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(r"^[=+\-@\t\r]")).then("'" + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    return _guarded(frame).write_csv(datetime_format="%Y-%m-%dT%H:%M:%SZ", date_format="%Y-%m-%d").encode()


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


def datapackage(base: str = "") -> dict[str, Any]:
    """The Frictionless data package: one resource per dataset (its CSV; the Parquet lies beside
    it with the same name). `base` prefixes the paths (e.g. "/open-data/" on the site; "" in an
    export folder)."""
    return {
        "profile": "data-package",
        "name": "citypact-open-data",
        "title": "citypact open data",
        "description": "Every public dataset of this citypact platform; "
        "each also as Parquet (same name, .parquet).",
        "licenses": [CC_BY],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": ds.name,
                "title": ds.title,
                "description": ds.description,
                "path": f"{base}{ds.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": list(ds.licenses),
                "sources": list(ds.sources),
                "schema": {
                    "fields": [
                        {"name": f.name, "type": f.type, "description": f.description} for f in ds.fields
                    ]
                },
            }
            for ds in DATASETS
        ],
    }


def export(session: Session, folder: Path, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write every dataset as CSV and Parquet and the datapackage.json into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for ds in DATASETS:
        frame = table(session, ds)
        for name, data in (
            (f"{ds.name}.csv", csv_bytes(frame)),
            (f"{ds.name}.parquet", parquet_bytes(frame)),
        ):
            (folder / name).write_bytes(data)
            written.append(folder / name)
        if progress:
            progress(ds.name)
    package = folder / "datapackage.json"
    package.write_text(json.dumps(datapackage(), ensure_ascii=False, indent=1), encoding="utf-8")
    return [*written, package]
