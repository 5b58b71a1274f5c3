"""The seed library of best-practice cases: shipped data, its loader and the loader's errors."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from citypact.domain.measures import CO_BENEFITS, FIELDS, IMPLEMENTATION, INSTRUMENTS
from citypact.reference.cases import CASES_FILE, SCHEMA, CaseDataError, read_best_practice_cases
from citypact.reference.measures import read_measure_catalogue


@pytest.fixture(scope="module")
def cases() -> pl.DataFrame:
    return read_best_practice_cases()


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    with CASES_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_reads_with_the_explicit_schema(cases: pl.DataFrame) -> None:
    assert cases.schema == SCHEMA
    assert cases["key"].n_unique() == cases.height
    assert read_best_practice_cases(CASES_FILE).equals(cases)


def test_at_least_24_cases_from_at_least_three_countries_with_three_each(cases: pl.DataFrame) -> None:
    assert cases.height >= 24
    per_country = cases.group_by("country").len().filter(pl.col("len") >= 3)
    assert per_country.height >= 3
    assert {"DE", "JP", "US"} <= set(per_country["country"])


def test_every_case_is_sourced_summarised_and_titled_in_three_languages(cases: pl.DataFrame) -> None:
    assert cases["source_url"].str.starts_with("https://").all()
    for column in ("summary_en", "title_en", "title_de", "title_ja", "results_en", "source_note"):
        assert (cases[column].str.strip_chars().str.len_chars() > 0).all(), column
    # Japanese titles are written in Japanese, not copied from English.
    assert cases["title_ja"].str.contains(r"[\p{Hiragana}\p{Katakana}\p{Han}]").all()


def test_codes_are_from_the_taxonomy(cases: pl.DataFrame) -> None:
    assert set(cases["field"]) <= set(FIELDS)
    assert set(cases["instrument"]) <= set(INSTRUMENTS)
    assert set(cases["implementation"]) <= set(IMPLEMENTATION)
    assert set(cases["co_benefits"].explode().drop_nulls()) <= set(CO_BENEFITS)
    # Every case names the catalogue's measure type it is an example of.
    catalogue = set(read_measure_catalogue()["code"])
    assert set(cases["measure_code"]) <= catalogue
    assert cases["country"].str.contains(r"^[A-Z]{2}$").all()
    assert cases["start_year"].null_count() == 0


def test_a_known_case(cases: pl.DataFrame) -> None:
    tokyo = cases.filter(pl.col("key") == "tokyo_cap_and_trade").row(0, named=True)
    assert tokyo["country"] == "JP" and tokyo["start_year"] == 2010
    assert tokyo["instrument"] == "regulatory"
    sf = cases.filter(pl.col("key") == "san_francisco_mandatory_composting").row(0, named=True)
    assert sf["reduction_t_per_year"] == pytest.approx(93_437)


def test_a_broken_copy_names_row_and_column(tmp_path: Path) -> None:
    header, rows = _rows()
    rows[2]["field"] = "transportation"  # row 4 of the file (header is row 1)
    rows[5]["country"] = "jp"  # row 7
    rows[7]["co_benefits"] = "health;happiness"  # row 9
    rows[9]["start_year"] = "1066"  # row 11
    rows[10]["source_url"] = "http://example.org/case"  # row 12
    rows[11]["title_ja"] = ""  # row 13
    rows[12]["key"] = rows[0]["key"]  # row 14 repeats row 2
    broken = _write(tmp_path / "broken.csv", header, rows)

    with pytest.raises(CaseDataError) as caught:
        read_best_practice_cases(broken)

    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (4, "field"),
        (7, "country"),
        (9, "co_benefits"),
        (11, "start_year"),
        (12, "source_url"),
        (13, "title_ja"),
        (14, "key"),
    }
    message = str(caught.value)
    assert "broken.csv" in message
    assert "row 4, column field" in message and "'transportation'" in message
    assert "row 14, column key" in message and "first in row 2" in message


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    header, rows = _rows()
    header = [name for name in header if name != "source_url"]
    for row in rows:
        del row["source_url"]
    with pytest.raises(CaseDataError, match=r"row 1, column source_url: column missing"):
        read_best_practice_cases(_write(tmp_path / "no_url.csv", header, rows))
