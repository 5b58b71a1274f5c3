"""Pages of low-carbon business matchmaking: the public list of providers' offers (filtered, its
ordering rule stated), an offer's page (references; for its provider the forms to publish,
withdraw and add references; for a city's editor the contact form), a new offer and its edit
form, a reference's removal (asked first), a city's needs with the offers that fit, the inbox
and a conversation, and a network secretariat's needs that found no offer.

What a reader may see and do is the services' decision; the pages show a form where the reader
may use it.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.funding import OFFER_KINDS
from citypact.domain.measures import FIELDS
from citypact.domain.offer_match import ORDER_RULE
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.funding_labels import FUNDING_LABELS
from citypact.i18n.labels import N_
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, StaleVersion
from citypact.services.matchmaking import messages, needs, offers
from citypact.web.forms import CHANGED_MEANWHILE, FormVersion, FormWriter, PageForm, see_other, typed
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=4_000)]
Short = Annotated[str, Form(max_length=40)]
Codes = Annotated[str, Form(max_length=400)]

OFFER_LABELS: Final = {
    "title": N_("Title"),
    "kind": N_("Kind of offer"),
    "summary": N_("What it is and what it achieves"),
    "fields": N_("Fields of action"),
    "measure_types": N_("Measure types (codes of the catalogue, separated by commas)"),
    "countries": N_("Countries served (ISO codes such as DE, JP; empty: every country)"),
    "languages": N_("Languages (ISO codes such as de, en, ja)"),
}
REFERENCE_LABELS: Final = {
    "city_id": N_("City of the registry (its number)"),
    "place": N_("Or the place's name"),
    "project": N_("Project"),
    "year": N_("Year"),
    "case_study_id": N_("Published case study (its number)"),
    "url": N_("Web address (https)"),
}
CONTACT_LABELS: Final = {
    "city_id": N_("Writing for"),
    "subject": N_("Subject"),
    "body": N_("Message"),
    "plan_measure_id": N_("About the measure"),
    "cooperation_item_id": N_("About the cooperation need"),
}
REPLY_LABELS: Final = {"body": N_("Your reply")}
REASON_LABELS: Final = {
    "same_measure_type": N_("offers this measure type"),
    "same_field": N_("works in this field of action"),
    "serves_country": N_("serves the city's country"),
    "speaks_language": N_("speaks the city's language"),
    "reference_in_country": N_("has references in the same country"),
    "reference_similar_size": N_("has references in cities of similar size"),
    "published_case": N_("a reference has a published case study"),
}
ORDER_STATEMENT: Final = N_(
    "Order of the offers: first those of the measure type, then those of the field of action, then "
    "those with more references, then the most recently updated. Nobody pays for a place in this list."
)


def _words() -> dict[str, Any]:
    return {
        "fields": FIELDS, "kinds": FUNDING_LABELS["offer_kinds"],
        "statuses": FUNDING_LABELS["offer_statuses"],
        "sources": FUNDING_LABELS["need_sources"], "sides": FUNDING_LABELS["message_sides"],
        "reasons": REASON_LABELS, "order": ORDER_STATEMENT, "order_rule": ORDER_RULE,
    }  # fmt: skip


def _refuse(form: PageForm, error: InvalidInput | Conflict) -> None:
    if isinstance(error, StaleVersion):
        form.problem("version", CHANGED_MEANWHILE)
    elif isinstance(error, InvalidInput):
        form.refuse(error)
    else:
        form.problem("conflict", str(error))


# --- the list -----------------------------------------------------------------------------------


@router.get("/offers", response_class=HTMLResponse)
def offer_list(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    field: Annotated[str, Query(max_length=30)] = "",
    measure_type: Annotated[str, Query(max_length=80)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
    kind: Annotated[str, Query(max_length=12)] = "",
    language: Annotated[str, Query(max_length=3)] = "",
) -> HTMLResponse:
    """Published offers, filtered; the page states the ordering rule of matches."""
    chosen = {
        "field": field,
        "measure_type": measure_type,
        "country": country,
        "kind": kind,
        "language": language,
    }
    problem = ""
    try:
        found = offers.list_offers(
            session, actor, field=field or None, measure_type=measure_type or None, country=country or None,
            kind=kind or None, language=language or None,
        )  # fmt: skip
    except InvalidInput as error:
        found, problem = [], str(error)
    return render(
        request, "offers/list.html", status_code=422 if problem else 200, actor=actor, found=found,
        chosen=chosen, problem=problem, kinds=OFFER_KINDS, mine=offers.my_organisations(session, actor),
        my_cities=messages.editable_cities(session, actor), unread=messages.unread_total(session, actor),
        my_networks=needs.networks_run(session, actor),
        w=_words(),
    )  # fmt: skip


# --- one offer ----------------------------------------------------------------------------------


def _offer_page(
    request: Request,
    session: Session,
    actor: Actor,
    offer_id: int,
    failed: dict[str, PageForm] | None = None,
    *,
    city: int | None = None,
    need: str = "",
) -> HTMLResponse:
    view = offers.get_offer(session, actor, offer_id)
    cities = messages.editable_cities(session, actor)
    start: dict[str, str] = {"city_id": str(city) if city else (cities[0][0] if cities else "")}
    source, _, need_id = need.partition(":")
    need_title = None
    if city and source in ("plan_measure", "cooperation_need") and need_id.isdigit() and len(need_id) < 10:
        try:
            need_title = needs.need_title(session, actor, city, source, int(need_id))
        except NotFound:
            need_title = None
        if need_title is not None:
            start["plan_measure_id" if source == "plan_measure" else "cooperation_item_id"] = need_id
    page_forms = {
        "reference": PageForm("reference", REFERENCE_LABELS),
        "contact": PageForm("contact", CONTACT_LABELS, {**start, "subject": view.title}),
        **(failed or {}),
    }
    status = max((f.status_code for f in (failed or {}).values()), default=200)
    return render(
        request, "offers/offer.html", status_code=status, actor=actor, o=view, page_forms=page_forms,
        cities=cities, failed=next(iter((failed or {}).values()), None), need_title=need_title, w=_words(),
    )  # fmt: skip


@router.get("/offers/{offer_id}", response_class=HTMLResponse)
def show_offer(
    request: Request,
    offer_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    city: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    need: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    return _offer_page(request, session, actor, offer_id, city=city, need=need)


def _offer_form_page(
    request: Request,
    session: Session,
    actor: Actor,
    org: Any,
    offer: offers.OfferView | None,
    form: PageForm,
) -> HTMLResponse:
    return render(
        request, "offers/form.html", status_code=form.status_code, actor=actor, form=form, org=org, o=offer,
        kinds=OFFER_KINDS, w=_words(),
    )  # fmt: skip


def _offer_values(form: PageForm, fields: list[str]) -> dict[str, Any]:
    return {
        "title": form.text("title"),
        "kind": form.text("kind"),
        "summary": form.text("summary"),
        "fields": fields,
        "measure_types": form.text("measure_types"),
        "countries": form.text("countries"),
        "languages": form.text("languages"),
    }


@router.get("/organisations/{organisation_id}/offers/new", response_class=HTMLResponse)
def new_offer_form(
    request: Request, organisation_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    org = offers.provider(session, actor, organisation_id)
    form = PageForm("offer", OFFER_LABELS, {"kind": "technology", "fields": ""})
    return _offer_form_page(request, session, actor, org, None, form)


@router.post("/organisations/{organisation_id}/offers/new", response_model=None)
def create_offer(
    request: Request,
    organisation_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    kind: Short = "",
    summary: LongText = "",
    fields: Annotated[list[str], Form(max_length=30)] = [],  # noqa: B006 - FastAPI reads it, never changes it
    measure_types: Codes = "",
    countries: Codes = "",
    languages: Codes = "",
) -> Response:
    form = PageForm(
        "offer", OFFER_LABELS,
        typed(title=title, kind=kind, summary=summary, fields=";".join(fields), measure_types=measure_types,
              countries=countries, languages=languages),
    )  # fmt: skip
    try:
        with db.write() as session:
            offer_id = offers.create_offer(session, actor, organisation_id, _offer_values(form, fields)).id
        return see_other(f"/offers/{offer_id}")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        org = offers.provider(session, actor, organisation_id)
        return _offer_form_page(request, session, actor, org, None, form)


@router.get("/offers/{offer_id}/edit", response_class=HTMLResponse)
def edit_offer_form(request: Request, offer_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    offer = offers.offer_to_edit(session, actor, offer_id)
    view = offers.get_offer(session, actor, offer_id)
    org = offers.provider(session, actor, offer.organisation_id)
    form = PageForm(
        "offer", OFFER_LABELS,
        typed(title=view.title, kind=view.kind, summary=view.summary, fields=";".join(view.fields),
              measure_types=", ".join(view.measure_types), countries=", ".join(view.countries),
              languages=", ".join(view.languages)),
    )  # fmt: skip
    return _offer_form_page(request, session, actor, org, view, form)


@router.post("/offers/{offer_id}/edit", response_model=None)
def edit_offer(
    request: Request,
    offer_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    kind: Short = "",
    summary: LongText = "",
    fields: Annotated[list[str], Form(max_length=30)] = [],  # noqa: B006 - FastAPI reads it, never changes it
    measure_types: Codes = "",
    countries: Codes = "",
    languages: Codes = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        "offer", OFFER_LABELS,
        typed(title=title, kind=kind, summary=summary, fields=";".join(fields), measure_types=measure_types,
              countries=countries, languages=languages),
    )  # fmt: skip
    try:
        with db.write() as session:
            offers.update_offer(
                session, actor, offer_id, _offer_values(form, fields), expected_version=version
            )
        return see_other(f"/offers/{offer_id}")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        offer = offers.offer_to_edit(session, actor, offer_id)
        org = offers.provider(session, actor, offer.organisation_id)
        return _offer_form_page(
            request, session, actor, org, offers.get_offer(session, actor, offer_id), form
        )


@router.post("/offers/{offer_id}/status", response_model=None)
def set_status(
    request: Request,
    offer_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("status", {"status": N_("Status")}, typed(status=status))
    try:
        with db.write() as session:
            offers.set_status(session, actor, offer_id, status, expected_version=version)
        return see_other(f"/offers/{offer_id}")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        return _offer_page(request, session, actor, offer_id, {"status": form})


@router.post("/offers/{offer_id}/references", response_model=None)
def add_reference(
    request: Request,
    offer_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Short = "",
    place: Text = "",
    project: Text = "",
    year: Short = "",
    case_study_id: Short = "",
    url: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    form = PageForm(
        "reference", REFERENCE_LABELS,
        typed(city_id=city_id, place=place, project=project, year=year, case_study_id=case_study_id, url=url),
    )  # fmt: skip
    values: dict[str, Any] = {
        "city_id": form.whole_number("city_id"), "place": place, "project": project,
        "year": form.year("year", required=False), "case_study_id": form.whole_number("case_study_id"),
        "url": url,
    }  # fmt: skip
    if form.ok:
        try:
            with db.write() as session:
                offers.add_reference(session, actor, offer_id, values)
            return see_other(f"/offers/{offer_id}#references")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _offer_page(request, session, actor, offer_id, {"reference": form})


@router.get("/offers/{offer_id}/references/{reference_id}/remove", response_class=HTMLResponse)
def confirm_remove_reference(
    request: Request, offer_id: PathId, reference_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    ref = offers.reference_of(session, actor, offer_id, reference_id)
    view = offers.get_offer(session, actor, offer_id)
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Remove this reference?"),
        facts=[(N_("Offer"), view.title), (N_("Project"), ref.project), (N_("Year"), ref.year or "")],
        consequence=N_("The offer no longer shows this project; you can add it again later."),
        action=f"/offers/{offer_id}/references/{reference_id}/remove",
        cancel=f"/offers/{offer_id}#references",
        confirm=N_("Remove the reference"), record_version=view.version,
    )  # fmt: skip


@router.post("/offers/{offer_id}/references/{reference_id}/remove", response_model=None)
def remove_reference(
    offer_id: PathId, reference_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        offers.remove_reference(session, actor, offer_id, reference_id, expected_version=version)
    return see_other(f"/offers/{offer_id}#references")


@router.post("/offers/{offer_id}/contact", response_model=None)
def contact(
    request: Request,
    offer_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Short = "",
    subject: Text = "",
    body: LongText = "",
    plan_measure_id: Short = "",
    cooperation_item_id: Short = "",
) -> Response:
    form = PageForm(
        "contact", CONTACT_LABELS,
        typed(city_id=city_id, subject=subject, body=body, plan_measure_id=plan_measure_id,
              cooperation_item_id=cooperation_item_id),
    )  # fmt: skip
    city = form.whole_number("city_id")
    measure = form.whole_number("plan_measure_id")
    item = form.whole_number("cooperation_item_id")
    if city is None:
        form.problem("city_id", N_("choose the city you write for"))
    if form.ok and city is not None:
        try:
            with db.write() as session:
                conv = messages.start_conversation(
                    session, actor, offer_id, city, subject=subject, body=body, plan_measure_id=measure,
                    cooperation_item_id=item,
                )  # fmt: skip
                conv_id = conv.id
            return see_other(f"/messages/{conv_id}")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _offer_page(request, session, actor, offer_id, {"contact": form})


# --- a city's needs, and a network's needs without offers -------------------------------------


@router.get("/cities/{city_id}/offers", response_class=HTMLResponse)
def city_offers(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = needs.city_needs(session, actor, city_id)
    return render(
        request, "offers/city.html", actor=actor, v=view,
        may_contact=city_id in actor.cities(Role.CITY_EDITOR), w=_words(),
    )  # fmt: skip


@router.get("/networks/{slug}/needs-without-offers", response_class=HTMLResponse)
def network_needs(
    request: Request, slug: Annotated[str, Path(max_length=80)], session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    found = needs.needs_without_offers(session, actor, slug)
    return render(request, "offers/network_needs.html", actor=actor, slug=slug, found=found, w=_words())


# --- conversations ------------------------------------------------------------------------------


@router.get("/messages", response_class=HTMLResponse)
def inbox(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    return render(request, "offers/inbox.html", actor=actor, found=messages.inbox(session, actor), w=_words())


def _conversation_page(
    request: Request,
    session: Session,
    actor: Actor,
    conversation_id: int,
    form: PageForm | None,
    *,
    mark: bool,
) -> HTMLResponse:
    view = messages.read_conversation(session, actor, conversation_id, mark_read=mark)
    form = form or PageForm("reply", REPLY_LABELS)
    return render(
        request, "offers/conversation.html", status_code=form.status_code, actor=actor, c=view, form=form,
        w=_words(),
    )  # fmt: skip


@router.get("/messages/{conversation_id}", response_class=HTMLResponse)
def conversation(request: Request, conversation_id: PathId, db: DB, actor: CurrentActor) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    with db.write() as session:  # opening it marks the other side's messages read
        return _conversation_page(request, session, actor, conversation_id, None, mark=True)


@router.post("/messages/{conversation_id}", response_model=None)
def reply(
    request: Request, conversation_id: PathId, db: DB, actor: FormWriter, body: LongText = ""
) -> Response:
    form = PageForm("reply", REPLY_LABELS, typed(body=body))
    try:
        with db.write() as session:
            messages.reply(session, actor, conversation_id, body)
        return see_other(f"/messages/{conversation_id}#latest")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        return _conversation_page(request, session, actor, conversation_id, form, mark=False)
