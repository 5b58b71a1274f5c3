"""The matching of a city's needs to providers' offers: hand-made cases of each reason and each
rule-out, and the stated order as a property (a total order, whatever the input order)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect

from hypothesis import given
from hypothesis import strategies as st

from citypact.domain import offer_match
from citypact.domain.offer_match import Need, OfferFacts, assess, fitting, order_key

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
LED = Need("plan_measure", 1, 10, "buildings_municipal", "led_street_lighting", "DE", "50k_250k")


def offer(oid: int, **kw: object) -> OfferFacts:
    base: dict[str, object] = {
        "id": oid, "kind": "technology", "fields": ("buildings_municipal",), "measure_types": (),
        "countries": (), "languages": (), "updated_at": T0,
    }  # fmt: skip
    base.update(kw)
    return OfferFacts(**base)  # type: ignore[arg-type]


def test_same_measure_type_and_field_and_country() -> None:
    fit = assess(LED, offer(1, measure_types=("led_street_lighting",), countries=("DE", "AT")))
    assert fit.fits
    assert fit.reasons[:3] == ("same_measure_type", "same_field", "serves_country")


def test_country_not_served_rules_out() -> None:
    fit = assess(LED, offer(1, countries=("JP",)))
    assert not fit.fits
    assert fit.ruled_out == ("country_not_served",)


def test_field_not_listed_rules_out_unless_the_measure_type_is() -> None:
    assert assess(LED, offer(1, fields=("transport",))).ruled_out == ("field_not_listed",)
    typed = assess(LED, offer(2, fields=("transport",), measure_types=("led_street_lighting",)))
    assert typed.fits and "same_measure_type" in typed.reasons and "same_field" not in typed.reasons


def test_both_rule_outs_are_named() -> None:
    fit = assess(LED, offer(1, fields=("waste",), countries=("JP",)))
    assert fit.ruled_out == ("country_not_served", "field_not_listed")


def test_language_references_and_case() -> None:
    fit = assess(
        LED,
        offer(1, languages=("de", "en"), reference_countries=("DE",), reference_size_bands=("50k_250k",),
              reference_count=2, has_published_case=True),
    )  # fmt: skip
    assert {"speaks_language", "reference_in_country", "reference_similar_size", "published_case"} <= set(
        fit.reasons
    )
    japanese = assess(
        LED, offer(2, languages=("ja",), reference_countries=("JP",), reference_size_bands=("1m_plus",))
    )
    assert not {"speaks_language", "reference_in_country", "reference_similar_size"} & set(japanese.reasons)


def test_cooperation_need_without_measure_type_matches_on_field() -> None:
    need = Need("cooperation_need", 5, 10, "transport", None, "JP", support="training")
    assert assess(need, offer(1, fields=("transport",), measure_types=("x",))).reasons[0] == "same_field"
    assert not assess(need, offer(2)).fits


def test_order_measure_type_then_field_then_references_then_updated_then_id() -> None:
    typed = offer(1, fields=(), measure_types=("led_street_lighting",), updated_at=T0)
    field_many = offer(2, reference_count=5)
    field_new = offer(3, updated_at=T0 + dt.timedelta(days=1))
    field_old_low = offer(4)
    field_old_high = offer(5)
    out = offer(6, countries=("JP",))
    ranked = fitting(LED, [field_old_high, out, field_new, field_many, field_old_low, typed])
    assert [f.offer_id for f in ranked] == [1, 2, 3, 4, 5]
    assert [f.offer_id for f in fitting(LED, [typed, field_many], limit=1)] == [1]


def test_payment_is_not_an_input() -> None:
    names = {f.name for f in dataclasses.fields(OfferFacts)} | {f.name for f in dataclasses.fields(Need)}
    assert not {n for n in names if "pay" in n or "sponsor" in n or "premium" in n}
    for function in (offer_match.assess, offer_match.order_key, offer_match.fitting):
        assert set(inspect.signature(function).parameters) <= {"need", "offer", "offers", "limit"}


OFFERS = st.builds(
    offer,
    st.integers(1, 10_000),
    fields=st.lists(st.sampled_from(["buildings_municipal", "transport", "waste"]), max_size=2).map(tuple),
    measure_types=st.lists(st.sampled_from(["led_street_lighting", "bus_fleet"]), max_size=2).map(tuple),
    countries=st.lists(st.sampled_from(["DE", "JP", "FR"]), max_size=2).map(tuple),
    reference_count=st.integers(0, 4),
    updated_at=st.integers(0, 5).map(lambda d: T0 + dt.timedelta(days=d)),
)


@given(st.lists(OFFERS, max_size=12, unique_by=lambda o: o.id), st.randoms())
def test_order_is_total_and_independent_of_input_order(offers: list[OfferFacts], rnd: object) -> None:
    shuffled = list(offers)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first = [f.offer_id for f in fitting(LED, offers)]
    assert first == [f.offer_id for f in fitting(LED, shuffled)]
    keys = [order_key(LED, o) for o in offers]
    assert len(set(keys)) == len(keys)  # distinct ids: no two offers tie
    assert first == [o.id for o in sorted(offers, key=lambda o: order_key(LED, o)) if assess(LED, o).fits]


@given(st.lists(OFFERS, max_size=12, unique_by=lambda o: o.id))
def test_offers_listing_neither_field_nor_type_never_fit(offers: list[OfferFacts]) -> None:
    for o in offers:
        listed = LED.field in o.fields or LED.measure_type in o.measure_types
        assert assess(LED, o).fits == (listed and (not o.countries or LED.country in o.countries))
