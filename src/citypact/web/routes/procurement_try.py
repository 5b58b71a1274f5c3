"""Try the evaluation methods: a template with typical inputs or an uploaded bid file, a method, a
CO2 price (a schedule or a constant price), a discount rate, the buyer's country and year; the
ranking per lot with where every tonne came from, and the sensitivity chart. Nothing is stored.

GET shows the form (and evaluates when asked through the query, templates only, so a result can be
bookmarked); POST takes an uploaded file too (with the form's CSRF token); the PDF is the same
evaluation as the report (reports.procurement_evaluation)."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from citypact.domain.access import Actor
from citypact.formats.bid_file import MAX_BYTES
from citypact.http.deps import CurrentActor, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n.catalog import translations
from citypact.i18n.labels import N_
from citypact.reference.factor_library import GWP_SETS
from citypact.reference.procurement_templates import SOURCES_FILE, TEMPLATES, template
from citypact.reports.procurement_evaluation import evaluation_document, evaluation_page
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.procurement.co2_prices import list_schedules
from citypact.services.procurement.try_method import METHODS, TryInputs, try_evaluation
from citypact.web.forms import FORM_CSRF, PageForm
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)

LABELS: Final = {
    "template": N_("Template with typical inputs"),
    "file": N_("Or your own bid file (CSV or XLSX)"),
    "method": N_("Evaluation method"),
    "schedule": N_("CO₂ price schedule"),
    "co2_price": N_("Or a constant CO₂ price per tonne"),
    "co2_discounting": N_("The constant price's tonnes are"),
    "discount_rate": N_("Discount rate (0.03 is 3 %)"),
    "country": N_("Buyer's country (ISO code)"),
    "year": N_("Year of the award"),
    "gwp": N_("GWP set"),
}
TEMPLATE_TITLES: Final = {
    "buses": N_("Electric vs diesel buses"),
    "street-lights": N_("LED vs sodium street lights"),
    "heating": N_("Heat pump vs gas boiler"),
    "electricity": N_("Renewable vs grid electricity"),
}
METHOD_TITLES: Final = {
    "price": N_("Lowest price"),
    "lcc": N_("Life-cycle cost"),
    "lcc-co2": N_("Life-cycle cost + CO₂ shadow price"),
    "ladder": N_("CO₂ Performance Ladder"),
    "meat": N_("Weighted scoring (cost 70, CO₂ 30)"),
}
DEFAULTS: Final = {
    "template": "buses",
    "method": "lcc-co2",
    "schedule": "shipped/uba-mk31-1pct/3.1",
    "co2_discounting": "like_costs",
    "discount_rate": "0.03",
    "country": "DE",
    "year": "2026",
    "gwp": "AR5",
}
Text = Annotated[str, Form(max_length=200)]
QText = Annotated[str, Query(max_length=200)]


# Fields an evaluation cannot leave empty: a link or client that omits them gets the defaults, and
# the form shows the values the evaluation used.
FILLED: Final = ("co2_discounting", "discount_rate", "country", "year", "gwp")


def _form(values: dict[str, str]) -> tuple[PageForm, TryInputs | None]:
    given = {k: v for k, v in values.items() if v is not None}
    given.update({k: DEFAULTS[k] for k in FILLED if not given.get(k, "").strip()})
    form = PageForm("try", LABELS, given)
    form.choice("template", [t.key for t in TEMPLATES])
    form.choice("method", METHODS)
    form.choice("co2_discounting", ["like_costs", "undiscounted"])
    form.choice("gwp", GWP_SETS)
    price = form.number("co2_price")
    rate = form.number("discount_rate")
    year = form.year("year")
    if not form.ok:
        return form, None
    inputs = TryInputs(
        method=form.text("method"),
        template=form.text("template"),
        schedule=form.text("schedule"),
        co2_price=price,
        co2_discounting=form.text("co2_discounting") or "like_costs",
        discount_rate=0.03 if rate is None else rate,
        country=form.text("country").upper(),
        year=year or 2026,
        gwp=form.text("gwp") or "AR5",
    )
    return form, inputs


def _page(
    request: Request,
    session: ReadDB,
    actor: Actor,
    values: dict[str, str],
    upload: tuple[bytes, str] | None,
    run: bool,
) -> HTMLResponse:
    lang = locale_of(request)
    _ = translations(lang).gettext
    form, inputs = _form(values)
    result = None
    if inputs is not None and run:
        try:
            result = evaluation_page(try_evaluation(session, actor, inputs, upload), lang)
        except InvalidInput as error:
            form.refuse(error)
        except NotFound as error:
            form.problem("schedule", str(error))
    return render(
        request,
        "procurement_try.html",
        status_code=form.status_code,
        form=form,
        e=result,
        templates=[(t.key, TEMPLATE_TITLES[t.key]) for t in TEMPLATES],
        templates_options=[
            ("", _("none: use the file")),
            *((t.key, _(TEMPLATE_TITLES[t.key])) for t in TEMPLATES),
        ],
        methods_options=[(m, _(METHOD_TITLES[m])) for m in METHODS],
        schedule_options=[
            ("", _("none: use the constant price")),
            *(
                (v.ref, f"{v.schedule.name} · {v.owner_name} · {_('version')} {v.schedule.version}")
                for v in list_schedules(session, actor)
            ),
        ],
        discounting_options=[("like_costs", _("discounted like costs")), ("undiscounted", _("undiscounted"))],
        gwp_options=[(g, g) for g in GWP_SETS],
    )


@router.get("/procurement/try", response_class=HTMLResponse)
def try_page(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    template: QText = "",
    method: QText = "",
    schedule: QText = "",
    co2_price: QText = "",
    co2_discounting: QText = "",
    discount_rate: QText = "",
    country: QText = "",
    year: QText = "",
    gwp: QText = "",
) -> HTMLResponse:
    """The form; with `method` in the query it evaluates the chosen template at once."""
    given = {
        "template": template,
        "method": method,
        "schedule": schedule,
        "co2_price": co2_price,
        "co2_discounting": co2_discounting,
        "discount_rate": discount_rate,
        "country": country,
        "year": year,
        "gwp": gwp,
    }
    run = bool(method)
    values = given if run else dict(DEFAULTS)
    return _page(request, session, actor, values, None, run)


def _upload(file: UploadFile | None) -> tuple[bytes, str] | None:
    """The uploaded bytes, read to one byte past the bound (the service refuses more)."""
    if file is None or not file.filename:
        return None
    return file.file.read(MAX_BYTES + 1), file.filename


def _posted(
    template: str, method: str, schedule: str, co2_price: str, co2_discounting: str, discount_rate: str,
    country: str, year: str, gwp: str,
) -> dict[str, str]:  # fmt: skip
    return {
        "template": template,
        "method": method,
        "schedule": schedule,
        "co2_price": co2_price,
        "co2_discounting": co2_discounting,
        "discount_rate": discount_rate,
        "country": country,
        "year": year,
        "gwp": gwp,
    }


@router.post("/procurement/try", response_class=HTMLResponse, dependencies=[FORM_CSRF])
def try_post(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    file: Annotated[UploadFile | None, File()] = None,
    template: Text = "",
    method: Text = "",
    schedule: Text = "",
    co2_price: Text = "",
    co2_discounting: Text = "",
    discount_rate: Text = "",
    country: Text = "",
    year: Text = "",
    gwp: Text = "",
) -> HTMLResponse:
    """The evaluation of the uploaded file (or, without one, of the chosen template)."""
    upload = _upload(file)
    values = _posted(
        template, method, schedule, co2_price, co2_discounting, discount_rate, country, year, gwp
    )
    return _page(request, session, actor, values, upload, True)


@router.post("/procurement/try.pdf", response_model=None, dependencies=[FORM_CSRF])
def try_pdf(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    file: Annotated[UploadFile | None, File()] = None,
    template: Text = "",
    method: Text = "",
    schedule: Text = "",
    co2_price: Text = "",
    co2_discounting: Text = "",
    discount_rate: Text = "",
    country: Text = "",
    year: Text = "",
    gwp: Text = "",
) -> Response:
    """The same evaluation as the evaluation report's PDF; with problems, the page with the form."""
    upload = _upload(file)
    values = _posted(
        template, method, schedule, co2_price, co2_discounting, discount_rate, country, year, gwp
    )
    lang = locale_of(request)
    form, inputs = _form(values)
    if inputs is not None:
        try:
            result = try_evaluation(session, actor, inputs, upload)
        except (InvalidInput, NotFound):
            return _page(request, session, actor, values, upload, True)
        document = evaluation_document(result, lang, nonce=csp_nonce(request))
        return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))
    return _page(request, session, actor, values, upload, True)


@router.get("/procurement/templates/{key}.csv", response_model=None)
def template_file(key: Annotated[str, Path(max_length=40)]) -> Response:
    """A template bid file, to open, change and upload."""
    found = template(key)
    if found is None:
        raise NotFound("template", key)
    return Response(found.path.read_bytes(), media_type="text/csv", headers=attachment(found.file))


@router.get("/procurement/templates/sources.txt", response_class=PlainTextResponse)
def template_sources() -> PlainTextResponse:
    """Where the templates' typical inputs come from, and which figures are assumptions."""
    return PlainTextResponse(SOURCES_FILE.read_text(encoding="utf-8"))
