"""What every form post shares: the CSRF check and the redirect after a successful write.

A page route that writes takes its actor as `FormWriter` (or, without an actor, lists `FORM_CSRF`
in its dependencies), so the CSRF check is part of its signature and cannot be forgotten;
tests/web/test_form_csrf.py walks every page POST route and asserts it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.params import Depends as DependsParam
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.figures import clean
from citypact.http.deps import CurrentActor
from citypact.http.session import csrf_matches
from citypact.i18n.labels import N_
from citypact.services.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion
from citypact.storage.db import Database


async def form_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """The form's hidden `csrf_token` must be the session's (also before login: the login form's
    token is made with the pre-login session, so a third-party page cannot log a visitor in)."""
    if not csrf_matches(request, csrf_token):
        raise PermissionDenied(
            "This form is missing its security token or has expired; reload the page and send it again."
        )


async def form_writer(actor: CurrentActor, _: Annotated[None, Depends(form_csrf)]) -> Actor:
    """The actor of a form post whose CSRF token matched; the services decide what they may do."""
    return actor


FORM_CSRF: DependsParam = Depends(form_csrf)
FormWriter = Annotated[Actor, Depends(form_writer)]
# The hidden `version` of the record a form edits (services.versions); absent: no check.
FormVersion = Annotated[int | None, Form(ge=1, le=2_147_483_647)]


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: a reload after a write does not send the form twice."""
    return RedirectResponse(url, status_code=303)


def form_text(value: object) -> str:
    """A value as a form field holds it, so that 12 and '12', None and '' or False and '' compare
    equal when a conflict lists where the saved record differs from what was typed."""
    if value is None or value is False:
        return ""
    if isinstance(value, float) and math.isfinite(value):  # a stored sum, without its float noise
        value = clean(value)
        return str(int(value)) if value.is_integer() else repr(value)
    return "1" if value is True else str(value)


# Problems found at the edge, in words (English message ids, translated where the page is made).
NUMBER = N_("enter a number such as 1250.5")
WHOLE_NUMBER = N_("enter a whole number such as 160000")
YEAR = N_("enter a year as four digits, such as 2030")
DATE = N_("enter a date as year-month-day, such as 2030-12-31")
CHOICE = N_("choose one of the options in the list")
# A number as a form takes it: digits, a point for decimals, commas only between groups of three.
DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+", re.ASCII)
CHANGED_MEANWHILE = N_(
    "Someone else saved this while you were editing it. Your entries are kept below; "
    "save again to replace the saved values with them."
)


@dataclass
class PageForm:
    """One form of a page: its fields' labels, the values as typed and the problems found.

    A route parses the typed strings through it (`number`, `year`, `date`, `choice`), hands the
    results to a service, and when the form or the service refuses them renders the same page
    with the form: templates/_form.html shows the error summary, the message at each field and the
    values as typed. Labels and messages are English message ids, translated in the template, so
    a page states only its fields.
    """

    prefix: str  # the form's element ids start with it: two forms on one page never share one
    labels: Mapping[str, str]
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def field_id(self, name: str) -> str:
        return f"{self.prefix}-{name.replace('_', '-')}"

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def text(self, name: str) -> str:
        return self.values.get(name, "").strip()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def status_code(self) -> int:
        """The page's status: 409 after a conflicting save, 422 with problems, else 200."""
        return 409 if "version" in self.errors else 422 if self.errors else 200

    def problem(self, name: str, message: str) -> None:
        """Note a problem at a field (the first one found at a field is the one said)."""
        self.errors.setdefault(name, message)

    def refuse(self, error: InvalidInput) -> None:
        """A service's refusal, shown at its field; its message is translated where one is known."""
        self.problem(error.field, error.message)

    def refuse_write(self, error: InvalidInput | Conflict) -> None:
        """A refused write: invalid input at its field, a stale version as "changed meanwhile"
        (the page answers 409 and keeps what was typed), any other conflict in the summary."""
        if isinstance(error, InvalidInput):
            self.refuse(error)
        elif isinstance(error, StaleVersion):
            self.problem("version", CHANGED_MEANWHILE)
        else:
            self.problem("conflict", str(error))

    def number(self, name: str) -> float | None:
        """A finite number; a comma only as a thousands separator (1,250.5), so that a decimal
        comma (1.250,5 or 12,5) is refused rather than read as another number."""
        text = self.text(name)
        if not text:
            return None
        if not DECIMAL.fullmatch(text):
            self.problem(name, NUMBER)
            return None
        return float(text.replace(",", ""))

    def whole_number(self, name: str) -> int | None:
        text = self.text(name)
        if not text:
            return None
        if not DECIMAL.fullmatch(text) or "." in text:
            self.problem(name, WHOLE_NUMBER)
            return None
        return int(text.replace(",", ""))

    def year(self, name: str, required: bool = True) -> int | None:
        text = self.text(name)
        if not text and not required:
            return None
        if not (len(text) == 4 and text.isascii() and text.isdigit()):
            self.problem(name, YEAR)
            return None
        return int(text)

    def date(self, name: str) -> str | None:
        """An ISO date, or None when the field is empty."""
        text = self.text(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            self.problem(name, DATE)
            return None

    def choice(self, name: str, allowed: Collection[str]) -> str:
        """One of `allowed` ('' when empty; the service decides whether a choice is required)."""
        text = self.text(name)
        if text and text not in allowed:
            self.problem(name, CHOICE)
            return ""
        return text


def write_or_show(
    form: PageForm,
    db: Database,
    write: Callable[[Session], str],
    page: Callable[[Session], Response],
    refuse: Callable[[PageForm, InvalidInput | Conflict], None] = PageForm.refuse_write,
) -> Response:
    """Post/redirect/get for a form: when the form holds no problem, run `write` (which returns the
    URL to go to, see done_url) in one transaction; when the form or the service refuses, show
    `page` again with the problems at their fields (`refuse` puts them there) and nothing written."""
    if form.ok:
        try:
            with db.write() as session:
                url = write(session)
            return see_other(url)
        except (InvalidInput, Conflict) as error:
            refuse(form, error)
    with db.read() as session:
        return page(session)


def typed(**values: object) -> dict[str, str]:
    """Form values as typed, from a route's string parameters (or a stored record's fields)."""
    return {name: form_text(value) for name, value in values.items()}


def done_url(url: str, done: str) -> str:
    """`url` of a page that says what was done (`done` is a code of i18n.notices)."""
    path, _, fragment = url.partition("#")
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{urlencode({'done': done})}" + (f"#{fragment}" if fragment else "")


def see_other_done(url: str, done: str) -> RedirectResponse:
    """Post/redirect/get to a page that says what was done (`done` is a code of i18n.notices)."""
    return see_other(done_url(url, done))
