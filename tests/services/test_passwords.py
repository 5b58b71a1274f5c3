"""Password rules after NIST SP 800-63B: the passwords from the issue and their kin are refused,
long unusual passphrases pass, and every refusal names the field and why."""

from __future__ import annotations

import pytest

from citypact.services.auth import accounts
from citypact.services.auth.passwords import (
    COMMON,
    MAX_LENGTH,
    MIN_LENGTH,
    ONLY_SPACES,
    PERSONAL,
    TOO_LONG,
    TOO_SHORT,
    common_passwords,
    password_problem,
)
from citypact.services.errors import InvalidInput
from tests.conftest import OPERATOR, World


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("1234567890", COMMON),  # the three
        ("password12", COMMON),
        (" " * 10, ONLY_SPACES),
        ("\t \n" * 4, ONLY_SPACES),
        ("short", TOO_SHORT),
        ("x" * (MAX_LENGTH + 1), TOO_LONG),
        ("qwertyuiop", COMMON),  # keyboard row
        ("poiuytrewq", COMMON),  # backwards
        ("asdfghjklasdf", COMMON),  # wrapping walk
        ("abcdefghijkl", COMMON),  # run
        ("9876543210", COMMON),
        ("aaaaaaaaaaaa", COMMON),  # repeats
        ("1212121212", COMMON),
        ("abcabcabcabc", COMMON),
        ("Password2024!", COMMON),  # a common word with digits and symbols
        ("!!2024dragon!!", COMMON),
        ("iloveyou123456", COMMON),
        ("Manchester", COMMON),  # in the list, case does not matter
    ],
)
def test_weak_passwords_are_refused(password: str, problem: str) -> None:
    assert password_problem(password) == problem


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "Kyoto-tram-lanterns",
        "0123456789ab",
        "Bahnstadt passive houses",
        "ä" * 5 + "ß" * 5 + "€",
    ],
)
def test_unusual_passwords_pass(password: str) -> None:
    assert password_problem(password) is None


def test_own_email_and_name_are_refused() -> None:
    assert password_problem("akiko.tanaka-1990", email="akiko.tanaka@kyoto.example") == PERSONAL
    assert password_problem("my name is Yamamoto!", email="a@b.example", name="Akiko Yamamoto") == PERSONAL
    assert password_problem("my name is Yamamoto!", email="a@b.example", name="Someone Else") is None


def test_the_list_is_shipped_and_messages_say_the_limits() -> None:
    words = common_passwords()
    assert len(words) == 10_000 and {"123456", "password", "1234567890"} <= words
    assert str(MIN_LENGTH) in TOO_SHORT and str(MAX_LENGTH) in TOO_LONG


def test_create_user_names_the_field(world: World) -> None:
    for weak in ("1234567890", "password12", " " * 10):
        with world.db.write() as session, pytest.raises(InvalidInput) as refused:
            accounts.create_user(session, OPERATOR, "new@test.example", "New Person", weak)
        assert refused.value.field == "password"
    with world.db.read() as session, pytest.raises(Exception, match="No user"):
        accounts.user_id_by_email(session, "new@test.example")
