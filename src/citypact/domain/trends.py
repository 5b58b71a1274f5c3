"""Movement over time: annual rates of change, progress along a city's own target path, and how a
city moves among its peers. Rewards progress rather than levels; there is no overall rank.

Rates are log-linear trends: the slope of ln(value) over the years, as percent per year, which is
what a constant annual change produces and what stays comparable between small and large cities.
Years without a value are left out; a series with fewer than two values has no rate (NaN).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def annual_rates(years: npt.ArrayLike, values: npt.ArrayLike) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Per row of `values` (cities x years, NaN where missing or not positive): the annual rate of
    change in percent (exp(slope) - 1) and the number of years used. Vectorized over all rows."""
    t = np.asarray(years, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2 or v.shape[1] != t.size:
        raise ValueError(f"values must be cities x {t.size} years, got shape {v.shape}")
    with np.errstate(divide="ignore", invalid="ignore"):
        logv = np.where(v > 0, np.log(v), np.nan)
    known = np.isfinite(logv)
    n = known.sum(axis=1)
    tt = np.where(known, t, 0.0)
    ll = np.where(known, logv, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_mean = tt.sum(axis=1) / n
        l_mean = ll.sum(axis=1) / n
        dt = np.where(known, t - t_mean[:, None], 0.0)
        slope = (dt * np.where(known, logv - l_mean[:, None], 0.0)).sum(axis=1) / (dt**2).sum(axis=1)
    rate = np.where(n >= 2, np.expm1(slope) * 100.0, np.nan)
    return rate, n.astype(np.int64)


@dataclass(frozen=True)
class TargetProgress:
    """Where a city stands on its own straight path from the base year to its target."""

    year: int
    actual: float
    on_path: float  # the value the path asks for in `year`
    gap_pct: float  # actual above (+) or below (-) the path, percent of the path value
    needed_rate_pct: float  # annual change needed from `actual` now to reach the target in time

    @property
    def on_track(self) -> bool:
        return self.gap_pct <= 0.0


def target_progress(
    base_year: int, base_value: float, target_year: int, target_value: float, year: int, actual: float
) -> TargetProgress:
    """Progress of `actual` (in `year`) along the straight path from base to target."""
    if target_year <= base_year:
        raise ValueError(f"target_year {target_year} is not after base_year {base_year}")
    if base_value <= 0 or actual <= 0 or target_value < 0:
        raise ValueError("base value and actual value must be positive, the target not negative")
    share = min(max((year - base_year) / (target_year - base_year), 0.0), 1.0)
    on_path = base_value + (target_value - base_value) * share
    years_left = target_year - year
    if years_left > 0 and target_value > 0:
        needed = ((target_value / actual) ** (1.0 / years_left) - 1.0) * 100.0
    else:
        needed = float("nan")
    return TargetProgress(year, actual, on_path, (actual / on_path - 1.0) * 100.0, needed)


@dataclass(frozen=True)
class PeerMovement:
    rate_pct: float
    faster_than: int  # peers whose emissions fell more slowly (or rose)
    peers_with_rate: int
    most_improved: tuple[int, ...]  # ids of the peers with the steepest fall, steepest first

    def sentence(self) -> str:
        if not np.isfinite(self.rate_pct) or self.peers_with_rate == 0:
            return "Not enough years to compare the trend with peers."
        direction = "falling" if self.rate_pct < 0 else "rising"
        return (
            f"Emissions per capita are {direction} by {abs(self.rate_pct):.1f}% a year, faster than "
            f"{self.faster_than} of {self.peers_with_rate} peers."
            if self.rate_pct < 0
            else f"Emissions per capita are {direction} by {self.rate_pct:.1f}% a year; "
            f"{self.peers_with_rate - self.faster_than} of {self.peers_with_rate} peers reduce faster."
        )


def movement_among_peers(
    rate_pct: float, peer_ids: npt.ArrayLike, peer_rates_pct: npt.ArrayLike, top: int = 3
) -> PeerMovement:
    """How a city's trend compares with its peers': how many it outpaces, and who improved most."""
    ids = np.asarray(peer_ids, dtype=np.int64)
    rates = np.asarray(peer_rates_pct, dtype=np.float64)
    known = np.isfinite(rates)
    faster = int((rates[known] > rate_pct).sum()) if np.isfinite(rate_pct) else 0
    order = np.argsort(rates[known], kind="stable")[:top]
    return PeerMovement(float(rate_pct), faster, int(known.sum()), tuple(int(i) for i in ids[known][order]))
