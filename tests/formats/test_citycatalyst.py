"""CityCatalyst GPC exports: the 51 real Brazilian files (AGPL fixtures, read from ../shared/data,
never copied) and small synthetic files for the problems."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import polars as pl
import pytest

from citypact.formats.citycatalyst import read_citycatalyst
from citypact.formats.errors import ImportErrors, ImportProblem

HEADER = [
    "Inventory Reference", "GPC Reference Number", "Subsector name", "Notation Key", "Total Emissions",
    "Total Emission Units", "Activity type", "Activity Value", "Activity Units", "Emission Factor - CO2",
    "Emission Factor - CH4", "Emission Factor - N2O", "Emission Factor - Unit", "CO2 Emissions",
    "CH4 Emissions", "N2O Emissions", "Data source ID", "Data source name",
]  # fmt: skip


def _shared_data() -> Path:
    env = os.environ.get("CITYPACT_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="module")
def raw_files() -> list[Path]:
    folder = _shared_data() / "citycatalyst_brazil_gpc_inventories_2022" / "raw"
    if not folder.is_dir():
        pytest.skip(f"shared data absent: {folder} not found (set CITYPACT_SHARED_DATA to ../shared/data)")
    return sorted(folder.glob("inventory-BR_*-2022.csv"))


@pytest.fixture(scope="module")
def inventories(raw_files: list[Path]) -> pl.DataFrame:
    return pl.concat(
        [read_citycatalyst(f).with_columns(file=pl.lit(f.name)) for f in raw_files], how="vertical"
    )


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([header, *rows])
    return path


def _line(ref: str, total: str = "", key: str = "", gases: tuple[str, str, str] = ("", "", "")) -> list[str]:
    return ["x", ref, "Sub", key, total, "t CO2e", "", "", "", "", "", "", "", *gases, "", "Source"]


def test_all_51_files_read_with_one_row_per_line(raw_files: list[Path], inventories: pl.DataFrame) -> None:
    assert len(raw_files) == 51
    assert inventories.height == 3531  # as NOTES.md: all 51 exports stacked
    assert inventories.schema["row"] == pl.Int64 and inventories.schema["co2e_t"] == pl.Float64
    assert inventories["row"].min() == 2  # the header is row 1
    assert set(inventories["notation_key"].drop_nulls()) == {"RN", "NE", "NO"}
    # the only lines without a GPC reference carry a notation key and no figure
    no_ref = inventories.filter(pl.col("gpc_ref").is_null())
    assert (
        no_ref.height == 3 and no_ref["notation_key"].is_not_null().all() and no_ref["co2e_t"].is_null().all()
    )


def test_city_totals_recomputed_from_the_file_text(raw_files: list[Path], inventories: pl.DataFrame) -> None:
    by_file = inventories.group_by("file").agg(pl.col("co2e_t").sum()).rows()
    read = dict(by_file)
    for path in raw_files:
        with path.open(encoding="utf-8", newline="") as handle:
            expected = sum(float(r["Total Emissions"] or 0) for r in csv.DictReader(handle))
        assert read[path.name] == pytest.approx(expected, rel=1e-12), path.name
    # City totals range from about 0.08 to 18.7 Mt CO2e (NOTES.md)
    assert min(read.values()) == pytest.approx(84816.095)
    assert max(read.values()) == pytest.approx(18.75e6, rel=1e-3)


def test_per_gas_columns_are_co2e_and_sum_to_the_total(inventories: pl.DataFrame) -> None:
    gases = ["CO2_co2e_t", "CH4_co2e_t", "N2O_co2e_t"]
    split = inventories.filter(pl.col("gas_split_consistent").is_not_null())
    assert split.height == 2061
    consistent = split.filter("gas_split_consistent")
    gap = (consistent.select(pl.sum_horizontal(gases)).to_series() - consistent["co2e_t"]).abs()
    assert gap.max() <= 0.3
    assert (gap <= 0.001 + 1e-9).sum() == 1965  # 95.3 % add up to within a kilogram
    # CH4 and N2O are whole kg of gas times the AR5 GWP (28, 265): kg CO2e, not kg of gas
    assert ((split["CH4_co2e_t"].drop_nulls() * 1000).round() % 28 == 0).all()
    assert ((split["N2O_co2e_t"].drop_nulls() * 1000).round() % 265 == 0).all()
    odd = split.filter(~pl.col("gas_split_consistent")).select("file", "gpc_ref").rows()
    assert sorted(odd) == [
        ("inventory-BR_CMA-2022.csv", "III.1.1"),
        ("inventory-BR_POA-2022.csv", "III.1.2"),
        ("inventory-BR_RIO-2022.csv", "III.2.1"),
        ("inventory-BR_RIO-2022.csv", "III.4.1"),
        ("inventory-BR_SOR-2022.csv", "III.1.2"),
    ]


def test_one_city_checked_by_hand(raw_files: list[Path]) -> None:
    # inventory-BR_ACZ-2022.csv, row 2 (I.1.1, SEEG): Total 7780.453 t; CO2 7734622, CH4 3696,
    # N2O 42135 (kg CO2e); 7734.622 + 3.696 + 42.135 = 7780.453 t. CH4 3696 = 132 kg x 28.
    acz = read_citycatalyst(next(p for p in raw_files if "ACZ" in p.name))
    first = acz.row(0, named=True)
    assert first["row"] == 2 and first["gpc_ref"] == "I.1.1"
    assert first["co2e_t"] == pytest.approx(7780.453)
    assert (first["CO2_co2e_t"], first["CH4_co2e_t"], first["N2O_co2e_t"]) == pytest.approx(
        (7734.622, 3.696, 42.135)
    )
    assert first["gas_split_consistent"] is True and first["ef_unit"] == "kg/m3"
    assert first["amount"] == 0.0 and first["fuel"] is None
    assert acz.filter(pl.col("gpc_ref") == "I.4.1")["notation_key"].to_list() == ["RN"]


def test_notation_keys_mapped_kept_or_refused(tmp_path: Path) -> None:
    rows = [_line("I.1.1", key=k) for k in ("no", "NE", "IE", "C", "CI", "RC", "RI", "RN")]
    frame = read_citycatalyst(_write(tmp_path / "keys.csv", rows))
    assert frame["notation_key"].to_list() == ["NO", "NE", "IE", "C", "C", "C", "IE", "RN"]
    with pytest.raises(ImportErrors) as caught:
        read_citycatalyst(_write(tmp_path / "bad.csv", [_line("I.1.1", key="XX")]))
    assert "row 2, column 'Notation Key': 'XX' is not a GPC notation key" in str(caught.value)


def test_numbers_units_and_quoted_line_breaks(tmp_path: Path) -> None:
    rows = [_line("ii.1.1", "1,250.5", gases=("1 250 000", "500", "")), _line("IV.1", " 2 ")]
    rows[0][2] = "Sub\nsector on two lines"
    frame = read_citycatalyst(_write(tmp_path / "ok.csv", rows))
    assert frame["row"].to_list() == [2, 3]  # a quoted line break does not shift the rows
    assert frame["gpc_ref"].to_list() == ["II.1.1", "IV.1"]
    assert frame["co2e_t"].to_list() == [1250.5, 2.0]
    assert frame["CO2_co2e_t"][0] == 1250.0 and frame["N2O_co2e_t"][0] is None
    assert frame["gas_split_consistent"].to_list() == [True, None]


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    rows = [
        _line("I.1.1", "12"),
        _line("I.1.1", "abc"),
        _line("Z.9", "1"),
        _line("", "5"),
        _line("I.2.1", "1", gases=("n/a", "lots", "")),
    ]
    rows[0][2] = "Line\nbreak"
    with pytest.raises(ImportErrors) as caught:
        read_citycatalyst(_write(tmp_path / "inventory.csv", rows))
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (3, "Total Emissions"),
        (4, "GPC Reference Number"),
        (5, "GPC Reference Number"),
        (6, "CH4 Emissions"),
    }
    assert (
        "inventory.csv, row 3, column 'Total Emissions': 'abc' is not a number; write a number such as 1250.5"
        in str(caught.value)
    )


def test_missing_required_header(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Total Emissions"]
    with pytest.raises(ImportErrors) as caught:
        read_citycatalyst(_write(tmp_path / "short.csv", [["x"] * len(header)], header=header))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("short.csv", 1, "Total Emissions")
    assert "required column missing" in problem.message


def test_wrong_total_unit_and_empty_file(tmp_path: Path) -> None:
    row = _line("I.1.1", "3")
    row[5] = "kg CO2e"
    with pytest.raises(ImportErrors, match="unit 'kg CO2e' is not supported"):
        read_citycatalyst(_write(tmp_path / "unit.csv", [row]))
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ImportErrors, match="empty"):
        read_citycatalyst(tmp_path / "empty.csv")


def test_problem_and_errors_text() -> None:
    problem = ImportProblem(
        "inventory.csv", 7, "amount", "'abc' is not a number; write a number such as 1250.5"
    )
    assert (
        str(problem)
        == "inventory.csv, row 7, column 'amount': 'abc' is not a number; write a number such as 1250.5"
    )
    assert str(ImportProblem("f.csv", None, None, "empty")) == "f.csv: empty"
    errors = ImportErrors([ImportProblem("f.csv", r, "x", "bad") for r in range(2, 27)])
    lines = str(errors).splitlines()
    assert len(lines) == 21 and lines[-1] == "... and 5 more problems"
    assert isinstance(errors, ValueError) and len(errors.problems) == 25
