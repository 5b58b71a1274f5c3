"""LMDI-I decomposition of a city's emission change: a case by hand, the zero-value limits, and the
properties the method guarantees (exact sum, pure changes, scale invariance, vectorized == scalar)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from citypact.domain.lmdi import (
    EFFECTS,
    Decomposition,
    EnergyAccount,
    decompose,
    decompose_many,
    logarithmic_mean,
)

CARRIERS = ("gas", "oil", "electricity", "district_heat")
GRID = CARRIERS.index("electricity")


def _effect_sum(d: Decomposition) -> float:
    return math.fsum(d.effects().values())


def _scale(before: EnergyAccount, after: EnergyAccount) -> float:
    return float(before.total_emissions + after.total_emissions + 1.0)


# --- a case by hand -----------------------------------------------------------------------------------
#
# Two carriers; every factor changes by a power of 2, so all logarithms are multiples of ln 2.
#
#                    year 0                          year T
#   population       900                             1,800        ratio 2
#   gas              600 MWh, 120 t (0.2 t/MWh)      300 MWh, 30 t (0.1 t/MWh)
#   electricity      300 MWh, 120 t (0.4 t/MWh)      600 MWh, 60 t (0.1 t/MWh)
#   total energy     900 MWh, E/P = 1.0              900 MWh, E/P = 0.5  ratio 1/2
#   shares           gas 2/3, electricity 1/3        gas 1/3, electricity 2/3
#
# Factor ratios T/0:   population 2, energy per capita 1/2,
#                      share gas 1/2, share electricity 2, intensity gas 1/2, grid factor 1/4.
# Weights L(C^T, C^0) = (C^T - C^0) / ln(C^T / C^0):
#   gas:         (30 - 120) / ln(1/4) = -90 / (-2 ln 2) = 45 / ln 2
#   electricity: (60 - 120) / ln(1/2) = -60 / (-ln 2)   = 60 / ln 2          sum 105 / ln 2
# Effects = sum_j weight_j * ln(ratio):
#   population         (105 / ln 2) * ln 2                     = +105
#   energy per capita  (105 / ln 2) * (-ln 2)                  = -105
#   energy mix         45/ln2 * (-ln 2) + 60/ln2 * ln 2 = -45 + 60 = +15
#   fuel intensity     45/ln2 * (-ln 2)                        = -45
#   grid factor        60/ln2 * ln(1/4) = 60/ln2 * (-2 ln 2)  = -120
#   sum                105 - 105 + 15 - 45 - 120 = -150 = (30 + 60) - (120 + 120)

HAND_BEFORE = EnergyAccount(900, {"gas": 600, "electricity": 300}, {"gas": 120, "electricity": 120})
HAND_AFTER = EnergyAccount(1800, {"gas": 300, "electricity": 600}, {"gas": 30, "electricity": 60})


def test_hand_case() -> None:
    d = decompose(HAND_BEFORE, HAND_AFTER)
    assert d.total_change == -150
    assert d.population == pytest.approx(105, rel=1e-12)
    assert d.energy_per_capita == pytest.approx(-105, rel=1e-12)
    assert d.energy_mix == pytest.approx(15, rel=1e-12)
    assert d.fuel_intensity == pytest.approx(-45, rel=1e-12)
    assert d.grid_factor == pytest.approx(-120, rel=1e-12)
    assert abs(d.residual) < 1e-12


def test_hand_case_explain_and_shares() -> None:
    d = decompose(HAND_BEFORE, HAND_AFTER)
    assert d.explain() == (
        "Emissions fell by 150 t CO2e: population +105, energy per capita \u2212105, energy mix +15, "
        "fuel intensity \u221245, grid factor \u2212120."
    )
    shares = d.shares()
    assert list(shares) == list(EFFECTS)
    # -150 t is 100 %: population +105 t is -70 %, grid factor -120 t is +80 %.
    assert shares["population"] == pytest.approx(-70)
    assert shares["grid_factor"] == pytest.approx(80)
    assert math.fsum(shares.values()) == pytest.approx(100)


def test_hand_case_vectorized() -> None:
    r = decompose_many([900], [1800], [[600, 300]], [[300, 600]], [[120, 120]], [[30, 60]], grid_index=1)
    expected = {"total_change": -150, "population": 105, "energy_per_capita": -105, "energy_mix": 15}
    expected |= {"fuel_intensity": -45, "grid_factor": -120}
    for name, value in expected.items():
        assert r[name] == pytest.approx([value], rel=1e-12)


def test_explain_rise_unchanged_and_small_numbers() -> None:
    rise = Decomposition(12_345.4, 3_000, 9_000, -2_000, 0.2, 2_345.2)
    assert rise.explain() == (
        "Emissions rose by 12,345 t CO2e: population +3,000, energy per capita +9,000, "
        "energy mix \u22122,000, fuel intensity 0, grid factor +2,345."
    )
    flat = Decomposition(0.0, 5.0, -5.0, 0.0, 0.0, 0.0)
    assert flat.explain().startswith(
        "Emissions did not change: population +5.00, energy per capita \u22125.00"
    )
    assert all(math.isnan(v) for v in flat.shares().values())


# --- zero values: the Ang and Liu (2007) limits -----------------------------------------------------------


def test_carrier_entering_and_leaving_goes_to_energy_mix() -> None:
    # District heat is new (0 -> 100 MWh, 20 t), oil is gone (50 MWh, 15 t -> 0). Gas is unchanged.
    before = EnergyAccount(1000, {"gas": 500, "oil": 50}, {"gas": 100, "oil": 15})
    after = EnergyAccount(1000, {"gas": 500, "district_heat": 100}, {"gas": 100, "district_heat": 20})
    d = decompose(before, after)
    assert d.total_change == pytest.approx(5)
    # Gas: C constant (weight 100); its share fell 500/550 -> 500/600 while energy per capita rose
    # 550 -> 600 by the same log: the two cancel for gas. New and gone carriers: all of it is mix.
    w_gas = 100.0
    assert d.population == 0
    assert d.energy_per_capita == pytest.approx(w_gas * math.log(600 / 550))
    assert d.energy_mix == pytest.approx(w_gas * math.log((500 / 600) / (500 / 550)) + 20 - 15)
    assert d.fuel_intensity == 0
    assert d.grid_factor == 0
    assert _effect_sum(d) == pytest.approx(d.total_change, abs=1e-12)


def test_intensity_from_or_to_zero_goes_to_that_intensity() -> None:
    # Electricity was counted at a zero grid factor, then at 0.3 t/MWh; biomass went from 0.1 t/MWh
    # to being counted as zero. Energy use is unchanged, so only the intensity effects move.
    before = EnergyAccount(10, {"electricity": 100, "biomass": 50}, {"electricity": 0, "biomass": 5})
    after = EnergyAccount(10, {"electricity": 100, "biomass": 50}, {"electricity": 30})
    d = decompose(before, after)
    assert (d.population, d.energy_per_capita, d.energy_mix) == (0, 0, 0)
    assert d.grid_factor == 30
    assert d.fuel_intensity == -5
    assert d.total_change == 25


def test_grid_carrier_that_appears_is_a_mix_effect_not_a_grid_effect() -> None:
    before = EnergyAccount(10, {"gas": 100}, {"gas": 20})
    after = EnergyAccount(10, {"gas": 100, "electricity": 10}, {"gas": 20, "electricity": 4})
    d = decompose(before, after)
    assert d.grid_factor == 0
    assert d.energy_mix + d.energy_per_capita == pytest.approx(4)
    assert _effect_sum(d) == pytest.approx(d.total_change, abs=1e-12)


def _with_small_values(account: EnergyAccount, delta: float, intensity: dict[str, float]) -> EnergyAccount:
    """The practical guide's strategy: a zero energy becomes delta, its emissions delta * intensity."""
    energy = dict(account.energy)
    emissions = dict(account.emissions)
    for carrier, factor in intensity.items():
        if energy.get(carrier, 0.0) == 0:
            energy[carrier] = delta
            emissions[carrier] = delta * factor
        elif emissions.get(carrier, 0.0) == 0:
            emissions[carrier] = delta
    return EnergyAccount(account.population, energy, emissions)


