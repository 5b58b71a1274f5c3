"""Pages of joint positions and recommendations: the public list of sent positions (`/positions`),
a city's and a network's lists (with their drafts for those who may read them), a position's page
(asks, evidence, cities and signatures; for the drafter the forms to invite, add evidence, send and
record the answer; for a city's editor the form to sign or withdraw), the draft's form, removals and
withdrawals (asked first), and the printable document with its signatories (HTML and PDF).

What a reader may see and do is the services' decision; the pages show a form where the reader
may use it.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor
from citypact.domain.indicators import BY_CODE
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n.labels import N_, UNIT_LABELS
from citypact.i18n.positions_labels import POSITION_LABELS
from citypact.reports.documents import Document
from citypact.reports.position_document import figure_source, position_document_file
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, require
from citypact.services.positions import drafting, evidence, sending, signing, views
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Asks = Annotated[str, Form(max_length=4_000)]
Short = Annotated[str, Form(max_length=40)]
Slug = Annotated[str, Path(max_length=60)]

POSITION_FORM_LABELS: Final = {
    "title": N_("Title"),
    "level": N_("Level of government"),
    "institution": N_("Addressed to (institution)"),
    "asks": N_("Asks (one per line)"),
    "text": N_("Text"),
    "city_ids": N_("Cities invited (their numbers, separated by commas)"),
}
EVIDENCE_LABELS: Final = {
    "kind": N_("Kind of evidence"),
    "city_id": N_("City (its number)"),
    "indicator": N_("Indicator"),
    "year": N_("Year"),
    "benchmark_round_id": N_("Benchmark round (its number)"),
    "case_study_id": N_("Published case study (its number)"),
    "reference": N_("Result or reference (e.g. a survey's question and result)"),
    "source": N_("Source"),
}
INVITE_LABELS: Final = {"city_id": N_("City to invite (its number)")}
SIGN_LABELS: Final = {"city_id": N_("Sign for")}
SEND_LABELS: Final = {"sent_on": N_("Sent on"), "channel": N_("Channel")}
ANSWER_LABELS: Final = {
    "outcome": N_("Outcome"),
    "answer_on": N_("Date of the answer"),
    "answer_text": N_("The answer"),
    "answer_url": N_("Link to the answer's document"),
}


def _words() -> dict[str, Any]:
    return {
        **POSITION_LABELS, "indicators": {code: i.label for code, i in BY_CODE.items()}, "units": UNIT_LABELS
    }  # fmt: skip


def _refuse(form: PageForm, error: InvalidInput | Conflict) -> None:
    form.refuse_write(error)


# --- lists --------------------------------------------------------------------------------------


@router.get("/positions", response_class=HTMLResponse)
def public_list(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """Sent positions and recommendations, the latest first, for everybody."""
    found = [r for r in views.list_positions(session, actor) if rules.is_public(r.status)]
    return render(
        request, "positions/list.html", actor=actor, found=found,
        heading=N_("Joint positions and recommendations"),
        scope=None, places=views.drafting_places(session, actor), w=_words(),
    )  # fmt: skip


@router.get("/cities/{city_id}/positions", response_class=HTMLResponse)
def city_list(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """The city's positions: drafted by it or with it in the group (drafts for its staff)."""
    city = views.city_named(session, actor, city_id)
    found = views.list_positions(session, actor, city_id=city_id)
    return render(
        request, "positions/list.html", actor=actor, found=found, heading=N_("Positions of %(name)s"),
        scope=city.name, new_url=f"/positions/new?city={city_id}" if actor.can_edit_city(city_id) else None,
        w=_words(),
    )  # fmt: skip


