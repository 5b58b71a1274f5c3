"""What the partnership pages share: cities named in a form field, the partnership page itself
(re-rendered with a refused add form), and the redirect back to one of its sections."""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.text import fold
from citypact.i18n.labels import PARTNERSHIP_LABELS
from citypact.services.cooperation import partnerships
from citypact.services.errors import InvalidInput
from citypact.services.registry import cities
from citypact.web.forms import PageForm, see_other
from citypact.web.pages import render
from citypact.web.partnership_forms import page_forms

LABELS = PARTNERSHIP_LABELS  # the pages of partnerships and events show these

_SEPARATORS = re.compile(r"[,;\n]+")


def city_ids_from(session: Session, field: str, text: str) -> list[int]:
    """Cities named in a form field by id or by name (any spelling we know), comma-separated; a name
    that fits several cities is refused with their ids, so the reader can pick one."""
    found: list[int] = []
    for token in (t.strip() for t in _SEPARATORS.split(text)):
        if not token:
            continue
        if token.isdigit():
            found.append(int(token))
            continue
        page = cities.search_cities(session, q=token, limit=5)
        exact = [c for c in page.items if fold(c.name) == fold(token)]
        choices = exact if exact else page.items
        if len(choices) == 1:
            found.append(choices[0].id)
        elif not choices:
            raise InvalidInput(field, f"no city named {token!r}; check the spelling or give the city's id.")
        else:
            listed = "; ".join(f"{c.name} ({c.country}): {c.id}" for c in choices)
            raise InvalidInput(field, f"{token!r} fits several cities ({listed}); give the id instead.")
    return found


def one_city(session: Session, field: str, text: str) -> int:
    ids = city_ids_from(session, field, text)
    if len(ids) != 1:
        raise InvalidInput(field, "name one city, by its name or id.")
    return ids[0]


def date_text(text: str) -> str | None:
    return text.strip() or None


def partnership_view(
    request: Request, session: Session, actor: Actor, partnership_id: int, refused: PageForm | None = None
) -> HTMLResponse:
    """The partnership page; after a refused add form (an event, a goal, a task) that form keeps
    what was typed (422)."""
    view = partnerships.get_partnership(session, actor, partnership_id)
    forms = page_forms(refused)
    return render(
        request,
        "partnership.html",
        status_code=refused.status_code if refused else 200,
        actor=actor,
        p=view,
        labels=LABELS,
        names={m.city_id: m.name for m in view.members},
        today=partnerships.today_utc().isoformat(),
        forms_by_id=forms,
        new_event=forms["add-event"],
    )


def back(partnership_id: int, section: str = "") -> Response:
    return see_other(f"/partnerships/{partnership_id}" + (f"#{section}" if section else ""))
