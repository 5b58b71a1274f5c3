"""The outlier rule on log per-person emissions among peers, with hand-computed z-scores."""

from __future__ import annotations

import math

import numpy as np

from citypact.domain.outliers import HIGH_REASONS, LOW_REASONS, direction, peer_z, reasons


def test_venice_among_its_peers_is_a_high_outlier() -> None:
    # Row 0 is Venice (33.5 t); rows 1-6 its peers. Venice's peers are rows 1-6.
    values = np.array([33.5, 5.0, 6.0, 7.0, 5.5, 6.5, 8.0])
    index = np.full((7, 6), -1, dtype=np.int64)
    index[0] = [1, 2, 3, 4, 5, 6]
    z = peer_z(values, index)
    logs = np.log([5.0, 6.0, 7.0, 5.5, 6.5, 8.0])
    median = (math.log(6.0) + math.log(6.5)) / 2  # 1.8317...
    mad = float(np.median(np.abs(logs - median)))
    # By hand: the middle deviations are |ln 7 - m| = 0.114129 and |ln 5.5 - m| = 0.127033.
    assert math.isclose(mad, (0.114129 + 0.127033) / 2, rel_tol=1e-5)
    # Below the floor MIN_MAD = 0.25: z = 0.6745 x (ln 33.5 - 1.831781) / 0.25 = 4.532
    assert math.isclose(z[0], 0.6745 * (math.log(33.5) - median) / 0.25)
    assert math.isclose(z[0], 4.532, rel_tol=1e-3)
    assert np.isnan(z[1:]).all()  # no peers given: nothing judged
    assert list(direction(z)) == ["high", "", "", "", "", "", ""]


def test_low_side_too_few_peers_and_alike_peers() -> None:
    values = np.array([0.5, 5.0, 6.0, 7.0, 5.5, 6.5, 4.0])
    index = np.full((7, 6), -1, dtype=np.int64)
    index[0] = [1, 2, 3, 4, 5, 6]
    index[1] = [2, 3, 4, 5, -1, -1]  # four peers: fewer than MIN_PEERS
    assert direction(peer_z(values, index))[0] == "low"
    assert np.isnan(peer_z(values, index)[1])
    alike = np.array([9.0, 5.0, 5.0, 5.0, 5.0, 5.0])
    same = np.array([[1, 2, 3, 4, 5]] + [[-1] * 5] * 5, dtype=np.int64)
    # Peers all alike (MAD 0): the floor judges, 0.6745 x ln(9 / 5) / 0.25 = 1.586, no outlier.
    assert math.isclose(peer_z(alike, same)[0], 0.6745 * math.log(9 / 5) / 0.25)
    assert direction(peer_z(alike, same))[0] == ""
    # 19 t among peers of 5 t: ln(19 / 5) = 1.335 > 3.5 x 0.25 / 0.6745 = 1.297, an outlier.
    assert direction(peer_z(np.array([19.0, 5, 5, 5, 5, 5]), same))[0] == "high"
    # A city without a value is never marked.
    assert np.isnan(peer_z(np.array([np.nan, 5, 6, 7, 8, 9.0]), same)[0])


def test_within_the_usual_scatter_is_no_outlier() -> None:
    values = np.array([9.0, 5.0, 6.0, 7.0, 5.5, 6.5, 8.0])
    index = np.array([[1, 2, 3, 4, 5, 6]] + [[-1] * 6] * 6, dtype=np.int64)
    z = peer_z(values, index)
    assert 0 < z[0] < 3.5
    assert direction(z)[0] == ""


def test_reason_codes() -> None:
    assert reasons("high") == HIGH_REASONS == ("tourism", "port", "industry_in_boundary")
    assert reasons("low") == LOW_REASONS
    assert reasons("") == ()
