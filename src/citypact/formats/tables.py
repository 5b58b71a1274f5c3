"""Tables people bring as CSV or as an XLSX workbook, read as text with spreadsheet row numbers."""

from __future__ import annotations

from collections import Counter
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
    width = len(header)
    twice = sorted(h for h, n in Counter(header).items() if n > 1)
    if twice:
        raise ImportErrors(
            [ImportProblem(path.name, 1, h, "the column appears twice; keep one of them") for h in twice]
        )
    # A row may be longer than the header (a value typed right of the last column) or shorter.
    past = [
        ImportProblem(
            path.name,
            number,
            f"column {width + offset + 1}",
            "a value right of the last column with a header; give the column a header or delete the value",
        )
        for number, row in enumerate(rows[1:], start=2)
        for offset, v in enumerate(row[width:])
        if v is not None and str(v).strip()
    ]
    if past:
        raise ImportErrors(past)
    body = [
        [None if v is None else str(v) for v in (*row[:width], *[None] * (width - len(row)))]
        for row in rows[1:]
    ]
    frame = pl.DataFrame(body, schema=dict.fromkeys(header, pl.String), orient="row")
    frame = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))
    return frame.filter(pl.any_horizontal(pl.exclude("row").is_not_null()))


def read_text_table(path: str | Path) -> pl.DataFrame:
    """A CSV or XLSX file as text columns plus `row`."""
    path = Path(path)
    return read_xlsx_text(path) if path.suffix.lower() in SPREADSHEETS else read_text_csv(path)
