"""The real-data benchmark panel (Nangini 2019 + CDP 2016-2019) and the robust fit on it."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from citypact.domain.structure_fit import StructureModel
from citypact.reference.benchmark_panel import (
    PANEL_COLUMNS,
    PANEL_FILE,
    PANEL_SCHEMA,
    REASONS,
    PanelReport,
    benchmark_panel,
    fit_panel,
    panel_table,
    read_panel,
)
from citypact.reference.paths import BUNDLE_DIR


def _shared() -> Path:
    env = os.environ.get("CITYPACT_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture(scope="module")
def panel() -> tuple[pl.DataFrame, PanelReport]:
    shared = _shared()
    needed = [shared / "nangini2019_343_cities" / "D_FINAL.csv",
              shared / "cdp_citywide_emissions_2016_2019" / "cdp_citywide_emissions_2019.csv"]  # fmt: skip
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        pytest.skip(f"../shared/data absent ({', '.join(missing)} not found); set CITYPACT_SHARED_DATA")
    return benchmark_panel(shared)


@pytest.fixture(scope="module")
def models(panel: tuple[pl.DataFrame, PanelReport]) -> dict[bool, StructureModel]:
    return {with_gdp: fit_panel(panel[0], with_gdp=with_gdp) for with_gdp in (True, False)}


def _row(frame: pl.DataFrame, city: str) -> int:
    return frame["city"].to_list().index(city)


def test_input_counts_match_the_notes(panel: tuple[pl.DataFrame, PanelReport]) -> None:
    _, report = panel
    # NOTES.md: 343 Nangini records (CDP 187 / PKU 83 / carbonn 73), 307 with Scope-1 emissions;
    # CDP records 187 / 229 / 488 / 814, of which 204 with Scope 1 in 2018
    assert report.input_rows == {"nangini:CDP": 187, "nangini:PKU": 83, "nangini:carbonn": 73,
                                 "cdp2016": 187, "cdp2017": 229, "cdp2018": 488, "cdp2019": 814}  # fmt: skip
    nangini_no_emissions = sum(report.dropped_by_source.get(s, {}).get("no_emissions", 0)
                               for s in ("nangini:CDP", "nangini:PKU", "nangini:carbonn"))  # fmt: skip
    assert nangini_no_emissions == 343 - 307
    # ... and one of those 204 (La Crosse) reports Scope 1 as 0: no emissions (rule: missing or <= 0)
    assert report.dropped_by_source["cdp2018"]["no_emissions"] == 488 - 204 + 1


def test_report_adds_up(panel: tuple[pl.DataFrame, PanelReport]) -> None:
    frame, report = panel
    assert report.balanced
    assert set(report.dropped) == set(REASONS)
    assert report.kept == frame.height == sum(report.kept_by_source.values())
    for source, n in report.input_rows.items():
        assert n == report.kept_by_source.get(source, 0) + sum(
            report.dropped_by_source.get(source, {}).values()
        )
    assert frame["city_key"].n_unique() == frame.height  # one row per city
    assert report.implausible == int(frame["implausible"].sum())
    assert report.co2_only == int((frame["gas_basis"] == "CO2").sum())
    assert report.year_span == (frame["year"].min(), frame["year"].max())


def test_columns_and_units(panel: tuple[pl.DataFrame, PanelReport]) -> None:
    frame, _ = panel
    assert set(PANEL_COLUMNS) | {"implausible"} <= set(frame.columns)
    assert frame["country"].null_count() == 0 and frame["country"].str.len_chars().max() == 2
    assert set(frame["gas_basis"].unique()) == {"CO2", "CO2e"}
    assert frame["per_capita_t"].min() > 0  # type: ignore[operator]
    grid = frame["grid_kg_per_kwh"].drop_nulls()
    assert grid.min() >= 0.0 and grid.max() < 1.5  # type: ignore[operator]


def test_hand_checked_city(panel: tuple[pl.DataFrame, PanelReport]) -> None:
    frame, _ = panel
    row = frame.row(_row(frame, "Quezon"), named=True)
    # D_FINAL.csv, Quezon: Scope-1 713312132 tCO2-eq (carbonn, 2010) / Population (others) 2936116
    # = 242.944 t/person
    assert row["emissions_t"] == 713312132 and row["population"] == 2936116
    assert math.isclose(row["per_capita_t"], 713312132 / 2936116) and round(row["per_capita_t"], 2) == 242.94
    assert (row["source"], row["year"], row["gas_basis"], row["country"]) == (
        "nangini:carbonn",
        2010,
        "CO2e",
        "PH",
    )


def test_known_outliers_are_flagged_or_down_weighted(
    panel: tuple[pl.DataFrame, PanelReport], models: dict[bool, StructureModel]
) -> None:
    frame, _ = panel
    quezon, leon = _row(frame, "Quezon"), _row(frame, "León de los Aldamas")
    assert frame["implausible"][quezon]  # 243 t/person > 100
    assert not frame["implausible"][leon]  # 66 t/person is within the rule...
    assert round(frame["per_capita_t"][leon]) == 66
    model = models[False]  # ...but the robust fit gives it little weight (neither has GDP: not in the other)
    assert model.robust_weights[leon] < 0.5 and model.robust_weights[quezon] < 0.5
    assert {leon, quezon} <= set(model.outlier_rows)


def test_fits_converge_and_report_n(
    panel: tuple[pl.DataFrame, PanelReport], models: dict[bool, StructureModel]
) -> None:
    frame, _ = panel
    for model in models.values():
        assert model.converged
        assert model.n_used + model.n_left_out == frame.height
        assert model.n_used >= 100
        assert np.all(np.isfinite(model.ci_low)) and np.all(np.isfinite(model.ci_high))
    assert "log_gdp_per_capita" in models[True].names and "log_gdp_per_capita" not in models[False].names
    assert models[False].n_used > models[True].n_used
    # heating degree days push emissions up in the larger model
    assert models[False].intervals["log_hdd"][0] > 0


def test_grid_coefficient_as_documented(models: dict[bool, StructureModel]) -> None:
    # The data do not give the grid intensity a stable sign (docs/benchmark_model.md): positive with
    # an interval above 0 in the GDP model (n = 130), an interval across 0 in the larger model.
    with_gdp, without = models[True], models[False]
    lo, hi = with_gdp.intervals["grid"]
    assert 0 < lo < with_gdp.coefficients["grid"] < hi
    lo, hi = without.intervals["grid"]
    assert lo < 0 < hi


# ------------------------------------------------------------- the shipped table (no ../shared needed)


def test_shipped_table_equals_a_fresh_build(panel: tuple[pl.DataFrame, PanelReport], tmp_path: Path) -> None:
    shipped = read_panel(tmp_path)  # no raw files there: the table in reference/data
    assert_frame_equal(shipped, panel[0])  # same rows, order, values and dtypes
    assert_frame_equal(read_panel(_shared()), panel[0])
    assert panel_table(panel[0]).columns == [*PANEL_COLUMNS, "city_key"]


def test_shipped_table_has_the_panel_dtypes(tmp_path: Path) -> None:
    shipped = read_panel(tmp_path)
    assert dict(shipped.schema) == {**PANEL_SCHEMA, "implausible": pl.Boolean()}
    manifest = json.loads((BUNDLE_DIR / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["tables"]["benchmark_panel"]
    assert (entry["file"], entry["rows"]) == (PANEL_FILE, shipped.height)
    assert shipped.height == 575 and int(shipped["implausible"].sum()) == 16


DOCS = Path(__file__).resolve().parents[2] / "docs" / "benchmark_model.md"


def _documented_coefficients() -> dict[bool, tuple[int, dict[str, tuple[float, float, float]]]]:
    """docs/benchmark_model.md, "The fit": per model (with GDP or not) n and, per covariate, the
    coefficient and its 95 % interval, read from the table."""
    text = DOCS.read_text(encoding="utf-8").replace("−", "-")
    lines = text[text.index("| covariate | with GDP") :].splitlines()
    header = lines[0]
    n = {gdp: int(header.split("n = ")[k].split(")")[0]) for k, gdp in ((1, True), (2, False))}
    out: dict[bool, dict[str, tuple[float, float, float]]] = {True: {}, False: {}}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 5 or cells[0].startswith("pseudo"):  # the fit statistics follow
            break
        for gdp, b, ci in ((True, cells[1], cells[2]), (False, cells[3], cells[4])):
            if b != "–":
                lo, hi = (float(x) for x in ci.strip("[]").split(","))
                out[gdp][cells[0]] = (float(b), lo, hi)
    return {gdp: (n[gdp], out[gdp]) for gdp in (True, False)}


@pytest.mark.parametrize("with_gdp", [True, False])
def test_fit_on_the_shipped_table_reproduces_every_documented_coefficient(
    with_gdp: bool, tmp_path: Path
) -> None:
    model = fit_panel(read_panel(tmp_path), with_gdp=with_gdp)
    n, coefficients = _documented_coefficients()[with_gdp]
    assert model.converged and model.n_used == n
    assert set(coefficients) == set(model.names)  # no covariate missing from the table, none extra
    for name, (b, lo, hi) in coefficients.items():
        assert round(model.coefficients[name], 3) == b, name
        assert (round(model.intervals[name][0], 3), round(model.intervals[name][1], 3)) == (lo, hi), name
