"""Tables people bring as CSV or as an XLSX workbook, read as text with spreadsheet row numbers."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from citypact.formats.errors import ImportErrors, ImportProblem, read_text_csv

SPREADSHEETS = (".xlsx", ".xlsm")


def read_xlsx_text(path: Path) -> pl.DataFrame:
    """The first sheet, every cell as text, plus `row` (header row 1); empty rows dropped."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        problem = ImportProblem(
            path.name, None, None, f"not a readable XLSX workbook ({error}); save as .xlsx"
        )
        raise ImportErrors([problem]) from None
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if not rows:
        raise ImportErrors(
            [ImportProblem(path.name, None, None, "the first sheet is empty; fill in the template")]
        )
    header = [str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(rows[0])]
    body = [[None if v is None else str(v) for v in row] for row in rows[1:]]
    frame = pl.DataFrame(body, schema=dict.fromkeys(header, pl.String), orient="row")
    frame = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))
    return frame.filter(pl.any_horizontal(pl.exclude("row").is_not_null()))


def read_text_table(path: str | Path) -> pl.DataFrame:
    """A CSV or XLSX file as text columns plus `row`."""
    path = Path(path)
    return read_xlsx_text(path) if path.suffix.lower() in SPREADSHEETS else read_text_csv(path)
