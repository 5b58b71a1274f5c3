"""A plan measure's money on its own page: cost lines by year and funding lines by source, added by
the city's editors and removed after a confirmation. The edit page of the measure links here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import FUNDING_SOURCES, PlanError, to_minor_units
from citypact.domain.green_deals import COST_KINDS, FUNDING_STATUSES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.green_deal_labels import COST_KIND_LABELS, FUNDING_STATUS_LABELS
from citypact.i18n.labels import FUNDING_SOURCES as FUNDING_SOURCE_LABELS
from citypact.i18n.labels import N_
from citypact.reports.climate_city_contract import money_text
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.funding.matching import programme_options
from citypact.services.plans import measure_money
from citypact.web.forms import FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
Short = Annotated[str, Form(max_length=40)]
COST_LABELS = {
    "kind": N_("Kind of cost"),
    "year_from": N_("First year"),
    "year_to": N_("Last year"),
    "amount": N_("Amount (capex in total, opex per year)"),
}
FUNDING_LABELS = {
    "source": N_("Source"),
    "status": N_("Status"),
    "label": N_("Programme, lender or partner"),
    "amount": N_("Amount"),
    "programme_id": N_("Funding programme of the catalogue (optional)"),
}


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    plan_id: int,
    cost: PageForm | None = None,
    funding: PageForm | None = None,
) -> HTMLResponse:
    view = measure_money.get_money(session, actor, city_id, plan_id)
    forms = {
        "cost": cost or PageForm("cost", COST_LABELS, {"kind": "capex"}),
        "funding": funding or PageForm("funding", FUNDING_LABELS, {"status": "secured"}),
    }
    status = max(f.status_code for f in forms.values())
    return render(
        request,
        "climate_city_contract_money.html",
        status_code=status,
        actor=actor,
        m=view,
        page_forms=forms,
        money=money_text(locale_of(request)),
        cost_labels=COST_KIND_LABELS,
        funding_status_labels=FUNDING_STATUS_LABELS,
        funding_sources=FUNDING_SOURCE_LABELS,
        programmes=programme_options(session),
    )


def _back(city_id: int, plan_id: int, part: str) -> str:
    return f"/cities/{city_id}/plan/measures/{plan_id}/money#{part}"


@router.get("/cities/{city_id}/plan/measures/{plan_id}/money", response_class=HTMLResponse)
def money_page(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    programme: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    """`?programme=ID` (from the funding view) starts the funding form as sought from that programme."""
    funding = None
    if programme is not None:
        funding = PageForm("funding", FUNDING_LABELS, {"status": "sought", "programme_id": str(programme)})
    return _page(request, session, actor, city_id, plan_id, funding=funding)


def _minor(form: PageForm, currency: str | None) -> int | None:
    """The typed amount in minor units of the measure's currency (EUR 12.34 -> 1234, JPY 500 -> 500)."""
    amount = form.number("amount")
    if amount is None:
        form.problem("amount", N_("Give the amount."))
        return None
    if currency is None:
        form.problem("amount", N_("Give the measure a currency first: amounts are in its currency."))
        return None
    try:
        return to_minor_units(amount, currency)
    except PlanError:
        form.problem("amount", N_("Give an amount above 0."))
        return None


def _refuse(form: PageForm, error: InvalidInput) -> None:
    form.problem("amount" if error.field in ("amount_minor", "currency") else error.field, error.message)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/costs", response_model=None)
def add_cost(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    year_from: Short = "",
    year_to: Short = "",
    amount: Short = "",
) -> Response:
    form = PageForm(
        "cost", COST_LABELS, typed(kind=kind, year_from=year_from, year_to=year_to, amount=amount)
    )
    with db.read() as session:
        currency = measure_money.get_money(session, actor, city_id, plan_id).currency
    values = {
        "kind": form.choice("kind", COST_KINDS),
        "year_from": form.year("year_from"),
        "year_to": form.year("year_to"),
        "amount_minor": _minor(form, currency),
    }
    if form.ok:
        try:
            with db.write() as session:
                measure_money.add_cost(session, actor, city_id, plan_id, **values)
            return see_other_done(_back(city_id, plan_id, "costs"), "cost_added")
        except InvalidInput as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, city_id, plan_id, cost=form)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/funding", response_model=None)
