"""The shipped catalogue of measure types: it reads, covers the taxonomy, speaks three languages, and a
broken copy is refused with the row and column named."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from citypact.domain.measures import (
    CO_BENEFITS,
    DECISION_LEVELS,
    FIELDS,
    GPC_SECTORS,
    GREEN_DEAL,
    INSTRUMENTS,
    MUNICIPAL_ROLES,
    SDGS,
)
from citypact.reference.measures import (
    CATALOGUE_CSV,
    MEASURE_CATALOGUE_SCHEMA,
    CatalogueError,
    read_measure_catalogue,
)

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def catalogue() -> pl.DataFrame:
    return read_measure_catalogue()


def _rows() -> list[dict[str, str]]:
    with CATALOGUE_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_reads_with_the_declared_schema(catalogue: pl.DataFrame) -> None:
    assert catalogue.schema == MEASURE_CATALOGUE_SCHEMA
    assert catalogue.height >= 85
    assert catalogue["code"].is_unique().all()


def test_every_field_instrument_and_role_is_covered(catalogue: pl.DataFrame) -> None:
    per_field = dict(catalogue.group_by("field").len().iter_rows())
    assert set(per_field) == set(FIELDS)
    assert min(per_field.values()) >= 4, per_field
    for big in ("energy_supply", "buildings_residential", "transport"):
        assert per_field[big] > 4, big
    assert set(catalogue["instrument"]) == set(INSTRUMENTS)
    assert set(catalogue["municipal_role"]) == set(MUNICIPAL_ROLES)
    assert set(catalogue["decision_level"]) <= set(DECISION_LEVELS)


def test_titles_in_three_languages(catalogue: pl.DataFrame) -> None:
    for column in ("title_en", "title_de", "title_ja", "summary_en"):
        assert catalogue[column].null_count() == 0, column
        assert (catalogue[column].str.strip_chars().str.len_chars() > 0).all(), column
    assert all(JAPANESE.search(title) for title in catalogue["title_ja"]), (
        "a Japanese title without kana/kanji"
    )
    differ = (catalogue["title_de"] != catalogue["title_en"]).sum()
    assert differ >= 0.9 * catalogue.height


def test_tags_are_taxonomy_codes(catalogue: pl.DataFrame) -> None:
    for column, codes in (
        ("gpc_sectors", GPC_SECTORS),
        ("green_deal", GREEN_DEAL),
        ("sdgs", SDGS),
        ("co_benefits", CO_BENEFITS),
    ):
        used = set(catalogue[column].explode().drop_nulls())
        assert used <= set(codes), (column, used - set(codes))
    assert set(catalogue["countries"].explode().drop_nulls()) <= {"DE", "JP", "US"}
    # Lists, not strings: every measure that reduces emissions names at least one sector.
    with_figures = catalogue.filter(pl.col("reduction_low").is_not_null())
    assert (with_figures["gpc_sectors"].list.len() > 0).all()


def test_ranges_are_ordered_and_explained(catalogue: pl.DataFrame) -> None:
    for prefix in ("reduction", "cost"):
        low, high = pl.col(f"{prefix}_low"), pl.col(f"{prefix}_high")
        assert catalogue.filter(low > high).is_empty(), prefix
        assert catalogue.filter((low < 0) | (high < 0)).is_empty(), prefix
        assert catalogue.filter(low.is_null() != high.is_null()).is_empty(), prefix
    explained = catalogue.filter(pl.col("reduction_low").is_not_null())
    assert explained["reduction_note"].null_count() == 0
    assert explained.height >= 50
    per_unit = catalogue.filter(pl.col("reduction_unit") == "t CO2e/yr per unit")
    assert per_unit["reduction_basis"].null_count() == 0


def test_a_known_figure_follows_its_arithmetic(catalogue: pl.DataFrame) -> None:
    led = catalogue.row(by_predicate=pl.col("code") == "led_street_lighting", named=True)
    # 100 lights x 50-120 W x 4,000 h x 0.4 kg/kWh = 8-19 t.
    assert led["reduction_basis"] == "per 100 street lights"
    assert led["reduction_low"] <= 100 * 50 * 4000 * 0.4 / 1e6 <= led["reduction_high"]
    assert led["reduction_low"] <= 100 * 120 * 4000 * 0.4 / 1e6 <= led["reduction_high"]
    assert led["decision_level"] == "municipality"
    assert led["gpc_sectors"] == ["I"]


@pytest.mark.parametrize(
    ("change", "row", "column", "fragment"),
    [
        (lambda rows: rows[4].update(field="space_travel"), 6, "field", "space_travel"),
        (lambda rows: rows[2].update(instrument="nudge"), 4, "instrument", "nudge"),
        (lambda rows: rows[7].update(green_deal="clean_energy;moon_shot"), 9, "green_deal", "moon_shot"),
        (lambda rows: rows[3].update(sdgs="13;18"), 5, "sdgs", "18"),
        (
            lambda rows: rows[10].update(reduction_low="900", reduction_high="700"),
            12,
            "reduction_low",
            "above",
        ),
        (lambda rows: rows[10].update(cost_low="-5"), 12, "cost_low", ">= 0"),
        (lambda rows: rows[10].update(reduction_high="lots"), 12, "reduction_high", "not a number"),
        (lambda rows: rows[10].update(reduction_basis=""), 12, "reduction_basis", "name the unit"),
        (lambda rows: rows[10].update(reduction_unit="t/yr"), 12, "reduction_unit", "unknown unit"),
        (lambda rows: rows[5].update(title_ja=""), 7, "title_ja", "empty"),
        (lambda rows: rows[6].update(countries="FR"), 8, "countries", "FR"),
        (lambda rows: rows[20].update(code=rows[3]["code"]), 22, "code", "row 5"),
    ],
    ids=[
        "unknown-field",
        "unknown-instrument",
        "unknown-green-deal",
        "unknown-sdg",
        "low-above-high",
        "negative",
        "not-a-number",
        "no-basis",
        "unknown-unit",
        "empty-title",
        "unknown-country",
        "duplicate-code",
    ],
)
def test_a_broken_copy_names_row_and_column(
    tmp_path: Path, change: Callable[[list[dict[str, str]]], None], row: int, column: str, fragment: str
) -> None:
    rows = _rows()
    assert rows[10]["reduction_unit"] == "t CO2e/yr per unit"  # the row the range cases break
    change(rows)
    path = _write(tmp_path / "broken.csv", rows)
    with pytest.raises(CatalogueError) as caught:
        read_measure_catalogue(path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.row, error.column) == (row, column)
    assert f"row {row}" in str(error) and repr(column) in str(error) and "broken.csv" in str(error)
    assert fragment in str(error)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    rows = [{k: v for k, v in row.items() if k != "sdgs"} for row in _rows()]
    with pytest.raises(CatalogueError, match=r"row 1, column 'sdgs'.*missing sdgs"):
        read_measure_catalogue(_write(tmp_path / "short.csv", rows))