@router.get("/networks/{slug}/positions", response_class=HTMLResponse)
def network_list(request: Request, slug: Slug, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """The network's recommendations and positions (drafts for its secretariat)."""
    network = views.network_named(session, slug)
    found = views.list_positions(session, actor, network_id=network.id)
    return render(
        request, "positions/list.html", actor=actor, found=found, heading=N_("Recommendations of %(name)s"),
        scope=network.name,
        new_url=f"/positions/new?network={network.slug}" if actor.runs_network(network.id) else None,
        w=_words(),
    )  # fmt: skip


# --- one position -------------------------------------------------------------------------------


def _signable(view: views.PositionView, ids: tuple[int, ...]) -> list[tuple[str, str]]:
    names = {c.city_id: c.city_name for c in view.cities}
    return [(str(c), names.get(c, str(c))) for c in ids]


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    position_id: int,
    failed: dict[str, PageForm] | None = None,
) -> HTMLResponse:
    view = views.view(session, actor, position_id)
    failed = failed or {}
    page_forms = {
        "evidence": PageForm("evidence", EVIDENCE_LABELS, {"kind": "indicator"}),
        "invite": PageForm("invite", INVITE_LABELS),
        "sign": PageForm("sign", SIGN_LABELS),
        "send": PageForm("send", SEND_LABELS, {"channel": "letter"}),
        "answer": PageForm("answer", ANSWER_LABELS),
        **failed,
    }
    status = max((f.status_code for f in failed.values()), default=200)
    return render(
        request, "positions/position.html", status_code=status, actor=actor, p=view, page_forms=page_forms,
        sign_options=_signable(view, view.may_sign_for),
        failed=next(iter(failed.values()), None), w=_words(), figure_source=figure_source(locale_of(request)),
    )  # fmt: skip


