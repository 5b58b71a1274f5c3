"""Exports of an inventory: JSON, CSV of the rows, the GPC reporting table, and a Covenant of Mayors
CRF-style sector table (final energy and emissions by sector and energy carrier) as XLSX.
"""

from __future__ import annotations

import io
from typing import Any, Final

import polars as pl

from citypact.domain.factor_library import BIOMASS_FUELS, DISTRICT_HEAT, ELECTRICITY, fuel_key
from citypact.domain.figures import clean_frame, clean_value
from citypact.domain.gpc import GPC_REFS
from citypact.domain.text import scrub
from citypact.services.inventory.inventories import InventoryDetail

MWH_PER_TJ: Final = 1e6 / 3600.0

# Covenant of Mayors CRF-style sectors, from GPC subsectors.
CRF_SECTORS: Final = {
    "I.1": "Residential buildings",
    "I.2": "Tertiary (commercial and institutional) buildings and facilities",
    "I.3": "Industry",
    "I.4": "Energy industries",
    "I.5": "Agriculture, forestry, fisheries",
    "I.6": "Non-specified",
    "I.7": "Fugitive emissions",
    "I.8": "Fugitive emissions",
    "II.1": "Transport: road",
    "II.2": "Transport: rail",
    "II.3": "Transport: waterborne",
    "II.4": "Transport: aviation",
    "II.5": "Transport: off-road",
    "III.1": "Waste: solid waste disposal",
    "III.2": "Waste: biological treatment",
    "III.3": "Waste: incineration and open burning",
    "III.4": "Waste: wastewater",
    "IV.1": "Industrial processes and product use",
    "IV.2": "Industrial processes and product use",
    "V.1": "Agriculture, forestry and land use",
    "V.2": "Agriculture, forestry and land use",
    "V.3": "Agriculture, forestry and land use",
    "VI.1": "Other scope 3",
}
CARRIERS: Final = (
    "Electricity",
    "Heat/cold",
    "Natural gas",
    "Liquid gas",
    "Heating oil and diesel",
    "Gasoline",
    "Coal and lignite",
    "Other fossil fuels",
    "Biomass and biofuels",
    "No energy carrier",
)
_CARRIER_OF: Final = {
    ELECTRICITY: "Electricity",
    DISTRICT_HEAT: "Heat/cold",
    "natural gas": "Natural gas",
    "liquefied petroleum gases": "Liquid gas",
    "gas/diesel oil": "Heating oil and diesel",
    "motor gasoline": "Gasoline",
    "aviation gasoline": "Gasoline",
}
_COAL_WORDS: Final = ("coal", "lignite", "anthracite", "coke", "peat", "patent fuel")


def carrier(fuel: str | None) -> str:
    """The CRF energy-carrier column of a fuel name."""
    if not fuel:
        return "No energy carrier"
    key = fuel_key(fuel)
    if key in _CARRIER_OF:
        return _CARRIER_OF[key]
    if key in BIOMASS_FUELS:
        return "Biomass and biofuels"
    if any(word in key for word in _COAL_WORDS):
        return "Coal and lignite"
    return "Other fossil fuels"


def mixed_gwp_note(gwp: str, other_gwp: dict[str, float] | None) -> str:
    """The caption's note that the totals mix GWP sets, or nothing."""
    if not other_gwp:
        return ""
    parts = ", ".join(f"{tonnes:,.1f} t CO2e under {name}" for name, tonnes in sorted(other_gwp.items()))
    return f"; mixed GWP sets: {parts} (reported without a gas split), the rest under {gwp}"


def as_json(detail: InventoryDetail) -> dict[str, Any]:
    """The inventory as JSON, its floats without binary noise (domain/figures.py)."""
    return dict(clean_value(_as_json(detail)))


def _as_json(detail: InventoryDetail) -> dict[str, Any]:
    s = detail.summary
    current = next((r for r in detail.results if r.is_current), None)
    return {
        "inventory": {
            "id": s.id,
            "city": {"id": s.city_id, "name": s.city_name, "country": s.country},
            "year": s.year,
            "standard": s.standard,
            "gwp": s.gwp,
            "other_gwp": s.other_gwp,
            "status": s.status,
            "factor_library": s.factor_library,
            "population": s.population,
        },
        "units": {
            "totals": "t CO2e",
            "gases": "t",
            "co2e_not_split_by_gas": "t CO2e",
            "biogenic_co2": "t CO2 (memo)",
        },
        "totals": s.totals,
        "by_ref": current.by_ref if current else {},
        "by_gas": current.by_gas if current else {},
        # In the totals, in none of by_gas: national grid factors and reported totals are CO2e only.
        "co2e_not_split_by_gas": float(
            detail.rows.filter(pl.all_horizontal(pl.col(c).is_null() for c in ("CO2_t", "CH4_t", "N2O_t")))[
                "co2e_t"
            ]
            .fill_null(0.0)
            .sum()
        ),
        "reported": s.reported,
        "reported_source": s.reported_source,
        "rows": detail.rows.to_dicts(),
    }


