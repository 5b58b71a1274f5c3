"""National scopes of action: hand-made profiles, the resolution rule, the shipped file, and the
activity profile's rule that what a city may not decide is not missing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.activity_profile import CityMeasure, field_instrument_profile
from citypact.domain.measures import FIELDS, INSTRUMENTS
from citypact.domain.scopes import ScopeError, scopes_from
from citypact.reference.scopes import shipped_scopes

SOURCES = {"law": {"title": "A law", "url": "https://example.org/law", "publisher": "Parliament"}}


def raw(
    *statements: dict[str, str], country: str = "AA", more: dict[str, Any] | None = None
) -> dict[str, Any]:
    profiles: dict[str, Any] = {country: {"name": "A", "statements": list(statements)}}
    profiles.update(more or {})
    return {"version": 1, "checked": "2026-12-05", "sources": SOURCES, "profiles": profiles}


def st_(field: str, instrument: str, say: str) -> dict[str, str]:
    return {"field": field, "instrument": instrument, "say": say, "source": "law"}


def test_the_most_specific_statement_holds() -> None:
    scopes = scopes_from(
        raw(
            st_("*", "*", "shares"),
            st_("*", "regulatory", "no_say"),
            st_("transport", "*", "decides"),
            st_("transport", "regulatory", "shares"),
        )
    )
    p = scopes.profiles["AA"]
    assert p.cell("transport", "regulatory").say == "shares"  # field and instrument
    assert p.cell("transport", "fiscal").say == "decides"  # field
    assert p.cell("waste", "regulatory").say == "no_say"  # instrument
    assert p.cell("waste", "soft").say == "shares"  # everything
    assert p.no_say() == frozenset((f, "regulatory") for f in FIELDS if f != "transport")


def test_a_cell_without_statement_is_unknown_and_counts_as_can_do() -> None:
    p = scopes_from(raw(st_("industry", "regulatory", "no_say"))).profiles["AA"]
    assert p.cell("waste", "soft").say == "unknown"
    assert p.cell("waste", "soft").statement is None
    assert p.can_do("waste", "soft")
    assert not p.can_do("industry", "regulatory")


def test_can_do_needs_a_local_decision_level() -> None:
    p = scopes_from(raw(st_("*", "*", "decides"))).profiles["AA"]
    assert p.can_do("transport", "regulatory", "municipality")
    assert p.can_do("transport", "regulatory", "region")
    assert not p.can_do("transport", "regulatory", "nation")
    assert not p.can_do("transport", "regulatory", "international")


def test_same_scope_is_an_equal_say_in_every_cell() -> None:
    scopes = scopes_from(
        raw(
            st_("*", "*", "shares"),
            more={
                "BB": {"name": "B", "statements": [st_("*", "*", "shares")]},
                "CC": {"name": "C", "statements": [st_("*", "*", "shares"), st_("waste", "soft", "decides")]},
            },
        )
    )
    assert scopes.same_scope("AA") == {"AA", "BB"}
    assert scopes.same_scope("cc") == {"CC"}
    assert scopes.same_scope("ZZ") == frozenset()


@pytest.mark.parametrize(
    ("statement", "where"),
    [
        (st_("roads", "*", "decides"), "statements[0].field"),
        (st_("*", "taxes", "decides"), "statements[0].instrument"),
        (st_("*", "*", "maybe"), "statements[0].say"),
        ({"field": "*", "instrument": "*", "say": "decides", "source": "blog"}, "statements[0].source"),
    ],
)
def test_a_bad_statement_names_its_place(statement: dict[str, str], where: str) -> None:
    with pytest.raises(ScopeError) as error:
        scopes_from(raw(statement))
    assert error.value.where.endswith(where)


def test_two_statements_for_one_cell_are_refused() -> None:
    with pytest.raises(ScopeError, match="a second statement"):
        scopes_from(raw(st_("waste", "*", "decides"), st_("waste", "*", "shares")))


def test_a_source_needs_a_web_address() -> None:
    bad = raw(st_("*", "*", "decides"))
    bad["sources"] = {"law": {"title": "A law", "url": "ftp://x", "publisher": "P"}}
    with pytest.raises(ScopeError, match="http or https"):
        scopes_from(bad)


def test_the_shipped_profiles_cover_de_jp_us_with_sources() -> None:
    scopes = shipped_scopes()
    assert {"DE", "JP", "US"} <= set(scopes.profiles)
    for profile in scopes.profiles.values():
        for s in profile.statements:
            assert scopes.sources[s.source].url.startswith(("https://", "http://"))
    de = scopes.profiles["DE"]
    assert de.cell("industry", "regulatory").say == "no_say"
    assert de.cell("urban_planning", "regulatory").say == "decides"
    assert de.cell("buildings_residential", "regulatory").say == "shares"
    assert scopes.profiles["US"].cell("buildings_residential", "regulatory").say == "shares"


# The activity profile: what the city may not decide is not missing.


def m(field: str, instrument: str, stage: str) -> CityMeasure:
    return CityMeasure(None, field, instrument, stage)


def test_a_cell_without_say_is_no_weakness() -> None:
    measures = [m("industry", "soft", "implemented")]
    plain = field_instrument_profile(measures)
    scoped = field_instrument_profile(measures, frozenset({("industry", "regulatory")}))
    assert ("industry", "regulatory") in plain.weaknesses
    assert ("industry", "regulatory") not in scoped.weaknesses
    assert scoped.out_of_scope == {("industry", "regulatory")}
    assert len(scoped.weaknesses) == len(plain.weaknesses) - 1


def test_a_field_with_one_cell_it_may_decide_scores_its_best_cell() -> None:
    # industry: soft implemented (4); the others empty. Plainly the two best are 4 and 0: 2.
    # With regulatory, fiscal and own operations out of scope, the one cell left is soft: 4.
    measures = [m("industry", "soft", "implemented")]
    out = frozenset({("industry", "regulatory"), ("industry", "fiscal"), ("industry", "own_operations")})
    assert field_instrument_profile(measures).fields["industry"] == 2
    assert field_instrument_profile(measures, out).fields["industry"] == 4
    # Two cells it may decide: the two best cells count, whichever they are. Regulatory (out of
    # scope, adopted 2) and soft 4: (4 + 2) / 2 = 3, as without the scope.
    measures2 = [*measures, m("industry", "regulatory", "adopted")]
    out2 = frozenset({("industry", "regulatory"), ("industry", "own_operations")})
    assert field_instrument_profile(measures2, out2).fields["industry"] == 3
    assert field_instrument_profile(measures2).fields["industry"] == 3


def test_a_field_with_no_say_at_all_is_never_weak() -> None:
    out = frozenset(("industry", i) for i in INSTRUMENTS)
    plain = field_instrument_profile([])
    scoped = field_instrument_profile([], out)
    assert "industry" in plain.weak_fields
    assert "industry" not in scoped.weak_fields
    assert scoped.fields["industry"] == 0
    assert not any(f == "industry" for f, _ in scoped.weaknesses)


def test_an_unknown_cell_in_no_say_is_refused() -> None:
    with pytest.raises(ValueError, match="field"):
        field_instrument_profile([], frozenset({("roads", "soft")}))


cells = st.sampled_from([(f, i) for f in FIELDS for i in INSTRUMENTS])
stages = st.sampled_from(["idea", "planned", "adopted", "in_implementation", "implemented", "evaluated"])


@given(
    st.lists(st.tuples(cells, stages), max_size=12),
    st.frozensets(cells, max_size=20),
    st.tuples(cells, stages),
)
def test_out_of_scope_never_adds_a_weakness_and_a_measure_never_lowers(
    listed: list[tuple[tuple[str, str], str]],
    out: frozenset[tuple[str, str]],
    extra: tuple[tuple[str, str], str],
) -> None:
    measures = [m(f, i, s) for (f, i), s in listed]
    plain = field_instrument_profile(measures)
    scoped = field_instrument_profile(measures, out)
    assert set(scoped.weaknesses) == set(plain.weaknesses) - out
    assert set(scoped.weak_fields) <= set(plain.weak_fields)
    assert all(scoped.fields[k] >= plain.fields[k] for k in FIELDS)
    (f, i), s = extra
    more = field_instrument_profile([*measures, m(f, i, s)], out)
    assert all(more.fields[k] >= scoped.fields[k] for k in FIELDS)


says = st.sampled_from(["decides", "shares", "no_say"])


@given(st.lists(st.tuples(cells, says), max_size=10, unique_by=lambda t: t[0]), cells, says)
def test_a_statement_for_one_cell_changes_that_cell_only(
    listed: list[tuple[tuple[str, str], str]], cell: tuple[str, str], say: str
) -> None:
    base = [st_(f, i, s) for (f, i), s in listed if (f, i) != cell]
    before = scopes_from(raw(st_("*", "*", "shares"), *base)).profiles["AA"]
    after = scopes_from(raw(st_("*", "*", "shares"), *base, st_(*cell, say))).profiles["AA"]
    changed = {(a.field, a.instrument) for a, b in zip(before.cells(), after.cells(), strict=True) if a != b}
    assert changed <= {cell}
    assert after.cell(*cell).say == say
