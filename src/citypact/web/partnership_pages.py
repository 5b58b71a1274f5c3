"""What the partnership pages share: the partnership page itself (re-rendered with a refused add
form), the redirect back to one of its sections, and an optional date as typed."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.i18n.labels import PARTNERSHIP_LABELS
from citypact.services.cooperation import partnerships
from citypact.web.forms import PageForm, see_other
from citypact.web.pages import render
from citypact.web.partnership_forms import page_forms

LABELS = PARTNERSHIP_LABELS  # the pages of partnerships and events show these


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
