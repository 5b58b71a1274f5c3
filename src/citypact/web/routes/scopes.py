"""Pages of the national scopes of action: /scopes (the profiles side by side with their sources) and
/scopes/{country} (one country's cells, notes and sources). Public reference data (services/scopes).

Platform administrators maintain them here (services/scopes/admin.py): a new country's profile
(/scopes/new) or its new name (/scopes/{country}/rename), a source added (/scopes/sources/new), changed
(/scopes/sources/{code}/edit) or removed after a confirmation page (.../remove), a statement added
(/scopes/{country}/statements/new), changed (.../{id}/edit) or removed after a confirmation page
(.../{id}/remove)."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.measures import FIELDS, INSTRUMENTS
from citypact.domain.scopes import ANY, SAYS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.i18n.scopes_labels import (
    ANY_LABEL,
    PROFILE_LABELS,
    SAY_HELP,
    SAY_LABELS,
    SOURCE_LABELS,
    STATEMENT_LABELS,
)
from citypact.services import scopes
from citypact.services.scopes import admin, sources
from citypact.web.forms import (
    FormVersion,
    FormWriter,
    PageForm,
    done_url,
    see_other_done,
    typed,
    write_or_show,
)
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Country = Annotated[str, Path(min_length=2, max_length=2)]
Short = Annotated[str, Form(max_length=60)]
Text = Annotated[str, Form(max_length=300)]
Url = Annotated[str, Form(max_length=500)]
Note = Annotated[str, Form(max_length=400)]
STATEMENT_FORM: Final = "statement"


def _words() -> dict[str, Any]:
    return {
        "fields": FIELDS, "instruments": INSTRUMENTS, "say_labels": SAY_LABELS, "say_help": SAY_HELP,
        "says": tuple(SAYS), "any": ANY, "any_label": ANY_LABEL,
    }  # fmt: skip


@router.get("/scopes", response_class=HTMLResponse)
def all_scopes(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    found = scopes.all_scopes(session)
    views = [scopes.country_scope(session, c) for c in found.profiles]
    versions = sources.source_versions(session) if actor.is_admin else {}
    return render(
        request, "scopes.html", shipped=found, views=views, maintain=actor.is_admin, versions=versions,
        **_words(),
    )  # fmt: skip


# --- a new country's profile and a new source (before /scopes/{country}) ------------------------


def _profile_page(request: Request, form: PageForm) -> HTMLResponse:
    return render(request, "scopes/profile_form.html", status_code=form.status_code, form=form)


@router.get("/scopes/new", response_class=HTMLResponse)
def new_profile_form(request: Request, actor: CurrentActor) -> HTMLResponse:
    admin.authorize(actor)
    return _profile_page(request, PageForm("profile", PROFILE_LABELS))


@router.post("/scopes/new", response_model=None)
def add_profile(
    request: Request,
    db: DB,
    actor: FormWriter,
    country: Annotated[str, Form(max_length=10)] = "",
    name: Text = "",
) -> Response:
    form = PageForm("profile", PROFILE_LABELS, typed(country=country, name=name))

    def write(session: Session) -> str:
        code = admin.add_profile(session, actor, country, name).country
        return done_url(f"/scopes/{code}", "scope_profile_added")

    return write_or_show(form, db, write, lambda _: _profile_page(request, form))


def _source_page(request: Request, form: PageForm, src: sources.SourceView | None = None) -> HTMLResponse:
    return render(request, "scopes/source_form.html", status_code=form.status_code, form=form, src=src)


@router.get("/scopes/sources/new", response_class=HTMLResponse)
def new_source_form(request: Request, actor: CurrentActor) -> HTMLResponse:
    admin.authorize(actor)
    return _source_page(request, PageForm("source", SOURCE_LABELS))


@router.post("/scopes/sources/new", response_model=None)
def add_source(
    request: Request, db: DB, actor: FormWriter, code: Short = "", title: Text = "", url: Url = "",
    publisher: Text = "",
) -> Response:  # fmt: skip
    form = PageForm("source", SOURCE_LABELS, typed(code=code, title=title, url=url, publisher=publisher))

    def write(session: Session) -> str:
        added = sources.add_source(session, actor, form.values).code
        return done_url(f"/scopes#source-{added}", "scope_source_added")

    return write_or_show(form, db, write, lambda _: _source_page(request, form))


SourceCode = Annotated[str, Path(min_length=1, max_length=60)]


def _source_form(found: sources.SourceView) -> PageForm:
    return PageForm(
        "source", SOURCE_LABELS,
        typed(code=found.code, title=found.title, url=found.url, publisher=found.publisher),
    )  # fmt: skip


@router.get("/scopes/sources/{code}/edit", response_class=HTMLResponse)
def edit_source_form(
    request: Request, code: SourceCode, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    found = sources.source_of(session, actor, code)
    return _source_page(request, _source_form(found), found)


@router.post("/scopes/sources/{code}/edit", response_model=None)
def edit_source(
    request: Request, code: SourceCode, db: DB, actor: FormWriter, title: Text = "", url: Url = "",
    publisher: Text = "", version: FormVersion = None,
) -> Response:  # fmt: skip
    form = PageForm("source", SOURCE_LABELS, typed(code=code, title=title, url=url, publisher=publisher))

    def write(session: Session) -> str:
        changed = sources.update_source(
            session, actor, code, {"title": title, "url": url, "publisher": publisher},
            expected_version=version,
        ).code  # fmt: skip
        return done_url(f"/scopes#source-{changed}", "scope_source_changed")

    def page(session: Session) -> HTMLResponse:
        return _source_page(request, form, sources.source_of(session, actor, code))

    return write_or_show(form, db, write, page)


@router.get("/scopes/sources/{code}/remove", response_class=HTMLResponse)
def confirm_remove_source(
    request: Request, code: SourceCode, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    found = sources.source_of(session, actor, code)
    return render(
        request, "scopes/source_remove.html", src=found, refused=sources.removal_refused(found),
        labels=SOURCE_LABELS,
    )  # fmt: skip


@router.post("/scopes/sources/{code}/remove", response_model=None)
def remove_source(code: SourceCode, db: DB, actor: FormWriter, version: FormVersion = None) -> Response:
    with db.write() as session:
        sources.remove_source(session, actor, code, expected_version=version)
    return see_other_done("/scopes#sources", "scope_source_removed")


# --- one country ---------------------------------------------------------------------------------


@router.get("/scopes/{country}", response_class=HTMLResponse)
def one_scope(request: Request, country: Country, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = scopes.country_scope(session, country)
    listed = admin.list_statements(session, country) if actor.is_admin else []
    return render(
        request, "scope.html", view=view, shipped=scopes.all_scopes(session), maintain=actor.is_admin,
        statements=listed, **_words(),
    )  # fmt: skip


def _rename_page(request: Request, session: Session, country: str, form: PageForm) -> HTMLResponse:
    view = scopes.country_scope(session, country)
    return render(
        request, "scopes/profile_form.html", status_code=form.status_code, form=form, view=view,
        profile_version=admin.profile_version(session, country),
    )  # fmt: skip


@router.get("/scopes/{country}/rename", response_class=HTMLResponse)
def rename_profile_form(
    request: Request, country: Country, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    admin.authorize(actor)
    name = scopes.country_scope(session, country).profile.name
    return _rename_page(request, session, country, PageForm("profile", PROFILE_LABELS, typed(name=name)))


@router.post("/scopes/{country}/rename", response_model=None)
def rename_profile(
    request: Request,
    country: Country,
    db: DB,
    actor: FormWriter,
    name: Text = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("profile", PROFILE_LABELS, typed(name=name))

    def write(session: Session) -> str:
        code = admin.rename_profile(session, actor, country, name, expected_version=version).country
        return done_url(f"/scopes/{code}", "scope_profile_renamed")

    def page(session: Session) -> HTMLResponse:
        admin.authorize(actor)
        return _rename_page(request, session, country, form)

    return write_or_show(form, db, write, page)


def _statement_page(
    request: Request, session: Session, country: str, form: PageForm, statement: admin.StatementView | None
) -> HTMLResponse:
    return render(
        request, "scopes/statement_form.html", status_code=form.status_code, form=form,
        view=scopes.country_scope(session, country), st=statement,
        source_codes=tuple(scopes.all_scopes(session).sources), **_words(),
    )  # fmt: skip


@router.get("/scopes/{country}/statements/new", response_class=HTMLResponse)
def new_statement_form(
    request: Request, country: Country, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    admin.authorize(actor)
    form = PageForm(STATEMENT_FORM, STATEMENT_LABELS, {"field": ANY, "instrument": ANY, "say": "shares"})
    return _statement_page(request, session, country, form, None)


@router.post("/scopes/{country}/statements/new", response_model=None)
def add_statement(
    request: Request, country: Country, db: DB, actor: FormWriter, field: Short = "", instrument: Short = "",
    say: Short = "", source: Short = "", note: Note = "",
) -> Response:  # fmt: skip
    form = PageForm(
        STATEMENT_FORM, STATEMENT_LABELS,
        typed(field=field, instrument=instrument, say=say, source=source, note=note),
    )  # fmt: skip

    def write(session: Session) -> str:
        admin.add_statement(session, actor, country, form.values)
        return done_url(f"/scopes/{country.upper()}#statements", "scope_statement_saved")

    return write_or_show(
        form, db, write, lambda session: _statement_page(request, session, country, form, None)
    )


@router.get("/scopes/{country}/statements/{statement_id}/edit", response_class=HTMLResponse)
def edit_statement_form(
    request: Request, country: Country, statement_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    admin.statement_of(session, actor, country, statement_id)
    st = admin.read_statement(session, country, statement_id)
    form = PageForm(
        STATEMENT_FORM, STATEMENT_LABELS,
        typed(field=st.field, instrument=st.instrument, say=st.say, source=st.source, note=st.note),
    )  # fmt: skip
    return _statement_page(request, session, country, form, st)


@router.post("/scopes/{country}/statements/{statement_id}/edit", response_model=None)
def edit_statement(
    request: Request, country: Country, statement_id: PathId, db: DB, actor: FormWriter, say: Short = "",
    source: Short = "", note: Note = "", version: FormVersion = None,
) -> Response:  # fmt: skip
    form = PageForm(STATEMENT_FORM, STATEMENT_LABELS, typed(say=say, source=source, note=note))

    def write(session: Session) -> str:
        admin.update_statement(
            session, actor, country, statement_id, {"say": say, "source": source, "note": note},
            expected_version=version,
        )  # fmt: skip
        return done_url(f"/scopes/{country.upper()}#statements", "scope_statement_saved")

    def page(session: Session) -> HTMLResponse:
        admin.statement_of(session, actor, country, statement_id)
        st = admin.read_statement(session, country, statement_id)
        form.values.update(typed(field=st.field, instrument=st.instrument))
        return _statement_page(request, session, country, form, st)

    return write_or_show(form, db, write, page)


@router.get("/scopes/{country}/statements/{statement_id}/remove", response_class=HTMLResponse)
def confirm_remove_statement(
    request: Request, country: Country, statement_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    admin.statement_of(session, actor, country, statement_id)
    st = admin.read_statement(session, country, statement_id)
    return render(
        request, "confirm_delete.html", actor=actor, heading=N_("Remove this statement?"),
        facts=[(N_("Country"), st.country), (N_("Field"), st.field), (N_("Instrument"), st.instrument),
               (N_("The municipality"), st.say), (N_("Source"), st.source)],
        consequence=N_(
            "Its cells fall back to a less specific statement of the country, or to 'not stated'; "
            "the catalogue and the benchmark use that from now on."
        ),
        action=f"/scopes/{st.country}/statements/{statement_id}/remove",
        cancel=f"/scopes/{st.country}#statements",
        confirm=N_("Remove the statement"), record_version=st.version,
    )  # fmt: skip


@router.post("/scopes/{country}/statements/{statement_id}/remove", response_model=None)
def remove_statement(
    country: Country, statement_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        admin.remove_statement(session, actor, country, statement_id, expected_version=version)
    return see_other_done(f"/scopes/{country.upper()}#statements", "scope_statement_removed")
