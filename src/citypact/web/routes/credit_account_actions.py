"""What an account's people do with a block, as pages on LEDGER's transactions: transfer it (to a
holding account chosen by its owner's name), split it, retire it (toward the city's own target or
on behalf of others; the offset rule refuses at the field "use" with its reason), cancel it (after
a confirmation page with the reason); the registry's officers set its Article 6 fields and issue
a verified monitoring report. A refused form comes back with what was typed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credits import ADJUSTMENT_STATUSES, AUTHORISATIONS, RETIREMENT_USES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.credit_labels import CREDIT_LABELS, OFFSET_REFUSAL_LABELS
from citypact.i18n.labels import N_
from citypact.services.credits import block_actions, ledger
from citypact.services.errors import InvalidInput, NotFound
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=20)]

TRANSFER_LABELS = {
    "to": N_("To the account of"),
    "quantity": N_("Credits to transfer (empty: the whole block)"),
}
SPLIT_LABELS = {"first_size": N_("Credits in the first part")}
RETIRE_LABELS = {
    "quantity": N_("Credits to retire (empty: the whole block)"),
    "use": N_("Counted how"),
    "beneficiary": N_("Beneficiary"),
    "purpose": N_("Purpose"),
    "claim_year": N_("Claimed for the year"),
}
CANCEL_LABELS = {"quantity": N_("Credits to cancel (empty: the whole block)"), "reason": N_("Reason")}
ARTICLE6_LABELS = {"authorisation": N_("Authorisation"), "adjustment": N_("Corresponding adjustment")}


def _forms(**given: PageForm) -> dict[str, PageForm]:
    forms = {
        "transfer": PageForm("transfer", TRANSFER_LABELS),
        "split": PageForm("split", SPLIT_LABELS),
        "retire": PageForm("retire", RETIRE_LABELS, typed(use="on_behalf")),
        "article6": PageForm("article6", ARTICLE6_LABELS),
    }
    return forms | given


def _page(request: Request, session: Session, actor: Actor, block_id: int, **given: PageForm) -> HTMLResponse:
    seen = block_actions.block_actions(session, actor, block_id)
    forms = _forms(**given)
    if "article6" not in given:
        forms["article6"].values = typed(
            authorisation=seen.block.authorisation, adjustment=seen.block.adjustment
        )
    status = max((f.status_code for f in given.values()), default=200)
    _ = translations(locale_of(request)).gettext
    options = {
        "use": [(code, _(CREDIT_LABELS["retirement_uses"][code])) for code in RETIREMENT_USES],
        "to": [(str(c.id), c.name) for c in seen.destinations],
        "authorisation": [(code, _(CREDIT_LABELS["authorisations"][code])) for code in AUTHORISATIONS],
        "adjustment": [(code, _(CREDIT_LABELS["adjustment_statuses"][code])) for code in ADJUSTMENT_STATUSES],
    }
    return render(
        request, "credit_account_block.html", status_code=status, b=seen, forms=forms, labels=CREDIT_LABELS,
        options=options,
    )  # fmt: skip


def _refuse(form: PageForm, error: InvalidInput) -> None:
    """A ledger refusal at its field; the offset rule's code in the words of i18n.credit_labels."""
    if error.field == "use" and error.message in OFFSET_REFUSAL_LABELS:
        form.problem("use", OFFSET_REFUSAL_LABELS[error.message])
    else:
        form.refuse(
            error if error.field in form.labels else InvalidInput(next(iter(form.labels)), error.message)
        )


@router.get("/credits/blocks/{block_id}", response_class=HTMLResponse)
def block_page(request: Request, block_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """A block for who may read its account, with the forms of who may act on it."""
    return _page(request, session, actor, block_id)


@router.post("/credits/blocks/{block_id}/transfer", response_model=None)
def transfer(
    request: Request, block_id: PathId, db: DB, actor: FormWriter, to: Short = "", quantity: Short = ""
) -> Response:
    form = PageForm("transfer", TRANSFER_LABELS, typed(to=to, quantity=quantity))
    size = form.whole_number("quantity")
    target = form.whole_number("to")
    if target is None and "to" not in form.errors:
        form.problem("to", N_("choose the account the credits go to"))
    if form.ok and target is not None:
        try:
            with db.write() as session:
                account_id = block_actions.account_of(session, block_id)
                ledger.transfer(session, actor, block_id, target, size)
            return see_other_done(f"/credits/accounts/{account_id}", "credits_transferred")
        except InvalidInput as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, block_id, transfer=form)


