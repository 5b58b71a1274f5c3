"""Inventory pages: a city's inventories over the years, and one inventory's editor, charts and exports."""

from __future__ import annotations

from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity import NOTATION_KEYS
from citypact.domain.gpc import GPC_REFS, SECTOR_NAMES, SUBSECTOR_NAMES
from citypact.domain.inventory import sector_totals
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.labels import N_
from citypact.reports import charts
from citypact.services.credits import claims
from citypact.services.errors import Incomplete, InvalidInput
from citypact.services.inventory import import_review, inventories
from citypact.services.paging import MAX_PAGE_SIZE
from citypact.services.registry import cities
from citypact.web.activity_form import ACTIVITY_LABELS, FUELS, UNITS, parse_activity
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
ROWS_PER_PAGE = 100
INVENTORY_LABELS = {"year": N_("Year"), "gwp": N_("GWP set"), "standard": N_("Standard")}


def _quality(rows: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows per sector by data quality of the activity data and of the factor."""
    if rows.is_empty():
        return []
    counted = rows.with_columns(pl.col("gpc_ref").str.extract(r"^([IV]+)").alias("sector"))
    out = []
    for sector, group in counted.group_by("sector", maintain_order=True):
        out.append(
            {
                "sector": SECTOR_NAMES[str(sector[0])],
                "activity": {q: int((group["data_quality"] == q).sum()) for q in ("H", "M", "L")},
                "activity_missing": int(group["data_quality"].is_null().sum()),
                "factor": {q: int((group["ef_data_quality"] == q).sum()) for q in ("H", "M", "L")},
                "notation_keys": int(group["notation_key"].is_not_null().sum()),
            }
        )
    return out


@router.get("/cities/{city_id}/inventories", response_class=HTMLResponse)
def city_inventories(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return inventories_view(request, session, actor, city_id)


def inventories_view(
    request: Request, session: Session, actor: Actor, city_id: int, form: PageForm | None = None
) -> HTMLResponse:
    """A city's inventories; with the new-inventory form as typed and refused (422) when given."""
    city = cities.get_profile(session, actor, city_id)
    listed = inventories.list_inventories(session, actor, city_id)
    trend = inventories.year_over_year(session, actor, city_id)
    _ = translations(locale_of(request)).gettext
    chart = None
    if not trend.is_empty():
        parts = [
            {"year": row["year"], "part": _(SECTOR_NAMES[c.removeprefix("sector_")]), "value": row[c]}
            for row in trend.to_dicts()
            for c in trend.columns
            if c.startswith("sector_") and row[c]
        ]
        chart = charts.stacked_years(parts, _("t CO2e"), _("Sector")) if parts else None
    return render(
        request,
        "inventories.html",
        status_code=form.status_code if form else 200,
        actor=actor,
        city=city,
        inventories=listed,
        trend=trend.to_dicts(),
        chart=chart,
        credit_years=[y for y in claims.gross_and_net(session, actor, city_id) if y.own_target_credits],
        credit_net=claims.shows_net(session, city_id),
        form=form or PageForm("inventory", INVENTORY_LABELS, typed(gwp="AR5", standard="BASIC")),
    )


@router.post("/cities/{city_id}/inventories", response_model=None)
def create_inventory(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    year: Annotated[str, Form(max_length=4)] = "",
    gwp: Annotated[str, Form(max_length=10)] = "AR5",
    standard: Annotated[str, Form(max_length=6)] = "BASIC",
) -> Response:
    form = PageForm("inventory", INVENTORY_LABELS, typed(year=year, gwp=gwp, standard=standard))
    number = form.year("year")
    if number is not None:
        try:
            with db.write() as session:
                inventory_id = inventories.create_inventory(
                    session, actor, city_id, year=number, gwp=gwp, standard=standard
                ).id
            return see_other_done(f"/inventories/{inventory_id}", "inventory_created")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return inventories_view(request, session, actor, city_id, form)


@router.get("/inventories/{inventory_id}", response_class=HTMLResponse)
def inventory_page(
    request: Request,
    inventory_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    subsector: Annotated[str, Query(max_length=6)] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = ROWS_PER_PAGE,
) -> HTMLResponse:
    return inventory_view(request, session, actor, inventory_id, subsector, page, size)


def inventory_view(
    request: Request,
    session: Session,
    actor: Actor,
    inventory_id: int,
    subsector: str = "",
    page: int = 1,
    size: int = ROWS_PER_PAGE,
    activity_form: PageForm | None = None,
) -> HTMLResponse:
    """The inventory page (one page of its rows); with the add-activity form as typed and refused
    (422) when given."""
    detail = inventories.get_inventory(session, actor, inventory_id)
    _ = translations(locale_of(request)).gettext
    current = next((r for r in detail.results if r.is_current), None)
    sector_chart = scope_chart = None
    if current:
        sectors = {_(SECTOR_NAMES[k]): v for k, v in sector_totals(current.by_ref).items() if v}
        sector_chart = charts.bar_chart(sectors, _("t CO2e"), _("Sector")) if sectors else None
        scopes = {_("Scope %(n)s") % {"n": n}: current.totals[f"scope{n}"] for n in (1, 2, 3)}
        scope_chart = charts.bar_chart(scopes, _("t CO2e"), _("Scope"))
    chosen = subsector if subsector in SUBSECTOR_NAMES else ""
    rows = detail.rows
    shown = inventories.row_page(detail, chosen, page, size)
    subsector_totals = (
        {
            key: sum((current.by_ref.get(ref) or 0.0) for ref in GPC_REFS if ref.startswith(key + "."))
            for key in SUBSECTOR_NAMES
        }
        if current
        else {}
    )
    # Rows with CO2e and no gas (national grid factors, reported totals): said, not hidden in CO2.
    gases = pl.any_horizontal(pl.col(c).is_not_null() for c in ("CO2_t", "CH4_t", "N2O_t"))
    not_by_gas = float(rows.filter(~gases)["co2e_t"].fill_null(0.0).sum()) if rows.height else 0.0
    return render(
        request,
        "inventory.html",
        actor=actor,
        detail=detail,
        not_by_gas=not_by_gas,
        inv=detail.summary,
        current=current,
        rows=shown.items,
        pager=shown,
        sector_chart=sector_chart,
        scope_chart=scope_chart,
        quality=_quality(rows),
        subsector=chosen,
        subsectors=SUBSECTOR_NAMES,
        subsector_totals=subsector_totals,
        refs=[r for r in GPC_REFS.values() if not chosen or r.subsector == chosen],
        sector_names=SECTOR_NAMES,
        units=UNITS,
        fuels=FUELS,
        notation_keys=NOTATION_KEYS,
        replace_counts=import_review.replace_counts(session, actor, inventory_id)
        if detail.can_edit
        else None,
        status_code=activity_form.status_code if activity_form else 200,
        activity_form=activity_form or PageForm("activity", ACTIVITY_LABELS),
    )


@router.post("/inventories/{inventory_id}/status", response_model=None)
def set_status(
    request: Request,
    inventory_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Annotated[str, Form(max_length=12)] = "",
    version: FormVersion = None,
) -> Response:
    try:
        with db.write() as session:
            inventories.set_status(session, actor, inventory_id, status, expected_version=version)
    except Incomplete:
        # Not an error page: the inventory page lists what is missing (its completeness check).
        return see_other(f"/inventories/{inventory_id}?not_submitted=1#completeness")
    return see_other(f"/inventories/{inventory_id}")


@router.post("/inventories/{inventory_id}/warnings/{warning_key}/acknowledge", response_model=None)
def acknowledge_warning(
    request: Request,
    inventory_id: PathId,
    warning_key: Annotated[str, Path(min_length=1, max_length=64, pattern="^[0-9a-f]+$")],
    db: DB,
    actor: FormWriter,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    with db.write() as session:
        inventories.acknowledge_warning(session, actor, inventory_id, warning_key, reason)
    return see_other(f"/inventories/{inventory_id}#checks")


@router.post("/inventories/{inventory_id}/recalculate", response_model=None)
def recalculate(
    request: Request,
    inventory_id: PathId,
    db: DB,
    actor: FormWriter,
    gwp: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    inventories.recompute(db, actor, inventory_id, gwp=gwp or None)
    return see_other(f"/inventories/{inventory_id}#results")


@router.post("/inventories/{inventory_id}/activities", response_model=None)
def add_activity(
    request: Request,
    inventory_id: PathId,
    db: DB,
    actor: FormWriter,
    gpc_ref: Annotated[str, Form(max_length=10)] = "",
    fuel: Annotated[str, Form(max_length=100)] = "",
    amount: Annotated[str, Form(max_length=30)] = "",
    unit: Annotated[str, Form(max_length=30)] = "",
    notation_key: Annotated[str, Form(max_length=2)] = "",
    explanation: Annotated[str, Form(max_length=2000)] = "",
    source: Annotated[str, Form(max_length=300)] = "",
    data_quality: Annotated[str, Form(max_length=1)] = "",
    ef_co2: Annotated[str, Form(max_length=30)] = "",
    ef_unit: Annotated[str, Form(max_length=30)] = "",
    ef_source: Annotated[str, Form(max_length=300)] = "",
    ef_basis: Annotated[str, Form(max_length=8)] = "",
    subsector: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    form, fields = parse_activity(
        gpc_ref, fuel, amount, unit, notation_key, explanation, source, data_quality, ef_co2, ef_unit,
        ef_source, ef_basis,
    )  # fmt: skip
    chosen = subsector if subsector in SUBSECTOR_NAMES else ""
    if form.ok:
        try:
            inventories.record_activity(db, actor, inventory_id, fields)
            anchor = f"?subsector={chosen}" if chosen else ""
            return see_other_done(f"/inventories/{inventory_id}{anchor}#rows", "row_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return inventory_view(request, session, actor, inventory_id, chosen, activity_form=form)
