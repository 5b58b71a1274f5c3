"""Tables people bring as CSV or as an XLSX workbook, read as text with spreadsheet row numbers."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import polars as pl

from citypact.formats.errors import (
    UPLOAD_LIMITS,
    ImportErrors,
    ImportProblem,
    TableLimits,
    read_text_csv,
    too_many_columns,
    too_many_rows,
)

SPREADSHEETS = (".xlsx", ".xlsm")
_CHUNK = 1 << 20
# Spreadsheet programs never write these; with them an XML parser can be made to expand entities
# without bound ("billion laughs") or to read other files.
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_MEDIA = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")


def _refused(file: str, message: str) -> ImportErrors:
    return ImportErrors([ImportProblem(file, None, None, message)])


def check_workbook(path: Path, limits: TableLimits) -> None:
    """Refuse, before any XML is parsed, a workbook that unpacks to more than `limits.inflated_bytes`
    (a zip bomb) or whose XML declares a document type or entities."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise _refused(name, f"not a readable XLSX workbook ({error}); save as .xlsx") from None
    with archive:
        members = archive.infolist()
        inflated = sum(m.file_size for m in members)
        if inflated > limits.inflated_bytes:
            raise _refused(
                name,
                f"the workbook unpacks to {inflated / 1e6:,.0f} MB, more than the"
                f" {limits.inflated_bytes / 1e6:,.0f} MB allowed; keep only the data sheet"
                " or save it as CSV",
            )
        for member in members:
            # Every part but pictures: a sheet's XML may be stored under any name its relations give.
            if not member.filename.lower().endswith(_MEDIA):
                _check_xml(archive, member, name)


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, file: str) -> None:
    tail = b""
    try:
        with archive.open(member) as handle:
            first = True
            while chunk := handle.read(_CHUNK):
                if first and chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
                    raise _refused(file, f"{member.filename} is not UTF-8 XML; save the workbook again")
                first = False
                window = tail + chunk
                if any(d in window for d in _DECLARATIONS):
                    raise _refused(
                        file,
                        f"{member.filename} declares a document type or XML entities, which a"
                        " spreadsheet program does not write; save the workbook again from one",
                    )
                tail = window[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:  # a corrupt member
        raise _refused(file, f"not a readable XLSX workbook ({error}); save as .xlsx") from None


def read_xlsx_text(path: Path, limits: TableLimits = UPLOAD_LIMITS) -> pl.DataFrame:
    """The first sheet, every cell as text, plus `row` (header row 1); empty rows dropped."""
    from openpyxl import load_workbook

    check_workbook(path, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        problem = ImportProblem(
            path.name, None, None, f"not a readable XLSX workbook ({error}); save as .xlsx"
        )
        raise ImportErrors([problem]) from None
    rows: list[tuple[object, ...]] = []
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            if len(row) > limits.columns:
                raise too_many_columns(path.name, len(row), limits)
            if len(rows) > limits.rows:  # the header and limits.rows data rows are already read
                raise too_many_rows(path.name, limits)
            rows.append(row)
    finally:
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


def read_text_table(path: str | Path, limits: TableLimits = UPLOAD_LIMITS) -> pl.DataFrame:
    """A CSV or XLSX file as text columns plus `row`, within `limits`."""
    path = Path(path)
    if path.suffix.lower() in SPREADSHEETS:
        return read_xlsx_text(path, limits)
    return read_text_csv(path, limits)
