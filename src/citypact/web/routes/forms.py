"""What every form post shares: the CSRF check and the redirect after a successful write."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from citypact.api.session import csrf_matches
from citypact.services.errors import PermissionDenied


def check_csrf(request: Request, token: str) -> None:
    if not csrf_matches(request, token):
        raise PermissionDenied(
            "This form is missing its security token or has expired; reload the page and send it again."
        )


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: a reload after a write does not send the form twice."""
    return RedirectResponse(url, status_code=303)


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
