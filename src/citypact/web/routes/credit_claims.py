"""A city's credits as pages: its account, projects and retirements, the credits it retired
toward its own target beside (never subtracted from) its gross GPC totals with the optional net
figure the city's editors switch on; the Article 6 report and the registry's open data."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.i18n.credit_labels import CREDIT_LABELS
from citypact.services.credits import article6, claims, open_data
from citypact.web.forms import FormWriter, see_other_done
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Year = Annotated[int, Path(ge=1990, le=2100)]


@router.get("/cities/{city_id}/credits", response_class=HTMLResponse)
def city_credits(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """Public for a published city; the account link only for who may read the account."""
    seen = claims.city_credits(session, actor, city_id)
    return render(request, "credit_city.html", c=seen, labels=CREDIT_LABELS)


@router.post("/cities/{city_id}/credits/net-display", response_model=None)
def set_net_display(
    city_id: PathId, db: DB, actor: FormWriter, enabled: Annotated[str, Form(max_length=1)] = ""
) -> Response:
    with db.write() as session:
        claims.set_net_display(session, actor, city_id, enabled == "1")
    return see_other_done(f"/cities/{city_id}/credits#figures", "net_display_saved")


@router.get("/credits/reports/article6/{year}.csv", response_class=Response)
def article6_csv(year: Year, session: ReadDB, actor: CurrentActor) -> Response:
    """Registry officers and admins (columns: services.credits.article6.ARTICLE6_COLUMNS)."""
    rows = article6.article6_report(session, actor, year)
    return Response(
        article6.article6_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers=attachment(f"article6-{year}.csv"),
    )


@router.get("/open-data/credits/{kind}.csv", response_class=Response)
def open_data_csv(
    kind: Annotated[Literal["projects", "issuances", "retirements"], Path()], session: ReadDB
) -> Response:
    """Public registry data: registered projects, issuances per vintage, retirements."""
    return Response(
        open_data.registry_csv(session, kind),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="credits-{kind}.csv"'},
    )


@router.get("/open-data/credits.json", response_class=Response)
def open_data_json(session: ReadDB) -> Response:
    return Response(
        json.dumps(open_data.registry_json(session), ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'inline; filename="credits.json"'},
    )
