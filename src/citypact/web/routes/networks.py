"""Network pages; a network's secretariat invites cities and answers their requests here, a city's
editor answers invitations and asks to join from the city's page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.i18n.labels import PARTNERSHIP_LABELS as LABELS
from citypact.services.benchmarking import rounds as benchmark_rounds
from citypact.services.cooperation import events
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.registry import networks
from citypact.web.event_form import EVENT_LABELS, new_event_form, parse_event, typed_event
from citypact.web.forms import FormWriter, PageForm, see_other, see_other_done, typed
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute, prefix="/networks")
INVITE_LABELS = {"city_id": N_("Invite a city (id)")}
NO_CITY = N_("no city has this id; the id is on the city's page")


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: ReadDB) -> HTMLResponse:
    return render(request, "networks.html", networks=networks.list_networks(session))


@router.get("/{slug}", response_class=HTMLResponse)
def detail(
    request: Request,
    slug: str,
    session: ReadDB,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    return _detail_view(request, session, actor, slug, page)


def _detail_view(
    request: Request,
    session: Session,
    actor: Actor,
    slug: str,
    page: int = 1,
    new_event: PageForm | None = None,
    invite_form: PageForm | None = None,
) -> HTMLResponse:
    """The network page; after a refused event or invitation its form keeps what was typed (422)."""
    new_event = new_event or new_event_form("add-network-event")
    invite_form = invite_form or PageForm("invite-city", INVITE_LABELS)
    size = networks.MEMBERS_PER_PAGE
    found = networks.get_network(session, actor, slug, offset=(page - 1) * size, limit=size)
    return render(
        request,
        "network.html",
        status_code=max(new_event.status_code, invite_form.status_code),
        actor=actor,
        detail=found,
        pager=found.members,
        rounds=benchmark_rounds.recent_rounds(session, actor, slug),
        events=events.list_network_events(session, actor, slug),
        labels=LABELS,
        new_event=new_event,
        invite_form=invite_form,
    )


@router.post("/{slug}/events", response_model=None)
def add_event(
    request: Request,
    slug: str,
    db: DB,
    actor: FormWriter,
    kind: Annotated[str, Form(max_length=20)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
    starts_on: Annotated[str, Form(max_length=10)] = "",
    ends_on: Annotated[str, Form(max_length=10)] = "",
    place: Annotated[str, Form(max_length=300)] = "",
    online: Annotated[str, Form(max_length=5)] = "",
    is_public: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """A network's own event (a workshop of all members, a sprint), planned by its secretariat."""
    typed_values = typed_event(kind, title, starts_on, ends_on, place, online, is_public)
    form = PageForm("add-network-event", EVENT_LABELS, typed_values)
    values = parse_event(form)
    if form.ok:
        try:
            with db.write() as session:
                event_id = events.create_event(session, actor, values, network=slug).id
            return see_other_done(f"/events/{event_id}", "event_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _detail_view(request, session, actor, slug, new_event=form)


def _back(slug: str, city_id: int, back: str) -> str:
    """Where a membership form returns to: the city's page or the network's (no other address)."""
    return f"/cities/{city_id}#networks" if back == "city" else f"/networks/{slug}"


@router.post("/{slug}/invitations", response_model=None)
def invite(
    request: Request,
    slug: str,
    db: DB,
    actor: FormWriter,
    city_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """The secretariat invites a city; it is a member once the city's editor accepts."""
    form = PageForm("invite-city", INVITE_LABELS, typed(city_id=city_id))
    city = form.whole_number("city_id")
    if city is None or not 1 <= city <= 2_147_483_647:
        form.problem("city_id", NO_CITY)
    if form.ok and city is not None:
        try:
            with db.write() as session:
                networks.invite(session, actor, slug, city)
            return see_other_done(f"/networks/{slug}#network-joins", "city_invited")
        except NotFound as missing:
            if missing.entity != "city":
                raise
            form.problem("city_id", NO_CITY)
    with db.read() as session:
        return _detail_view(request, session, actor, slug, invite_form=form)


@router.post("/join", response_model=None)
def request_to_join(
    request: Request,
    db: DB,
    actor: FormWriter,
    slug: Annotated[str, Form(max_length=60)] = "",
    city_id: Annotated[int, Form(ge=1, le=2_147_483_647)] = 0,
) -> Response:
    """A city's editor asks to join (or confirms a listed membership), from the city's page."""
    with db.write() as session:
        networks.request_to_join(session, actor, slug, city_id)
    return see_other(_back(slug, city_id, "city"))


@router.post("/{slug}/pending/{city_id}/{answer}", response_model=None)
def answer(
    request: Request,
    slug: str,
    city_id: PathId,
    answer: Literal["accept", "decline"],
    db: DB,
    actor: FormWriter,
    back: Annotated[Literal["city", "network"], Form()] = "network",
) -> Response:
    """Accept or decline (withdraw) an invitation or a request."""
    with db.write() as session:
        if answer == "accept":
            networks.accept_join(session, actor, slug, city_id)
        else:
            networks.decline_join(session, actor, slug, city_id)
    return see_other(_back(slug, city_id, back))


@router.get("/{slug}/members/{city_id}/delete", response_class=HTMLResponse)
def confirm_remove_member(
    request: Request,
    slug: str,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    back: Annotated[Literal["city", "network"], Query()] = "network",
) -> HTMLResponse:
    """Asks before a membership ends (the POST below ends it)."""
    network_name, city_name = networks.membership_to_end(session, actor, slug, city_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("End this network membership?"),
        facts=[(N_("Network"), network_name), (N_("City"), city_name)],
        consequence=N_("The city is no longer a member of the network; it can be invited again."),
        action=f"/networks/{slug}/members/{city_id}/delete",
        hidden={"back": back},
        cancel=_back(slug, city_id, back),
        confirm=N_("End the membership"),
    )


@router.post("/{slug}/members/{city_id}/delete", response_model=None)
def remove_member(
    request: Request,
    slug: str,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    back: Annotated[Literal["city", "network"], Form()] = "network",
) -> Response:
    """End a membership: the secretariat, or the city's editor (the city leaves)."""
    with db.write() as session:
        networks.remove_member(session, actor, slug, city_id)
    return see_other_done(_back(slug, city_id, back), "membership_ended")


@router.get("/{slug}/benchmark-rounds", response_class=HTMLResponse)
def rounds(request: Request, slug: str, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    detail = networks.get_network(session, actor, slug)
    found = benchmark_rounds.list_rounds(session, actor, slug)
    return render(request, "network_rounds.html", detail=detail, rounds=found)


@router.post("/{slug}/benchmark-rounds", response_model=None)
def run_round(
    request: Request,
    slug: str,
    db: DB,
    actor: FormWriter,
    title: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    round_id = benchmark_rounds.record_round(db, actor, slug, title)
    return see_other(f"/networks/{slug}/benchmark-rounds/{round_id}")


@router.get("/{slug}/benchmark-rounds/{round_id}", response_class=HTMLResponse)
def round_detail(
    request: Request, slug: str, round_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    found = benchmark_rounds.get_round(session, actor, round_id)
    if found.network_slug != slug:
        raise NotFound("benchmark round", round_id)
    return render(request, "network_round.html", round=found)