def test_small_value_strategy_converges_to_the_limit_we_use() -> None:
    before = EnergyAccount(1000, {"gas": 500, "electricity": 200}, {"gas": 100, "electricity": 0})
    after = EnergyAccount(
        1300,
        {"gas": 450, "electricity": 260, "district_heat": 90},
        {"gas": 85, "electricity": 70, "district_heat": 18},
    )
    exact = decompose(before, after)
    assert exact.grid_factor == 70  # the grid factor went from 0 to 0.27 t/MWh: all of the 70 t
    assert exact.total_change == 73
    errors = []
    for delta in (1e-10, 1e-20, 1e-100, 1e-300):
        small = decompose(
            _with_small_values(before, delta, {"district_heat": 0.2, "electricity": 0.0}),
            _with_small_values(after, delta, {}),
        )
        errors.append(max(abs(small.effects()[n] - exact.effects()[n]) for n in EFFECTS))
    assert errors == sorted(errors, reverse=True)  # the error shrinks as delta does ...
    assert errors[0] > 0.5  # ... but slowly, like 1 / ln(1 / delta): over 0.5 t of 73 t at 1e-10,
    assert errors[-1] < 0.05  # and still some 0.03 t at 1e-300


# --- properties --------------------------------------------------------------------------------------------

_energy = st.floats(min_value=1.0, max_value=1e6)
_intensity = st.floats(min_value=0.01, max_value=1.0)
_population = st.floats(min_value=1.0, max_value=1e7)


