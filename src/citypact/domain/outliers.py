"""Values far outside their peers: a city whose emissions per person sit far from its peers' may
have a reason (tourism, a port, a boundary that holds heavy industry) or an error; either way it
should not move other cities' peer medians until a person has looked at it.

The rule, stated: among a city's peers (its nearest cities by framework conditions, the benchmark's
peer group), take the natural log of their latest per-person emissions; the city's robust z-score is
0.6745 × (log value − median) / MAD, with MAD the median absolute deviation of the peers' logs
(Iglewicz and Hoaglin 1993), but at least MIN_MAD: five peers that happen to lie close together
must not make a city 10 % off an outlier. |z| > OUTLIER_Z = 3.5 marks an outlier, so with the floor
nothing within a factor exp(3.5 × 0.25 / 0.6745) = 3.66 of the peers' median is ever marked. Logs,
because emissions per person spread multiplicatively (2 and 20 t are as far apart as 0.2 and 2 t).
At least MIN_PEERS peers with a value are needed; with fewer, nothing is marked.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

OUTLIER_Z: Final = 3.5
MIN_PEERS: Final = 5
MIN_MAD: Final = 0.25  # log points: the least scatter assumed among peers
CONSISTENCY: Final = 0.6745  # makes the MAD estimate a standard deviation for normal data
# What may lie behind a value far above or below its peers: codes, put in words at the edge.
HIGH_REASONS: Final = ("tourism", "port", "industry_in_boundary")
LOW_REASONS: Final = ("missing_sectors", "boundary_smaller")


def peer_z(values: FloatArray, index: IntArray) -> FloatArray:
    """Per city, the robust z-score of log `values` among its peers (`index`: rows of the peers, -1
    where none); NaN where the city has no positive value or too few peers have one."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(np.isfinite(values) & (values > 0), np.log(np.where(values > 0, values, 1.0)), np.nan)
    if index.size == 0:
        return np.full(values.size, np.nan)
    peers = np.where(index >= 0, logs[np.where(index >= 0, index, 0)], np.nan)
    counted = np.isfinite(peers).sum(axis=1) >= MIN_PEERS
    z = np.full(values.size, np.nan)
    if not counted.any():
        return z
    rows = peers[counted]
    median = np.nanmedian(rows, axis=1)
    mad = np.maximum(np.nanmedian(np.abs(rows - median[:, None]), axis=1), MIN_MAD)
    z[counted] = CONSISTENCY * (logs[counted] - median) / mad
    return z


def direction(z: FloatArray) -> npt.NDArray[np.str_]:
    """ "high", "low" or "" per city: which side of its peers an outlier lies on."""
    with np.errstate(invalid="ignore"):
        return np.where(z > OUTLIER_Z, "high", np.where(z < -OUTLIER_Z, "low", ""))


def reasons(side: str) -> tuple[str, ...]:
    """The codes of what may explain an outlier on `side`."""
    return HIGH_REASONS if side == "high" else LOW_REASONS if side == "low" else ()
