"""The bid file: its columns, a bid over several carriers, and every error by file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from citypact.domain.procurement.bids import VolumeBand
from citypact.formats.bid_file import COLUMNS, read_bid_file
from citypact.formats.errors import ImportErrors

HEADER = ",".join(COLUMNS)


def _write(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "bids.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def _problems(path: Path) -> list[tuple[int | None, str | None]]:
    with pytest.raises(ImportErrors) as caught:
        read_bid_file(path)
    assert all(p.file == path.name for p in caught.value.problems)
    return [(p.row, p.column) for p in caught.value.problems]


def test_reads_the_issues_columns(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "buses,Diesel AG,4200000,10,12,Gas/Diesel Oil,8000,GJ,200000,30000,5000,20000,120,3",
        "buses,E GmbH,5600000,10,12,electricity,1100000,kWh,250000,20000,,,,",
    )
    diesel, electric = read_bid_file(path)
    assert (diesel.lot, diesel.supplier, diesel.price, diesel.quantity, diesel.lifetime_years) == (
        "buses",
        "Diesel AG",
        4_200_000.0,
        10.0,
        12,
    )
    assert (diesel.maintenance_per_year, diesel.end_of_life_cost, diesel.residual_value) == (
        30000,
        5000,
        20000,
    )
    assert (diesel.embodied_t_co2e, diesel.ladder_level, diesel.row) == (120.0, 3, 2)
    (use,) = diesel.energy
    assert (use.carrier, use.amount_per_year, use.unit, use.cost_per_year, use.row) == (
        "Gas/Diesel Oil",
        8000.0,
        "GJ",
        200000.0,
        2,
    )
    assert (electric.end_of_life_cost, electric.embodied_t_co2e, electric.ladder_level) == (0.0, 0.0, None)


def test_a_bid_over_two_carriers_takes_two_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "buses,Hybrid SA,5000000,10,12,Gas/Diesel Oil,3000,GJ,80000,25000,,,,2",
        "buses,Hybrid SA,,,,electricity,500000,kWh,100000,,,,,2",
    )
    (bid,) = read_bid_file(path)
    assert [(u.carrier, u.row) for u in bid.energy] == [("Gas/Diesel Oil", 2), ("electricity", 3)]
    assert bid.energy_cost_per_year == 180000.0
    assert bid.yearly_cost == 205000.0


def test_optional_columns_volume_prices_gpc_ref_and_quality(tmp_path: Path) -> None:
    header = HEADER + ",volume_prices,gpc_ref,operation_per_year,quality_service"
    path = _write(
        tmp_path,
        'lights,Lux,,500,20,electricity,40000,kWh,9000,1000,,,,,"1:420; 400:380",I.4.2,300,80',
        header=header,
    )
    (bid,) = read_bid_file(path)
    assert bid.volume_bands == (VolumeBand(1, 420.0), VolumeBand(400, 380.0))
    assert (bid.energy[0].gpc_ref, bid.operation_per_year, bid.quality) == ("I.4.2", 300.0, {"service": 80.0})


def test_xlsx_is_read_like_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["buses", "Diesel AG", 1000, 1, 12, None, None, None, None, None, None, None, 5, 1])
    path = tmp_path / "bids.xlsx"
    book.save(path)
    (bid,) = read_bid_file(path)
    assert (bid.supplier, bid.price, bid.embodied_t_co2e, bid.ladder_level, bid.energy) == (
        "Diesel AG",
        1000.0,
        5.0,
        1,
        (),
    )


def test_header_problems_name_the_column(tmp_path: Path) -> None:
    header = HEADER.replace("lifetime_years", "lifetime") + ",colour"
    path = _write(tmp_path, "a,b,1,1,1,,,,,,,,,,", header=header)
    assert sorted(_problems(path), key=str) == sorted(
        [(1, "lifetime"), (1, "colour"), (1, "lifetime_years")], key=str
    )


def test_cell_problems_name_row_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "buses,A,12k,1,12,,,,,,,,,",  # row 2: price not a number
        "buses,B,1000,1,1.5,,,,,,,,,",  # row 3: fractional lifetime
        "buses,C,1000,1,12,electricity,,kWh,,,,,,",  # row 4: energy without amount
        "buses,D,-5,1,12,,,,,,,,,",  # row 5: negative price
        "buses,E,1000,1,12,,,,,,,,,9",  # row 6: no ladder level 9
    )
    assert _problems(path) == [(2, "price"), (3, "lifetime_years")]  # parsing first, all or nothing
    path = _write(
        tmp_path,
        "buses,C,1000,1,12,electricity,,kWh,,,,,,",
        "buses,D,-5,1,12,,,,,,,,,",
        "buses,E,1000,1,12,,,,,,,,,9",
        ",F,1000,1,12,,,,,,,,,",
    )
    assert _problems(path) == [(3, "price"), (5, "lot")]
    path = _write(
        tmp_path,
        "buses,C,1000,1,12,electricity,,kWh,,,,,,",
        "buses,E,1000,1,12,,,,,,,,,9",
        "buses,G,,1,,,,,,,,,,",
    )
    assert _problems(path) == [
        (2, "energy_per_year"),
        (3, "ladder_level"),
        (4, "price"),
        (4, "lifetime_years"),
    ]


def test_a_further_carrier_row_that_contradicts_the_first_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "buses,Hybrid SA,5000000,10,12,Gas/Diesel Oil,3000,GJ,,,,,,",
        "buses,Hybrid SA,4000000,,,electricity,500000,kWh,,,,,,",
        "buses,Hybrid SA,,,,electricity,1,kWh,,,,,,",
    )
    assert _problems(path) == [(3, "price"), (4, "energy_carrier")]


def test_bounds_refuse_big_files_and_files_without_bids(tmp_path: Path) -> None:
    path = _write(tmp_path, "buses,A,1000,1,12,,,,,,,,,")
    with pytest.raises(ImportErrors, match="larger than"):
        read_bid_file(path, max_bytes=10)
    assert _problems(_write(tmp_path, name="empty.csv")) == [(None, None)]
    with pytest.raises(ImportErrors, match="not found"):
        read_bid_file(tmp_path / "missing.csv")


def test_volume_prices_must_contain_the_quantity_and_agree_with_a_price(tmp_path: Path) -> None:
    """Quantity 500 falls in the band from 400 at 380: 500 x 380 = 190,000. A price of 200,000
    beside it contradicts it; a quantity of 0.5 lies below the lowest band (from 1)."""
    header = HEADER + ",volume_prices"
    agree = _write(tmp_path, 'lights,Lux,190000,500,20,,,,,,,,,,"1:420; 400:380"', header=header)
    assert read_bid_file(agree)[0].price == 190_000.0
    path = _write(
        tmp_path,
        'lights,Lux,200000,500,20,,,,,,,,,,"1:420; 400:380"',
        'lights,Mini,,0.5,20,,,,,,,,,,"1:420"',
        'lights,Odd,,5,20,,,,,,,,,,"1=420"',
        header=header,
    )
    assert _problems(path) == [(2, "price"), (3, "volume_prices"), (4, "volume_prices")]
