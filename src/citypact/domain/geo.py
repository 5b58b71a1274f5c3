"""Great-circle distances on whole coordinate columns at once (numpy, no Python loops)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# IUGG mean Earth radius; the haversine error against the ellipsoid stays below ~0.5 %.
EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> FloatArray:
    """Distance in km between points given in decimal degrees, element-wise with numpy broadcasting.

    NaN in any coordinate gives NaN, so missing coordinates flow through instead of raising.
    """
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin(dphi / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2.0) ** 2
    # clip guards against a tiny negative/over-one a from rounding (antipodes, identical points)
    out: FloatArray = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def pairwise_haversine_km(
    lat_a: ArrayLike, lon_a: ArrayLike, lat_b: ArrayLike, lon_b: ArrayLike
) -> FloatArray:
    """Matrix of distances (len(a) x len(b)) in km; for small blocks only, it is dense."""
    la = np.asarray(lat_a, dtype=np.float64)[:, None]
    oa = np.asarray(lon_a, dtype=np.float64)[:, None]
    lb = np.asarray(lat_b, dtype=np.float64)[None, :]
    ob = np.asarray(lon_b, dtype=np.float64)[None, :]
    return haversine_km(la, oa, lb, ob)
