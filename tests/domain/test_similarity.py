"""Cities like mine: synthetic cities whose nearest neighbours are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from citypact.domain.reasons import Reason
from citypact.domain.similarity import COUNTRY_DISTANCE, CityConditions, most_similar

NAN = float("nan")


def _cities() -> CityConditions:
    # 1 and 2: same country, size and climate; 3: same conditions but another country;
    # 4: same country, ten times bigger and much colder; 5: nothing known but the country.
    return CityConditions(
        ids=np.array([1, 2, 3, 4, 5]),
        country=np.array(["DE", "DE", "JP", "DE", "DE"]),
        population=np.array([150_000.0, 160_000.0, 150_000.0, 1_500_000.0, NAN]),
        hdd=np.array([3000.0, 3100.0, 3000.0, 4500.0, NAN]),
        cdd=np.array([20.0, 25.0, 20.0, 5.0, NAN]),
        gdp_per_capita=np.array([50_000.0, NAN, 50_000.0, 60_000.0, NAN]),
    )


def test_nearest_is_the_twin_in_the_same_country() -> None:
    found = most_similar(_cities(), 1, 4)
    assert [c.id for c in found][:2] == [2, 3]
    assert found[1].distance == pytest.approx(COUNTRY_DISTANCE)  # identical conditions, other country
    assert Reason("same_country", "DE", "DE") in found[0].reasons
    assert Reason("similar_size", 150_000.0, 160_000.0) in found[0].reasons
    assert Reason("similar_climate", 3000.0, 3100.0, "heating") in found[0].reasons


def test_unknown_conditions_are_not_guessed() -> None:
    found = {c.id: c for c in most_similar(_cities(), 1, 4)}
    assert 5 not in found  # nothing known to compare: infinitely far, never suggested


def test_itself_is_never_a_result_and_unknown_city_is_an_error() -> None:
    assert all(c.id != 4 for c in most_similar(_cities(), 4, 10))
    with pytest.raises(KeyError):
        most_similar(_cities(), 99, 3)
