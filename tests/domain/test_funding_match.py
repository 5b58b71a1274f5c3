"""The eligibility rules of funding programmes: hand-made cases and properties."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.funding_match import (
    Call,
    City,
    Need,
    Programme,
    cofinancing,
    joint_check,
    match,
    match_all,
    order,
)

DAY = dt.date(2026, 3, 10)
BONN = City(1, "DE", 330_000)
MEASURE = Need(
    kind="plan_measure",
    id=7,
    field="buildings",
    gpc_sector="I",
    measure_type="retrofit",
    currency="EUR",
    cost_minor=1_000_000_00,
    secured_minor=200_000_00,
    sought_minor=100_000_00,
)


def _open(closes: dt.date, call_id: int = 1) -> Call:
    return Call(call_id, dt.date(2026, 1, 1), closes)


def _prog(**kw: object) -> Programme:
    base = Programme(id=1, currency="EUR", calls=(_open(dt.date(2026, 3, 22)),))
    return replace(base, **kw)  # type: ignore[arg-type]


def codes(reasons: object) -> list[str]:
    return [r.code for r in reasons]  # type: ignore[attr-defined]


def test_an_unrestricted_programme_with_an_open_call_matches_and_says_when_it_closes() -> None:
    m = match(_prog(), BONN, MEASURE, DAY)
    assert m.eligible and m.rules_out == ()
    closes = next(r for r in m.fits if r.code == "closes_in")
    assert closes.figure("days") == 12 and closes.figure("closes_on") == "2026-03-22"


def test_closing_today_is_still_open_and_the_day_after_it_is_closed() -> None:
    p = _prog(calls=(_open(DAY),))
    today = match(p, BONN, MEASURE, DAY)
    assert today.eligible and today.call_state == "open"
    assert next(r for r in today.fits if r.code == "closes_in").figure("days") == 0
    after = match(p, BONN, MEASURE, DAY + dt.timedelta(days=1))
    assert not after.eligible and codes(after.rules_out) == ["no_open_call"]
    assert after.rules_out[0].figure("last_closed_on") == "2026-03-10"


def test_a_closed_call_never_matches_even_when_everything_else_agrees() -> None:
    p = _prog(calls=(_open(dt.date(2026, 3, 9)),), fields=("buildings",), countries=("DE",))
    assert not match(p, BONN, MEASURE, DAY).eligible
    assert not match(_prog(calls=()), BONN, MEASURE, DAY).eligible  # no call at all


def test_rolling_and_upcoming_calls_match_and_say_so() -> None:
    rolling = match(_prog(calls=(Call(1, None, None),)), BONN, MEASURE, DAY)
    assert rolling.eligible and "rolling" in codes(rolling.fits)
    upcoming = match(_prog(calls=(Call(2, dt.date(2026, 4, 1), dt.date(2026, 6, 1)),)), BONN, MEASURE, DAY)
    assert upcoming.eligible and upcoming.call_state == "upcoming"
    opens = next(r for r in upcoming.fits if r.code == "opens_on")
    assert opens.figure("opens_on") == "2026-04-01" and opens.figure("days") == 22


def test_the_open_call_closing_soonest_counts() -> None:
    p = _prog(calls=(_open(dt.date(2026, 5, 1), 1), _open(dt.date(2026, 3, 20), 2), Call(3, None, None)))
    assert match(p, BONN, MEASURE, DAY).call_id == 2


def test_country_rules_and_eu_stands_for_the_member_states() -> None:
    assert match(_prog(countries=("EU",)), BONN, MEASURE, DAY).eligible
    m = match(_prog(countries=("JP", "US")), BONN, MEASURE, DAY)
    assert codes(m.rules_out) == ["country"] and m.rules_out[0].figure("country") == "DE"


def test_size_band_rules_and_an_unknown_population_is_ruled_out_only_when_bands_are_listed() -> None:
    assert match(_prog(size_bands=("250k_1m",)), BONN, MEASURE, DAY).eligible
    m = match(_prog(size_bands=("under_10k",)), BONN, MEASURE, DAY)
    assert codes(m.rules_out) == ["size_band"] and m.rules_out[0].figure("size_band") == "250k_1m"
    unknown = City(2, "DE", None)
    assert codes(match(_prog(size_bands=("under_10k",)), unknown, MEASURE, DAY).rules_out) == [
        "size_band_unknown"
    ]
    assert match(_prog(), unknown, MEASURE, DAY).eligible


def test_subject_rules_need_one_agreement_when_any_list_is_given() -> None:
    assert match(_prog(fields=("transport",), measure_types=("retrofit",)), BONN, MEASURE, DAY).eligible
    m = match(_prog(fields=("transport",), gpc_sectors=("II",)), BONN, MEASURE, DAY)
    assert codes(m.rules_out) == ["subject"]
    all_three = match(
        _prog(fields=("buildings",), gpc_sectors=("I",), measure_types=("retrofit",)), BONN, MEASURE, DAY
    )
    assert all_three.agree == 3 and {"field", "gpc_sector", "measure_type"} <= set(codes(all_three.fits))
    # a city-level match (no need) skips the subject rules
    assert match(_prog(fields=("transport",)), BONN, Need(), DAY).eligible
    # a cooperation need has only a field
    assert match(
        _prog(fields=("transport",)), BONN, Need(kind="cooperation_need", field="transport"), DAY
    ).eligible


def test_every_failing_rule_is_named_not_only_the_first() -> None:
    m = match(_prog(countries=("JP",), fields=("waste",), calls=()), BONN, MEASURE, DAY)
    assert codes(m.rules_out) == ["country", "subject", "no_open_call"]


def test_the_joint_rule_counts_qualifying_partners_and_countries_the_applicant_once() -> None:
    p = _prog(joint_required=True, min_cities=3, min_countries=2, countries=("EU",))
    lyon = City(2, "FR", 500_000)
    graz = City(3, "AT", 290_000)
    osaka = City(4, "JP", 2_700_000)  # not eligible: country
    köln = City(5, "DE", 1_080_000)
    only_lyon = match(p, BONN, MEASURE, DAY, [lyon, osaka, BONN, lyon])  # duplicates and itself ignored
    assert not only_lyon.eligible and codes(only_lyon.rules_out) == ["joint_too_few"]
    j = only_lyon.joint
    assert j is not None and (j.has_cities, j.has_countries, j.qualifying) == (2, 2, (2,))
    assert only_lyon.rules_out[0].figure("needs_cities") == 3
    ok = match(p, BONN, MEASURE, DAY, [lyon, osaka, graz])
    assert ok.eligible and ok.joint is not None and ok.joint.qualifying == (2, 3)
    reason = next(r for r in ok.fits if r.code == "joint_possible")
    assert reason.figure("has_cities") == 3 and reason.figure("has_countries") == 3
    # three cities, but all from Germany: two countries are not met
    one_country = match(p, BONN, MEASURE, DAY, [köln, City(6, "DE", 600_000)])
    assert one_country.joint is not None and (
        one_country.joint.has_cities,
        one_country.joint.has_countries,
    ) == (3, 1)
    assert not one_country.eligible


def test_joint_required_means_at_least_two_cities_and_partners_size_bands_count() -> None:
    p = _prog(joint_required=True, size_bands=("250k_1m",))
    assert joint_check(p, BONN, []).needs_cities == 2
    small = City(9, "DE", 5_000)
    assert not match(p, BONN, MEASURE, DAY, [small]).eligible
    assert match(p, BONN, MEASURE, DAY, [City(10, "NL", 300_000)]).eligible
    assert match(_prog(), BONN, MEASURE, DAY).joint is None  # not a joint programme: no count


def test_a_gap_below_the_minimum_rules_out_and_the_cofinancing_rate_is_worked_out() -> None:
    # gap = 1 000 000 - 200 000 - 100 000 = 700 000 EUR
    assert MEASURE.gap_minor == 700_000_00
    below = match(_prog(amount_min_minor=800_000_00), BONN, MEASURE, DAY)
    assert codes(below.rules_out) == ["gap_below_minimum"]
    assert below.rules_out[0].figure("gap_minor") == 700_000_00
    p = _prog(amount_min_minor=100_000_00, amount_max_minor=500_000_00, funding_rate_bp=6000)
    m = match(p, BONN, MEASURE, DAY)
    assert m.eligible
    co = next(r for r in m.fits if r.code == "cofinancing")
    # 60 % of 1 000 000 = 600 000, capped at the maximum 500 000; 200 000 of the gap remains
    assert co.figure("covers_minor") == 500_000_00 and co.figure("gap_after_minor") == 200_000_00
    assert "amount_range" in codes(m.fits)
    other = match(_prog(currency="JPY", amount_min_minor=10**12), BONN, MEASURE, DAY)
    assert other.eligible and "other_currency" in codes(other.fits)


def test_cofinancing_rounds_down_and_caps() -> None:
    assert cofinancing(333, 5000, None) == 166
    assert cofinancing(1000, 10000, 400) == 400
    assert Need(cost_minor=100, secured_minor=80, sought_minor=50).gap_minor == 0
    assert Need().gap_minor is None


def test_order_eligible_first_then_closing_soonest_then_agreement() -> None:
    a = _prog(id=1, calls=(_open(dt.date(2026, 6, 1)),))
    b = _prog(id=2, calls=(_open(dt.date(2026, 4, 1)),))
    c = _prog(id=3, calls=(_open(dt.date(2026, 4, 1)),), fields=("buildings",), gpc_sectors=("I",))
    d = _prog(id=4, countries=("JP",), calls=(_open(dt.date(2026, 3, 11)),))
    e = _prog(id=5, calls=(Call(9, None, None),))
    ids = [m.programme_id for m in match_all([a, b, c, d, e], BONN, MEASURE, DAY)]
    assert ids == [3, 2, 1, 5, 4]
    assert [m.programme_id for m in order(reversed(match_all([a, b, c, d, e], BONN, MEASURE, DAY)))] == ids


# ---- properties

codes_st = st.sampled_from(["buildings", "transport", "energy", "waste"])
dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31))


@st.composite
def programmes(draw: st.DrawFn) -> Programme:
    calls = []
    for i in range(draw(st.integers(0, 3))):
        opens = draw(st.one_of(st.none(), dates))
        closes = draw(st.one_of(st.none(), dates))
        if opens and closes and closes < opens:
            opens, closes = closes, opens
        calls.append(Call(i, opens, closes))
    return Programme(
        id=draw(st.integers(1, 50)),
        currency="EUR",
        calls=tuple(calls),
        countries=tuple(draw(st.lists(st.sampled_from(["DE", "FR", "JP", "EU"]), max_size=2))),
        size_bands=tuple(draw(st.lists(st.sampled_from(["10k_50k", "250k_1m", "1m_plus"]), max_size=2))),
        fields=tuple(draw(st.lists(codes_st, max_size=2))),
        joint_required=draw(st.booleans()),
        min_cities=draw(st.integers(1, 4)),
        min_countries=draw(st.integers(1, 3)),
        amount_min_minor=draw(st.one_of(st.none(), st.integers(0, 10**9))),
    )


cities = st.builds(
    City,
    st.integers(1, 30),
    st.sampled_from(["DE", "FR", "JP", "US"]),
    st.one_of(st.none(), st.integers(0, 3_000_000)),
)
needs = st.builds(
    Need,
    kind=st.just("plan_measure"),
    field=codes_st,
    currency=st.just("EUR"),
    cost_minor=st.one_of(st.none(), st.integers(0, 10**10)),
    secured_minor=st.integers(0, 10**9),
)


@given(
    programmes(),
    cities,
    needs,
    dates,
    st.lists(cities, max_size=5),
    st.sampled_from(["countries", "size_bands", "fields", "min_cities", "min_countries", "joint", "amount"]),
    st.data(),
)
def test_adding_a_restriction_never_adds_a_match(
    p: Programme, city: City, need: Need, day: dt.date, partners: list[City], which: str, data: st.DataObject
) -> None:
    if which == "countries":
        tighter = replace(p, countries=(p.countries or (data.draw(st.sampled_from(["DE", "FR", "JP"])),))[:1])
    elif which == "size_bands":
        tighter = replace(p, size_bands=(p.size_bands or ("1m_plus",))[:1])
    elif which == "fields":
        tighter = replace(p, fields=(p.fields or ("waste",))[:1])
    elif which == "min_cities":
        tighter = replace(p, min_cities=p.min_cities + 1)
    elif which == "min_countries":
        tighter = replace(p, min_countries=p.min_countries + 1)
    elif which == "joint":
        tighter = replace(p, joint_required=True)
    else:
        tighter = replace(p, amount_min_minor=(p.amount_min_minor or 0) + 1)
    if match(tighter, city, need, day, partners).eligible:
        assert match(p, city, need, day, partners).eligible


@given(programmes(), cities, needs, st.lists(cities, max_size=5))
def test_the_day_after_the_last_closing_date_no_call_based_match_remains(
    p: Programme, city: City, need: Need, partners: list[City]
) -> None:
    closing = [c.closes_on for c in p.calls]
    if not closing or any(d is None for d in closing):
        return  # rolling calls have no last closing date
    after = max(d for d in closing if d is not None) + dt.timedelta(days=1)
    m = match(p, city, need, after, partners)
    assert not m.eligible and "no_open_call" in codes(m.rules_out)


@given(st.lists(programmes(), max_size=8), cities, needs, dates, st.lists(cities, max_size=4))
def test_the_order_puts_every_eligible_programme_first_and_closing_dates_ascending(
    ps: list[Programme], city: City, need: Need, day: dt.date, partners: list[City]
) -> None:
    found = match_all(ps, city, need, day, partners)
    flags = [m.eligible for m in found]
    assert flags == sorted(flags, reverse=True)
    eligible = [m.closes_on or dt.date.max for m in found if m.eligible]
    assert eligible == sorted(eligible)
    assert all(m.call_state != "closed" for m in found)
