"""City pages: search, profile, editing a city's data, its audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from citypact.domain.cities import SizeBand
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.reports.plan_gap import gap_sentences
from citypact.reports.wording import Words
from citypact.services import audit
from citypact.services.errors import InvalidInput, StaleVersion
from citypact.services.paging import Page
from citypact.services.plans import action_plans
from citypact.services.registry import cities, city_edits, networks
from citypact.services.registry import info as registry_info
from citypact.services.registry import population as city_population
from citypact.web.forms import FormVersion, FormWriter, form_text, optional_number, see_other
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute, prefix="/cities")
PAGE = 25


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
    city = cities.get_profile(session, actor, city_id)
    gap = action_plans.plan_gap(session, actor, city_id)
    years = sorted({g.year for g in city.grid_intensity} | {s.year for s in city.statistics})
    chosen = year or (max(years) if years else None)
    return render(
        request,
        "city.html",
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
    )


def _edit_page(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    city_id: PathId,
    error: InvalidInput | None = None,
    values: dict[str, object] | None = None,
    conflict: StaleVersion | None = None,
) -> HTMLResponse:
    """The form; after a conflict it keeps what was typed, lists where the stored city (as someone
    else saved it meanwhile) differs from it, and carries the new version, so saving again is a
    deliberate overwrite."""
    city = cities.get_profile(session, actor, city_id)
    typed = values or {}
    differences = [
        (field, getattr(city, field), value)
        for field, value in typed.items()
        if conflict and form_text(getattr(city, field)) != form_text(value)
    ]
    return render(
        request,
        "city_edit.html",
        status_code=409 if conflict else 422 if error else 200,
        actor=actor,
        city=city,
        error=error,
        values=typed,
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
    values: dict[str, object] = {
        "name": name,
        "admin_area": admin_area or None,
        "description": description,
        "website": website or None,
        "unlocode": unlocode or None,
        "is_published": bool(is_published),
    }
    for field, text in (
        ("population", population),
        ("population_year", population_year),
        ("area_km2", area_km2),
    ):
        number = optional_number(text)
        values[field] = text if number is None and text.strip() else number
    try:
        with db.write() as session:
            city_edits.update_city(session, actor, city_id, values, expected_version=version)
    except InvalidInput as error:
        with db.read() as session:
            return _edit_page(request, session, actor, city_id, error, values)
    except StaleVersion as conflict:
        with db.read() as session:
            return _edit_page(request, session, actor, city_id, None, values, conflict)
    return see_other(f"/cities/{city_id}")


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
    year_number, value_number = optional_number(year), optional_number(value)
    with db.write() as session:
        city_edits.save_statistic(
            session,
            actor,
            city_id,
            year=year_number if isinstance(year_number, int) else year,
            variable=variable,
            value=value if value_number is None else value_number,
            source=source,
            data_quality=data_quality,
            note=note or None,
        )
    return see_other(f"/cities/{city_id}#figures")


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
    return see_other(f"/cities/{city_id}#figures")


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