@st.composite
def _accounts(draw: st.DrawFn, zeros: bool) -> tuple[EnergyAccount, EnergyAccount]:
    """Two years of a city; with ``zeros`` carriers may be absent or zero-emitting in either year."""
    accounts = []
    for _ in range(2):
        energy: dict[str, float] = {}
        emissions: dict[str, float] = {}
        for carrier in CARRIERS:
            e = draw(st.one_of(st.just(0.0), _energy) if zeros else _energy)
            f = draw(st.one_of(st.just(0.0), _intensity) if zeros else _intensity)
            if e > 0:
                energy[carrier] = e
                emissions[carrier] = e * f
        assume(energy)
        accounts.append(EnergyAccount(draw(_population), energy, emissions))
    return accounts[0], accounts[1]


@settings(max_examples=300)
@given(_accounts(zeros=False))
def test_effects_sum_to_the_total_change(pair: tuple[EnergyAccount, EnergyAccount]) -> None:
    before, after = pair
    d = decompose(before, after)
    assert d.total_change == after.total_emissions - before.total_emissions
    assert abs(_effect_sum(d) - d.total_change) <= 1e-11 * _scale(before, after)


@settings(max_examples=300)
@given(_accounts(zeros=True))
def test_effects_sum_to_the_total_change_with_carriers_appearing_and_disappearing(
    pair: tuple[EnergyAccount, EnergyAccount],
) -> None:
    before, after = pair
    d = decompose(before, after)
    assert abs(_effect_sum(d) - d.total_change) <= 1e-11 * _scale(before, after)
    assert all(math.isfinite(v) for v in d.effects().values())


@given(_accounts(zeros=True), st.floats(min_value=0.1, max_value=10.0))
def test_pure_population_change_is_only_a_population_effect(
    pair: tuple[EnergyAccount, EnergyAccount], k: float
) -> None:
    # Population times k with the same energy per head, mix and intensities: energy and emissions x k.
    before, _ = pair
    after = EnergyAccount(
        before.population * k,
        {c: v * k for c, v in before.energy.items()},
        {c: v * k for c, v in before.emissions.items()},
    )
    d = decompose(before, after)
    tolerance = 1e-11 * _scale(before, after)
    assert d.population == pytest.approx(d.total_change, abs=tolerance)
    for name in ("energy_per_capita", "energy_mix", "fuel_intensity", "grid_factor"):
        assert abs(getattr(d, name)) <= tolerance


@given(_accounts(zeros=False), _intensity)
def test_pure_grid_factor_change_is_only_a_grid_effect(
    pair: tuple[EnergyAccount, EnergyAccount], new_factor: float
) -> None:
    before, _ = pair
    emissions = dict(before.emissions)
    emissions["electricity"] = before.energy["electricity"] * new_factor
    after = EnergyAccount(before.population, before.energy, emissions)
    d = decompose(before, after)
    assert (d.population, d.energy_per_capita, d.energy_mix, d.fuel_intensity) == (0, 0, 0, 0)
    assert d.grid_factor == pytest.approx(d.total_change, rel=1e-12, abs=1e-12 * _scale(before, after))


@given(_accounts(zeros=True), st.floats(min_value=1e-3, max_value=1e3))
def test_scale_invariance(pair: tuple[EnergyAccount, EnergyAccount], k: float) -> None:
    def scaled(a: EnergyAccount) -> EnergyAccount:
        energy = {c: v * k for c, v in a.energy.items()}
        return EnergyAccount(a.population, energy, {c: v * k for c, v in a.emissions.items()})

    before, after = pair
    d, dk = decompose(before, after), decompose(scaled(before), scaled(after))
    tolerance = 1e-10 * k * _scale(before, after)
    assert dk.total_change == pytest.approx(k * d.total_change, abs=tolerance)
    for name in EFFECTS:
        assert getattr(dk, name) == pytest.approx(k * getattr(d, name), rel=1e-9, abs=tolerance)


