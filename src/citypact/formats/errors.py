"""Import problems, and the small checks the readers share to find them.

A reader collects every problem of a file (not only the first) and raises them together as
`ImportErrors`, so a user can fix a spreadsheet in one pass. Row numbers are the ones a spreadsheet
shows: the header is row 1, the first data record row 2; a quoted field with a line break inside
stays one row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import polars as pl

SHOWN_PROBLEMS = 20  # in a message printed as text (the CLI)
# Problems kept and answered one by one; the rest are only counted. A file of a million bad cells
# must not cost a million messages (a 12.8 MB CSV once answered with a 90 MB error list).
MAX_PROBLEMS = 100

# Cells that mean "not reported": they become null, never 0.
NOT_REPORTED = ("", "-", "--", "n/a", "na", "not applicable", "not reported", "none", "null")

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
_TWO_WAYS = r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$"  # "1.000", "2,500": thousands or a fraction?


@dataclass(frozen=True)
class TableLimits:
    """The most a table file may hold: data rows, columns, and for XLSX the bytes its zip unpacks
    to (the sum of the uncompressed sizes in the zip's central directory)."""

    rows: int
    columns: int
    inflated_bytes: int


# Files anyone with an account can send: a 0.92 MB XLSX once unpacked to 236 MB and a million rows.
UPLOAD_LIMITS = TableLimits(rows=200_000, columns=200, inflated_bytes=100_000_000)
# Files a user computes on their own machine (`citypact inventory calc`): only memory bounds them.
TRUSTED_LIMITS = TableLimits(rows=100_000_000, columns=1_000, inflated_bytes=50_000_000_000)


def too_many_rows(file: str, limits: TableLimits) -> ImportErrors:
    message = (
        f"more than {limits.rows:,} data rows; split the file into parts of at most {limits.rows:,} rows"
    )
    return ImportErrors([ImportProblem(file, None, None, message)])


def too_many_columns(file: str, columns: int, limits: TableLimits) -> ImportErrors:
    message = (
        f"{columns:,} columns, more than the {limits.columns:,} allowed;"
        " keep only the template's columns in the header row"
    )
    return ImportErrors([ImportProblem(file, 1, None, message)])


class ImportProblem(ValueError):
    """One thing wrong in an imported file: where it is, what is wrong and how to fix it."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        super().__init__(file, row, column, message)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"

    def __repr__(self) -> str:
        return f"ImportProblem({self.file!r}, {self.row!r}, {self.column!r}, {self.message!r})"


class ImportErrors(ValueError):
    """The problems found in one file (the first MAX_PROBLEMS, and `total`, how many there are in
    all); nothing of the file is imported."""

    def __init__(self, problems: list[ImportProblem], total: int | None = None) -> None:
        self.problems = list(problems[:MAX_PROBLEMS])
        counted = problems.total if isinstance(problems, Problems) else 0
        self.total = max(total or 0, counted, len(problems))
        super().__init__(str(self))

    @property
    def more(self) -> int:
        """How many problems are counted but not listed."""
        return self.total - len(self.problems)

    def __str__(self) -> str:
        shown = [str(p) for p in self.problems[:SHOWN_PROBLEMS]]
        more = self.total - len(shown)
        if more > 0:
            shown.append(f"... and {more:,} more problem{'s' if more != 1 else ''}")
        return "\n".join(shown)


class Problems(list[ImportProblem]):
    """The problems a reader collects: the first MAX_PROBLEMS are kept, all of them counted."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, problem: ImportProblem) -> None:
        self.total += 1
        if len(self) < MAX_PROBLEMS:
            super().append(problem)

    def count_more(self, count: int) -> None:
        """Count problems found but not made into messages (beyond what could be shown)."""
        self.total += count


def clean_header(header: str) -> str:
    """The header as a person reads it: without zero-width characters, spaces collapsed."""
    text = unicodedata.normalize("NFKC", header).translate(_INVISIBLE)
    return " ".join(text.split())


def normalize_header(header: str) -> str:
    """Header text for matching by meaning: lower case, '+' spelled 'plus', punctuation as spaces."""
    text = clean_header(header).lower().replace("+", " plus ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _refuse_cut_file(path: Path, name: str, frame: pl.DataFrame) -> None:
    """A file cut in the middle (a download or copy that stopped) ends without a line break in a
    row shorter than the header; its rows before the cut must not be imported as if complete."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 65_536))
        tail = handle.read()
    if not tail or tail.endswith((b"\n", b"\r")) or frame.height == 0 or frame[-1, -1] is not None:
        return  # ends with a line break, or its last row has its last cell
    last_line = tail.splitlines()[-1].decode("utf-8", errors="replace")
    fields = next(csv.reader([last_line]), [])
    if len(fields) < frame.width:
        row = frame.height + 1  # the header is row 1
        raise ImportErrors(
            [
                ImportProblem(
                    name,
                    row,
                    None,
                    f"the file ends in the middle of row {row} ({len(fields)} of {frame.width} columns):"
                    " it was cut off; export or download it again",
                )
            ]
        )


def _clean_headers(columns: list[str]) -> dict[str, str]:
    """Header -> cleaned header; two headers that differ only by invisible characters get the
    suffix polars gives repeated headers ("_duplicated_0"), so readers see and report the repeat."""
    seen: dict[str, int] = {}
    renamed = {}
    for column in columns:
        clean = clean_header(column)
        count = seen.get(clean, 0)
        seen[clean] = count + 1
        renamed[column] = clean if count == 0 else f"{clean}_duplicated_{count - 1}"
    return renamed


def read_text_csv(path: str | Path, limits: TableLimits = UPLOAD_LIMITS) -> pl.DataFrame:
    """Every cell as text (blank cells null), plus `row`, the spreadsheet row number; empty lines dropped.

    The header is read first, so a file of too many columns is refused without reading its rows,
    and no more than `limits.rows` + 1 rows are read.
    """
    name = Path(path).name
    try:
        width = len(pl.read_csv(path, infer_schema=False, n_rows=0).columns)
        if width > limits.columns:
            raise too_many_columns(name, width, limits)
        frame = pl.read_csv(path, infer_schema=False, n_rows=limits.rows + 1)
    except FileNotFoundError:
        raise ImportErrors([ImportProblem(name, None, None, "file not found; check the path")]) from None
    except pl.exceptions.NoDataError:
        problem = ImportProblem(name, None, None, "the file is empty; export the inventory again")
        raise ImportErrors([problem]) from None
    except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
        problem = ImportProblem(
            name, None, None, f"not a readable CSV file ({exc}); save it as 'CSV UTF-8' and import again"
        )
        raise ImportErrors([problem]) from None
    if frame.height > limits.rows:
        raise too_many_rows(name, limits)
    _refuse_cut_file(Path(path), name, frame)
    frame = frame.rename(_clean_headers(frame.columns)).with_columns(
        pl.when(pl.all().str.strip_chars() != "").then(pl.all())  # blank cells, quoted or not: null
    )
    frame = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))
    if frame.width == 1:
        return frame
    return frame.filter(pl.any_horizontal(pl.exclude("row").is_not_null()))


def to_number(
    frame: pl.DataFrame,
    column: str,
    file: str,
    problems: Problems,
    *,
    example: str = "1250.5",
    strict_separators: bool = False,
) -> pl.Series:
    """Parse a text column as Float64: spaces and thousands separators (1,234.5) are removed,
    "not reported" words become null, anything else non-numeric becomes an ImportProblem.

    With `strict_separators`, a number with one separator and three digits after it ("1.000",
    "2,500") is a problem: in English it is thousands, in German a decimal fraction, or vice versa.
    """
    squeezed = pl.col(column).str.replace_all(r"[\s\u200b\ufeff]", "")
    if strict_separators:
        ambiguous = frame.select(
            "row", pl.col(column).alias("text"), squeezed.str.contains(_TWO_WAYS).alias("hit")
        )
        hits = ambiguous.filter("hit")
        problems.count_more(max(0, hits.height - MAX_PROBLEMS))
        for row, text in hits.head(MAX_PROBLEMS).select("row", "text").iter_rows():
            problems.append(
                ImportProblem(
                    file,
                    row,
                    column,
                    f"{text!r} could be read as a thousands separator or as a decimal point; "
                    f"write the number without thousands separators and with a decimal point, e.g. {example}",
                )
            )
    plain = (
        pl.when(squeezed.str.contains(_THOUSANDS)).then(squeezed.str.replace_all(",", "")).otherwise(squeezed)
    )
    parsed = frame.select(
        "row",
        pl.col(column).alias("text"),
        (
            squeezed.is_null() | squeezed.str.to_lowercase().is_in([t.replace(" ", "") for t in NOT_REPORTED])
        ).alias("missing"),
        plain.cast(pl.Float64, strict=False).alias("value"),
    ).with_columns(bad=~pl.col("missing") & (pl.col("value").is_null() | ~pl.col("value").is_finite()))
    bad = parsed.filter("bad").select("row", "text")
    for row, text in bad.head(MAX_PROBLEMS).iter_rows():
        problems.append(
            ImportProblem(file, row, column, f"{text!r} is not a number; write a number such as {example}")
        )
    problems.count_more(max(0, bad.height - MAX_PROBLEMS))
    return parsed.select(
        pl.when(pl.col("missing") | pl.col("bad")).then(None).otherwise(pl.col("value")).alias(column)
    ).to_series()


def to_whole_number(
    frame: pl.DataFrame,
    column: str,
    file: str,
    problems: Problems,
    *,
    example: str = "2019",
    count: bool = False,
) -> pl.Series:
    """Parse a text column as Int64; a fractional part is an ImportProblem.

    With `count` (head counts such as a population, which cannot be fractional), groups of three
    digits after dots are thousands ("676.149" or "11253.503" -> 676149, 11253503), any other fractional
    value ("1435.3": thousands? ten-thousands?) cannot be read safely and becomes null.
    """
    source = frame
    if count:
        dotted = pl.col(column).str.strip_chars().str.contains(r"^\d+(\.\d{3})+$")
        source = frame.with_columns(
            pl.when(dotted).then(pl.col(column).str.replace_all(r"\.", "")).otherwise(pl.col(column))
        )
    values = to_number(source, column, file, problems, example=example)
    fractional = values.is_not_null() & (values != values.floor())
    if not count:
        bad = frame.select("row", column).filter(fractional)
        for row, text in bad.head(MAX_PROBLEMS).iter_rows():
            problems.append(
                ImportProblem(
                    file, row, column, f"{text!r} is not a whole number; write one such as {example}"
                )
            )
        problems.count_more(max(0, bad.height - MAX_PROBLEMS))
    return values.zip_with(~fractional, pl.Series([None], dtype=pl.Float64)).cast(pl.Int64)
