"""Great-circle distances on columns."""

from __future__ import annotations

import math

import numpy as np
import pytest

from citypact.domain.geo import EARTH_RADIUS_KM, haversine_km, pairwise_haversine_km

BERLIN = (52.5200, 13.4050)
MUNICH = (48.1372, 11.5755)


def test_zero_distance_for_the_same_point() -> None:
    assert haversine_km(*BERLIN, *BERLIN) == pytest.approx(0.0)


def test_berlin_to_munich_is_about_504_km() -> None:
    assert float(haversine_km(*BERLIN, *MUNICH)) == pytest.approx(504.4, abs=1.0)


def test_quarter_of_the_equator() -> None:
    assert float(haversine_km(0.0, 0.0, 0.0, 90.0)) == pytest.approx(math.pi / 2 * EARTH_RADIUS_KM)


def test_antipodes_do_not_overflow() -> None:
    assert float(haversine_km(0.0, 0.0, 0.0, 180.0)) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_is_symmetric_and_vectorized() -> None:
    lat1, lon1 = np.array([BERLIN[0], 0.0]), np.array([BERLIN[1], 0.0])
    lat2, lon2 = np.array([MUNICH[0], 1.0]), np.array([MUNICH[1], 0.0])
    there, back = haversine_km(lat1, lon1, lat2, lon2), haversine_km(lat2, lon2, lat1, lon1)
    assert there.shape == (2,)
    np.testing.assert_allclose(there, back)
    assert there[1] == pytest.approx(111.2, abs=0.1)  # one degree of latitude


def test_missing_coordinates_give_nan() -> None:
    out = haversine_km(np.array([np.nan, BERLIN[0]]), np.array([0.0, BERLIN[1]]), *MUNICH)
    assert math.isnan(out[0]) and not math.isnan(out[1])


def test_pairwise_matrix_shape_and_values() -> None:
    matrix = pairwise_haversine_km([BERLIN[0], MUNICH[0]], [BERLIN[1], MUNICH[1]], [MUNICH[0]], [MUNICH[1]])
    assert matrix.shape == (2, 1)
    assert matrix[1, 0] == pytest.approx(0.0)
    assert matrix[0, 0] == pytest.approx(504.4, abs=1.0)
