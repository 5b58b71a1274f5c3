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
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.services.annual_reports import published_reports
from citypact.services.credits.open_data import open_issuances, open_projects, open_retirements
from citypact.services.deals.open_data import open_deals
from citypact.services.funding.programme_access import PUBLIC_STATUSES as PROGRAMME_STATUSES
from citypact.services.open_data.inventories import public_totals
from citypact.storage.funding import FundingProgramme
from citypact.storage.models import (
    CaseStudy,
    City,
    Network,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PublishedTarget,
)

MAX_ROWS: Final = 1_000_000  # per dataset; the whole world's local governments fit under it
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


def _cities(session: Session) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in session.execute(
            select(
                City.id,
                City.key,
                City.name,
                City.country,
                City.admin_area,
                City.lat,
                City.lon,
                City.population,
                City.population_year,
                City.area_km2,
                City.unlocode,
                City.geonames_id,
                City.sources,
            )  # fmt: skip
            .where(City.is_published.is_(True))
            .order_by(City.id)
            .limit(MAX_ROWS)
        )
    ]


def _inventories(session: Session) -> list[tuple[Any, ...]]:
    return [
        (t.inventory_id, t.city_id, t.city, t.country, t.year, t.status, t.standard, t.gwp, t.population,
         t.basic_t, t.scope1_t, t.scope2_t, t.computed, t.source)
        for t in public_totals(session)
    ][:MAX_ROWS]  # fmt: skip


def _targets(session: Session) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in session.execute(
            select(
                PublishedTarget.id,
                PublishedTarget.city_id,
                City.name,
                PublishedTarget.source,
                PublishedTarget.reported_year,
                PublishedTarget.target_type,
                PublishedTarget.sector,
                PublishedTarget.base_year,
                PublishedTarget.base_emissions_t,
                PublishedTarget.reduction_pct,
                PublishedTarget.target_year,
                PublishedTarget.target_emissions_t,
                PublishedTarget.paris_alignment,
                PublishedTarget.achieved_pct,
            )  # fmt: skip
            .join(City, City.id == PublishedTarget.city_id)
            .where(City.is_published.is_(True))
            .order_by(PublishedTarget.id)
            .limit(MAX_ROWS)
        )
    ]


def _cases(session: Session) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in session.execute(
            select(
                CaseStudy.id,
                CaseStudy.city_id,
                City.name,
                City.country,
                CaseStudy.title,
                CaseStudy.field,
                CaseStudy.instrument,
                CaseStudy.implementation,
                CaseStudy.start_year,
                CaseStudy.summary,
                CaseStudy.reduction_t_per_year,
                CaseStudy.source_url,
            )  # fmt: skip
            .join(City, City.id == CaseStudy.city_id)
            .where(City.is_published.is_(True), CaseStudy.is_published.is_(True))
            .order_by(CaseStudy.id)
            .limit(MAX_ROWS)
        )
    ]


def _partnerships(session: Session) -> list[tuple[Any, ...]]:
    found = session.execute(
        select(Partnership, Network.slug)
        .outerjoin(Network, Network.id == Partnership.network_id)
        .where(Partnership.is_public.is_(True))
        .order_by(Partnership.id)
        .limit(MAX_ROWS)
    )
    rows = [(p, slug) for p, slug in found]
    ids = [p.id for p, _ in rows]
    members: dict[int, list[str]] = {}
    for pid, name in session.execute(
        select(PartnershipMember.partnership_id, City.name)
        .join(City, City.id == PartnershipMember.city_id)
        .where(PartnershipMember.partnership_id.in_(ids), City.is_published.is_(True))
        .order_by(PartnershipMember.id)
    ):
        members.setdefault(pid, []).append(name)
    goals: dict[int, list[str]] = {}
    for pid, status in session.execute(
        select(PartnershipGoal.partnership_id, PartnershipGoal.status).where(
            PartnershipGoal.partnership_id.in_(ids)
        )
    ):
        goals.setdefault(pid, []).append(status)
    return [
        (p.id, p.title, p.kind, p.status, slug, ";".join(members.get(p.id, [])), p.declared_on, p.ended_on,
         len(goals.get(p.id, [])), goals.get(p.id, []).count("achieved"))
        for p, slug in rows
    ]  # fmt: skip


def _deals(session: Session) -> list[tuple[Any, ...]]:
    return [
        (d.id, d.city_id, d.city, d.title, d.action_field, ";".join(d.sdg_targets), d.status, d.signed_on,
         d.summary, d.start_date, d.end_date, ";".join(p.name for p in d.parties), d.expected_t)
        for d in open_deals(session)
    ][:MAX_ROWS]  # fmt: skip


def _programmes(session: Session) -> list[tuple[Any, ...]]:
    p = FundingProgramme
    return [
        tuple(r)
        for r in session.execute(
            select(
                p.id,
                p.name,
                p.funder_name,
                p.funder_level,
                p.instrument,
                p.summary,
                p.countries,
                p.fields,
                p.amount_min_minor,
                p.amount_max_minor,
                p.currency,
                p.funding_rate_bp,
                p.source_url,
                p.checked_on,
                p.status,
            )  # fmt: skip
            .where(p.status.in_(PROGRAMME_STATUSES))
            .order_by(p.id)
            .limit(MAX_ROWS)
        )
    ]


def _credit_projects(session: Session) -> list[tuple[Any, ...]]:
    return [
        (p.project_id, p.title, p.host_city_id, p.host_city, p.host_country, p.methodology, p.crediting_start,
         p.crediting_end, p.buffer_bp, p.authorisation, p.status)
        for p in open_projects(session)
    ][:MAX_ROWS]  # fmt: skip


def _issuances(session: Session) -> list[tuple[Any, ...]]:
    return [
        (i.project_id, i.monitoring_report_id, i.period_start, i.period_end, i.vintage, i.serial_start,
         i.serial_end, i.quantity, i.issued_at)
        for i in open_issuances(session)
    ][:MAX_ROWS]  # fmt: skip


def _retirements(session: Session) -> list[tuple[Any, ...]]:
    return [
        (r.id, r.block.project_id, r.block.host_country, r.block.vintage, r.block.serial_start,
         r.block.serial_end, r.block.quantity, r.city or r.organisation or "", r.use, r.beneficiary,
         r.purpose, r.claim_year, r.retired_at, r.double_claim)
        for r in open_retirements(session)
    ][:MAX_ROWS]  # fmt: skip


def _reports(session: Session) -> list[tuple[Any, ...]]:
    out = []
    for network, report in published_reports(session, MAX_ROWS):
        f = report.figures
        inv, part = f.get("inventories", {}), f.get("partnerships", {})
        out.append(
            (network.slug, network.name, report.year, report.base_year, inv.get("members"),
             inv.get("reporting"), inv.get("total_t"), inv.get("population"), inv.get("per_capita_t"),
             inv.get("compared"), inv.get("change_pct"), part.get("count"), part.get("goals_achieved"),
             f.get("deals", {}).get("count"), f.get("deals", {}).get("expected_t_per_year"),
             f.get("credits", {}).get("retired_t"), report.data_hash, report.published_at)
        )  # fmt: skip
    return out


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
        _cities,
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
        _inventories,
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
        _targets,
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
        _cases,
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
        _partnerships,
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
        _deals,
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
        _programmes,
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
        _credit_projects,
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
        _issuances,
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
        _retirements,
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
            F("data_hash", "string", "SHA-256 of the frozen figures (canonical JSON)"),
            F("published_at", "datetime", "When it was published (UTC)"),
        ),
        (CC_BY,),
        (CITYPACT,),
        _reports,
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
