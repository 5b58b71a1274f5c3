"""The progress page of a deal: each commitment's KPI line, reports and milestones, with the forms
that report a KPI value (the party's own people; the city's editors for the city's commitments) and
mark a milestone done (posted to the deal's own milestone route, routes/deal_commitments.py). A
report refused comes back with what was typed and the problem at its field."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.deal_progress_labels import PROGRESS_STATUS_LABELS
from citypact.i18n.green_deal_labels import GREEN_DEAL_LABELS
from citypact.i18n.labels import N_
from citypact.services.deals import progress
from citypact.services.errors import InvalidInput
from citypact.web.forms import FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)

LABELS: Final = {
    "as_of": N_("Value reached on"),
    "value": N_("Value"),
    "note": N_("Note (source; what a correction corrects)"),
    "done_on": N_("Done on"),
}
Short = Annotated[str, Form(max_length=40)]


def _page(
    request: Request,
    session: ReadDB,
    actor: Actor,
    deal_id: int,
    form: PageForm | None = None,
    form_for: int | None = None,
) -> HTMLResponse:
    """The page; `form` (refused, with `form_for` its commitment's id) replaces that one blank
    report form."""
    found = progress.get_progress(session, actor, deal_id)
    today = dt.date.today().isoformat()
    reports = {c.id: PageForm(f"report-{c.id}", LABELS, {"as_of": today}) for c in found.commitments}
    stones = {
        m.id: PageForm(f"milestone-{m.id}", LABELS, {"done_on": today})
        for c in found.commitments
        for m in c.milestones
    }
    if form is not None and form_for is not None:
        reports[form_for] = form
    return render(
        request,
        "deal_progress.html",
        status_code=form.status_code if form else 200,
        deal=found,
        report_forms=reports,
        milestone_forms=stones,
        status_labels=PROGRESS_STATUS_LABELS,
        deal_labels=GREEN_DEAL_LABELS,
    )


@router.get("/deals/{deal_id}/progress", response_class=HTMLResponse)
def progress_page(request: Request, deal_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _page(request, session, actor, deal_id)


@router.post("/deals/{deal_id}/progress/{commitment_id}", response_model=None)
def report(
    request: Request,
    deal_id: PathId,
    commitment_id: PathId,
    db: DB,
    session: ReadDB,
    actor: FormWriter,
    as_of: Short = "",
    value: Short = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    form = PageForm(f"report-{commitment_id}", LABELS, typed(as_of=as_of, value=value, note=note))
    day, number = form.date("as_of"), form.number("value")
    if day is None:
        form.problem("as_of", N_("enter a date as year-month-day, such as 2030-12-31"))
    if number is None:
        form.problem("value", N_("enter a number such as 1250.5"))
    if form.ok and day is not None and number is not None:
        try:
            with db.write() as write:
                progress.report_value(
                    write, actor, deal_id, commitment_id, as_of=dt.date.fromisoformat(day), value=number,
                    note=form.text("note"),
                )  # fmt: skip
            return see_other_done(
                f"/deals/{deal_id}/progress#commitment-{commitment_id}", "progress_reported"
            )
        except InvalidInput as error:
            form.refuse(error)
    return _page(request, session, actor, deal_id, form, commitment_id)
