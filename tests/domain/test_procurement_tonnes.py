"""A bid's tonnes come from the inventory engine, with their origin; unknown carriers are errors."""

from __future__ import annotations

import polars as pl
import pytest

from citypact.domain.activity import ActivityErrors
from citypact.domain.procurement.bids import Bid, EnergyUse
from citypact.domain.procurement.tonnes import bid_tonnes, default_gpc_ref
from citypact.reference.factor_library import default_library, gwp_set


def test_diesel_on_the_road_through_the_ipcc_defaults() -> None:
    """100 GJ = 0.1 TJ of diesel a year on roads (IPCC 2006 Vol. 2 Tables 3.2.1 and 3.2.2):
    CO2 74,100 kg/TJ x 0.1 = 7.41 t; CH4 3.9 x 0.1 = 0.39 kg, x 28 (AR5) = 0.01092 t;
    N2O 3.9 x 0.1 = 0.39 kg, x 265 = 0.10335 t; 7.52427 t CO2e a year. Embodied 12 t apart."""
    bid = Bid(
        "buses",
        "Diesel AG",
        1.0,
        12,
        energy=(EnergyUse("Gas/Diesel Oil", 100.0, "GJ", 0.0, "II.1.1", 2),),
        embodied_t_co2e=12.0,
        row=2,
    )
    tonnes = bid_tonnes([bid], default_library(), gwp_set("AR5"), country="DE", year=2026)
    assert tonnes.yearly_t_co2e[0] == pytest.approx(7.52427)
    assert tonnes.embodied_t_co2e[0] == 12.0
    diesel, embodied = tonnes.sources[0]
    assert (diesel.carrier, diesel.amount_per_year, diesel.unit, diesel.gpc_ref) == (
        "Gas/Diesel Oil",
        100.0,
        "GJ",
        "II.1.1",
    )
    assert diesel.co2_t_per_year == pytest.approx(7.41)
    assert diesel.ch4_t_per_year == pytest.approx(0.00039)
    assert diesel.t_co2e_per_unit == pytest.approx(0.0752427)
    assert (diesel.gwp, diesel.factor_kind, diesel.factor_year, diesel.row) == (
        "AR5",
        "ipcc_default",
        2026,
        2,
    )
    assert "IPCC" in diesel.factor_source
    assert (embodied.carrier, embodied.factor_kind) == ("embodied", "declared")


def test_grid_electricity_takes_the_national_factor_of_the_buyers_country() -> None:
    """10,000 kWh = 0.036 TJ x the library's DE grid factor (kg CO2e/TJ) / 1000."""
    library = default_library()
    grid = library.grid.filter(pl.col("country") == "DE").sort("year")
    factor = grid.filter(pl.col("year") <= 2026)["kg_co2e_per_tj"][-1]
    bid = Bid("lot", "E", 1.0, 10, energy=(EnergyUse("electricity", 10_000.0, "kWh"),))
    tonnes = bid_tonnes([bid], library, gwp_set("AR5"), country="DE", year=2026)
    assert tonnes.yearly_t_co2e[0] == pytest.approx(0.036 * factor / 1000)
    assert tonnes.sources[0][0].gpc_ref == default_gpc_ref("electricity") == "I.2.2"
    assert tonnes.sources[0][0].co2_t_per_year is None  # the grid factor is CO2e, not split by gas


def test_a_carrier_without_a_factor_is_an_error_naming_the_row() -> None:
    bids = [
        Bid("lot", "A", 1.0, 10, energy=(EnergyUse("Gas/Diesl Oil", 1.0, "GJ", row=5),)),
        Bid("lot", "B", 1.0, 10, energy=(EnergyUse("electricity", 1.0, "kWh", row=6),)),
    ]
    with pytest.raises(ActivityErrors) as caught:
        bid_tonnes(bids, default_library(), gwp_set("AR5"), country="XX", year=2026)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(5, "energy_carrier"), (6, "energy_carrier")}