def add_funding(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    db: DB,
    actor: FormWriter,
    source: Short = "",
    status: Short = "",
    label: Text = "",
    amount: Short = "",
    programme_id: Short = "",
) -> Response:
    form = PageForm(
        "funding",
        FUNDING_LABELS,
        typed(source=source, status=status, label=label, amount=amount, programme_id=programme_id),
    )
    with db.read() as session:
        currency = measure_money.get_money(session, actor, city_id, plan_id).currency
    values = {
        "source": form.choice("source", tuple(FUNDING_SOURCES)),
        "status": form.choice("status", FUNDING_STATUSES),
        "label": form.text("label"),
        "amount_minor": _minor(form, currency),
        "programme_id": form.whole_number("programme_id"),
    }
    if form.ok:
        try:
            with db.write() as session:
                measure_money.add_funding(session, actor, city_id, plan_id, **values)
            return see_other_done(_back(city_id, plan_id, "funding"), "funding_added")
        except InvalidInput as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, city_id, plan_id, funding=form)


def _confirm(
    request: Request, actor: Actor, heading: str, facts: list[tuple[str, str]], action: str, back: str
) -> HTMLResponse:
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=heading,
        facts=facts,
        consequence=N_("The line is deleted; the contract's investment plan no longer counts it."),
        action=action,
        cancel=back,
    )


@router.get("/cities/{city_id}/plan/measures/{plan_id}/costs/{cost_id}/delete", response_class=HTMLResponse)
def confirm_remove_cost(
    request: Request, city_id: PathId, plan_id: PathId, cost_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = measure_money.get_money(session, actor, city_id, plan_id)
    line = next((c for c in view.costs if c.id == cost_id), None)
    if line is None or not view.can_edit or view.currency is None:
        raise NotFound("cost line", cost_id)
    money, _ = money_text(locale_of(request)), translations(locale_of(request)).gettext
    facts = [
        (N_("Measure"), view.title),
        (N_("Kind of cost"), _(COST_KIND_LABELS[line.kind])),
        (N_("Years"), f"{line.year_from}–{line.year_to}"),
        (N_("Amount"), money(line.amount_minor, view.currency)),
    ]
    action = f"/cities/{city_id}/plan/measures/{plan_id}/costs/{cost_id}/delete"
    return _confirm(
        request, actor, N_("Delete this cost line?"), facts, action, _back(city_id, plan_id, "costs")
    )


@router.post("/cities/{city_id}/plan/measures/{plan_id}/costs/{cost_id}/delete", response_model=None)
def remove_cost(city_id: PathId, plan_id: PathId, cost_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        measure_money.remove_cost(session, actor, city_id, plan_id, cost_id)
    return see_other_done(_back(city_id, plan_id, "costs"), "cost_removed")


@router.get(
    "/cities/{city_id}/plan/measures/{plan_id}/funding/{funding_id}/delete", response_class=HTMLResponse
)
def confirm_remove_funding(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    funding_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
) -> HTMLResponse:
    view = measure_money.get_money(session, actor, city_id, plan_id)
    line = next((f for f in view.funding if f.id == funding_id), None)
    if line is None or not view.can_edit or view.currency is None:
        raise NotFound("funding line", funding_id)
    money, _ = money_text(locale_of(request)), translations(locale_of(request)).gettext
    facts = [
        (N_("Measure"), view.title),
        (N_("Source"), _(FUNDING_SOURCE_LABELS[line.source])),
        (N_("Status"), _(FUNDING_STATUS_LABELS[line.status])),
        (N_("Amount"), money(line.amount_minor, view.currency)),
    ]
    action = f"/cities/{city_id}/plan/measures/{plan_id}/funding/{funding_id}/delete"
    back = _back(city_id, plan_id, "funding")
    return _confirm(request, actor, N_("Delete this funding line?"), facts, action, back)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/funding/{funding_id}/delete", response_model=None)
def remove_funding(
    city_id: PathId, plan_id: PathId, funding_id: PathId, db: DB, actor: FormWriter
) -> Response:
    with db.write() as session:
        measure_money.remove_funding(session, actor, city_id, plan_id, funding_id)
    return see_other_done(_back(city_id, plan_id, "funding"), "funding_removed")
