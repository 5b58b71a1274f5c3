"""City pages: search, profile, editing a city's data, its audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.cities import SizeBand
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.reports.plan_gap import gap_sentences
from citypact.reports.wording import Words
from citypact.services import audit
from citypact.services.errors import InvalidInput, NotFound, StaleVersion
from citypact.services.paging import Page
from citypact.services.plans import action_plans
from citypact.services.registry import cities, city_edits, networks
from citypact.services.registry import info as registry_info
from citypact.services.registry import population as city_population
from citypact.web.forms import FormVersion, FormWriter, PageForm, form_text, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute, prefix="/cities")
PAGE = 25
CITY_LABELS = {
    "name": N_("Name"),
    "admin_area": N_("Region"),
    "population": N_("Population"),
    "population_year": N_("Population year"),
    "area_km2": N_("Area (km²)"),
    "unlocode": N_("UN/LOCODE"),
    "website": N_("Website"),
    "description": N_("Description"),
    "is_published": N_("Published"),
}
FIGURE_LABELS = {
    "variable": N_("Figure"),
    "year": N_("Year"),
    "value": N_("Value"),
    "source": N_("Source"),
    "data_quality": N_("Data quality"),
    "note": N_("Note"),
}
# The names of the figures, as templates/variable.html shows them.
FIGURE_NAMES = {
    "population": N_("Population"),
    "area_km2": N_("Area"),
    "gdp_ppp_usd": N_("GDP (PPP)"),
    "hdd": N_("Heating degree days"),
    "cdd": N_("Cooling degree days"),
}


@router.get("", response_class=HTMLResponse)
def search(
    request: Request,
    session: ReadDB,
    q: Annotated[str, Query(max_length=100)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
    network: Annotated[str, Query(max_length=60)] = "",
    size: Annotated[str, Query(max_length=30)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    result = cities.search_cities(
        session,
        q=q,
        country=country or None,
        network=network or None,
        size=size or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    return render(
        request,
        "cities.html",
        result=result,
        q=q,
        country=country,
        network=network,
        size=size,
        pager=Page(result.items, result.total, (page - 1) * PAGE, PAGE),
        populations=city_population.populations(session, [c.id for c in result.items]),
        size_bands=list(SizeBand),
        countries=registry_info.countries(session),
        networks=networks.list_networks(session),
    )


@router.get("/{city_id}", response_class=HTMLResponse)
def profile(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> HTMLResponse:
    return profile_view(request, session, actor, city_id, year)


def profile_view(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    year: int | None = None,
    figure_form: PageForm | None = None,
) -> HTMLResponse:
    """The city's page; with the add-figure form as typed and refused (422) when given."""
    city = cities.get_profile(session, actor, city_id)
    gap = action_plans.plan_gap(session, actor, city_id)
    years = sorted({g.year for g in city.grid_intensity} | {s.year for s in city.statistics})
    chosen = year or (max(years) if years else None)
    return render(
        request,
        "city.html",
        status_code=figure_form.status_code if figure_form else 200,
        actor=actor,
        city=city,
        population=city_population.population(session, city_id),
        year=chosen,
        years=years,
        grid=city.grid_for_year(chosen) if chosen else None,
        degree_days=city.degree_days_for_year(chosen) if chosen else (None, None),
        variables=city_edits.VARIABLES,
        data_quality=city_edits.DATA_QUALITY,
        # Invitations and unconfirmed memberships are for the city's staff only.
        joins=networks.city_networks(session, actor, city_id)
        if networks.is_city_staff(actor, city_id)
        else None,
        gap_words=gap_sentences(gap, Words(locale_of(request))) if gap else [],
        figure_form=figure_form or PageForm("figure", FIGURE_LABELS),
        figure_names=FIGURE_NAMES,
    )


def _edit_page(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    form: PageForm | None = None,
    conflict: StaleVersion | None = None,
) -> HTMLResponse:
    """The form; after a conflict it keeps what was typed, lists where the stored city (as someone
    else saved it meanwhile) differs from it, and carries the new version, so saving again is a
    deliberate overwrite."""
    city = cities.get_profile(session, actor, city_id)
    if form is None:
        form = PageForm("city", CITY_LABELS, typed(**{name: getattr(city, name) for name in CITY_LABELS}))
    differences = [
        (field, getattr(city, field), value)
        for field, value in form.values.items()
        if conflict and form_text(getattr(city, field)) != value
    ]
    return render(
        request,
        "city_edit.html",
        status_code=409 if conflict else form.status_code,
        actor=actor,
        city=city,
        form=form,
        conflict=conflict,
        differences=differences,
    )


