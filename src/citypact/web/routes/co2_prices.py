"""The CO2 price schedules as pages: the list with publisher and source, a schedule's page with its
versions and a chart of price by year, and the forms that add a schedule or a new version (a city's
editors, a network's secretariat, administrators). Nothing is edited in place."""

from __future__ import annotations

import re
from typing import Annotated, Final

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.labels import N_
from citypact.reports import charts
from citypact.services.errors import InvalidInput
from citypact.services.procurement import co2_prices
from citypact.services.procurement.co2_prices import ScheduleView
from citypact.web.forms import FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)

LABELS: Final = {
    "owner": N_("For (city-<id> or network-<id>)"),
    "key": N_("Short name (small letters, digits, hyphens)"),
    "name": N_("Name"),
    "publisher": N_("Publisher"),
    "source": N_("Legal basis or source, with section or table"),
    "url": N_("Address of the source"),
    "currency": N_("Currency (ISO code)"),
    "price_year": N_("Prices in money of the year"),
    "discounting": N_("The tonnes' cost is"),
    "valid_from": N_("Applies from"),
    "prices": N_("Prices per tonne CO₂e by year (one line each)"),
    "note": N_("Note"),
}
PRICES_FORMAT = N_("write one year and its price a line, like 2026: 300")
PRICE_LINE = re.compile(r"^\s*(\d{4})\s*[:=]\s*([0-9]+(?:\.[0-9]+)?)\s*$")
Owner = Annotated[str, Path(pattern=r"^(shipped|city-[0-9]{1,9}|network-[0-9]{1,9})$")]
Key = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")]
Text = Annotated[str, Form(max_length=2_000)]


def _prices(form: PageForm) -> dict[str, str] | None:
    """The textarea's lines as {year: price}; a problem at the field when a line is not one."""
    lines = [line for line in form.value("prices").splitlines() if line.strip()]
    found: dict[str, str] = {}
    for line in lines[:201]:
        match = PRICE_LINE.match(line)
        if match is None:
            form.problem("prices", PRICES_FORMAT)
            return None
        found[match.group(1)] = match.group(2)
    return found


def _values(form: PageForm) -> dict[str, object] | None:
    form.choice("discounting", ["like_costs", "undiscounted"])
    price_year = form.year("price_year", required=False)
    valid_from = form.date("valid_from")
    prices = _prices(form)
    if not form.ok:
        return None
    return {
        "key": form.text("key"),
        "name": form.text("name"),
        "publisher": form.text("publisher"),
        "source": form.text("source"),
        "url": form.text("url"),
        "currency": form.text("currency"),
        "price_year": price_year,
        "discounting": form.text("discounting"),
        "valid_from": valid_from or "",
        "prices": prices,
        "note": form.text("note"),
    }


def _owner_options(session: ReadDB, actor: Actor) -> list[tuple[str, str]]:
    return co2_prices.owners_for(session, actor)


def _price_chart(versions: list[ScheduleView], lang: str) -> str:
    _ = translations(lang).gettext
    rows = [
        {"year": year, "value": price, "series": f"{_('version')} {v.schedule.version}"}
        for v in versions
        for year, price in sorted(v.schedule.prices.items())
    ]
    currency = versions[-1].schedule.currency
    return charts.line_chart(rows, _("%(currency)s per t CO₂e") % {"currency": currency}, _("Version"))