def rows_csv(detail: InventoryDetail) -> str:
    return export_csv(detail.rows)


def export_csv(table: pl.DataFrame) -> str:
    """A table as CSV, its floats without binary noise (0.30000000000000004 is written 0.3)."""
    return clean_frame(table).write_csv()


def _listed(column: str, separator: str) -> pl.Expr:
    """The distinct values of a text column (the engine's words come as codes), sorted and joined."""
    return pl.col(column).cast(pl.String).drop_nulls().unique().sort().str.join(separator)


def gpc_table(detail: InventoryDetail) -> pl.DataFrame:
    """The GPC reporting table: every reference number in GPC order with its scope, the totals it
    counts in, t of each gas, t CO2e, notation keys, data quality and sources."""
    rows = detail.rows
    grouped = rows.group_by("gpc_ref").agg(
        # A gas no row of the reference gives is empty, not 0 (grid electricity is CO2e only).
        *(
            pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c)
            for c in ("CO2_t", "CH4_t", "N2O_t")
        ),
        pl.col("biogenic_co2_t").sum().alias("biogenic_co2_t"),
        pl.when(pl.col("co2e_t").is_not_null().any()).then(pl.col("co2e_t").sum()).alias("co2e_t"),
        pl.col("co2e_t")
        .filter(pl.all_horizontal(pl.col(c).is_null() for c in ("CO2_t", "CH4_t", "N2O_t")))
        .sum()
        .alias("co2e_not_by_gas_t"),
        _listed("notation_key", ", ").alias("notation_keys"),
        _listed("data_quality", ", ").alias("activity_data_quality"),
        _listed("ef_data_quality", ", ").alias("factor_data_quality"),
        _listed("factor_source", "; ").alias("factor_sources"),
        # CO2e kept under another GWP set than the inventory's (reported without a gas split)
        _listed("other_gwp", ", ").alias("other_gwp"),
    )
    reference = pl.DataFrame(
        {
            "gpc_ref": list(GPC_REFS),
            "sector": [r.sector_name for r in GPC_REFS.values()],
            "subsector": [r.subsector_name for r in GPC_REFS.values()],
            "scope": [r.scope for r in GPC_REFS.values()],
            "basic": [r.in_basic for r in GPC_REFS.values()],
            "basic_plus": [r.in_basic_plus for r in GPC_REFS.values()],
        }
    )
    return reference.join(grouped, on="gpc_ref", how="left", maintain_order="left")


def crf_tables(detail: InventoryDetail) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Final energy (MWh) and emissions (t CO2e) by CRF sector (rows) and energy carrier (columns)."""
    rows = detail.rows.with_columns(
        pl.col("gpc_ref")
        .str.extract(r"^([IV]+\.\d+)")
        .replace_strict(CRF_SECTORS, default="Other")
        .alias("sector"),
        pl.col("fuel").map_elements(carrier, return_dtype=pl.String, skip_nulls=False).alias("carrier"),
        (pl.col("activity_tj") * MWH_PER_TJ).alias("mwh"),
    )
    order = list(dict.fromkeys(CRF_SECTORS.values()))

    def wide(value: str) -> pl.DataFrame:
        table = rows.pivot(on="carrier", index="sector", values=value, aggregate_function="sum")
        for name in CARRIERS:
            if name not in table.columns:
                table = table.with_columns(pl.lit(None, pl.Float64).alias(name))
        table = table.select("sector", *CARRIERS).with_columns(pl.sum_horizontal(*CARRIERS).alias("Total"))
        return table.sort(pl.col("sector").replace_strict(order, list(range(len(order))), default=len(order)))

    return wide("mwh"), wide("co2e_t")


def crf_xlsx(detail: InventoryDetail) -> bytes:
    """The CRF-style tables as a workbook: one sheet of final energy, one of emissions."""
    from openpyxl import Workbook

    energy, emissions = crf_tables(detail)
    book = Workbook()
    s = detail.summary
    # openpyxl refuses control characters, which text stored before they were refused may hold
    title = scrub(f"{s.city_name} ({s.country}) {s.year}, GWP {s.gwp}, {s.factor_library}", multiline=False)
    title += mixed_gwp_note(s.gwp, s.other_gwp)
    sheets = (("Final energy (MWh)", energy), ("Emissions (t CO2e)", emissions))
    for index, (name, table) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = name
        sheet.append([title])
        sheet.append(table.columns)
        for row in table.iter_rows():
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