@router.get("/{city_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    city_edits.check_can_edit(session, actor, city_id)
    return _edit_page(request, session, actor, city_id)


@router.post("/{city_id}/edit", response_model=None)
def edit(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    name: Annotated[str, Form(max_length=200)] = "",
    admin_area: Annotated[str, Form(max_length=200)] = "",
    description: Annotated[str, Form(max_length=5000)] = "",
    website: Annotated[str, Form(max_length=300)] = "",
    population: Annotated[str, Form(max_length=20)] = "",
    population_year: Annotated[str, Form(max_length=10)] = "",
    area_km2: Annotated[str, Form(max_length=20)] = "",
    unlocode: Annotated[str, Form(max_length=6)] = "",
    is_published: Annotated[str, Form(max_length=5)] = "",
    version: FormVersion = None,
) -> Response:
    typed_values = typed(
        name=name, admin_area=admin_area, description=description, website=website,
        population=population, population_year=population_year, area_km2=area_km2,
        unlocode=unlocode, is_published=bool(is_published),
    )  # fmt: skip
    form = PageForm("city", CITY_LABELS, typed_values)
    values: dict[str, object] = {
        "name": name,
        "admin_area": admin_area or None,
        "description": description,
        "website": website or None,
        "unlocode": unlocode or None,
        "is_published": bool(is_published),
        "population": form.whole_number("population"),
        "population_year": form.year("population_year", required=False),
        "area_km2": form.number("area_km2"),
    }
    if form.ok:
        try:
            with db.write() as session:
                city_edits.update_city(session, actor, city_id, values, expected_version=version)
            return see_other_done(f"/cities/{city_id}", "city_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion as conflict:
            with db.read() as session:
                return _edit_page(request, session, actor, city_id, form, conflict)
    with db.read() as session:
        return _edit_page(request, session, actor, city_id, form)


@router.post("/{city_id}/statistics", response_model=None)
def add_statistic(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    year: Annotated[str, Form(max_length=10)] = "",
    variable: Annotated[str, Form(max_length=40)] = "",
    value: Annotated[str, Form(max_length=30)] = "",
    source: Annotated[str, Form(max_length=300)] = "",
    data_quality: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    typed_values = typed(
        year=year, variable=variable, value=value, source=source, data_quality=data_quality, note=note
    )
    form = PageForm("figure", FIGURE_LABELS, typed_values)
    fields = {
        "year": form.year("year"),
        "variable": form.choice("variable", city_edits.VARIABLES),
        "value": form.number("value"),
        "source": source,
        "data_quality": form.choice("data_quality", city_edits.DATA_QUALITY),
        "note": note or None,
    }
    if form.ok:
        try:
            with db.write() as session:
                city_edits.save_statistic(session, actor, city_id, **fields)
            return see_other_done(f"/cities/{city_id}#figures", "statistic_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return profile_view(request, session, actor, city_id, figure_form=form)


@router.get("/{city_id}/statistics/{statistic_id}/delete", response_class=HTMLResponse)
def confirm_delete_statistic(
    request: Request, city_id: PathId, statistic_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before a figure goes (the POST below deletes; the API deletes without asking)."""
    city_edits.check_can_edit(session, actor, city_id)
    city = cities.get_profile(session, actor, city_id)
    figure = next((s for s in city.statistics if s.id == statistic_id), None)
    if figure is None:
        raise NotFound("figure", statistic_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Delete this figure?"),
        facts=[
            (N_("City"), city.name),
            (N_("Figure"), FIGURE_NAMES.get(figure.variable, figure.variable)),
            (N_("Year"), figure.year),
            (N_("Value"), f"{figure.value:g} {figure.unit}"),
            (N_("Source"), figure.source),
        ],
        consequence=N_("This cannot be undone."),
        action=f"/cities/{city_id}/statistics/{statistic_id}/delete",
        record_version=figure.version,
        cancel=f"/cities/{city_id}#figures",
    )


@router.post("/{city_id}/statistics/{statistic_id}/delete", response_model=None)
def delete_statistic(
    request: Request,
    city_id: PathId,
    statistic_id: PathId,
    db: DB,
    actor: FormWriter,
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        city_edits.delete_statistic(session, actor, city_id, statistic_id, expected_version=version)
    return see_other_done(f"/cities/{city_id}#figures", "statistic_deleted")


@router.get("/{city_id}/audit", response_class=HTMLResponse)
def city_audit(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    entries = audit.page_entries(session, actor, city_id=city_id, page=page)
    city = cities.get_profile(session, actor, city_id)
    return render(request, "audit.html", actor=actor, entries=entries.items, pager=entries, city=city)
