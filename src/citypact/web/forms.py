"""What every form post shares: the CSRF check and the redirect after a successful write.

A page route that writes takes its actor as `FormWriter` (or, without an actor, lists `FORM_CSRF`
in its dependencies), so the CSRF check is part of its signature and cannot be forgotten;
tests/web/test_form_csrf.py walks every page POST route and asserts it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.params import Depends as DependsParam
from fastapi.responses import RedirectResponse

from citypact.domain.access import Actor
from citypact.http.deps import CurrentActor
from citypact.http.session import csrf_matches
from citypact.services.errors import PermissionDenied


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
    return "1" if value is True else str(value)


def optional_number(text: str) -> float | int | None:
    """A number typed into a form field ('' is none); letters are left to the service to refuse."""
    text = text.strip().replace(",", "") if text else ""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None