def _arrays(pairs: list[tuple[EnergyAccount, EnergyAccount]]) -> list[np.ndarray]:
    def matrix(rows: list[dict[str, float]]) -> np.ndarray:
        return np.array([[row.get(c, 0.0) for c in CARRIERS] for row in rows])

    befores, afters = [b for b, _ in pairs], [a for _, a in pairs]
    return [
        np.array([b.population for b in befores]),
        np.array([a.population for a in afters]),
        matrix([dict(b.energy) for b in befores]),
        matrix([dict(a.energy) for a in afters]),
        matrix([dict(b.emissions) for b in befores]),
        matrix([dict(a.emissions) for a in afters]),
    ]


@settings(max_examples=150)
@given(st.lists(_accounts(zeros=True), min_size=1, max_size=8))
def test_decompose_many_equals_decompose_city_by_city(
    pairs: list[tuple[EnergyAccount, EnergyAccount]],
) -> None:
    result = decompose_many(*_arrays(pairs), grid_index=GRID)
    assert set(result) == {"total_change", *EFFECTS}
    for i, (before, after) in enumerate(pairs):
        d = decompose(before, after)
        tolerance = 1e-11 * _scale(before, after)
        assert result["total_change"][i] == pytest.approx(d.total_change, abs=tolerance)
        for name in EFFECTS:
            assert result[name][i] == pytest.approx(getattr(d, name), rel=1e-9, abs=tolerance)


# --- the logarithmic mean ------------------------------------------------------------------------------


@given(st.floats(min_value=1e-300, max_value=1e300), st.floats(min_value=1e-300, max_value=1e300))
def test_logarithmic_mean_lies_between_geometric_and_arithmetic_mean(a: float, b: float) -> None:
    m = logarithmic_mean(a, b)
    assert m == logarithmic_mean(b, a) or m == pytest.approx(logarithmic_mean(b, a), rel=1e-14)
    assert min(a, b) * (1 - 1e-12) <= m <= max(a, b) * (1 + 1e-12)
    geometric = math.exp((math.log(a) + math.log(b)) / 2)
    assert geometric * (1 - 1e-12) <= m <= (a / 2 + b / 2) * (1 + 1e-12)


def test_logarithmic_mean_special_values() -> None:
    assert logarithmic_mean(7.0, 7.0) == 7.0
    assert logarithmic_mean(5.0, 0.0) == 0.0 == logarithmic_mean(0.0, 0.0)
    assert logarithmic_mean(math.e, 1.0) == pytest.approx(math.e - 1)
    # Close values: no cancellation (the naive formula loses ~6 digits at a ratio of 1 + 1e-10).
    assert logarithmic_mean(1.0 + 1e-10, 1.0) == pytest.approx(1.0 + 0.5e-10, rel=1e-15)
    # Far apart: 1e-20 / 1 must not round to -1 inside log1p.
    assert logarithmic_mean(1e-20, 1.0) == pytest.approx((1 - 1e-20) / math.log(1e20))
    with pytest.raises(ValueError):
        logarithmic_mean(-1.0, 1.0)


# --- the vectorized path -----------------------------------------------------------------------------------


