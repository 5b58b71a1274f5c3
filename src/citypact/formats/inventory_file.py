"""One reader for every file of activity data a person brings: the citypact template (CSV, XLSX)
or a GPC inventory exported by CityCatalyst, told apart by the header. Uploads and the CLI's
`inventory calc` both read through it, so they accept the same files."""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

import polars as pl

from citypact.formats.activity_table import read_activity_table
from citypact.formats.citycatalyst import read_citycatalyst
from citypact.formats.errors import UPLOAD_LIMITS, TableLimits, normalize_header
from citypact.formats.tables import SPREADSHEETS

FileKind = Literal["auto", "template", "citycatalyst"]
# CityCatalyst weights CH4 and N2O with AR5 GWP-100 (every CH4 figure is a multiple of 28, every
# N2O figure of 265), so dividing by them gives back tonnes of gas.
CITYCATALYST_GWP: Final = {"CH4": 28.0, "N2O": 265.0}


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
