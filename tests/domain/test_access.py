"""The rules of who may do what."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.access import ANONYMOUS, Actor, Grant, Role


def test_editor_edits_only_their_city() -> None:
    editor = Actor(user_id=1, grants=frozenset({Grant(Role.CITY_EDITOR, 10)}))
    assert editor.can_edit_city(10)
    assert not editor.can_edit_city(11)


def test_viewer_reads_internals_but_does_not_edit() -> None:
    viewer = Actor(user_id=1, grants=frozenset({Grant(Role.CITY_VIEWER, 10)}))
    assert viewer.can_read_city_internals(10)
    assert not viewer.can_edit_city(10)


def test_secretariat_reads_member_cities_and_runs_its_network() -> None:
    secretariat = Actor(user_id=1, grants=frozenset({Grant(Role.NETWORK_SECRETARIAT, 3)}))
    assert secretariat.runs_network(3) and not secretariat.runs_network(4)
    assert secretariat.can_read_city_internals(10, network_ids=[3])
    assert not secretariat.can_read_city_internals(10, network_ids=[4])
    assert not secretariat.can_edit_city(10)


def test_public_may_do_nothing_internal() -> None:
    assert not ANONYMOUS.is_authenticated
    assert not ANONYMOUS.can_edit_city(1)
    assert not ANONYMOUS.can_read_city_internals(1, [1])
    assert not ANONYMOUS.runs_network(1)


roles = st.sampled_from(list(Role))
grants = st.frozensets(st.builds(Grant, roles, st.integers(1, 20)), max_size=6)


@given(grants, st.integers(1, 20))
def test_only_an_editor_grant_for_that_city_allows_editing(held: frozenset[Grant], city: int) -> None:
    actor = Actor(user_id=7, grants=held)
    assert actor.can_edit_city(city) == (Grant(Role.CITY_EDITOR, city) in held)


@given(grants, st.integers(1, 20))
def test_administrators_may_everything(held: frozenset[Grant], scope: int) -> None:
    admin = Actor(user_id=1, is_admin=True, grants=held)
    assert admin.can_edit_city(scope) and admin.runs_network(scope)
    assert admin.can_read_city_internals(scope)


def test_cities_and_networks_of_an_actor() -> None:
    actor = Actor(
        user_id=1,
        grants=frozenset(
            {
                Grant(Role.CITY_EDITOR, 1),
                Grant(Role.CITY_VIEWER, 2),
                Grant(Role.NETWORK_SECRETARIAT, 5),
                Grant(Role.STAKEHOLDER, 9),
            }
        ),
    )
    assert actor.cities(Role.CITY_EDITOR) == {1}
    assert actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER) == {1, 2}
    assert actor.networks() == {5}


def test_a_stakeholder_speaks_only_for_the_organisations_confirmed() -> None:
    actor = Actor(user_id=5, grants=frozenset({Grant(Role.STAKEHOLDER, 3), Grant(Role.CITY_EDITOR, 4)}))
    assert actor.organisations() == {3}
    assert actor.speaks_for(3) and not actor.speaks_for(4)
    assert Actor(user_id=1, is_admin=True).speaks_for(4)


def test_a_viewer_of_one_city_keeps_nothing_else() -> None:
    """A mentor's staff admitted to read a draft: they read that city's internals and can do nothing
    else, not even what their own grants allowed."""
    mentor = Actor(user_id=7, is_admin=True, grants=frozenset({Grant(Role.CITY_EDITOR, 1)}))
    reader = mentor.as_viewer_of(2)
    assert reader.user_id == 7 and reader.can_read_city_internals(2)
    assert not reader.is_admin and not reader.can_edit_city(2) and not reader.can_edit_city(1)
    assert not reader.can_read_city_internals(1)
