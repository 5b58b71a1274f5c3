"""A bid as the evaluation sees it: what the supplier offers for the whole quantity of one lot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EnergyUse:
    """Energy the offered goods use in each year of their life, for one carrier.

    `carrier` is spelled as in the inventory template (`Gas/Diesel Oil`, `Natural Gas`,
    `electricity`, `district_heat`), `unit` as there too (GJ, kWh, L, ...). `gpc_ref` chooses the
    IPCC table of the carrier's combustion factors (None: I.2.1 for fuels, I.2.2 for grid energy,
    see tonnes.default_gpc_ref). `row` is the bid file's row, for messages.
    """

    carrier: str
    amount_per_year: float
    unit: str
    cost_per_year: float = 0.0
    gpc_ref: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class VolumeBand:
    """From `min_quantity` units of the lot's total quantity on, each unit costs `unit_price`."""

    min_quantity: float
    unit_price: float


@dataclass(frozen=True)
class Bid:
    """One supplier's offer for one lot; money in one currency, for the whole quantity.

    `price` is the acquisition price; with `volume_bands` it follows from the lot's total quantity
    instead (acquisition_price). Yearly costs are constant over `lifetime_years` (year 1 = the
    first year of use); end-of-life cost and residual value fall in the last year.
    `quality` holds the scores (0-100, % of a criterion's points) of weighted scoring.
    """

    lot: str
    supplier: str
    price: float
    lifetime_years: int
    quantity: float | None = None
    energy: tuple[EnergyUse, ...] = ()
    maintenance_per_year: float = 0.0
    operation_per_year: float = 0.0
    end_of_life_cost: float = 0.0
    residual_value: float = 0.0
    embodied_t_co2e: float = 0.0
    ladder_level: int | None = None
    volume_bands: tuple[VolumeBand, ...] = ()
    quality: Mapping[str, float] = field(default_factory=dict)
    row: int | None = None

    @property
    def energy_cost_per_year(self) -> float:
        return sum(use.cost_per_year for use in self.energy)

    @property
    def yearly_cost(self) -> float:
        """Energy, maintenance and operation of one year of use."""
        return self.energy_cost_per_year + self.maintenance_per_year + self.operation_per_year


def band_for(bands: Sequence[VolumeBand], quantity: float) -> VolumeBand | None:
    """The band that contains `quantity`: the one with the largest `min_quantity` not above it
    (bands are ranges [min_quantity, next band's min_quantity)); None below the lowest band."""
    fitting = [band for band in bands if band.min_quantity <= quantity]
    return max(fitting, key=lambda band: band.min_quantity) if fitting else None


def acquisition_price(bid: Bid, total_quantity: float | None = None) -> float:
    """The bid's acquisition price for the lot's total quantity.

    Without volume bands, `price` (offered for the whole quantity). With them, the unit price of
    the band containing the total quantity (the pooled demand of all participants; default the
    bid's own `quantity`) times that quantity. ValueError where no band contains it.
    """
    if not bid.volume_bands:
        return bid.price
    quantity = bid.quantity if total_quantity is None else total_quantity
    if quantity is None:
        raise ValueError(f"bid of {bid.supplier} for lot {bid.lot}: volume prices need the lot's quantity")
    band = band_for(bid.volume_bands, quantity)
    if band is None:
        lowest = min(b.min_quantity for b in bid.volume_bands)
        raise ValueError(
            f"bid of {bid.supplier} for lot {bid.lot}: no volume price for {quantity:g} units"
            f" (the lowest band starts at {lowest:g})"
        )
    return band.unit_price * quantity
