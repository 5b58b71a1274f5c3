"""Importing a file into an inventory from its page: the template to start from, and a result page
that says what was added or, for a file with problems, which rows were refused and why (nothing is
written then: services.inventory.import_review)."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import DB, PathId, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.services.inventory import import_review
from citypact.web.forms import FormWriter
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
TemplateYear = Annotated[int | None, Query(ge=1900, le=2100)]


@router.get("/inventories/template.{kind}", response_model=None)
def template(kind: Annotated[Literal["csv", "xlsx"], Path()], year: TemplateYear = None) -> Response:
    """The activity template: public, it holds no one's data. With `year` its example row is of
    that year (the inventory's, when linked from an inventory page)."""
    return Response(
        import_review.activity_template(kind, year),
        media_type=import_review.TEMPLATE_MEDIA_TYPES[kind],
        headers=attachment(import_review.template_name(kind, year)),
    )


@router.post("/inventories/{inventory_id}/import", response_model=None)
def import_file(
    request: Request,
    inventory_id: PathId,
    db: DB,
    actor: FormWriter,
    file: Annotated[UploadFile, File()],
    replace: Annotated[str, Form(max_length=5)] = "",
    # The second tick of "Replace all rows": the number of rows the person saw would be deleted.
    confirm_replace: Annotated[int | None, Form(ge=0, le=10_000_000)] = None,
) -> HTMLResponse:
    outcome = import_review.import_reviewed(
        db,
        actor,
        inventory_id,
        file.file,
        file.filename or "upload.csv",
        replace=bool(replace),
        confirmed_rows=confirm_replace,
    )
    # The refused rows as a link of their own (a data: URL): nothing of the file stays on the server.
    refused_href = (
        "data:text/csv;charset=utf-8;base64," + base64.b64encode(outcome.refused_csv.encode()).decode()
        if outcome.refused_csv
        else None
    )
    return render(
        request,
        "import_result.html",
        status_code=200 if outcome.written else 422,
        actor=actor,
        outcome=outcome,
        refused_href=refused_href,
    )
