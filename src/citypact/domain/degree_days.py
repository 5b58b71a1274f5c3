"""Which city degree-day figure to trust (Nangini et al. 2019 carries two).

Nangini's "clim" columns (HDD base 15.5 °C, CDD base 23 °C) come from a coarse climatology: distant
cities share one value (Denver, Boulder, Philadelphia and Indianapolis all HDD 627; Boston, Chicago,
Detroit and Zaragoza all 1,889; 194 distinct values for 343 cities), which calls Boulder "warm". Its
"GEA+" columns (same bases) are per city but cover only about 100 cities. The rule, per city:

1. both GEA+ values known: those, source ``gea``;
2. else the "clim" pair, source ``nangini_clim``, unless cities sharing exactly that pair lie more than
   ``max_km`` apart (great circle): then the value is not the city's own, and stays unknown (source
   ``None``). Cities without coordinates that share a pair with another city are unknown too.

National figures (Eurostat, other bases: HDD 18 °C / 15 °C, CDD 21 °C / 24 °C) are not mixed in: the
city profile shows them apart, labelled as national.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from citypact.domain.geo import haversine_km

FloatArray = npt.NDArray[np.float64]
SHARED_KM: Final = 500.0
GEA: Final = "gea"
CLIM: Final = "nangini_clim"


def choose_degree_days(
    lat: FloatArray,
    lon: FloatArray,
    hdd_gea: FloatArray,
    cdd_gea: FloatArray,
    hdd_clim: FloatArray,
    cdd_clim: FloatArray,
    max_km: float = SHARED_KM,
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.object_]]:
    """Per city: HDD, CDD (NaN where unknown) and the source code (GEA, CLIM or None)."""
    n = lat.size
    gea = np.isfinite(hdd_gea) & np.isfinite(cdd_gea)
    clim = np.isfinite(hdd_clim) & np.isfinite(cdd_clim)
    shared_far = np.zeros(n, dtype=bool)
    pairs: dict[tuple[float, float], list[int]] = {}
    for i in np.flatnonzero(clim):
        pairs.setdefault((float(hdd_clim[i]), float(cdd_clim[i])), []).append(int(i))
    for members in pairs.values():
        if len(members) < 2:
            continue
        rows = np.array(members)
        la, lo = lat[rows], lon[rows]
        if not (np.isfinite(la).all() and np.isfinite(lo).all()):
            shared_far[rows] = True  # shared, and we cannot tell how far apart: not the city's own
            continue
        distance = haversine_km(la[:, None], lo[:, None], la[None, :], lo[None, :])
        # Each city sharing its pair with one more than max_km away is unknown.
        shared_far[rows] = (distance > max_km).any(axis=1)
    use_clim = ~gea & clim & ~shared_far
    hdd = np.where(gea, hdd_gea, np.where(use_clim, hdd_clim, np.nan))
    cdd = np.where(gea, cdd_gea, np.where(use_clim, cdd_clim, np.nan))
    source = np.full(n, None, dtype=object)
    source[use_clim] = CLIM
    source[gea] = GEA
    return hdd, cdd, source
