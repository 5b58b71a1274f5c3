"""A procurement's bids as pages: the supplier's form (submit or replace, receipts), the lead buyer's
side (open after the deadline, evaluate a lot, publish, award), the evaluation with its sensitivity
chart and PDF report, the public award notice and the OCDS download. The seal is the services':
these pages cannot show a bid before the deadline, to anyone."""

from __future__ import annotations

import json
from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import published
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.procurement_keys import OcidPrefix, SecretKey
from citypact.i18n.labels import N_
from citypact.reports.procurement_evaluation import evaluation_document, evaluation_page
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.procurement import awards, bids, evaluations, public
from citypact.services.procurement.bids import is_evaluator, is_sealed, procurement_by_id
from citypact.web.forms import FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)

BID_LABELS: Final = {
    "lot_id": N_("Lot"),
    "organisation_id": N_("Bidding for"),
    "price": N_("Price for the lot's whole quantity"),
    "quantity": N_("Quantity"),
    "lifetime_years": N_("Lifetime in years"),
    "maintenance_per_year": N_("Maintenance a year"),
    "energy_carrier": N_("Energy carrier (as in the inventory template)"),
    "energy_per_year": N_("Energy a year"),
    "energy_unit": N_("Unit of the energy"),
    "energy_cost_per_year": N_("Energy cost a year"),
    "embodied_t_co2e": N_("Embodied t CO₂e"),
    "ladder_level": N_("CO₂ Performance Ladder level"),
}
EVALUATION_LABELS: Final = {
    "lot_id": N_("Lot"),
    "method": N_("Method"),
    "schedule": N_("CO₂ price schedule (short name)"),
    "co2_price": N_("Or a constant CO₂ price per tonne"),
    "discount_rate": N_("Discount rate (0.03 is 3 %)"),
}
AWARD_LABELS: Final = {"awarded_on": N_("Awarded on")}
METHODS: Final = (
    ("lcc-co2", N_("Life-cycle cost with CO₂ price")),
    ("lcc", N_("Life-cycle cost")),
    ("price", N_("Lowest price")),
    ("ladder", N_("CO₂ Performance Ladder")),
)
Short = Annotated[str, Form(max_length=40)]
Name = Annotated[str, Form(max_length=80)]


def _bids_page(
    request: Request,
    session: Session,
    actor: Actor,
    procurement_id: int,
    *,
    bid_form: PageForm | None = None,
    evaluation_form: PageForm | None = None,
    opened: list[bids.OpenedBid] | None = None,
) -> HTMLResponse:
    procurement = procurement_by_id(session, procurement_id)
    lead = is_evaluator(actor, procurement)
    if not published(procurement.phase) and not lead:
        raise NotFound("procurement", procurement_id)  # still being formed: the group's own business
    lot_options = [
        (str(i), f"{number}: {title}") for i, number, title in bids.lot_choices(session, procurement.id)
    ]
    organisations = [(str(i), name) for i, name in bids.bidder_organisations(session, actor)]
    sealed = is_sealed(procurement, bids.now_utc())
    bid_form = bid_form or PageForm(
        "bid", BID_LABELS, {"lot_id": lot_options[0][0] if lot_options else "", "lifetime_years": "12"}
    )
    evaluation_form = evaluation_form or PageForm(
        "evaluation", EVALUATION_LABELS, {"method": "lcc-co2", "schedule": "de-behg", "discount_rate": "0.03"}
    )
    status = max(bid_form.status_code, evaluation_form.status_code)
    return render(
        request,
        "procurement_bids.html",
        status_code=status,
        procurement=procurement,
        lot_options=lot_options,
        organisations=organisations,
        receipts=bids.my_receipts(session, actor, procurement.id) if organisations else [],
        lead=lead,
        sealed=sealed,
        counts=bids.bid_counts(session, procurement.id) if lead and not sealed else {},
        evaluations=evaluations.list_evaluations(session, actor, procurement.id) if lead else [],
        opened=opened,
        bid_form=bid_form,
        evaluation_form=evaluation_form,
        methods=METHODS,
    )


