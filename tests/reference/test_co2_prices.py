"""Each shipped CO2 price schedule carries the figures of its published source, and cites it.

The expected values were read from the sources named in docs/co2_prices.md; one test per schedule.
"""

from __future__ import annotations

import datetime as dt

from citypact.domain.procurement.schedules import Discounting, Schedule
from citypact.reference.co2_prices import shipped_schedule, shipped_schedules


def _get(key: str, version: str) -> Schedule:
    schedule = shipped_schedule(key, version)
    assert schedule is not None, f"{key} {version} is not shipped"
    return schedule


def test_uba_methodenkonvention_31_at_1_percent() -> None:
    uba = _get("uba-mk31-1pct", "3.1")
    assert uba.prices == {2020: 195.0}
    assert (uba.currency, uba.price_year) == ("EUR", 2020)
    assert "Methodenkonvention 3.1" in uba.source
    assert uba.url.endswith("2020-12-21_methodenkonvention_3_1_kostensaetze.pdf")


def test_uba_methodenkonvention_31_at_0_percent() -> None:
    uba = _get("uba-mk31-0pct", "3.1")
    assert uba.prices == {2020: 680.0}
    assert "Methodenkonvention 3.1" in uba.source


def test_baden_wuerttemberg_237_then_300_from_august_2025() -> None:
    first = _get("bw-klimag-8", "2023")
    second = _get("bw-klimag-8", "2025")
    assert first.price(2024) == 237.0
    assert second.price(2026) == 300.0
    assert (first.valid_from, first.valid_to) == (dt.date(2023, 6, 1), dt.date(2025, 7, 31))
    assert second.valid_from == dt.date(2025, 8, 1)
    assert "(KlimaG BW) §8" in first.source and "CO2-SP-VO" in first.source


def test_berlin_klimakostenv_195_undiscounted() -> None:
    berlin = _get("be-klimakostenv", "2022")
    assert berlin.prices == {2022: 195.0}
    assert berlin.discounting is Discounting.UNDISCOUNTED
    assert berlin.valid_from == dt.date(2022, 6, 23)
    assert "KlimakostenV" in berlin.source and "§2" in berlin.source


def test_behg_fixed_prices_and_the_2026_floor() -> None:
    behg = _get("de-behg", "2024")
    assert behg.prices == {2021: 25.0, 2022: 30.0, 2023: 30.0, 2024: 45.0, 2025: 55.0, 2026: 55.0}
    assert "BEHG" in behg.source and "55-65" in behg.source


def test_clean_vehicles_directive_range() -> None:
    low = _get("eu-cvd-low", "2009")
    high = _get("eu-cvd-high", "2009")
    # 0.03-0.04 EUR/kg is 30-40 EUR/t, in 2007 prices.
    assert (low.price(2026), high.price(2026)) == (30.0, 40.0)
    assert low.price_year == high.price_year == 2007
    assert "2009/33/EC" in low.source and "Table 2" in low.source


def test_us_epa_2023_social_cost_of_carbon_at_2_percent() -> None:
    epa = _get("us-epa-2023-2pct", "2023")
    assert epa.prices == {
        2020: 190.0, 2025: 210.0, 2030: 230.0, 2040: 270.0,
        2050: 310.0, 2060: 350.0, 2070: 380.0, 2080: 410.0,
    }  # fmt: skip
    assert (epa.currency, epa.price_year) == ("USD", 2020)
    assert "Table ES.1" in epa.source


def test_every_shipped_schedule_names_publisher_source_and_url() -> None:
    schedules = shipped_schedules()
    assert len(schedules) == 9
    for schedule in schedules:
        assert schedule.publisher and schedule.source and schedule.url.startswith("https://")


def test_without_a_version_the_one_in_force_is_chosen() -> None:
    current = shipped_schedule("bw-klimag-8")
    assert current is not None and current.version == "2025"
    assert shipped_schedule("no-such-schedule") is None
