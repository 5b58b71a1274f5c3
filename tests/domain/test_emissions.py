"""GWP sets: a gas a set lacks is named, never weighed as zero."""

from __future__ import annotations

import pytest

from citypact.domain.emissions import GwpSet

AR5 = GwpSet("AR5", {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0})


def test_unknown_gas_in_gwp_set_is_named() -> None:
    with pytest.raises(KeyError, match="AR5 has no value for SF6"):
        AR5.of("SF6")


def test_a_set_without_split_methane_has_one_value() -> None:
    assert AR5.ch4_split is None
    split = GwpSet("AR6-split", {"CO2": 1.0, "CH4_fossil": 29.8, "CH4_non_fossil": 27.0, "N2O": 273.0})
    assert split.ch4_split == (29.8, 27.0)