@router.get("/procurements/{procurement_id}/bids", response_class=HTMLResponse)
def bids_page(request: Request, procurement_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """Suppliers' people see the bid form and their receipts; the lead buyer's editors the opening
    and the evaluations; everyone else only that the bids are sealed."""
    return _bids_page(request, session, actor, procurement_id)


@router.post("/procurements/{procurement_id}/bids", response_model=None)
def submit_bid(
    request: Request,
    procurement_id: PathId,
    db: DB,
    session: ReadDB,
    actor: FormWriter,
    secret: SecretKey,
    lot_id: Short = "",
    organisation_id: Short = "",
    price: Short = "",
    quantity: Short = "",
    lifetime_years: Short = "",
    maintenance_per_year: Short = "",
    energy_carrier: Name = "",
    energy_per_year: Short = "",
    energy_unit: Short = "",
    energy_cost_per_year: Short = "",
    embodied_t_co2e: Short = "",
    ladder_level: Short = "",
) -> Response:
    form = PageForm(
        "bid",
        BID_LABELS,
        typed(
            lot_id=lot_id, organisation_id=organisation_id, price=price, quantity=quantity,
            lifetime_years=lifetime_years, maintenance_per_year=maintenance_per_year,
            energy_carrier=energy_carrier, energy_per_year=energy_per_year, energy_unit=energy_unit,
            energy_cost_per_year=energy_cost_per_year, embodied_t_co2e=embodied_t_co2e,
            ladder_level=ladder_level,
        ),
    )  # fmt: skip
    lot = form.whole_number("lot_id")
    organisation = form.whole_number("organisation_id")
    values: dict[str, object] = {
        name: form.number(name)
        for name in ("price", "quantity", "maintenance_per_year", "embodied_t_co2e")
        if form.text(name)
    }
    years = form.whole_number("lifetime_years")
    if years is not None:
        values["lifetime_years"] = years
    level = form.whole_number("ladder_level")
    if level is not None:
        values["ladder_level"] = level
    if form.text("energy_carrier"):
        values["energy"] = [
            {
                "carrier": form.text("energy_carrier"),
                "amount_per_year": form.number("energy_per_year"),
                "unit": form.text("energy_unit"),
                "cost_per_year": form.number("energy_cost_per_year") or 0,
            }
        ]
    if lot is None:
        form.problem("lot_id", N_("Choose a lot."))
    if organisation is None:
        form.problem("organisation_id", N_("Choose the organisation you bid for."))
    if form.ok and lot is not None and organisation is not None:
        try:
            with db.write() as write:
                bids.submit_bid(write, actor, procurement_id, lot, organisation, values, secret_key=secret)
            return see_other_done(f"/procurements/{procurement_id}/bids", "bid_sealed")
        except InvalidInput as error:
            form.refuse(_at_field(error))
    return _bids_page(request, session, actor, procurement_id, bid_form=form)


def _at_field(error: InvalidInput) -> InvalidInput:
    """A bid's energy fields come back from the service as energy[1].<name>: the form's field names."""
    names = {
        "energy[1].carrier": "energy_carrier",
        "energy[1].amount_per_year": "energy_per_year",
        "energy[1].unit": "energy_unit",
        "energy[1].cost_per_year": "energy_cost_per_year",
    }
    return InvalidInput(names.get(error.field, error.field), error.message)


@router.post("/procurements/{procurement_id}/bids/open", response_model=None)
def open_bids(
    request: Request, procurement_id: PathId, db: DB, session: ReadDB, actor: FormWriter, secret: SecretKey
) -> Response:
    """Open the bids (the lead's editors, after the deadline): the page lists them with their content."""
    with db.write() as write:
        opened = bids.open_bids(write, actor, procurement_id, secret_key=secret)
    return _bids_page(request, session, actor, procurement_id, opened=opened)


@router.post("/procurements/{procurement_id}/evaluations", response_model=None)
def run_evaluation(
    request: Request,
    procurement_id: PathId,
    db: DB,
    session: ReadDB,
    actor: FormWriter,
    secret: SecretKey,
    lot_id: Short = "",
    method: Short = "",
    schedule: Name = "",
    co2_price: Short = "",
    discount_rate: Short = "",
) -> Response:
    form = PageForm(
        "evaluation",
        EVALUATION_LABELS,
        typed(
            lot_id=lot_id, method=method, schedule=schedule, co2_price=co2_price, discount_rate=discount_rate
        ),
    )
    lot = form.whole_number("lot_id")
    chosen = form.choice("method", [m for m, _ in METHODS])
    price = form.number("co2_price")
    rate = form.number("discount_rate")
    if lot is None:
        form.problem("lot_id", N_("Choose a lot."))
    if form.ok and lot is not None:
        try:
            with db.write() as write:
                view = evaluations.run_evaluation(
                    write,
                    actor,
                    procurement_id,
                    lot,
                    method=chosen,
                    secret_key=secret,
                    schedule=None if price is not None else (form.text("schedule") or None),
                    co2_price=price,
                    discount_rate=0.03 if rate is None else rate,
                )
            return see_other_done(f"/procurement-evaluations/{view.id}", "evaluation_stored")
        except InvalidInput as error:
            form.refuse(error)
    return _bids_page(request, session, actor, procurement_id, evaluation_form=form)


def _evaluation_page(
    request: Request, session: Session, actor: Actor, evaluation_id: int, form: PageForm | None = None
) -> HTMLResponse:
    view = evaluations.get_evaluation(session, actor, evaluation_id)
    procurement = procurement_by_id(session, view.procurement_id)
    result = evaluations.stored_evaluation(view, procurement.currency)
    return render(
        request,
        "procurement_evaluation_page.html",
        status_code=form.status_code if form else 200,
        view=view,
        procurement=procurement,
        e=evaluation_page(result, locale_of(request), procurement.title),
        award_form=form or PageForm("award", AWARD_LABELS, {"awarded_on": bids.now_utc().date().isoformat()}),
    )


@router.get("/procurement-evaluations/{evaluation_id}", response_class=HTMLResponse)
def evaluation(request: Request, evaluation_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _evaluation_page(request, session, actor, evaluation_id)


@router.get("/procurement-evaluations/{evaluation_id}/report.pdf", response_model=None)
def evaluation_pdf(request: Request, evaluation_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    view = evaluations.get_evaluation(session, actor, evaluation_id)
    procurement = procurement_by_id(session, view.procurement_id)
    document = evaluation_document(
        evaluations.stored_evaluation(view, procurement.currency), locale_of(request), procurement.title
    )
    return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))


@router.post("/procurement-evaluations/{evaluation_id}/publish", response_model=None)
def publish(evaluation_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as write:
        evaluations.publish(write, actor, evaluation_id)
    return see_other_done(f"/procurement-evaluations/{evaluation_id}", "evaluation_published")


@router.post("/procurement-evaluations/{evaluation_id}/award", response_model=None)
def award(
    request: Request,
    evaluation_id: PathId,
    db: DB,
    session: ReadDB,
    actor: FormWriter,
    awarded_on: Short = "",
) -> Response:
    form = PageForm("award", AWARD_LABELS, typed(awarded_on=awarded_on))
    day = form.date("awarded_on")
    if day is None and form.ok:
        form.problem("awarded_on", N_("Give the date of the award."))
    if form.ok:
        view = evaluations.get_evaluation(session, actor, evaluation_id)
        try:
            with db.write() as write:
                awards.award(
                    write,
                    actor,
                    view.procurement_id,
                    view.lot_id,
                    evaluation_id=evaluation_id,
                    awarded_on=day,
                )
            return see_other_done(f"/procurements/{view.procurement_id}/notice", "lot_awarded")
        except InvalidInput as error:
            form.refuse(error)
    return _evaluation_page(request, session, actor, evaluation_id, form)


@router.get("/procurements/{procurement_id}/notice", response_class=HTMLResponse)
def notice(request: Request, procurement_id: PathId, session: ReadDB) -> HTMLResponse:
    """Public: each awarded lot's winner, its evaluated figures and the method."""
    procurement = procurement_by_id(session, procurement_id)
    return render(
        request,
        "procurement_notice.html",
        procurement=procurement,
        notices=public.notices(session, procurement_id),
    )


@router.get("/procurements/{procurement_id}/ocds.json", response_model=None)
def ocds(procurement_id: PathId, session: ReadDB, prefix: OcidPrefix) -> Response:
    """Public: the OCDS 1.1 release package as a download."""
    package = public.ocds_package(session, procurement_id, prefix=prefix)
    return Response(
        json.dumps(package, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers=attachment(f"procurement-{procurement_id}-ocds.json"),
    )