@router.post("/credits/blocks/{block_id}/split", response_model=None)
def split(request: Request, block_id: PathId, db: DB, actor: FormWriter, first_size: Short = "") -> Response:
    form = PageForm("split", SPLIT_LABELS, typed(first_size=first_size))
    size = form.whole_number("first_size")
    if size is None and form.ok:
        form.problem("first_size", N_("enter how many credits the first part holds"))
    if form.ok and size is not None:
        try:
            with db.write() as session:
                account_id = block_actions.account_of(session, block_id)
                ledger.split(session, actor, block_id, size)
            return see_other_done(f"/credits/accounts/{account_id}", "block_split")
        except InvalidInput as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, block_id, split=form)


@router.post("/credits/blocks/{block_id}/retire", response_model=None)
def retire(
    request: Request,
    block_id: PathId,
    db: DB,
    actor: FormWriter,
    quantity: Short = "",
    use: Short = "",
    beneficiary: Annotated[str, Form(max_length=300)] = "",
    purpose: Text = "",
    claim_year: Short = "",
) -> Response:
    form = PageForm(
        "retire", RETIRE_LABELS,
        typed(quantity=quantity, use=use, beneficiary=beneficiary, purpose=purpose, claim_year=claim_year),
    )  # fmt: skip
    size = form.whole_number("quantity")
    chosen = form.choice("use", RETIREMENT_USES)
    year = form.year("claim_year")
    if not chosen and "use" not in form.errors:
        form.problem("use", N_("choose how the credits are counted"))
    if form.ok and year is not None:
        try:
            with db.write() as session:
                done = ledger.retire(
                    session, actor, block_id, quantity=size, use=chosen, beneficiary=beneficiary,
                    purpose=purpose, claim_year=year, city_id=None, organisation_id=None,
                )  # fmt: skip
                retirement_id = done.id
            return see_other_done(f"/credits/retirements/{retirement_id}", "credits_retired")
        except InvalidInput as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, block_id, retire=form)


@router.post("/credits/blocks/{block_id}/article6", response_model=None)
def article6_fields(
    request: Request,
    block_id: PathId,
    db: DB,
    actor: FormWriter,
    version: FormVersion = None,
    authorisation: Short = "",
    adjustment: Short = "",
) -> Response:
    form = PageForm("article6", ARTICLE6_LABELS, typed(authorisation=authorisation, adjustment=adjustment))
    chosen = form.choice("authorisation", AUTHORISATIONS), form.choice("adjustment", ADJUSTMENT_STATUSES)
    if form.ok:
        try:
            with db.write() as session:
                block_actions.set_article6(
                    session, actor, block_id, authorisation=chosen[0], adjustment=chosen[1],
                    expected_version=version,
                )  # fmt: skip
            return see_other_done(f"/credits/blocks/{block_id}", "article6_saved")
        except InvalidInput as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, block_id, article6=form)


def _cancel_page(
    request: Request, session: Session, actor: Actor, block_id: int, form: PageForm
) -> HTMLResponse:
    seen = block_actions.block_actions(session, actor, block_id)
    if not seen.can_act:
        raise NotFound("credit block", block_id)
    return render(request, "credit_account_cancel.html", status_code=form.status_code, b=seen, form=form)


@router.get("/credits/blocks/{block_id}/cancel", response_class=HTMLResponse)
def cancel_page(request: Request, block_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """Asks first: cancelling is final."""
    return _cancel_page(request, session, actor, block_id, PageForm("cancel", CANCEL_LABELS))


@router.post("/credits/blocks/{block_id}/cancel", response_model=None)
def cancel(
    request: Request, block_id: PathId, db: DB, actor: FormWriter, quantity: Short = "", reason: Text = ""
) -> Response:
    form = PageForm("cancel", CANCEL_LABELS, typed(quantity=quantity, reason=reason))
    size = form.whole_number("quantity")
    if form.ok:
        try:
            with db.write() as session:
                account_id = block_actions.account_of(session, block_id)
                ledger.cancel(session, actor, block_id, quantity=size, reason=reason)
            return see_other_done(f"/credits/accounts/{account_id}", "credits_cancelled")
        except InvalidInput as error:
            _refuse(form, error)
    with db.read() as session:
        return _cancel_page(request, session, actor, block_id, form)


@router.post("/credits/projects/{project_id}/reports/{report_id}/issue", response_model=None)
def issue(project_id: PathId, report_id: PathId, db: DB, actor: FormWriter) -> Response:
    """The registry issues a verified report (the form is on the project's report page)."""
    with db.write() as session:
        block_actions.issue_report(session, actor, project_id, report_id)
    return see_other_done(f"/credits/projects/{project_id}", "credits_issued")
