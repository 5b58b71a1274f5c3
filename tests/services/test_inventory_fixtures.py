"""Against real published inventories in ../shared/data: the 51 Brazilian GPC exports recomputed
from their rows, and the CDP city-wide files imported into the registry's cities."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest

from citypact.domain.calculation import compute_emissions
from citypact.domain.inventory import totals
from citypact.formats.citycatalyst import read_citycatalyst
from citypact.reference.factor_library import default_library, gwp_set
from citypact.services.errors import PermissionDenied
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from tests.conftest import World

SHARED = Path(
    os.environ.get("CITYPACT_SHARED_DATA", Path(__file__).resolve().parents[2].parent / "shared" / "data")
)
BRAZIL = sorted((SHARED / "citycatalyst_brazil_gpc_inventories_2022" / "raw").glob("*.csv"))
CDP = SHARED / "cdp_citywide_emissions_2016_2019"
pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is absent")


@pytest.mark.parametrize("path", BRAZIL, ids=[p.stem for p in BRAZIL])
def test_brazilian_export_recomputes_to_its_own_totals(path: Path) -> None:
    source = read_citycatalyst(path)
    activities = inventory_imports.citycatalyst_activities(source, path.name)
    rows = compute_emissions(activities, default_library(), gwp_set("AR5"), country="BR", year=2022)
    result = totals(rows, "AR5")
    expected = source.filter(pl.col("gpc_ref").is_not_null()).group_by("gpc_ref").agg(pl.col("co2e_t").sum())
    for ref, co2e in expected.iter_rows():
        if co2e is None or not co2e:
            continue
        # The exporter rounds each gas to whole kg before weighting: at most 0.3 t per line.
        assert result.by_ref[ref] == pytest.approx(co2e, rel=1e-4, abs=0.3 * source.height), ref
    basic_refs = [r for r in expected["gpc_ref"] if r and r.count(".") == 2 and not r.endswith(".3")]
    assert result.basic == pytest.approx(
        float(
            expected.filter(pl.col("gpc_ref").is_in(basic_refs) & (pl.col("gpc_ref") != "I.4.4"))[
                "co2e_t"
            ].sum()
        ),
        rel=1e-4,
        abs=0.3 * source.height,
    )


def test_brazilian_exports_are_all_there() -> None:
    assert len(BRAZIL) == 51


def test_cdp_2017_totals_land_on_the_matched_cities(world: World) -> None:
    admin = world.actor("admin")
    with pytest.raises(PermissionDenied), world.db.write() as session:
        inventory_imports.import_cdp(
            session, world.actor("heidelberg_editor"), CDP / "cdp_citywide_emissions_2017.csv"
        )
    with world.db.write() as session:
        report = inventory_imports.import_cdp(session, admin, CDP / "cdp_citywide_emissions_2017.csv")
    assert report.records == 229 and report.balanced
    assert report.imported >= 2
    with world.db.read() as session:
        heidelberg = inventories.list_inventories(session, world.actor("public"), world.city["Heidelberg"])
        portland = inventories.list_inventories(session, world.actor("public"), world.city["Portland"])
    # Stadt Heidelberg reported 806,000 t CO2 for 2015 (IFEU method); Portland, OR 6,974,544 t for 2014.
    assert [(i.year, i.reported) for i in heidelberg] == [(2015, {"total": 806000.0})]
    assert portland[0].year == 2014
    assert portland[0].reported is not None and portland[0].reported["total"] == 6974544.0
    assert heidelberg[0].status == "submitted"
    assert heidelberg[0].reported_source is not None and "not verified" in heidelberg[0].reported_source
    # The gases field as filed: Portland lists CO2; CH4; N2O, Heidelberg only CO2 (although its comment
    # says the other gases are included as CO2e; the field is what we can read).
    assert (portland[0].reported_gases, heidelberg[0].reported_gases) == ("CO2e", "CO2")