@router.get("/co2-prices", response_class=HTMLResponse)
def schedule_list(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    views = co2_prices.list_schedules(session, actor)
    can_add = actor.is_admin or bool(co2_prices.owners_for(session, actor))
    return render(request, "co2_prices.html", views=views, can_add=can_add)


def _new_page(
    request: Request, session: ReadDB, actor: Actor, form: PageForm, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "co2_price_new.html",
        status_code=status_code,
        form=form,
        owners=_owner_options(session, actor),
        free_owner=actor.is_admin,
    )


@router.get("/co2-prices/new", response_class=HTMLResponse)
def new_schedule(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    owners = _owner_options(session, actor)
    values = {"currency": "EUR", "discounting": "like_costs", "owner": owners[0][0] if owners else ""}
    return _new_page(request, session, actor, PageForm("schedule", LABELS, values))


@router.post("/co2-prices/new", response_model=None)
def add_schedule(
    request: Request,
    db: DB,
    session: ReadDB,
    actor: FormWriter,
    owner: Annotated[str, Form(max_length=30)] = "",
    key: Annotated[str, Form(max_length=80)] = "",
    name: Text = "",
    publisher: Text = "",
    source: Text = "",
    url: Text = "",
    currency: Annotated[str, Form(max_length=10)] = "",
    price_year: Annotated[str, Form(max_length=10)] = "",
    discounting: Annotated[str, Form(max_length=20)] = "",
    valid_from: Annotated[str, Form(max_length=20)] = "",
    prices: Annotated[str, Form(max_length=10_000)] = "",
    note: Text = "",
) -> Response:
    values_typed = typed(
        owner=owner, key=key, name=name, publisher=publisher, source=source, url=url, currency=currency,
        price_year=price_year, discounting=discounting, valid_from=valid_from, prices=prices, note=note,
    )  # fmt: skip
    form = PageForm("schedule", LABELS, values_typed)
    values = _values(form)
    if values is not None:
        try:
            with db.write() as write:
                view = co2_prices.add_schedule(write, actor, form.text("owner"), values)
            return see_other_done(f"/co2-prices/{view.owner}/{view.schedule.key}", "schedule_added")
        except InvalidInput as error:
            form.refuse(error)
    return _new_page(request, session, actor, form, form.status_code)


def _schedule_page(
    request: Request, session: ReadDB, actor: Actor, owner: str, key: str, form: PageForm | None = None
) -> HTMLResponse:
    versions = co2_prices.schedule_versions(session, actor, owner, key)
    latest = versions[-1].schedule
    if form is None:
        form = PageForm(
            "version",
            LABELS,
            {
                "name": latest.name,
                "publisher": latest.publisher,
                "source": latest.source,
                "url": latest.url,
                "currency": latest.currency,
                "price_year": str(latest.price_year or ""),
                "discounting": latest.discounting.value,
                "note": "",
            },
        )
    return render(
        request,
        "co2_price.html",
        status_code=form.status_code,
        versions=versions,
        latest=versions[-1],
        chart=_price_chart(versions, locale_of(request)),
        form=form,
        can_add=co2_prices.may_add(actor, owner),
    )


@router.get("/co2-prices/{owner}/{key}", response_class=HTMLResponse)
def schedule_page(
    request: Request, owner: Owner, key: Key, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _schedule_page(request, session, actor, owner, key)


@router.post("/co2-prices/{owner}/{key}/versions", response_model=None)
def add_version(
    request: Request,
    owner: Owner,
    key: Key,
    db: DB,
    session: ReadDB,
    actor: FormWriter,
    name: Text = "",
    publisher: Text = "",
    source: Text = "",
    url: Text = "",
    currency: Annotated[str, Form(max_length=10)] = "",
    price_year: Annotated[str, Form(max_length=10)] = "",
    discounting: Annotated[str, Form(max_length=20)] = "",
    valid_from: Annotated[str, Form(max_length=20)] = "",
    prices: Annotated[str, Form(max_length=10_000)] = "",
    note: Text = "",
) -> Response:
    values_typed = typed(
        name=name, publisher=publisher, source=source, url=url, currency=currency, price_year=price_year,
        discounting=discounting, valid_from=valid_from, prices=prices, note=note,
    )  # fmt: skip
    form = PageForm("version", LABELS, values_typed)
    values = _values(form)
    if values is not None:
        try:
            with db.write() as write:
                co2_prices.add_version(write, actor, owner, key, values)
            return see_other_done(f"/co2-prices/{owner}/{key}", "schedule_version_added")
        except InvalidInput as error:
            form.refuse(error)
    return _schedule_page(request, session, actor, owner, key, form)
