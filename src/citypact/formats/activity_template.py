"""The activity template people download, fill in and import (formats.activity_table reads it back).

One filled example row shows the shape of a row; the XLSX adds a sheet of the accepted units, fuels
and GPC reference numbers, so a person need not look them up elsewhere. Sheet and column names stay
in English: they are the file's format, read back by the importer, not words of a page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from citypact.domain.gpc import GPC_REFS
from citypact.domain.units import ACTIVITY_UNITS
from citypact.formats.activity_table import COLUMNS

EXAMPLE: dict[str, object] = {
    "gpc_ref": "I.1.1",  # a fuel burnt: its default factor is the same in every country
    "fuel": "Natural Gas",
    "amount": 1250.5,
    "unit": "MWh",
    "source": "Utility annual report (example row: replace or delete it)",
    "data_quality": "M",
}
# The amount, unit and GPC reference sheet of the workbook; the importer reads the first sheet only.
LISTS_SHEET = "Allowed values"


@dataclass(frozen=True)
class Fuel:
    """A fuel as the importer accepts it (`code`, case-insensitive), with a name and other spellings."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()


def example_row(year: int | None) -> list[object]:
    """The example row in the template's column order; the year only when the inventory's is known
    (a row of another year is refused)."""
    row = EXAMPLE | ({"year": year} if year is not None else {})
    return [row.get(column, "") for column in COLUMNS]


def template_csv(year: int | None = None) -> bytes:
    """The header and the example row as UTF-8 CSV (with a BOM, so spreadsheet programs read it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(example_row(year))
    return buffer.getvalue().encode("utf-8-sig")


def _lists(fuels: Sequence[Fuel]) -> Iterable[list[object]]:
    """Three tables side by side would not sort; so one after another, each with its own header."""
    yield ["unit (column 'unit')", "means"]
    for spelling, meaning in ACTIVITY_UNITS.items():
        yield [spelling, meaning]
    yield []
    yield ["fuel (column 'fuel')", "name", "also accepted"]
    for fuel in fuels:
        yield [fuel.code, fuel.name, ", ".join(fuel.aliases)]
    yield []
    yield ["GPC reference (column 'gpc_ref')", "sector", "subsector", "scope", "level", "description"]
    for ref in GPC_REFS.values():
        yield [ref.ref, ref.sector_name, ref.subsector_name, ref.scope, ref.level.value, ref.description]


def template_xlsx(fuels: Sequence[Fuel], year: int | None = None) -> bytes:
    """The template as a workbook: the data sheet first (the one the importer reads), then the
    allowed units, fuels and GPC reference numbers."""
    from openpyxl import Workbook

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Activities"
    data.append(list(COLUMNS))
    data.append(example_row(year))
    lists = book.create_sheet(LISTS_SHEET)
    for row in _lists(fuels):
        lists.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
