"""Pages: partner cities for a city, and groups of similar members for a network's secretariat."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.cooperation import KINDS, SUPPORT
from citypact.domain.matching import GOALS, SIGNALS
from citypact.domain.measures import FIELDS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n import labels
from citypact.i18n.labels import N_
from citypact.i18n.reasons import matching_reasons
from citypact.services.cooperation import matching
from citypact.services.cooperation import offers as cooperation
from citypact.services.errors import InvalidInput
from citypact.services.registry import cities, networks
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other, see_other_done, typed
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
COOPERATION_LABELS = {
    "kind": N_("Offer or need"),
    "field": N_("Field of action"),
    "support": N_("Type of support"),
    "description": N_("What, in a sentence"),
    "contact": N_("Contact"),
}


@router.get("/cities/{city_id}/partners", response_class=HTMLResponse)
def partners(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    goal: Annotated[str, Query(max_length=20)] = "peer",
    top: Annotated[int, Query(ge=1, le=matching.MAX_TOP)] = 10,
    network: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    return _partners_view(request, session, actor, city_id, goal, top, network)


def _partners_view(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    goal: str = "cooperation",
    top: int = 10,
    network: str = "",
    cooperation_form: PageForm | None = None,
) -> HTMLResponse:
    """The partners page; after a refused offer or need its form keeps what was typed (422)."""
    form = cooperation_form or PageForm("cooperation", COOPERATION_LABELS, {"kind": "offer"})
    city = cities.get_profile(session, actor, city_id)  # 404 first for a hidden city
    error: InvalidInput | None = None
    result = None
    items: list[cooperation.ItemView] = []
    offers: list[cooperation.CooperationMatch] = []
    if goal == "cooperation":
        items = cooperation.list_items(session, actor, city_id)
        offers = cooperation.matches(session, actor, city_id)
    else:
        try:
            result = matching.match_city(session, actor, city_id, goal=goal, top=top, network=network or None)
        except InvalidInput as refused:
            error = refused
    lang = locale_of(request)
    reasons = {s.city_id: matching_reasons(s.reasons, lang) for s in result.suggestions} if result else {}
    # The first reason names the offer or need, which the page writes in the reader's language itself.
    offer_reasons = {m.other.id: matching_reasons(m.reasons[1:], lang) for m in offers}
    return render(
        request,
        "partners.html",
        reasons=reasons,
        offer_reasons=offer_reasons,
        items=items,
        offers=offers,
        can_edit=actor.can_edit_city(city_id),
        fields=FIELDS,
        support=SUPPORT,
        status_code=422 if error else form.status_code,
        cooperation_form=form,
        city=city,
        result=result,
        goal=goal if goal in (*GOALS, "cooperation") else "peer",
        top=top,
        goals=labels.MATCH_GOALS,
        error=error,
        network=network,
        networks=networks.list_networks(session),
    )


@router.get("/networks/{slug}/groups", response_class=HTMLResponse)
def groups(
    request: Request,
    slug: str,
    session: ReadDB,
    actor: CurrentActor,
    max_size: Annotated[int, Query(ge=2, le=100)] = 6,
    max_per_country: Annotated[int | None, Query(ge=1, le=100)] = None,
) -> HTMLResponse:
    detail = networks.get_network(session, actor, slug)
    own = matching.network_weights(session, slug)
    error: InvalidInput | None = None
    found = None
    try:
        found = matching.network_groups(
            session, actor, slug, max_size=max_size, max_per_country=max_per_country
        )
    except InvalidInput as refused:
        error = refused
    return render(
        request,
        "network_groups.html",
        status_code=422 if error else 200,
        detail=detail,
        found=found,
        max_size=max_size,
        max_per_country=max_per_country,
        error=error,
        # The secretariat's weights where it set them, else the goal's own.
        weights={goal: own.get(goal, dict(GOALS[goal])) for goal in GOALS},
        own=own,
        versions=matching.network_weight_versions(session, slug),
        goals=labels.MATCH_GOALS,
    )


@router.post("/networks/{slug}/match-weights/{goal}", response_model=None)
async def save_weights(request: Request, slug: str, goal: str, db: DB, actor: FormWriter) -> Response:
    """The secretariat's weights for a goal, one number field per signal; 'reset' goes back."""
    form = await request.form()
    version_text = str(form.get("version", "")).strip()
    version = int(version_text) if version_text.isdigit() and len(version_text) < 10 else None
    weights: dict[str, float] | None = None
    if not form.get("reset"):
        weights = {}
        for name in SIGNALS:
            text = str(form.get(f"w_{name}", "")).strip()
            if not text:
                continue
            try:
                weights[name] = float(text.replace(",", "."))
            except ValueError:
                raise InvalidInput(name, f"write a number such as 0.2, not {text[:20]!r}.") from None
    with db.write() as session:
        matching.set_network_weights(session, actor, slug, goal, weights, expected_version=version)
    return see_other(f"/networks/{slug}/groups#weights")


@router.post("/cities/{city_id}/cooperation", response_model=None)
def add_cooperation_item(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Annotated[str, Form(max_length=10)] = "",
    field: Annotated[str, Form(max_length=30)] = "",
    support: Annotated[str, Form(max_length=30)] = "",
    description: Annotated[str, Form(max_length=2_000)] = "",
    contact: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    form = PageForm(
        "cooperation",
        COOPERATION_LABELS,
        typed(kind=kind, field=field, support=support, description=description, contact=contact),
    )
    values = {
        "kind": form.choice("kind", KINDS),
        "field": form.choice("field", FIELDS),
        "support": form.choice("support", SUPPORT),
        "description": form.value("description"),
        "contact": form.value("contact"),
    }
    if form.ok:
        try:
            with db.write() as session:
                cooperation.add_item(session, actor, city_id, values)
            return see_other_done(f"/cities/{city_id}/partners?goal=cooperation#cooperation", "item_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _partners_view(request, session, actor, city_id, cooperation_form=form)


@router.get("/cities/{city_id}/cooperation/{item_id}/delete", response_class=HTMLResponse)
def confirm_remove_cooperation_item(
    request: Request, city_id: PathId, item_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before an offer or need goes (the POST below removes it)."""
    item = cooperation.item_to_remove(session, actor, city_id, item_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Remove this offer or need?"),
        facts=[
            (N_("Kind"), N_("We offer") if item.kind == "offer" else N_("We need")),
            (N_("Support"), dict(SUPPORT).get(item.support, item.support)),
            (N_("Field of action"), FIELDS.get(item.field, item.field)),
            (N_("Description"), item.description),
        ],
        consequence=N_("Other cities no longer find it among the offers and needs. This cannot be undone."),
        action=f"/cities/{city_id}/cooperation/{item_id}/delete",
        record_version=item.version,
        cancel=f"/cities/{city_id}/partners?goal=cooperation#cooperation",
    )


@router.post("/cities/{city_id}/cooperation/{item_id}/delete", response_model=None)
def remove_cooperation_item(
    request: Request,
    city_id: PathId,
    item_id: PathId,
    db: DB,
    actor: FormWriter,
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        cooperation.remove_item(session, actor, city_id, item_id, expected_version=version)
    return see_other_done(f"/cities/{city_id}/partners?goal=cooperation#cooperation", "item_removed")
