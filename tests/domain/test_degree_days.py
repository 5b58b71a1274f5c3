"""Degree days a city can call its own (domain.degree_days)."""

from __future__ import annotations

import numpy as np

from citypact.domain.degree_days import CLIM, GEA, choose_degree_days
from citypact.domain.geo import haversine_km

NAN = np.nan


def test_gea_first_shared_clim_values_far_apart_are_unknown() -> None:
    # Denver and Boulder have GEA+ (2446/247); Philadelphia shares their "clim" 627/48 from 2,500 km
    # away: unknown. Heidelberg's clim 2335/13 is its own. Mannheim and Ludwigshafen share 2400/10
    # 2 km apart: the same climate, kept. Zaragoza shares 1889/34 with Boston (5,000 km): unknown.
    lat = np.array([39.762, 40.027, 39.95, 49.417, 49.489, 49.477, 41.65, 42.358])
    lon = np.array([-104.881, -105.252, -75.167, 8.717, 8.467, 8.435, -0.883, -71.064])
    hdd_gea = np.array([2446, 2446, NAN, NAN, NAN, NAN, NAN, NAN])
    cdd_gea = np.array([247, 247, NAN, NAN, NAN, NAN, NAN, NAN])
    hdd_clim = np.array([627, 627, 627, 2335, 2400, 2400, 1889, 1889.0])
    cdd_clim = np.array([48, 48, 48, 13, 10, 10, 34, 34.0])
    assert haversine_km(lat[2], lon[2], lat[0], lon[0]) > 500 > haversine_km(lat[4], lon[4], lat[5], lon[5])
    hdd, cdd, source = choose_degree_days(lat, lon, hdd_gea, cdd_gea, hdd_clim, cdd_clim)
    np.testing.assert_array_equal(hdd, [2446, 2446, NAN, 2335, 2400, 2400, NAN, NAN])
    np.testing.assert_array_equal(cdd, [247, 247, NAN, 13, 10, 10, NAN, NAN])
    assert source.tolist() == [GEA, GEA, None, CLIM, CLIM, CLIM, None, None]


def test_a_shared_value_without_coordinates_is_unknown() -> None:
    hdd, _, source = choose_degree_days(
        np.array([NAN, 50.0]), np.array([NAN, 8.0]), np.full(2, NAN), np.full(2, NAN),
        np.array([1000.0, 1000.0]), np.array([5.0, 5.0]),
    )  # fmt: skip
    assert np.isnan(hdd).all() and source.tolist() == [None, None]