def _random_cities(n: int, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    k = len(CARRIERS)
    p0 = rng.uniform(1e3, 1e7, n)
    p1 = p0 * rng.uniform(0.8, 1.2, n)
    e0 = rng.uniform(0, 1e6, (n, k)) * (rng.random((n, k)) > 0.2)
    e1 = rng.uniform(0, 1e6, (n, k)) * (rng.random((n, k)) > 0.2)
    e0[:, 0] = e1[:, 0] = 1e5  # every city uses some energy in both years
    c0 = e0 * rng.uniform(0, 0.5, (n, k)) * (rng.random((n, k)) > 0.1)
    c1 = e1 * rng.uniform(0, 0.5, (n, k)) * (rng.random((n, k)) > 0.1)
    return [p0, p1, e0, e1, c0, c1]


def test_decompose_many_sums_exactly_on_20000_random_cities() -> None:
    # Speed is measured by make bench, not asserted here.
    arrays = _random_cities(20_000)
    result = decompose_many(*arrays, grid_index=GRID)
    c0, c1 = arrays[4], arrays[5]
    residual = sum(result[name] for name in EFFECTS) - result["total_change"]
    assert np.all(np.abs(residual) <= 1e-11 * (c0.sum(axis=1) + c1.sum(axis=1)))
    assert all(np.all(np.isfinite(v)) for v in result.values())


def test_decompose_many_without_grid_carrier_reports_all_intensity_as_fuel() -> None:
    arrays = _random_cities(50, seed=1)
    with_grid = decompose_many(*arrays, grid_index=GRID)
    without = decompose_many(*arrays, grid_index=None)
    assert np.all(without["grid_factor"] == 0)
    assert without["fuel_intensity"] == pytest.approx(with_grid["fuel_intensity"] + with_grid["grid_factor"])
    assert decompose_many(*arrays, grid_index=GRID - len(CARRIERS))["grid_factor"] == pytest.approx(
        with_grid["grid_factor"]
    )


# Changes (array: 0..5 for p0, p1, e0, e1, c0, c1; position; new value) and the error they cause.
_BAD_DATA = [
    ([(0, (3,), 0.0)], r"p0 must be positive and finite \(city 3\)"),
    ([(3, (2, 1), -1.0)], r"e1 must be finite and >= 0 \(city 2\)"),
    ([(4, (1, 1), math.nan)], r"c0 must be finite"),
    ([(2, (4, 2), 0.0), (4, (4, 2), 1.0)], r"emissions without energy use in year 0 \(city 4\)"),
    (
        [(a, (5, j), 0.0) for a in (3, 5) for j in range(len(CARRIERS))],
        r"^no energy use in year 1 \(city 5\)",
    ),
]


@pytest.mark.parametrize(("changes", "message"), _BAD_DATA)
def test_decompose_many_rejects_bad_data(
    changes: list[tuple[int, tuple[int, ...], float]], message: str
) -> None:
    arrays = _random_cities(10, seed=2)
    for array, position, value in changes:
        arrays[array][position] = value
    with pytest.raises(ValueError, match=message):
        decompose_many(*arrays, grid_index=GRID)


def test_decompose_many_rejects_bad_shapes_and_grid_index() -> None:
    p0, p1, e0, e1, c0, c1 = _random_cities(10, seed=3)
    with pytest.raises(ValueError, match="shape"):
        decompose_many(p0[:9], p1, e0, e1, c0, c1, grid_index=GRID)
    with pytest.raises(ValueError, match="shape"):
        decompose_many(p0, p1, e0, e1[:, :3], c0, c1, grid_index=GRID)
    with pytest.raises(ValueError, match="dimension"):
        decompose_many(p0, p1, e0[0], e1, c0, c1, grid_index=GRID)
    with pytest.raises(ValueError, match="out of range"):
        decompose_many(p0, p1, e0, e1, c0, c1, grid_index=len(CARRIERS))


# --- the account ------------------------------------------------------------------------------------------


def test_account_validation() -> None:
    with pytest.raises(ValueError, match="population"):
        EnergyAccount(0, {"gas": 1}, {"gas": 0.2})
    with pytest.raises(ValueError, match="energy of 'gas'"):
        EnergyAccount(1, {"gas": -1}, {})
    with pytest.raises(ValueError, match="emissions of 'oil'"):
        EnergyAccount(1, {"oil": 1}, {"oil": math.inf})
    with pytest.raises(ValueError, match="no energy use"):
        EnergyAccount(1, {"gas": 1}, {"oil": 0.3})
    with pytest.raises(ValueError, match="before account uses no energy"):
        decompose(EnergyAccount(1, {"gas": 0}, {}), HAND_AFTER)


def test_account_keeps_its_own_read_only_copy() -> None:
    energy = {"gas": 100.0}
    account = EnergyAccount(10, energy, {"gas": 20.0})
    energy["gas"] = 1.0
    assert account.energy["gas"] == 100.0
    with pytest.raises(TypeError):
        mutable: Any = account.energy
        mutable["gas"] = 5.0


def test_grid_carrier_name_is_configurable() -> None:
    before = EnergyAccount(10, {"power": 100, "gas": 100}, {"power": 40, "gas": 20})
    after = EnergyAccount(10, {"power": 100, "gas": 100}, {"power": 30, "gas": 20})
    assert decompose(before, after, grid_carrier="power").grid_factor == pytest.approx(-10)
    default = decompose(before, after)
    assert (default.grid_factor, default.fuel_intensity) == (0, pytest.approx(-10))
