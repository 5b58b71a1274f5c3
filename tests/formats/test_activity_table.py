"""The activity template: numbers that could be read two ways are refused at their cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from citypact.formats.activity_table import read_activity_table
from citypact.formats.errors import ImportErrors

HEADER = "gpc_ref,fuel,amount,unit,source\n"


def _read(tmp_path: Path, *amounts: str) -> list[float | None]:
    path = tmp_path / "activity.csv"
    rows = "".join(f'I.1.1,Natural Gas,"{amount}",MWh,bills\n' for amount in amounts)
    path.write_text(HEADER + rows, encoding="utf-8")
    return list(read_activity_table(path)["amount"])


def test_unambiguous_numbers_are_read(tmp_path: Path) -> None:
    # 0.125 cannot be thousands (a leading zero), 1,234.5 and 1,234,567 carry both or many separators.
    assert _read(tmp_path, "1250.5", "0.125", "1,234.5", "1,234,567", "12") == [
        1250.5,
        0.125,
        1234.5,
        1234567.0,
        12.0,
    ]


@pytest.mark.parametrize("amount", ["1.000", "2,500", "-7.250", "100,000"])
def test_a_separator_that_reads_two_ways_is_refused(tmp_path: Path, amount: str) -> None:
    with pytest.raises(ImportErrors) as caught:
        _read(tmp_path, "10", amount)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("activity.csv", 3, "amount")
    assert "thousands separator or as a decimal point" in problem.message


def test_a_file_cut_in_the_middle_of_a_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(HEADER + "I.1.1,Natural Gas,10,MWh,bills\nI.1.2,electricity,5", encoding="utf-8")
    with pytest.raises(ImportErrors) as caught:
        read_activity_table(path)
    [problem] = caught.value.problems
    assert problem.row == 3 and "cut off" in problem.message and "3 of 5 columns" in problem.message
    # The same rows with the line complete (no trailing line break) are read.
    path.write_text(HEADER + "I.1.1,Natural Gas,10,MWh,bills\nI.1.2,electricity,5,MWh,grid", encoding="utf-8")
    assert read_activity_table(path).height == 2
