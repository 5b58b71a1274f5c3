"""City facts derived from plain figures: size bands and per-area figures."""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import numpy.typing as npt


class SizeBand(StrEnum):
    """Population bands after the OECD functional-urban-area classes."""

    SMALL = "small"  # under 50,000
    MEDIUM = "medium"  # 50,000 - 200,000
    LARGE = "large"  # 200,000 - 500,000
    METROPOLITAN = "metropolitan"  # 500,000 - 1.5 million
    LARGE_METROPOLITAN = "large_metropolitan"  # 1.5 million and more


SIZE_BAND_BOUNDS = (50_000, 200_000, 500_000, 1_500_000)
_BANDS = list(SizeBand)


def size_band(population: int | None) -> SizeBand | None:
    """The band of one city; None when the population is unknown."""
    if population is None:
        return None
    return _BANDS[int(np.searchsorted(SIZE_BAND_BOUNDS, population, side="right"))]


_LABELS = np.array([band.value for band in SizeBand], dtype=object)


def size_bands(population: npt.NDArray[np.float64]) -> npt.NDArray[np.object_]:
    """Bands of a whole column at once; NaN (unknown population) gives None."""
    bands = _LABELS[np.searchsorted(SIZE_BAND_BOUNDS, np.nan_to_num(population), side="right")]
    bands[np.isnan(population)] = None
    return bands


def density(population: float | None, area_km2: float | None) -> float | None:
    """Inhabitants per km2, or None when either figure is missing or the area is not positive."""
    if population is None or area_km2 is None or area_km2 <= 0:
        return None
    return population / area_km2
