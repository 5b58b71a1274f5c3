"""`citypact inventory calc --gwp AR6-split`: methane weighed by origin (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.cli.test_inventory_calc import ACTIVITY


def test_ar6_split_weighs_fossil_and_biomass_methane_apart(tmp_path: Path) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(ACTIVITY)
    result = CliRunner().invoke(
        app, ["inventory", "calc", str(path), "--country", "DE", "--year", "2022", "--format", "json",
              "--gwp", "ar6-split"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["gwp"] == "AR6-split"
    gas = 201.96 + 0.018 * 29.8 + 0.00036 * 273  # 1000 MWh natural gas in homes: fossil CH4
    diesel = 318.63 + 0.0129 * 29.8 + 0.00258 * 273  # 100 t diesel in manufacturing: fossil CH4
    wood = 1.56 * 0.3 * 27.0 + 1.56 * 0.004 * 273  # 100 t wood = 1.56 TJ: non-fossil CH4
    assert data["totals"]["basic"] == pytest.approx(gas + diesel + wood)
    assert data["other_gwp"] == {}
