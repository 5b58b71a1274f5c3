"""The bid file (CSV or XLSX): one row per bid and energy carrier, read all or nothing.

Columns (header row 1, names case-insensitive; money in one currency, for the lot's whole quantity):

| column | value | meaning |
|---|---|---|
| lot | required | the lot's name or number |
| supplier | required | the bidder; one bid per supplier and lot |
| price | required (1) | acquisition price for the whole quantity |
| quantity | | units offered (the lot's quantity); needed with volume_prices |
| lifetime_years | required | whole years of use, 1 to 100 |
| energy_carrier | (2) | as in the inventory template: `Gas/Diesel Oil`, `Natural Gas`, `electricity` ... |
| energy_per_year | (2) | the carrier's use in each year of the life |
| energy_unit | (2) | its unit as in the inventory template: GJ, kWh, MWh, L, t ... |
| energy_cost_per_year | | what that energy costs a year |
| maintenance_per_year | | maintenance cost a year |
| end_of_life_cost | | disposal, collection and recycling at the end of the life |
| residual_value | | what the goods are still worth at the end of the life |
| embodied_t_co2e | | declared embodied emissions (manufacture, delivery), t CO2e, counted in year 0 |
| ladder_level | | CO2 Performance Ladder level, 0 to 5 (0 or empty: no certificate) |

Optional columns beyond the issue's list: `operation_per_year` (operating cost a year besides energy
and maintenance), `gpc_ref` (the GPC reference number that chooses the IPCC table of the carrier's
combustion factors, e.g. II.1.1 for buses on roads; empty: I.2.1 for fuels, I.2.2 for grid energy),
`volume_prices` (unit prices by quantity band, `from:unit price` pairs separated by `;`, e.g.
`1:420000; 50:400000`: from 50 units on, 400,000 each), and `quality_<name>` columns (scores 0-100
of a weighted-scoring criterion <name>).

(1) Empty when volume_prices is given: the price is then the band's unit price x quantity.
(2) All three or none. A bid with several carriers (a hybrid bus) takes one row per carrier with
the same lot and supplier; on the further rows the bid's other columns are empty or repeat the
first row's values.

Empty cells of optional columns are 0 (costs, tonnes) or absent (level, quantity). Every problem
names the file, the row and the column; one bad cell refuses the whole file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import polars as pl

from citypact.domain.procurement.bids import Bid, EnergyUse, VolumeBand, band_for
from citypact.formats.errors import (
    ImportErrors,
    ImportProblem,
    Problems,
    TableLimits,
    to_number,
    to_whole_number,
)
from citypact.formats.tables import read_text_table

COLUMNS: Final = (
    "lot",
    "supplier",
    "price",
    "quantity",
    "lifetime_years",
    "energy_carrier",
    "energy_per_year",
    "energy_unit",
    "energy_cost_per_year",
    "maintenance_per_year",
    "end_of_life_cost",
    "residual_value",
    "embodied_t_co2e",
    "ladder_level",
)
OPTIONAL_COLUMNS: Final = ("operation_per_year", "gpc_ref", "volume_prices")
QUALITY_PREFIX: Final = "quality_"
AMOUNTS: Final = (
    "price",
    "quantity",
    "energy_per_year",
    "energy_cost_per_year",
    "maintenance_per_year",
    "operation_per_year",
    "end_of_life_cost",
    "residual_value",
    "embodied_t_co2e",
)
# The columns of a bid as a whole: a carrier's further rows leave them empty or repeat them.
BID_COLUMNS: Final = (
    "price",
    "quantity",
    "lifetime_years",
    "maintenance_per_year",
    "operation_per_year",
    "end_of_life_cost",
    "residual_value",
    "embodied_t_co2e",
    "ladder_level",
    "volume_prices",
)
ENERGY_COLUMNS: Final = ("energy_carrier", "energy_per_year", "energy_unit")
MAX_LIFETIME: Final = 100
MAX_LEVEL: Final = 5
MAX_AMOUNT: Final = 1e15  # larger money or quantities are typing mistakes, and overflow sums
# A tender's bids: a few hundred rows at most; the bounds leave room and refuse what is no bid file.
BID_FILE_LIMITS: Final = TableLimits(rows=100_000, columns=100, inflated_bytes=50_000_000)
MAX_BYTES: Final = 20_000_000


def _refuse(problems: Problems) -> ImportErrors:
    """The problems in the order of the file: by row, then column."""
    order = {c: i for i, c in enumerate((*COLUMNS, *OPTIONAL_COLUMNS))}
    ordered = sorted(problems, key=lambda p: (p.row or 0, order.get(p.column or "", len(order))))
    return ImportErrors(ordered, problems.total)


def _problem(file: str, row: int | None, column: str | None, message: str) -> ImportProblem:
    return ImportProblem(file, row, column, message)


def _header(raw: pl.DataFrame, name: str) -> tuple[pl.DataFrame, list[str]]:
    raw = raw.rename({c: c.strip().lower() for c in raw.columns if c != "row"})
    problems = Problems()
    quality = [c for c in raw.columns if c.startswith(QUALITY_PREFIX) and len(c) > len(QUALITY_PREFIX)]
    known = set(COLUMNS) | set(OPTIONAL_COLUMNS) | set(quality) | {"row"}
    for column in raw.columns:
        if column not in known:
            problems.append(
                _problem(
                    name,
                    1,
                    column,
                    f"unknown column; the bid file's columns are {', '.join(COLUMNS)}, optionally"
                    f" {', '.join(OPTIONAL_COLUMNS)} and quality_<criterion>",
                )
            )
    for column in COLUMNS:
        if column not in raw.columns:
            problems.append(_problem(name, 1, column, "required column missing; add it to the header row"))
    if problems:
        raise ImportErrors(problems)
    missing = [pl.lit(None, pl.String).alias(c) for c in OPTIONAL_COLUMNS if c not in raw.columns]
    return raw.with_columns(missing), quality


def _bands(text: str, name: str, row: int, problems: Problems) -> tuple[VolumeBand, ...]:
    bands = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        start, colon, price = part.partition(":")
        try:
            band = VolumeBand(float(start.replace(",", "")), float(price.replace(",", "")))
        except ValueError:
            band = None
        if not colon or band is None or band.min_quantity < 0 or band.unit_price < 0:
            problems.append(
                _problem(
                    name,
                    row,
                    "volume_prices",
                    f"{part!r} is not a band; write 'from:unit price' pairs separated by ';',"
                    " e.g. 1:420000; 50:400000",
                )
            )
            return ()
        bands.append(band)
    if not bands:
        problems.append(_problem(name, row, "volume_prices", "no band; write e.g. 1:420000; 50:400000"))
    if len({b.min_quantity for b in bands}) != len(bands):
        problems.append(_problem(name, row, "volume_prices", "two bands start at the same quantity"))
    return tuple(sorted(bands, key=lambda b: b.min_quantity))


def _check_band_price(
    bands: tuple[VolumeBand, ...],
    quantity: float,
    price: float | None,
    name: str,
    row: int,
    problems: Problems,
) -> None:
    """A band must contain the quantity, and a price given beside volume prices must be the band's
    price for it (to the cent)."""
    band = band_for(bands, quantity)
    if band is None:
        problems.append(
            _problem(
                name,
                row,
                "volume_prices",
                f"no band contains the quantity {quantity:g}; add a band that starts at or below it",
            )
        )
    elif price is not None and abs(band.unit_price * quantity - price) > 0.005:
        problems.append(
            _problem(
                name,
                row,
                "price",
                f"{price:g} differs from the volume price for {quantity:g} units"
                f" ({quantity:g} x {band.unit_price:g} = {band.unit_price * quantity:g});"
                " leave price empty or make the two agree",
            )
        )


def _check_values(frame: pl.DataFrame, name: str, quality: list[str], problems: Problems) -> None:
    """Rules on single cells: required values, signs and ranges."""
    for row, lot, supplier in frame.select("row", "lot", "supplier").iter_rows():
        if lot is None:
            problems.append(_problem(name, row, "lot", "empty; give the lot's name or number"))
        if supplier is None:
            problems.append(_problem(name, row, "supplier", "empty; give the bidder's name"))
    for column in AMOUNTS:
        bad = frame.filter((pl.col(column) < 0) | (pl.col(column) > MAX_AMOUNT))
        for row, value in bad.select("row", column).head(50).iter_rows():
            problems.append(
                _problem(
                    name, row, column, f"{value:g} is out of range; give a number from 0 to {MAX_AMOUNT:g}"
                )
            )
    for column in quality:
        bad = frame.filter((pl.col(column) < 0) | (pl.col(column) > 100))
        for row, value in bad.select("row", column).iter_rows():
            problems.append(_problem(name, row, column, f"{value:g} is not a score; give one from 0 to 100"))
    bad = frame.filter(pl.col("quantity") == 0)
    for (row,) in bad.select("row").iter_rows():
        problems.append(
            _problem(name, row, "quantity", "0 units; give the quantity offered, or leave it empty")
        )


def _energy(record: dict[str, object], name: str, problems: Problems) -> EnergyUse | None:
    given = [c for c in ENERGY_COLUMNS if record[c] is not None]
    row = int(str(record["row"]))
    if not given:
        if record["energy_cost_per_year"]:
            problems.append(
                _problem(name, row, "energy_carrier", "an energy cost without a carrier; give the carrier")
            )
        return None
    if len(given) < len(ENERGY_COLUMNS):
        for column in ENERGY_COLUMNS:
            if record[column] is None:
                problems.append(
                    _problem(
                        name,
                        row,
                        column,
                        "empty; energy_carrier, energy_per_year and energy_unit go together:"
                        " fill in all three or none",
                    )
                )
        return None
    return EnergyUse(
        carrier=str(record["energy_carrier"]).strip(),
        amount_per_year=float(str(record["energy_per_year"])),
        unit=str(record["energy_unit"]).strip(),
        cost_per_year=float(str(record["energy_cost_per_year"] or 0.0)),
        gpc_ref=None if record["gpc_ref"] is None else str(record["gpc_ref"]).strip(),
        row=row,
    )


def _number(record: dict[str, object], column: str) -> float:
    value = record[column]
    return 0.0 if value is None else float(str(value))


def _bid(
    first: dict[str, object], rest: list[dict[str, object]], quality: list[str], name: str, problems: Problems
) -> Bid | None:
    row = int(str(first["row"]))
    for record in rest:
        for column in (*BID_COLUMNS, *quality):
            if record[column] is not None and record[column] != first[column]:
                problems.append(
                    _problem(
                        name,
                        int(str(record["row"])),
                        column,
                        f"differs from row {row}, the first row of this bid ({first[column]!r});"
                        " leave it empty on a further carrier's row or repeat the same value",
                    )
                )
    energy = [use for use in (_energy(r, name, problems) for r in (first, *rest)) if use is not None]
    seen: dict[str, int] = {}
    for use in energy:
        key = use.carrier.lower()
        if key in seen:
            problems.append(
                _problem(
                    name,
                    use.row,
                    "energy_carrier",
                    f"{use.carrier!r} is already on row {seen[key]} for this bid; give each carrier once",
                )
            )
        seen[key] = use.row or 0
    bands = () if first["volume_prices"] is None else _bands(str(first["volume_prices"]), name, row, problems)
    if first["price"] is None and first["volume_prices"] is None:
        problems.append(
            _problem(name, row, "price", "empty; give the price for the whole quantity, or volume_prices")
        )
    if bands and first["quantity"] is None:
        problems.append(
            _problem(name, row, "quantity", "volume prices need the quantity; give the units offered")
        )
    elif bands:
        price = None if first["price"] is None else float(str(first["price"]))
        _check_band_price(bands, float(str(first["quantity"])), price, name, row, problems)
    if first["lifetime_years"] is None:
        problems.append(_problem(name, row, "lifetime_years", "empty; give the years of use, e.g. 12"))
    elif not 1 <= int(str(first["lifetime_years"])) <= MAX_LIFETIME:
        problems.append(
            _problem(
                name, row, "lifetime_years", f"{first['lifetime_years']} years; give 1 to {MAX_LIFETIME}"
            )
        )
    level = first["ladder_level"]
    if level is not None and not 0 <= int(str(level)) <= MAX_LEVEL:
        problems.append(
            _problem(name, row, "ladder_level", f"level {level}; the ladder has levels 0 to {MAX_LEVEL}")
        )
    if problems:
        return None
    quantity = first["quantity"]
    return Bid(
        lot=str(first["lot"]).strip(),
        supplier=str(first["supplier"]).strip(),
        price=_number(first, "price"),
        lifetime_years=int(str(first["lifetime_years"])),
        quantity=None if quantity is None else float(str(quantity)),
        energy=tuple(energy),
        maintenance_per_year=_number(first, "maintenance_per_year"),
        operation_per_year=_number(first, "operation_per_year"),
        end_of_life_cost=_number(first, "end_of_life_cost"),
        residual_value=_number(first, "residual_value"),
        embodied_t_co2e=_number(first, "embodied_t_co2e"),
        ladder_level=None if level is None else int(str(level)),
        volume_bands=bands,
        quality={c[len(QUALITY_PREFIX) :]: float(str(first[c])) for c in quality if first[c] is not None},
        row=row,
    )


def read_bid_file(
    path: str | Path, limits: TableLimits = BID_FILE_LIMITS, max_bytes: int = MAX_BYTES
) -> list[Bid]:
    """Every bid of the file, in the order of their first rows, or ImportErrors naming each bad cell."""
    path = Path(path)
    name = path.name
    if path.is_file() and path.stat().st_size > max_bytes:
        raise ImportErrors(
            [_problem(name, None, None, f"the file is larger than {max_bytes / 1e6:g} MB; is it a bid file?")]
        )
    raw, quality = _header(read_text_table(path, limits), name)
    problems = Problems()
    parsed = raw.with_columns(
        *(to_number(raw, c, name, problems, strict_separators=True).alias(c) for c in (*AMOUNTS, *quality)),
        *(
            to_whole_number(raw, c, name, problems, example=e).alias(c)
            for c, e in (("lifetime_years", "12"), ("ladder_level", "3"))
        ),
        *(
            pl.col(c).str.strip_chars()
            for c in ("lot", "supplier", "energy_carrier", "energy_unit", "gpc_ref")
        ),
    )
    if problems:
        raise ImportErrors(problems)
    _check_values(parsed, name, quality, problems)
    if problems:
        raise _refuse(problems)
    groups: dict[tuple[str, str], list[dict[str, object]]] = {}
    for record in parsed.iter_rows(named=True):
        groups.setdefault((str(record["lot"]), str(record["supplier"])), []).append(record)
    bids = []
    for records in groups.values():
        bid = _bid(records[0], records[1:], quality, name, problems)
        if bid is not None:
            bids.append(bid)
    if problems:
        raise _refuse(problems)
    if not bids:
        raise ImportErrors([_problem(name, None, None, "no bids; fill in one row per bid below the header")])
    return bids
