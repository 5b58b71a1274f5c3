"""Which passwords are refused, after NIST SP 800-63B 5.1.1.2: a length of 10 to 256 characters, and
none that attackers try first: the 10,000 most common passwords (also with digits or symbols
appended), runs like "abcdefghij" or "9876543210", repeated short pieces like "1212121212",
keyboard rows, and the person's own email or name. No rules about character classes."""

from __future__ import annotations

import re
from functools import cache

from citypact.reference.paths import BUNDLE_DIR

MIN_LENGTH = 10
MAX_LENGTH = 256
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop", "yxcvbnm")


def N_(text: str) -> str:
    """Mark a message for the catalogs; pages show it translated (the API in English)."""
    return text


TOO_SHORT = N_("use at least 10 characters; a few unrelated words make a good password.")
TOO_LONG = N_("use at most 256 characters.")
ONLY_SPACES = N_("a password of spaces only is refused; use a few unrelated words.")
COMMON = N_("this password is among the most common ones or follows an easy pattern; choose another.")
PERSONAL = N_("do not use your email address or name in the password.")
WRONG_CURRENT = N_("this is not your current password; type it again.")
UNCHANGED = N_("this is your current password; choose a new one.")
_TAIL = re.compile(r"[\d\W_]+$")
_HEAD = re.compile(r"^[\d\W_]+")


@cache
def common_passwords() -> frozenset[str]:
    lines = (BUNDLE_DIR / "common_passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _is_run(text: str) -> bool:
    """Consecutive characters going up or down by one: "abcdef", "654321"."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return len(steps) == 1 and steps <= {1, -1}


def _is_repeated(text: str) -> bool:
    """A piece of at most 4 characters written again and again: "aaaaaaaaaa", "abcabcabca"."""
    return any(text == (text[:n] * (len(text) // n + 1))[: len(text)] for n in range(1, 5))


def _is_keyboard_walk(text: str) -> bool:
    return any(text in row * 3 or text in row[::-1] * 3 for row in _KEYBOARD_ROWS)


def _guessable(text: str) -> bool:
    return text in common_passwords() or _is_run(text) or _is_repeated(text) or _is_keyboard_walk(text)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why this password is refused (to follow the field name in a message), or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    if not password.strip():
        return ONLY_SPACES
    text = password.strip().lower()
    # The word part as well: "password12", "dragon2024!" and "!!monkey" are as weak as the word.
    parts = {text, _TAIL.sub("", text), _HEAD.sub("", _TAIL.sub("", text))}
    if any(len(part) >= 3 and _guessable(part) for part in parts) or _is_repeated(text):
        return COMMON
    squeezed = re.sub(r"[\W_]+", "", text)
    local = email.strip().lower().partition("@")[0]
    own = [w for w in (local, re.sub(r"[\W_]+", "", local), name.strip().lower()) if len(w) >= 4]
    own += [w for w in re.split(r"[\W_]+", name.lower()) if len(w) >= 4]
    if any(word in text or word in squeezed for word in own):
        return PERSONAL
    return None
