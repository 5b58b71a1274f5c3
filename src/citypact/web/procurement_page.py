"""The procurement's page as each role sees it, with its forms: shared by the routes of the
procurement itself and of its parts (web/routes/procurements.py, procurement_parts.py)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import from_minor_units
from citypact.i18n.procurement_labels import PROCUREMENT_LABELS
from citypact.services.procurement import dialogue, documents, views
from citypact.web.forms import PageForm, see_other_done, typed
from citypact.web.pages import render
from citypact.web.procurement_forms import (
    DEMAND_LABELS,
    DIALOGUE_FORM_LABELS,
    DOCUMENT_LABELS,
    EDIT_LABELS,
    INVITE_LABELS,
    JOIN_LABELS,
    LOT_LABELS,
    TIMELINE_LABELS,
    moment_text,
)


def _forms(view: views.ProcurementView, refused: PageForm | None) -> dict[str, PageForm]:
    """The page's forms by prefix, each blank or as stored, except the one that came back refused."""
    forms = {
        "edit": PageForm(
            "edit",
            EDIT_LABELS,
            typed(
                title=view.title,
                subject=view.subject,
                cpv=view.cpv,
                bids_due_at=moment_text(view.bids_due_at),
            ),
        ),
        "timeline": PageForm("timeline", TIMELINE_LABELS),
        "invite": PageForm("invite", INVITE_LABELS),
        "join": PageForm("join", JOIN_LABELS),
        "lot": PageForm("lot", LOT_LABELS, typed(number=len(view.lots) + 1)),
        "demand": PageForm("demand", DEMAND_LABELS, typed(delivery_from="", delivery_to="")),
        "dialogue": PageForm("dialogue", DIALOGUE_FORM_LABELS, typed(visibility="participants")),
        "document": PageForm("document", DOCUMENT_LABELS, typed(visibility="participants")),
    }
    if refused is not None:
        forms[refused.prefix] = refused
    return forms


def procurement_page(
    request: Request, session: Session, actor: Actor, procurement_id: int, refused: PageForm | None = None
) -> HTMLResponse:
    """The procurement as the reader may see it; after a refused form, that form as typed (422)."""
    view = views.get_procurement(session, actor, procurement_id)
    entries = dialogue.list_dialogue(session, actor, procurement_id)
    return render(
        request,
        "procurement.html",
        status_code=refused.status_code if refused else 200,
        actor=actor,
        p=view,
        labels=PROCUREMENT_LABELS,
        forms_by_id=_forms(view, refused),
        entries=entries,
        questions=[e for e in entries if e.kind == "question"],
        files=documents.list_documents(session, actor, procurement_id),
        mine=[x for x in view.participants if x.city_id in view.acts_for],
        lots_by_id={lot.id: lot for lot in view.lots},
        major=lambda minor: None if minor is None else from_minor_units(minor, view.currency),
    )


def back(procurement_id: int, done: str, section: str = "") -> Response:
    """Back to the procurement's page (at `section`), saying what was done (a code of i18n.notices)."""
    return see_other_done(f"/procurements/{procurement_id}" + (f"#{section}" if section else ""), done)
