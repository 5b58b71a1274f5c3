"""Pages: "My city" (where a signed-in officer starts), a city's open invitations to partnerships,
and the answers to an invitation besides accepting: decline (the invited city) and withdraw (the
proposing city)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import PARTNERSHIP_LABELS, PROGRESS_LABELS
from citypact.reports.benchmark import benchmark_page
from citypact.services import my_city as dashboard
from citypact.services.benchmarking.benchmark import city_benchmark
from citypact.services.cooperation import partnerships
from citypact.services.cooperation.partnerships.invitations import REASON_MAX
from citypact.web.forms import FormWriter, see_other
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Reason = Annotated[str, Form(max_length=REASON_MAX)]


def _no_chart(name: str) -> str:
    return ""  # My city shows the benchmark's sentences; the charts are on the benchmark page


@router.get("/my", response_class=HTMLResponse, response_model=None)
def my_city(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    city: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> Response:
    """The city the reader works for; a reader of several picks one; a secretariat without a city
    goes to its network."""
    if not actor.is_authenticated:
        return see_other("/login?next=/my")
    choices = dashboard.my_cities(session, actor)
    networks = dashboard.my_networks(session, actor)
    chosen = city if city is not None else (choices[0].id if len(choices) == 1 else None)
    if chosen is None:
        if not choices and len(networks) == 1:
            return see_other(f"/networks/{networks[0][0]}")
        return render(request, "my_city.html", actor=actor, choices=choices, networks=networks, view=None)
    view = dashboard.my_city(session, actor, chosen)
    # The position in words is the benchmark's own: its performance, and the path to the target,
    # which the benchmark takes from the plan's gap (action_plans.plan_gap), as the plan page does.
    bench = city_benchmark(session, actor, chosen)
    words = benchmark_page(bench, locale_of(request), {}, _no_chart)
    return render(
        request,
        "my_city.html",
        actor=actor,
        choices=choices,
        networks=networks,
        view=view,
        invitations=view.invitations,
        position=[s for s in (words.performance, words.target) if s],
        position_notes=words.notes[:1],
        labels=PARTNERSHIP_LABELS,
        progress_labels=PROGRESS_LABELS,
    )


@router.get("/cities/{city_id}/invitations", response_class=HTMLResponse)
def invitations(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    done: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    """The city's open invitations, and its own proposals others have not answered yet."""
    found = partnerships.open_invitations(session, actor, city_id)
    return render(
        request, "invitations.html", actor=actor, invitations=found, labels=PARTNERSHIP_LABELS,
        declined=done == "declined",
    )  # fmt: skip


@router.post("/partnerships/{partnership_id}/decline", response_model=None)
def decline(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Annotated[int, Form(ge=1, le=2_147_483_647)] = 0,
    reason: Reason = "",
) -> Response:
    with db.write() as session:
        partnerships.decline(session, actor, partnership_id, city_id, reason=reason)
    return see_other(f"/cities/{city_id}/invitations?done=declined")


@router.post("/partnerships/{partnership_id}/withdraw", response_model=None)
def withdraw(
    request: Request, partnership_id: PathId, db: DB, actor: FormWriter, reason: Reason = ""
) -> Response:
    with db.write() as session:
        partnerships.withdraw(session, actor, partnership_id, reason=reason)
    return see_other(f"/partnerships/{partnership_id}#status")
