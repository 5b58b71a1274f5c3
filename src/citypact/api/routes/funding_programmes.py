"""/api/v1/funding-programmes: the catalogue of funding programmes (list with filters and paging in
the stated order, one with its calls and their states today), adding and editing entries and their
calls, checking and ending them; cities' suggestions and their review. /api/v1/funding-applications:
applications to programmes, alone or jointly. Who may do what: services/funding/programme_access.py and
applications.py."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.funding import (
    AcceptIn,
    ApplicationCityIn,
    ApplicationIn,
    ApplicationOut,
    CallFields,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePageOut,
    ProgrammePatch,
    ReasonIn,
    StatusIn,
    SuggestionIn,
)
from citypact.domain.access import Actor
from citypact.http.deps import (
    DB,
    CurrentActor,
    IfMatch,
    OptionalIfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
    etag,
)
from citypact.services.funding import (
    applications,
    catalogue,
    programme_calls,
    programme_status,
    programme_writes,
)
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["funding programmes"])
P = "/funding-programmes"
A = "/funding-applications"


def _programme(
    db: Database, actor: Actor, programme_id: int, response: Response | None = None
) -> ProgrammeOut:
    with db.read() as session:
        found = ProgrammeOut.model_validate(catalogue.get_programme(session, actor, programme_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


def _application(
    db: Database, actor: Actor, application_id: int, response: Response | None = None
) -> ApplicationOut:
    with db.read() as session:
        found = ApplicationOut.model_validate(applications.get_application(session, actor, application_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


@router.get(P, response_model=ProgrammePageOut)
def list_all(
    session: ReadDB,
    actor: CurrentActor,
    instrument: Annotated[str | None, Query(max_length=30)] = None,
    funder_level: Annotated[str | None, Query(max_length=20)] = None,
    country: Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2")] = None,
    field: Annotated[str | None, Query(max_length=40)] = None,
    gpc_sector: Annotated[str | None, Query(max_length=4)] = None,
    open_on: Annotated[dt.date | None, Query(description="a call open or rolling on this day")] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[str | None, Query(max_length=12, description="suggested: the review list")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ProgrammePageOut:
    """Active and ended programmes (suggestions with status=suggested, for those who may see them):
    open calls first by closing date, then rolling, then upcoming, then closed."""
    found = catalogue.list_programmes(
        session, actor, instrument=instrument, funder_level=funder_level, country=country, field=field,
        gpc_sector=gpc_sector, open_on=open_on, text=q, status=status, page=page, size=size,
    )  # fmt: skip
    return ProgrammePageOut(
        items=[ProgrammeOut.model_validate(p) for p in found.items],
        total=found.total,
        page=found.number,
        size=found.limit,
    )


@router.post(P, response_model=ProgrammeOut, status_code=201)
def create(body: ProgrammeIn, db: DB, actor: Writer, response: Response) -> ProgrammeOut:
    """A new entry (a network's secretariat or an administrator), kept by your network."""
    values = body.model_dump(mode="json", exclude_unset=True, exclude={"maintainer_network_id"})
    with db.write() as session:
        programme_id = programme_writes.create_programme(
            session, actor, values, maintainer_network_id=body.maintainer_network_id
        ).id
    return _programme(db, actor, programme_id, response)


@router.post(P + "/suggestions", response_model=ProgrammeOut, status_code=201)
def suggest(body: SuggestionIn, db: DB, actor: Writer, response: Response) -> ProgrammeOut:
    """A city's editors suggest an entry; it is not public until a secretariat accepts it."""
    values = body.model_dump(mode="json", exclude_unset=True, exclude={"city_id"})
    with db.write() as session:
        programme_id = programme_writes.suggest_programme(session, actor, body.city_id, values).id
    return _programme(db, actor, programme_id, response)


@router.get(P + "/{programme_id}", response_model=ProgrammeOut)
def detail(programme_id: PathId, db: DB, actor: CurrentActor, response: Response) -> ProgrammeOut:
    """One programme with its calls and their states today; the ETag is its version."""
    return _programme(db, actor, programme_id, response)


@router.patch(P + "/{programme_id}", response_model=ProgrammeOut)
def change(
    programme_id: PathId, body: ProgrammePatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> ProgrammeOut:
    """Change the entry (its network's secretariat, administrators); If-Match: its ETag."""
    with db.write() as session:
        programme_writes.update_programme(
            session,
            actor,
            programme_id,
            body.model_dump(mode="json", exclude_unset=True),
            expected_version=version,
        )
    return _programme(db, actor, programme_id, response)


@router.post(P + "/{programme_id}/checked", response_model=ProgrammeOut)
def checked(
    programme_id: PathId, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> ProgrammeOut:
    """The entry was compared with its source page today."""
    with db.write() as session:
        programme_status.mark_checked(session, actor, programme_id, expected_version=version)
    return _programme(db, actor, programme_id, response)


@router.post(P + "/{programme_id}/end", response_model=ProgrammeOut)
def end(
    programme_id: PathId, body: ReasonIn, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> ProgrammeOut:
    """The programme runs no more calls (with a reason)."""
    with db.write() as session:
        programme_status.end_programme(session, actor, programme_id, body.reason, expected_version=version)
    return _programme(db, actor, programme_id, response)


@router.post(P + "/{programme_id}/accept", response_model=ProgrammeOut)
def accept(
    programme_id: PathId, body: AcceptIn, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> ProgrammeOut:
    """Take a city's suggestion into the catalogue, kept by your network."""
    with db.write() as session:
        programme_status.accept_suggestion(
            session,
            actor,
            programme_id,
            maintainer_network_id=body.maintainer_network_id,
            expected_version=version,
        )
    return _programme(db, actor, programme_id, response)


@router.post(P + "/{programme_id}/decline", response_model=ProgrammeOut)
def decline(
    programme_id: PathId, body: ReasonIn, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> ProgrammeOut:
    """Decline a city's suggestion with a reason the city reads."""
    with db.write() as session:
        programme_status.decline_suggestion(
            session, actor, programme_id, body.reason, expected_version=version
        )
    return _programme(db, actor, programme_id, response)


@router.post(P + "/{programme_id}/calls", response_model=ProgrammeOut, status_code=201)
def add_call(programme_id: PathId, body: CallFields, db: DB, actor: Writer) -> ProgrammeOut:
    """A call: opening and closing dates (no closing date: rolling), budget, link."""
    with db.write() as session:
        programme_calls.add_call(
            session, actor, programme_id, body.model_dump(mode="json", exclude_unset=True)
        )
    return _programme(db, actor, programme_id)


@router.patch(P + "/{programme_id}/calls/{call_id}", response_model=ProgrammeOut)
def change_call(
    programme_id: PathId, call_id: PathId, body: CallFields, db: DB, actor: Writer, version: IfMatch
) -> ProgrammeOut:
    """Change a call; If-Match: the call's version."""
    with db.write() as session:
        programme_calls.update_call(
            session, actor, programme_id, call_id, body.model_dump(mode="json", exclude_unset=True),
            expected_version=version,
        )  # fmt: skip
    return _programme(db, actor, programme_id)


@router.delete(P + "/{programme_id}/calls/{call_id}", status_code=204)
def remove_call(programme_id: PathId, call_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Remove a call; If-Match: the call's version."""
    with db.write() as session:
        programme_calls.remove_call(session, actor, programme_id, call_id, expected_version=version)
    return Response(status_code=204)


@router.get(A, response_model=list[ApplicationOut])
def list_applications(
    session: ReadDB, actor: CurrentActor, city_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None
) -> list[ApplicationOut]:
    """The applications you may read (your cities', your network's), newest first, at most 200."""
    return [
        ApplicationOut.model_validate(a)
        for a in applications.list_applications(session, actor, city_id=city_id)
    ]


@router.post(A, response_model=ApplicationOut, status_code=201)
def create_application(body: ApplicationIn, db: DB, actor: Writer, response: Response) -> ApplicationOut:
    """Form an application (the lead city's editors, or a secretariat for its confirmed members)."""
    with db.write() as session:
        application_id = applications.create_application(session, actor, body.model_dump(mode="json")).id
    return _application(db, actor, application_id, response)


@router.get(A + "/{application_id}", response_model=ApplicationOut)
def application_detail(
    application_id: PathId, db: DB, actor: CurrentActor, response: Response
) -> ApplicationOut:
    return _application(db, actor, application_id, response)


@router.post(A + "/{application_id}/cities", response_model=ApplicationOut, status_code=201)
def add_city(application_id: PathId, body: ApplicationCityIn, db: DB, actor: Writer) -> ApplicationOut:
    """Add a partner city while the application is forming."""
    with db.write() as session:
        applications.add_city(session, actor, application_id, body.city_id, body.plan_measure_id)
    return _application(db, actor, application_id)


@router.delete(A + "/{application_id}/cities/{city_id}", status_code=204)
def remove_city(application_id: PathId, city_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Take a partner city off while the application is forming (If-Match: the application's version)."""
    with db.write() as session:
        applications.remove_city(session, actor, application_id, city_id, expected_version=version)
    return Response(status_code=204)


@router.post(A + "/{application_id}/status", response_model=ApplicationOut)
def set_status(
    application_id: PathId,
    body: StatusIn,
    db: DB,
    actor: Writer,
    version: OptionalIfMatch,
    response: Response,
) -> ApplicationOut:
    """submitted (checks the joint rule), awarded, rejected, withdrawn."""
    with db.write() as session:
        applications.set_status(session, actor, application_id, body.status, expected_version=version)
    return _application(db, actor, application_id, response)
