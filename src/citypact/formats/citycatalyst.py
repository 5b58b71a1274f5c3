"""Read a GPC inventory exported as CSV by CityCatalyst (Open Earth Foundation).

The export has one line per activity value of a GPC subcategory (several lines may share a GPC
reference number: one per fuel or source), or one line per subcategory that carries only a notation
key. We checked the format against CityCatalyst's exporter (`CSVDownloadService.ts`) and the 51
Brazilian exports in ../shared/data (inventory year 2022):

Units. `Total Emissions` is t CO2e (the stored kg CO2e divided by 1000). The per-gas columns
`CO2/CH4/N2O Emissions` are NOT kg of each gas: the exporter multiplies the kg of gas by its
CO2e-per-kg factor, so they are kg CO2e per gas. In the data every CH4 value is a multiple of 28 and
every N2O value a multiple of 265 (AR5 GWP-100 times whole kg of gas). Of the 2,079 lines with a
total, 18 (EPE, IEA) have no gas split; of the 2,061 with one, 1,965 (95.3 %) sum to total x 1000
within 1 kg, 91 more fall short by at most 300 kg (the gas mass is stored as whole kg before the GWP
is applied; all waste lines), and 5 waste lines do not add up (CMA III.1.1 1 %, POA III.1.2 99.99 %,
SOR III.1.2 90 %, RIO III.2.1 57 %, RIO III.4.1 51 % of the total). We return the per-gas figures
as t CO2e (`CO2_co2e_t`, ...) and `gas_split_consistent`: whether they sum to the total within
0.3 t (null without a split). `co2e_t` stays the authoritative figure.

Notation keys. The exporter writes the initials of the stored "unavailable reason": the current
reasons no-occurrance / not-estimated / confidential-information / included-elsewhere become NO, NE,
CI, IE, and the legacy reasons reason-NO / reason-NE / reason-C / reason-IE become RN, RN, RC, RI.
So CI and RC mean C, RI means IE, and RN means "NO or NE", which cannot be told apart: we keep RN
as given (no emissions were estimated either way). The 51 files hold 1,449 RN, 2 NE and 1 NO; the
three NE/NO lines have no GPC reference number, which is accepted only for a line with a notation
key and no figures. Any other key is an ImportProblem.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from citypact.formats.errors import (
    ImportErrors,
    ImportProblem,
    Problems,
    normalize_header,
    read_text_csv,
    to_number,
)

GPC_KEYS = ("NO", "NE", "IE", "C")
KEY_ALIASES = {"CI": "C", "RC": "C", "RI": "IE", "RN": "RN"}
GPC_REF = r"^(I|II|III|IV|V|VI)\.\d{1,2}(\.\d{1,2})?$"
GAS_SPLIT_TOLERANCE_T = 0.3

# output column <- header, for the headers that must be there
REQUIRED = {
    "gpc_ref": "GPC Reference Number",
    "notation_key": "Notation Key",
    "co2e_t": "Total Emissions",
    "total_unit": "Total Emission Units",
}
OPTIONAL = {
    "subsector": "Subsector name",
    "fuel": "Activity type",
    "amount": "Activity Value",
    "unit": "Activity Units",
    "ef_co2": "Emission Factor - CO2",
    "ef_ch4": "Emission Factor - CH4",
    "ef_n2o": "Emission Factor - N2O",
    "ef_unit": "Emission Factor - Unit",
    "CO2_co2e_kg": "CO2 Emissions",
    "CH4_co2e_kg": "CH4 Emissions",
    "N2O_co2e_kg": "N2O Emissions",
    "source": "Data source name",
}
NUMERIC = ("co2e_t", "amount", "ef_co2", "ef_ch4", "ef_n2o", "CO2_co2e_kg", "CH4_co2e_kg", "N2O_co2e_kg")
OUTPUT = [
    "row", "gpc_ref", "subsector", "notation_key", "explanation", "fuel", "amount", "unit", "co2e_t",
    "CO2_co2e_t", "CH4_co2e_t", "N2O_co2e_t", "gas_split_consistent", "source",
    "ef_co2", "ef_ch4", "ef_n2o", "ef_unit",
]  # fmt: skip


def read_citycatalyst(path: str | Path) -> pl.DataFrame:
    """Read one CityCatalyst GPC export; raise ImportErrors listing every problem of the file.

    Columns: row (Int64, spreadsheet row), gpc_ref (upper case; null only on notation-key lines),
    subsector, notation_key (NO/NE/IE/C, or RN), explanation (always null: the export has none),
    fuel (activity type), amount (Float64), unit, co2e_t, CO2_co2e_t, CH4_co2e_t, N2O_co2e_t
    (t CO2e per gas), gas_split_consistent (Boolean), source, ef_co2, ef_ch4, ef_n2o (Float64),
    ef_unit.
    """
    name = Path(path).name
    raw = read_text_csv(path)
    by_meaning = {normalize_header(c): c for c in raw.columns}
    problems = Problems()
    for header in REQUIRED.values():
        if normalize_header(header) not in by_meaning:
            problems.append(
                ImportProblem(name, 1, header, "required column missing; add it with this header as exported")
            )
    if problems:
        raise ImportErrors(problems)
    found = {out: by_meaning.get(normalize_header(h)) for out, h in (REQUIRED | OPTIONAL).items()}
    frame = raw.select(
        "row",
        *[
            (pl.col(src).str.strip_chars() if src else pl.lit(None, pl.String)).alias(out)
            for out, src in found.items()
        ],
    )
    numbers = {
        out: to_number(raw, src, name, problems).alias(out)
        for out, src in found.items()
        if src and out in NUMERIC
    }
    frame = frame.with_columns(
        *numbers.values(),
        *[pl.lit(None, pl.Float64).alias(out) for out in NUMERIC if out not in numbers],
        gpc_ref=pl.col("gpc_ref").str.to_uppercase(),
        notation_key=pl.col("notation_key").str.to_uppercase().replace(KEY_ALIASES),
    )
    _check(frame, found, name, problems)
    if problems:
        raise ImportErrors(problems)
    gases = ["CO2_co2e_kg", "CH4_co2e_kg", "N2O_co2e_kg"]
    has_split = pl.any_horizontal(pl.col(gases).is_not_null())
    gap_t = (pl.sum_horizontal(gases) / 1000 - pl.col("co2e_t")).abs()
    return frame.with_columns(
        *[(pl.col(g) / 1000).alias(g.replace("_kg", "_t")) for g in gases],
        gas_split_consistent=pl.when(has_split & pl.col("co2e_t").is_not_null()).then(
            gap_t <= GAS_SPLIT_TOLERANCE_T
        ),
        explanation=pl.lit(None, pl.String),
    ).select(OUTPUT)


def _check(
    frame: pl.DataFrame, found: dict[str, str | None], file: str, problems: list[ImportProblem]
) -> None:
    """Collect the problems of GPC references, notation keys and the total's unit."""
    ref_col, key_col, unit_col = found["gpc_ref"], found["notation_key"], found["total_unit"]
    has_key = pl.col("notation_key").is_not_null()
    bad_ref = frame.filter(pl.col("gpc_ref").is_not_null() & ~pl.col("gpc_ref").str.contains(GPC_REF))
    for row, ref in bad_ref.select("row", "gpc_ref").iter_rows():
        problems.append(
            ImportProblem(
                file, row, ref_col, f"{ref!r} is not a GPC reference number; write one such as I.1.1 or IV.1"
            )
        )
    no_ref = frame.filter(pl.col("gpc_ref").is_null() & (~has_key | pl.col("co2e_t").is_not_null()))
    for (row,) in no_ref.select("row").iter_rows():
        problems.append(
            ImportProblem(file, row, ref_col, "GPC reference number missing; write one such as I.1.1")
        )
    bad_key = frame.filter(has_key & ~pl.col("notation_key").is_in([*GPC_KEYS, "RN"]))
    for row, key in bad_key.select("row", "notation_key").iter_rows():
        problems.append(
            ImportProblem(
                file,
                row,
                key_col,
                f"{key!r} is not a GPC notation key; write NO, NE, IE or C, or leave it empty",
            )
        )
    unit = pl.col("total_unit").str.replace_all(r"\s", "").str.to_lowercase()
    bad_unit = frame.filter(pl.col("co2e_t").is_not_null() & (unit.is_null() | (unit != "tco2e")))
    for row, text in bad_unit.select("row", "total_unit").iter_rows():
        problems.append(
            ImportProblem(file, row, unit_col, f"unit {text!r} is not supported; export the totals in t CO2e")
        )