@router.get("/positions/new", response_class=HTMLResponse)
def new_form(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    city: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    network: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    form = PageForm("position", POSITION_FORM_LABELS, {"level": "national"})
    return _form_page(request, session, actor, None, form, city, network)


def _form_page(
    request: Request, session: Session, actor: Actor, view: views.PositionView | None, form: PageForm,
    city: int | None = None, network: str = "",
) -> HTMLResponse:  # fmt: skip
    drafter = ""
    if view is None and city is not None:
        try:
            drafter = views.city_named(session, actor, city).name
        except NotFound:
            drafter = ""
    elif view is None and network:
        try:
            drafter = views.network_named(session, network).name
        except NotFound:
            drafter = ""
    return render(
        request, "positions/form.html", status_code=form.status_code, actor=actor, form=form, p=view,
        city=city, network=network, drafter=drafter, w=_words(),
    )  # fmt: skip


@router.post("/positions/new", response_model=None)
def create(
    request: Request,
    db: DB,
    actor: FormWriter,
    city: Short = "",
    network: Short = "",
    title: Text = "",
    level: Short = "",
    institution: Text = "",
    asks: Asks = "",
    text: LongText = "",
    city_ids: Text = "",
) -> Response:
    form = PageForm(
        "position", POSITION_FORM_LABELS,
        typed(title=title, level=level, institution=institution, asks=asks, text=text, city_ids=city_ids),
    )  # fmt: skip
    values: dict[str, Any] = {
        "title": title, "level": form.choice("level", rules.LEVELS), "institution": institution, "asks": asks,
        "text": text, "city_ids": city_ids,
    }  # fmt: skip
    if network:
        values["network"] = network
    else:
        values["city_id"] = city
    if form.ok:
        try:
            with db.write() as session:
                position_id = drafting.create_position(session, actor, values).id
            return see_other_done(f"/positions/{position_id}", "position_saved")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _form_page(
            request,
            session,
            actor,
            None,
            form,
            int(city) if city.isdigit() and len(city) < 10 else None,
            network,
        )


@router.get("/positions/{position_id}", response_class=HTMLResponse)
def show(request: Request, position_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _page(request, session, actor, position_id)


@router.get("/positions/{position_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, position_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = views.view(session, actor, position_id)
    require(
        view.may_edit,
        actor.is_authenticated,
        "Only the drafting city's editors or the network's secretariat change this position.",
    )
    form = PageForm(
        "position", POSITION_FORM_LABELS,
        typed(title=view.title, level=view.level, institution=view.institution, asks=view.asks_text,
              text=view.text),
    )  # fmt: skip
    return _form_page(request, session, actor, view, form)


@router.post("/positions/{position_id}/edit", response_model=None)
def edit(
    request: Request,
    position_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    level: Short = "",
    institution: Text = "",
    asks: Asks = "",
    text: LongText = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        "position", POSITION_FORM_LABELS,
        typed(title=title, level=level, institution=institution, asks=asks, text=text),
    )  # fmt: skip
    values = {"title": title, "level": form.choice("level", rules.LEVELS), "institution": institution,
              "asks": asks, "text": text}  # fmt: skip
    if form.ok:
        try:
            with db.write() as session:
                drafting.update_position(session, actor, position_id, values, expected_version=version)
            return see_other_done(f"/positions/{position_id}", "position_saved")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _form_page(request, session, actor, views.view(session, actor, position_id), form)


@router.post("/positions/{position_id}/evidence", response_model=None)
def add_evidence(
    request: Request,
    position_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    city_id: Short = "",
    indicator: Short = "",
    year: Short = "",
    benchmark_round_id: Short = "",
    case_study_id: Short = "",
    reference: Annotated[str, Form(max_length=2_000)] = "",
    source: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    form = PageForm(
        "evidence", EVIDENCE_LABELS,
        typed(kind=kind, city_id=city_id, indicator=indicator, year=year,
              benchmark_round_id=benchmark_round_id,
              case_study_id=case_study_id, reference=reference, source=source),
    )  # fmt: skip
    values: dict[str, Any] = {"kind": form.choice("kind", rules.EVIDENCE_KINDS), "reference": reference,
                              "source": source}  # fmt: skip
    if kind == "indicator":
        values.update(city_id=form.whole_number("city_id"), indicator=indicator, year=form.year("year"))
    elif kind == "benchmark_round":
        values["benchmark_round_id"] = form.whole_number("benchmark_round_id")
    elif kind == "case":
        values["case_study_id"] = form.whole_number("case_study_id")
    if form.ok:
        try:
            with db.write() as session:
                evidence.add_evidence(session, actor, position_id, values)
            return see_other_done(f"/positions/{position_id}#evidence", "evidence_added")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, position_id, {"evidence": form})


@router.get("/positions/{position_id}/evidence/{evidence_id}/remove", response_class=HTMLResponse)
def confirm_remove_evidence(
    request: Request, position_id: PathId, evidence_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = views.view(session, actor, position_id)
    item = next((e for e in view.evidence if e.id == evidence_id), None)
    if item is None or not view.may_edit:
        raise NotFound("evidence of the position", evidence_id)
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Remove this evidence?"),
        facts=[(N_("Position"), view.title),
               (N_("Kind of evidence"), POSITION_LABELS["evidence_kinds"][item.kind]),
               (N_("Source"), item.source)],
        consequence=N_("The position no longer links this evidence; you can add it again later."),
        action=f"/positions/{position_id}/evidence/{evidence_id}/remove",
        cancel=f"/positions/{position_id}#evidence",
        confirm=N_("Remove the evidence"),
    )  # fmt: skip


@router.post("/positions/{position_id}/evidence/{evidence_id}/remove", response_model=None)
def remove_evidence(position_id: PathId, evidence_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        evidence.remove_evidence(session, actor, position_id, evidence_id)
    return see_other_done(f"/positions/{position_id}#evidence", "evidence_removed")


@router.post("/positions/{position_id}/cities", response_model=None)
def invite(request: Request, position_id: PathId, db: DB, actor: FormWriter, city_id: Short = "") -> Response:
    form = PageForm("invite", INVITE_LABELS, typed(city_id=city_id))
    number = form.whole_number("city_id")
    if number is None and form.ok:
        form.problem("city_id", N_("give the city's number, e.g. from its page's address"))
    if form.ok:
        try:
            with db.write() as session:
                signing.invite_city(session, actor, position_id, number)
            return see_other_done(f"/positions/{position_id}#cities", "position_city_invited")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, position_id, {"invite": form})


@router.get("/positions/{position_id}/cities/{city_id}/remove", response_class=HTMLResponse)
def confirm_remove_city(
    request: Request, position_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = views.view(session, actor, position_id)
    city = next((c for c in view.cities if c.city_id == city_id), None)
    if city is None or not view.may_edit:
        raise NotFound("city of the position", city_id)
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Take this city out of the group?"),
        facts=[(N_("Position"), view.title), (N_("City"), city.city_name)],
        consequence=N_("The city leaves the group; its signature, if given, goes with it."),
        action=f"/positions/{position_id}/cities/{city_id}/remove", cancel=f"/positions/{position_id}#cities",
        confirm=N_("Take the city out"),
    )  # fmt: skip


@router.post("/positions/{position_id}/cities/{city_id}/remove", response_model=None)
def remove_city(position_id: PathId, city_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        signing.remove_city(session, actor, position_id, city_id)
    return see_other_done(f"/positions/{position_id}#cities", "position_city_removed")


@router.post("/positions/{position_id}/sign", response_model=None)
def sign(request: Request, position_id: PathId, db: DB, actor: FormWriter, city_id: Short = "") -> Response:
    form = PageForm("sign", SIGN_LABELS, typed(city_id=city_id))
    number = form.whole_number("city_id")
    if form.ok:
        try:
            with db.write() as session:
                signing.sign(session, actor, position_id, number)
            return see_other_done(f"/positions/{position_id}#cities", "position_signed")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, position_id, {"sign": form})


@router.get("/positions/{position_id}/signatures/{city_id}/withdraw", response_class=HTMLResponse)
def confirm_withdraw(
    request: Request, position_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = views.view(session, actor, position_id)
    city = next((c for c in view.cities if c.city_id == city_id), None)
    if city is None or city_id not in view.may_withdraw_for:
        raise NotFound("signature", city_id)
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Withdraw your city's signature?"),
        facts=[(N_("Position"), view.title), (N_("City"), city.city_name)],
        consequence=N_("The position will not be sent in your city's name unless it signs again."),
        action=f"/positions/{position_id}/signatures/{city_id}/withdraw",
        cancel=f"/positions/{position_id}#cities",
        confirm=N_("Withdraw the signature"),
    )  # fmt: skip


@router.post("/positions/{position_id}/signatures/{city_id}/withdraw", response_model=None)
def withdraw(position_id: PathId, city_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        signing.withdraw_signature(session, actor, position_id, city_id)
    return see_other_done(f"/positions/{position_id}#cities", "signature_withdrawn")


@router.post("/positions/{position_id}/send", response_model=None)
def send(
    request: Request,
    position_id: PathId,
    db: DB,
    actor: FormWriter,
    sent_on: Short = "",
    channel: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("send", SEND_LABELS, typed(sent_on=sent_on, channel=channel))
    day = form.date("sent_on")
    how = form.choice("channel", rules.CHANNELS)
    if day is None and form.ok:
        form.problem("sent_on", N_("enter a date as year-month-day, such as 2030-12-31"))
    if form.ok:
        try:
            with db.write() as session:
                sending.send(session, actor, position_id, day, how, expected_version=version)
            return see_other_done(f"/positions/{position_id}", "position_sent")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, position_id, {"send": form})


@router.post("/positions/{position_id}/answer", response_model=None)
def answer(
    request: Request,
    position_id: PathId,
    db: DB,
    actor: FormWriter,
    outcome: Short = "",
    answer_on: Short = "",
    answer_text: LongText = "",
    answer_url: Annotated[str, Form(max_length=500)] = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        "answer", ANSWER_LABELS,
        typed(outcome=outcome, answer_on=answer_on, answer_text=answer_text, answer_url=answer_url),
    )  # fmt: skip
    values = {"outcome": form.choice("outcome", rules.OUTCOMES), "answer_on": form.date("answer_on"),
              "answer_text": answer_text, "answer_url": answer_url}  # fmt: skip
    if form.ok:
        try:
            with db.write() as session:
                sending.record_answer(session, actor, position_id, values, expected_version=version)
            return see_other_done(f"/positions/{position_id}#answer", "answer_recorded")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, position_id, {"answer": form})


# --- the printable document ---------------------------------------------------------------------


def _document(request: Request, session: Session, actor: Actor, position_id: int) -> Document:
    view = views.view(session, actor, position_id)
    if not rules.is_public(view.status):
        raise Conflict("The document is made once the position is sent.")
    return position_document_file(view, locale_of(request), csp_nonce(request))


@router.get("/positions/{position_id}/document", response_class=HTMLResponse)
def document_html(
    request: Request, position_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """The sent position with its signatories, printable."""
    return HTMLResponse(_document(request, session, actor, position_id).html)


@router.get("/positions/{position_id}/document.pdf", response_class=Response)
def document_pdf(request: Request, position_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    """The sent position as PDF in the reader's language, rendered offline."""
    found = _document(request, session, actor, position_id)
    return Response(found.pdf(), media_type="application/pdf", headers=attachment(found.pdf_name))
